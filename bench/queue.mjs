// Triage queue benchmark: 100,000 tips in the database, then the queue page's server time (p50/p95) for
// typical views, through the production server on a loopback port.
// Usage: node bench/queue.mjs [--tips 100000] [--requests 200] [--engine sqlite|postgresql]
// SQLite: a new file in a temporary folder, filled in one transaction with a prepared statement. PostgreSQL
// (--engine postgresql or a postgresql:// DATABASE_URL; bench/engine.mjs): a new database, filled with
// multi-row INSERTs of 1,000 tips each in one transaction.
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { benchEngine, benchPostgres, engineLine } from "./engine.mjs";
import { machine, saveResult } from "./lib.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const tipCount = option("tips", 100_000);
const requestsPerView = option("requests", 200);

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const engine = benchEngine();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-bench-queue-"));
const databaseFile = path.join(dir, "bench.db");
const postgres = engine === "postgresql" ? await benchPostgres("queue") : null;
const env = {
  ...process.env,
  NODE_ENV: "production",
  AAGAHI_DEMO: "1",
  LOG_REQUESTS: "0",
  DATABASE_URL: postgres?.url ?? `file:${databaseFile}`,
  SECRETS_FILE: path.join(dir, "secrets.json"),
};
let server = null;
const cleanUp = async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await postgres?.close();
  if (process.env.KEEP_BENCH_DB) console.log(`Database kept in ${postgres ? "the PostgreSQL database (with --keep)" : dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
};
async function run() {
  const machineAtStart = machine();
  console.log(`Preparing a database with ${tipCount.toLocaleString()} tips (${engine}) ...`);
  execFileSync(process.execPath, ["scripts/ensure-build.mjs"], { cwd: root, stdio: "inherit" });
  execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env, stdio: "pipe" });
  const database = await engineLine(engine, postgres);
  const store = postgres ? await postgresStore(postgres.url) : sqliteStore(databaseFile);
  const agencies = [
    ["fia", 0.4, ["fia-ahtc-lahore", "fia-ahtc-karachi", "fia-ahtc-faisalabad", "fia-ahtc-gujrat", "fia-ahtc-peshawar", "fia-ahtc-quetta", "fia-ahtc-islamabad"]],
    ["police-punjab", 0.25, [null]],
    ["police-sindh", 0.12, [null]],
    ["police-kp", 0.08, [null]],
    ["police-balochistan", 0.05, [null]],
    ["police-ict", 0.03, [null]],
    ["police-gb", 0.01, [null]],
    ["police-ajk", 0.01, [null]],
    ["triage-desk", 0.05, [null]],
  ];
  const pickWeighted = (r) => {
    let sum = 0;
    for (const entry of agencies) if ((sum += entry[1]) >= r) return entry;
    return agencies[0];
  };
  const categories = ["fake_job_offer", "bride_trafficking", "bonded_labour", "child_exploitation", "migrant_smuggling", "other"];
  const provinces = ["punjab", "sindh", "kp", "balochistan", "ict", "gb", "ajk", "unknown"];
  const statuses = ["new", "new", "acknowledged", "under_investigation", "referred", "fir_registered", "closed", "closed", "closed"];
  const priorities = [["urgent", 0], ["high", 1], ["normal", 2], ["normal", 2], ["normal", 2]];
  const now = Date.now();
  const started = performance.now();
  // The same tips on both engines; `store` writes each engine's types (SQLite: 0/1 and ISO text; PostgreSQL:
  // booleans and timestamps).
  await store.insertTips(
    tipCount,
    (i) => {
      const [agency, , units] = pickWeighted(Math.random());
      const unit = units[i % units.length];
      const status = statuses[i % statuses.length];
      const [priority, rank] = priorities[i % priorities.length];
      const created = new Date(now - Math.floor(Math.random() * 365 * 24 * 3_600_000));
      const acknowledged = status === "new" ? null : new Date(created.getTime() + 3_600_000 * (1 + (i % 72)));
      return [
        crypto.randomUUID(),
        `AG-2025-${String(100_000 + i).padStart(6, "0")}`,
        crypto.randomBytes(32).toString("hex"),
        categories[i % categories.length],
        provinces[i % provinces.length],
        priority === "urgent",
        `v1.k.${crypto.randomBytes(12).toString("base64url")}.${crypto.randomBytes(180).toString("base64url")}`,
        agency === "fia" ? "external" : agency === "triage-desk" ? "undetermined" : "internal",
        agency,
        unit,
        priority === "urgent",
        priority,
        rank,
        status,
        status === "closed" ? "action_taken" : null,
        acknowledged,
        created,
        created,
      ];
    },
  );
  const seedSeconds = (performance.now() - started) / 1000;
  console.log(`Inserted ${tipCount.toLocaleString()} tips in ${seedSeconds.toFixed(1)} s.`);
  await store.analyze();

  const sessionFor = async (email) => {
    const token = crypto.randomBytes(32).toString("base64url");
    await store.insertSession(email, crypto.createHash("sha256").update(token).digest("hex"), new Date(), new Date(Date.now() + 12 * 3_600_000));
    return `__Host-staff_session=${token}`;
  };
  const cookies = {
    punjabAgent: await sessionFor("punjab.agent@aagahi.demo"),
    fiaSupervisor: await sessionFor("fia.supervisor@aagahi.demo"),
    coordinator: await sessionFor("coordinator@aagahi.demo"),
  };
  await store.close();

  const port = await freePort();
  server = spawn(process.execPath, ["server/index.mjs"], { cwd: root, env: { ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${base}/ur`)).ok) break;
    } catch {}
    if (tries > 100) throw new Error("server did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const views = [
    ["Punjab police agent: default queue", "punjabAgent", "/staff"],
    ["Punjab police agent: overdue only", "punjabAgent", "/staff?overdue=1"],
    ["FIA supervisor: new, most urgent first", "fiaSupervisor", "/staff?status=new&sort=priority"],
    ["FIA supervisor: page 100", "fiaSupervisor", "/staff?page=100"],
    ["Coordinator: all agencies, newest", "coordinator", "/staff"],
    ["Coordinator: bonded labour in Sindh", "coordinator", "/staff?category=bonded_labour&province=sindh"],
    ["Coordinator: search a reference", "coordinator", "/staff?q=AG-2025-15"],
  ];
  const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const results = [];
  try {
    for (const [label, who, url] of views) {
      const times = [];
      for (let i = 0; i < requestsPerView + 10; i++) {
        const t0 = performance.now();
        const response = await fetch(`${base}${url}`, { headers: { Cookie: cookies[who] }, redirect: "manual" });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${label}: HTTP ${response.status}`);
        if (i >= 10) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      results.push({ view: label, p50: percentile(times, 50).toFixed(1), p95: percentile(times, 95).toFixed(1), max: times.at(-1).toFixed(1) });
    }
  } finally {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  console.log(`\nQueue page server time with ${tipCount.toLocaleString()} tips, ${database} (${requestsPerView} sequential requests per view, ms):`);
  console.table(results);
  const worst = Math.max(...results.map((row) => Number(row.p95)));
  console.log(`Worst p95: ${worst.toFixed(1)} ms (budget 50 ms): ${worst < 50 ? "met" : "MISSED"}`);
  console.log(machineAtStart);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  console.log(
    `Saved ${saveResult(`queue-${engine === "postgresql" ? "postgresql-" : ""}${stamp}.json`, { engine, database, tips: tipCount, seedSeconds, requestsPerView, results, worstP95: worst, machine: machineAtStart })}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Writing the seed, per engine

const tipColumns = ["id", "reference", "receiptHash", "category", "province", "immediateDanger", "descriptionCipher", "jurisdiction", "agencyCode", "unitCode",
  "urgent", "priority", "priorityRank", "status", "closeOutcome", "acknowledgedAt", "createdAt", "updatedAt"];
// Columns every seeded tip has the same value in.
const tipConstants = { crossesBorder: "'unknown'", victimAgeGroup: "'unknown'", language: "'ur'", channel: "'web'", routingReasons: `'{"reasons":[],"destinationHints":[],"legalBasis":[]}'`, alsoNotify: "'[]'" };
const quote = (name) => `"${name}"`;

function sqliteStore(file) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const iso = (date) => date.toISOString().replace("Z", "+00:00");
  const value = (v) => (typeof v === "boolean" ? (v ? 1 : 0) : v instanceof Date ? iso(v) : v);
  return {
    async insertTips(count, tipAt) {
      const insert = db.prepare(
        `INSERT INTO "Tip" (${[...tipColumns, ...Object.keys(tipConstants)].map(quote).join(", ")}) VALUES (${[...tipColumns.map(() => "?"), ...Object.values(tipConstants)].join(", ")})`,
      );
      db.transaction(() => {
        for (let i = 0; i < count; i++) insert.run(...tipAt(i).map(value));
      })();
    },
    async analyze() {
      db.exec("ANALYZE");
    },
    async insertSession(email, id, at, expiresAt) {
      const user = db.prepare(`SELECT id FROM "StaffUser" WHERE email = ?`).get(email);
      db.prepare(`INSERT INTO "StaffSession" (id, "userId", stage, "createdAt", "lastSeenAt", "expiresAt") VALUES (?, ?, 'full', ?, ?, ?)`).run(id, user.id, iso(at), iso(at), iso(expiresAt));
    },
    async close() {
      db.close();
    },
  };
}

async function postgresStore(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // timestamp(3) columns hold UTC without a zone, as Prisma writes them.
  const utc = (date) => date.toISOString().slice(0, -1);
  const value = (v) => (v instanceof Date ? utc(v) : v);
  const batch = 1_000; // 18,000 parameters a statement (the limit is 65,535)
  return {
    async insertTips(count, tipAt) {
      const columns = [...tipColumns, ...Object.keys(tipConstants)].map(quote).join(", ");
      const constants = Object.values(tipConstants).join(", ");
      await client.query("BEGIN");
      for (let first = 0; first < count; first += batch) {
        const size = Math.min(batch, count - first);
        const params = [];
        const rows = [];
        for (let i = first; i < first + size; i++) {
          const offset = params.length;
          params.push(...tipAt(i).map(value));
          rows.push(`(${tipColumns.map((_, c) => `$${offset + c + 1}`).join(", ")}, ${constants})`);
        }
        await client.query(`INSERT INTO "Tip" (${columns}) VALUES ${rows.join(", ")}`, params);
      }
      await client.query("COMMIT");
    },
    async analyze() {
      await client.query("ANALYZE");
    },
    async insertSession(email, id, at, expiresAt) {
      const user = (await client.query(`SELECT id FROM "StaffUser" WHERE email = $1`, [email])).rows[0];
      await client.query(`INSERT INTO "StaffSession" (id, "userId", stage, "createdAt", "lastSeenAt", "expiresAt") VALUES ($1, $2, 'full', $3, $3, $4)`, [id, user.id, utc(at), utc(expiresAt)]);
    },
    async close() {
      await client.end();
    },
  };
}

try {
  await run();
} finally {
  await cleanUp();
}
