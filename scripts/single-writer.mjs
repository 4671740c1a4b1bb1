// @ts-check
// On SQLite only one process may write through Prisma (prisma/orm#29933: one SQLITE_BUSY at COMMIT can lose later
// acknowledged writes), so a command that writes refuses while a live server uses the same database file; the
// server marks the file it serves (server/retention-schedule.mjs). On PostgreSQL any number of processes may write.
import { databaseUrl } from "../app/server/database-url.server.mjs";
import { servingProcess } from "../server/retention-schedule.mjs";

/** @param {string} command what the person typed, for the message */
export function exitWhileServerWrites(command) {
  const pid = servingProcess(databaseUrl());
  if (pid === null) return;
  console.error(
    `${command}: the server (process ${pid}) is using this SQLite database, and on SQLite only one process may write to it. ` +
      "Stop the server, run this again, then start the server.",
  );
  process.exit(1);
}
