// npm run retention:run: one data-retention run (docs/decisions/017-data-retention.md), for cron or to run it
// now. A running server does the same every hour in its own process (server/retention-schedule.mjs). On SQLite
// only one process may write through Prisma (prisma/orm#29933), so while a server is using the same database
// file this command leaves the work to it. Prints counts only, never anything about a tip.
import { servingProcess } from "../server/retention-schedule.mjs";
import { databaseUrl } from "~/server/database-url.server.mjs";
import { ConfigurationError } from "~/server/env.server";
import { getDb } from "~/server/db.server";
import { describeRetentionRun, runScheduledRetention } from "~/server/retention.server";

try {
  const server = servingProcess(databaseUrl());
  if (server !== null) {
    console.log(
      `Retention run skipped: the server (process ${server}) uses this SQLite database and runs retention itself every hour.`,
    );
  } else {
    console.log(describeRetentionRun(await runScheduledRetention()));
    await (await getDb()).$disconnect();
  }
} catch (error) {
  console.error(
    error instanceof ConfigurationError
      ? error.message
      : `Retention run failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
