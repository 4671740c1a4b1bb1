import { coarsenReporterTime } from "~/domain/reporter-time";
import { pakistanDate, pakistanDateTime, type Language } from "~/i18n/languages";
import { getEnv } from "./env.server";

/**
 * The time to store for something a reporter did (a tip, a reply, a visit): `now` rounded down to
 * REPORTER_TIME_STEP_MINUTES, so a stored time cannot be matched to a connection log (docs/decisions/016).
 */
export function storedReporterTime(now: Date = new Date()): Date {
  return coarsenReporterTime(now, getEnv().REPORTER_TIME_STEP_MINUTES);
}

/** Events whose time is a reporter's, stored rounded (storedReporterTime). */
const reporterEventKinds = new Set(["received", "reporter_message"]);

/**
 * How pages show times: staff actions exactly; what a reporter did at its stored, rounded time, which with a step
 * of a day or more has no meaningful time of day (it would read "05:00", Pakistan's time of midnight UTC), so then
 * only the date.
 */
export function timeFormats(language: Language, stepMinutes: number = getEnv().REPORTER_TIME_STEP_MINUTES) {
  const exact = pakistanDateTime(language);
  const reporter = stepMinutes >= 24 * 60 ? pakistanDate(language) : exact;
  return {
    exact,
    reporter,
    /** A message's time by who wrote it. */
    message: (message: { author: string; at: Date }) =>
      (message.author === "reporter" ? reporter : exact).format(message.at),
    /** A case event's time by what it records. */
    event: (kind: string, at: Date) => (reporterEventKinds.has(kind) ? reporter : exact).format(at),
  };
}
