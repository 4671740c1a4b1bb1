import { retentionPolicyFrom, type RetentionPolicy } from "~/domain/retention";
import { getEnv } from "./env.server";

let cached: RetentionPolicy | undefined;

/** The retention policy: RETENTION_CONFIG and REPORTER_ACCESS_IDLE_DAYS over the defaults in app/domain/retention.ts. */
export function getRetentionPolicy(): RetentionPolicy {
  const env = getEnv();
  cached ??= retentionPolicyFrom(env.RETENTION_CONFIG, env.REPORTER_ACCESS_IDLE_DAYS);
  return cached;
}
