// Demo mode must not leak into a real deployment (docs/decisions/015): the real server process, started
// against a temporary database, refuses outside a demo while a demo account exists or while any account has the
// published demo password; a clean database starts; a demo start says loudly that it is a demo.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { createStaffUser } from "~/models/staff-user.server";
import { createDatabase } from "~/utils/db.server";
import { demoPassword } from "~/utils/demo-accounts.server";

const root = path.resolve(__dirname, "../..");
const randomKey = () => crypto.randomBytes(32).toString("base64");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A fresh, migrated database in its own folder, and a production environment with real keys for it. */
function freshInstallation() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-startup-"));
  const databaseFile = path.join(dir, "aagahi.db");
  const env: NodeJS.ProcessEnv = {
    // PATH only: nothing from this shell (a stray AAGAHI_DEMO) may change the verdict.
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "1",
    LOG_REQUESTS: "0",
    DATABASE_URL: `file:${databaseFile}`,
    SECRETS_FILE: path.join(dir, "secrets.json"),
    TIP_ENCRYPTION_KEYS: `k1:${randomKey()}`,
    RECEIPT_KEY: randomKey(),
  };
  // What a real deployment runs before its first start: migrations and the directory, no demo data.
  execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env, stdio: "pipe" });
  return { dir, databaseFile, env };
}

async function addStaff(databaseFile: string, email: string, password: string) {
  const { db, ready } = createDatabase(`file:${databaseFile}`);
  await ready;
  await createStaffUser(db, { email, name: "Officer", password, role: "agent", agencyCode: "police-sindh" });
  await db.$disconnect();
}

/** A start that must be refused: it exits by itself, before listening. */
function refusedStart(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ["server/index.mjs"], { cwd: root, env, encoding: "utf8", timeout: 60_000 });
}

/** A start that must succeed: resolves with its output once it listens and answers, then stops it. */
async function successfulStart(env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const child = spawn(process.execPath, ["server/index.mjs"], { cwd: root, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    await Promise.race([
      new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (stdout.includes("listening")) {
            clearInterval(poll);
            resolve();
          }
        }, 50);
      }),
      exited.then((code) => {
        throw new Error(`server exited (${code}) before listening:\n${stdout}\n${stderr}`);
      }),
    ]);
    const status = (await fetch(`http://127.0.0.1:${port}/en`)).status;
    return { stdout, stderr, status };
  } finally {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  }
}

test("a production start refuses a database with the demo accounts, naming them and the fix", async () => {
  const { env } = freshInstallation();
  // The demo's own preparation adds sample tips and the demo accounts.
  execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env: { ...env, AAGAHI_DEMO: "1", TIP_ENCRYPTION_KEYS: "", RECEIPT_KEY: "" }, stdio: "pipe" });
  const result = refusedStart(env);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("Demo accounts (published password): admin@aagahi.demo, coordinator@aagahi.demo");
  expect(result.stderr).toContain("npm run staff:remove-demo");
  expect(result.stderr).toContain("Aagahi did not start.");
  expect(result.stdout).not.toContain("listening");

  // The documented fix removes them, and the same database then starts.
  const removed = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/remove-demo-accounts.ts"], { cwd: root, env, encoding: "utf8" });
  expect(removed).toContain("Removed demo account admin@aagahi.demo.");
  expect((await successfulStart(env)).status).toBe(200);
});

test("a production start refuses an ordinary account whose password is the published demo password", async () => {
  const { databaseFile, env } = freshInstallation();
  await addStaff(databaseFile, "officer@police.gov.pk", "a-private-passphrase-1");
  await addStaff(databaseFile, "careless@police.gov.pk", demoPassword);
  const result = refusedStart(env);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("Accounts with the published demo password: careless@police.gov.pk.");
  expect(result.stderr).not.toContain("officer@police.gov.pk");
  expect(result.stdout).not.toContain("listening");

  // The fix command gives that account a new password (printed once); then the server starts.
  const fixed = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/remove-demo-accounts.ts"], { cwd: root, env, encoding: "utf8" });
  expect(fixed).toMatch(/New password for careless@police\.gov\.pk .*: \S{20,}/);
  const started = await successfulStart(env);
  expect(started.status).toBe(200);
});

test("a clean production database starts, without the demo banner", async () => {
  const { databaseFile, env } = freshInstallation();
  await addStaff(databaseFile, "officer@police.gov.pk", "a-private-passphrase-1");
  const started = await successfulStart(env);
  expect(started.status).toBe(200);
  expect(started.stdout + started.stderr).not.toContain("DEMO:");
  // The checked hash is remembered (a digest, never the hash), so the next start skips the slow hash.
  const checked = JSON.parse(fs.readFileSync(`${databaseFile}.demo-checked.json`, "utf8")) as string[];
  expect(checked).toHaveLength(1);
  expect(checked[0]).toMatch(/^[0-9a-f]{64}$/);
});

test("a demo start prints the demo banner", async () => {
  const { env } = freshInstallation();
  const demoEnv = { ...env, AAGAHI_DEMO: "1", TIP_ENCRYPTION_KEYS: "", RECEIPT_KEY: "" };
  execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env: demoEnv, stdio: "pipe" });
  const started = await successfulStart(demoEnv);
  expect(started.status).toBe(200);
  expect(started.stderr).toContain("DEMO: published passwords, generated keys; not for real tips.");
});
