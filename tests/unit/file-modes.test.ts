// The data folder is for the server's user alone (docs/decisions/015): a fresh database's folder is 0700 and the
// database, its -wal and -shm, and the demo keys file are 0600, whatever the umask of the shell that started it;
// an existing folder and files this user owns are tightened at start.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDatabase } from "~/server/db.server";

const root = path.resolve(__dirname, "../..");
const base = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-modes-"));
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
let umask = 0;

beforeAll(() => {
  // The usual shell umask, so that only the code under test can make the files private.
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
});

/** What `npm start` runs before the server: migrations, the directory, demo data and demo keys. */
function prepare(folder: string) {
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    AAGAHI_DEMO: "1",
    DATABASE_URL: `file:${path.join(folder, "aagahi.db")}`,
    SECRETS_FILE: path.join(folder, "secrets.json"),
  } as NodeJS.ProcessEnv;
  execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env, stdio: "pipe" });
}

test("a fresh database's folder is 0700 and its files, the WAL included, and the demo keys are 0600", async () => {
  const folder = path.join(base, "fresh", "data");
  prepare(folder);
  expect(modeOf(folder)).toBe(0o700);
  expect(modeOf(path.join(folder, "aagahi.db"))).toBe(0o600);
  expect(modeOf(path.join(folder, "secrets.json"))).toBe(0o600);

  // The app's own connection: a write makes SQLite create the -wal and -shm files.
  const { db, ready } = createDatabase(`file:${path.join(folder, "aagahi.db")}`);
  await ready;
  await db.$executeRawUnsafe("CREATE TABLE mode_probe (x INTEGER)");
  for (const companion of ["aagahi.db-wal", "aagahi.db-shm"]) {
    expect(fs.existsSync(path.join(folder, companion)), companion).toBe(true);
    expect(modeOf(path.join(folder, companion)), companion).toBe(0o600);
  }
  await db.$disconnect();
  // Nothing else in the folder is readable by others either.
  for (const entry of fs.readdirSync(folder)) expect(modeOf(path.join(folder, entry)) & 0o077, entry).toBe(0);
});

test("an existing folder and database left readable by others are tightened at the next start", async () => {
  const folder = path.join(base, "loose");
  prepare(folder);
  fs.chmodSync(folder, 0o755);
  for (const entry of fs.readdirSync(folder)) fs.chmodSync(path.join(folder, entry), 0o644);

  const { db, ready } = createDatabase(`file:${path.join(folder, "aagahi.db")}`);
  await ready;
  await db.$disconnect();
  expect(modeOf(folder)).toBe(0o700);
  expect(modeOf(path.join(folder, "aagahi.db"))).toBe(0o600);

  prepare(folder);
  expect(modeOf(path.join(folder, "secrets.json"))).toBe(0o600);
});
