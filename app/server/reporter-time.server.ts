import { coarsenReporterTime } from "~/domain/reporter-time";
import { getEnv } from "./env.server";

/**
 * The time to store for something a reporter did (a tip, a reply, a visit): `now` rounded down to
 * REPORTER_TIME_STEP_MINUTES, so a stored time cannot be matched to a connection log (docs/decisions/016).
 */
export function storedReporterTime(now: Date = new Date()): Date {
  return coarsenReporterTime(now, getEnv().REPORTER_TIME_STEP_MINUTES);
}
