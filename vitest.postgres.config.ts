import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// The database-touching unit suites again, on PostgreSQL: every tests/unit file that imports
// tests/setup/database.ts, each with a fresh database on one server per run (tests/setup/postgres-global.ts).
// A suite that cannot run on PostgreSQL yet is listed here with the reason, never silently dropped.
export const notYetOnPostgres: Record<string, string> = {
  "tests/unit/backup.test.ts": "db:backup and db:restore are SQLite-only (VACUUM INTO, integrity_check): PostgreSQL backups are a later step of issue 12",
  "tests/unit/fuzz-api.test.ts": "the fuzz harness counts rows by opening the SQLite file read-only (tests/unit/fuzz-harness.ts rowCounter)",
  "tests/unit/fuzz-forms.test.ts": "the fuzz harness counts rows by opening the SQLite file read-only (tests/unit/fuzz-harness.ts rowCounter)",
  "tests/unit/fuzz-staff.test.ts": "the fuzz harness counts rows by opening the SQLite file read-only (tests/unit/fuzz-harness.ts rowCounter)",
  "tests/unit/linked-tips.test.ts": "proves identifiers are hashed by searching the SQLite file's bytes; PostgreSQL needs its own proof",
  "tests/unit/retention.test.ts": "proves deletion by searching the SQLite file's bytes before and after; PostgreSQL needs its own proof",
  "tests/unit/reporter-times.test.ts": "reads raw time columns with SQLite SQL (times stored as text); PostgreSQL stores timestamp(3)",
  "tests/unit/tip-intake.test.ts": "checks the SQLite PRAGMAs and the file's bytes, and times receipt guessing with fake timers, which real network I/O to PostgreSQL outlasts (createTip itself: tests/unit/database-engine.test.ts)",
  "tests/unit/receipt-guessing.test.ts": "times the follow-up page with fake timers, which real network I/O to PostgreSQL outlasts",
};

const unitDir = path.join(__dirname, "tests/unit");
export const postgresSuites = fs
  .readdirSync(unitDir)
  .filter((file) => file.endsWith(".test.ts"))
  .map((file) => `tests/unit/${file}`)
  .filter((file) => /"\.\.\/setup\/database"/.test(fs.readFileSync(path.join(__dirname, file), "utf8")))
  .filter((file) => !(file in notYetOnPostgres))
  .sort();

// Spread, not mergeConfig: merging would add these files to the SQLite run's include list instead of replacing it.
export default defineConfig({
  ...base,
  test: { ...base.test, include: postgresSuites, globalSetup: ["tests/setup/postgres-global.ts"] },
});
