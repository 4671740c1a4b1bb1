import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// The database-touching unit suites again, on PostgreSQL: every tests/unit file that imports
// tests/setup/database.ts, each with a fresh database on one server per run (tests/setup/postgres-global.ts).
// A suite that cannot run on PostgreSQL yet is listed here with the reason, never silently dropped.
export const notYetOnPostgres: Record<string, string> = {};

// Suites that run here with some tests skipped by `sqliteOnly(reason)` (tests/setup/database.ts), and why.
export const partlyOnPostgres: Record<string, string> = {
  "tests/unit/tip-intake.test.ts": "SQLite PRAGMAs and file bytes; receipt-guessing timings measured with fake timers",
  "tests/unit/reporter-times.test.ts": "raw time columns read with SQLite SQL (PostgreSQL stores timestamp(3))",
  "tests/unit/linked-tips.test.ts": "the proof that identifiers are hashed searches the SQLite file's bytes",
  "tests/unit/retention.test.ts": "the proof of deletion searches the SQLite file's bytes",
  "tests/unit/reporter-links.test.ts":
    "the proof that no receipt is stored also searches the SQLite file's bytes (every row is searched on both)",
  "tests/unit/sqlite-turns.test.ts":
    "the outer client waiting for its own transaction's turn exists only on SQLite's one connection",
  "tests/unit/sms-webhook.test.ts": "the canary also searches the SQLite file's bytes (every row is searched on both)",
  "tests/unit/evidence-intake.test.ts":
    "the proof that neither the metadata nor the picture is at rest searches the SQLite file's bytes",
  "tests/unit/backup.test.ts":
    "the live SQLite file's bytes; VACUUM INTO and WAL files (PostgreSQL has its own backup tests in the file)",
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
