// A fresh database (and demo secrets file) for one test file, migrated with the project's own migration
// script. Import this first in any test file that touches the database. Under vitest.postgres.config.ts it is
// a new PostgreSQL database on the run's server; otherwise a new SQLite file.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { databaseOnServer } from "./postgres-server.mjs";

const root = path.resolve(__dirname, "../..");
export const testDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-test-"));
/** The SQLite file (only on SQLite: suites that open it directly are listed in vitest.postgres.config.ts). */
export const testDatabaseFile = path.join(testDataDir, "test.db");

const postgres = inject("postgres");
export const testEngine = postgres ? "postgresql" : "sqlite";

/**
 * `test.skipIf(sqliteOnly("why"))`: a test of something only the SQLite run can check (the file's bytes, its
 * PRAGMAs, fake-timer timings that network I/O to PostgreSQL outlasts). Skipped, with its reason, on PostgreSQL;
 * vitest.postgres.config.ts lists the files that hold such tests.
 */
export function sqliteOnly(reason: string): boolean {
  if (!reason) throw new Error("sqliteOnly needs the reason");
  return testEngine === "postgresql";
}

process.env.DATABASE_URL = postgres
  ? databaseOnServer(postgres.serverUrl, `${postgres.databasePrefix}${crypto.randomBytes(6).toString("hex")}`)
  : `file:${testDatabaseFile}`;
process.env.SECRETS_FILE = path.join(testDataDir, "secrets.json");
delete process.env.TIP_ENCRYPTION_KEYS;
delete process.env.RECEIPT_KEY;

// On PostgreSQL this creates the database too.
execFileSync(process.execPath, ["scripts/prisma-migrate.mjs", "deploy"], { cwd: root, stdio: "pipe" });
