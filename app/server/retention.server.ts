import { retentionPolicyFrom, type RetentionPolicy } from "~/domain/retention";
import { runRetention, type RetentionRunReport } from "~/models/retention.server";
import { getEnv } from "./env.server";

let cached: RetentionPolicy | undefined;

/** The retention policy: RETENTION_CONFIG and REPORTER_ACCESS_IDLE_DAYS over the defaults in app/domain/retention.ts. */
export function getRetentionPolicy(): RetentionPolicy {
  const env = getEnv();
  cached ??= retentionPolicyFrom(env.RETENTION_CONFIG, env.REPORTER_ACCESS_IDLE_DAYS);
  return cached;
}

/** One run on this process's connection: the server's hourly schedule and `npm run retention:run` both call it. */
export async function runScheduledRetention(now = new Date()): Promise<RetentionRunReport> {
  return runRetention({ now, policy: getRetentionPolicy() });
}

/** What a run did, in one line of counts (never anything about a tip). */
export function describeRetentionRun(report: RetentionRunReport): string {
  if (!report.ran) return "Retention run skipped: another run holds the lease.";
  return (
    `Retention run: deleted ${report.tipsDeleted} tips' content; ended ${report.reporterAccessEnded} idle receipts; ` +
    `removed ${report.staffSessionsRemoved} expired staff sessions; ` +
    (report.checkpointed ? "database files purged." : "the WAL was busy, so old pages stay until the next run.")
  );
}
