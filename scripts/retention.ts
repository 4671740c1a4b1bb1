// npm run retention:run: one data-retention run (docs/decisions/017-data-retention.md). The server runs the same
// thing every hour (server/retention-schedule.mjs); this command is for cron, or to run it now. Safe alongside
// the server and other runs: a lease in the database lets one run work at a time, and the others report
// "skipped". Prints counts only, never anything about a tip.
import { ConfigurationError } from "~/utils/env.server";
import { runRetention } from "~/models/retention.server";
import { getDb } from "~/utils/db.server";
import { getRetentionPolicy } from "~/utils/retention.server";

try {
  const policy = getRetentionPolicy();
  const db = await getDb();
  const report = await runRetention(db, { now: new Date(), policy });
  console.log(
    report.ran
      ? `Retention run: deleted ${report.tipsDeleted} tips' content; ended ${report.reporterAccessEnded} idle receipts; ` +
          (report.checkpointed ? "database files purged." : "the WAL was busy, so old pages stay until the next run.")
      : "Retention run skipped: another run holds the lease.",
  );
  await db.$disconnect();
} catch (error) {
  console.error(error instanceof ConfigurationError ? error.message : `Retention run failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
