// A fresh SQLite database (and demo secrets file) for one test file, migrated with the project's own
// migration script. Import this first in any test file that touches the database.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
export const testDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-test-"));
export const testDatabaseFile = path.join(testDataDir, "test.db");

process.env.DATABASE_URL = `file:${testDatabaseFile}`;
process.env.SECRETS_FILE = path.join(testDataDir, "secrets.json");
delete process.env.TIP_ENCRYPTION_KEYS;
delete process.env.RECEIPT_KEY;

execFileSync(process.execPath, ["scripts/prisma-migrate.mjs", "deploy"], { cwd: root, stdio: "pipe" });
