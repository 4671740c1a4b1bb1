// Triage queue benchmark: 100,000 tips in the database (or several sizes in one run), then the queue page's
// server time (p50/p95) for typical views, through the production server on a loopback port.
// Usage: node bench/queue.mjs [--tips 100000 | --sizes 100000,1000000] [--requests 200] [--engine sqlite|postgresql]
// With --sizes the same database grows from one size to the next (the tips added are drawn like the first
// ones), and the server is started afresh for each size: its peak RSS is per size.
// SQLite: a new file in a temporary folder, filled with a prepared statement in transactions of 100,000 tips,
// with the journal and fsync off while seeding only (the server then runs with WAL and synchronous=FULL, as
// always). PostgreSQL (--engine postgresql or a postgresql:// DATABASE_URL; bench/engine.mjs): a new
// database, filled 10,000 tips a statement (INSERT ... SELECT FROM unnest of one array a column) in one
// transaction without waiting for the commit's flush. After each seed: ANALYZE (SQLite), VACUUM ANALYZE
// (PostgreSQL).
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
const sizesIndex = args.indexOf("--sizes");
const sizes = (sizesIndex >= 0 ? args[sizesIndex + 1].split(",").map(Number) : [option("tips", 100_000)]).sort(
  (a, b) => a - b,
);
if (sizes.some((size) => !Number.isInteger(size) || size <= 0))
  throw new Error("--tips and --sizes take whole numbers of tips");
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
  // Keys from the environment, as production has them (generated demo keys are refused on PostgreSQL).
  TIP_ENCRYPTION_KEYS: `bench:${crypto.randomBytes(32).toString("base64")}`,
  RECEIPT_KEY: crypto.randomBytes(32).toString("base64"),
};
let server = null;
const cleanUp = async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await postgres?.close();
  if (process.env.KEEP_BENCH_DB)
    console.log(`Database kept in ${postgres ? "the PostgreSQL database (with --keep)" : dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
};
async function run() {
  const machineAtStart = machine();
  console.log(
    `Preparing a database for ${sizes.map((size) => size.toLocaleString()).join(", then ")} tips (${engine}) ...`,
  );
  execFileSync(process.execPath, ["scripts/ensure-build.mjs"], { cwd: root, stdio: "inherit" });
  execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env, stdio: "pipe" });
  const database = await engineLine(engine, postgres);
  const runs = [];
  let seeded = 0;
  for (const size of sizes) {
    const loadAtStart = os.loadavg()[0];
    const store = postgres ? await postgresStore(postgres.url) : sqliteStore(databaseFile);
    const started = performance.now();
    await store.insertTips(seeded, size, tipAt);
    const seedSeconds = (performance.now() - started) / 1000;
    const analyzeStarted = performance.now();
    await store.analyze();
    const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
    console.log(
      `Inserted tips ${(seeded + 1).toLocaleString()} to ${size.toLocaleString()} in ${seedSeconds.toFixed(1)} s (ANALYZE ${analyzeSeconds.toFixed(1)} s).`,
    );
    seeded = size;
    const cookies = {
      punjabAgent: await sessionFor(store, "punjab.agent@aagahi.demo"),
      fiaSupervisor: await sessionFor(store, "fia.supervisor@aagahi.demo"),
      fiaLahoreAgent: await sessionFor(store, "fia.lahore@aagahi.demo"),
      coordinator: await sessionFor(store, "coordinator@aagahi.demo"),
    };
    await store.close();
    const measured = await measureViews(cookies);
    runs.push({ tips: size, seedSeconds, analyzeSeconds, loadAtStart, ...measured });
    console.log(
      `\nQueue page server time with ${size.toLocaleString()} tips, ${database} (${requestsPerView} sequential requests per view, ms):`,
    );
    console.table(measured.results);
    console.log(
      `Worst p95: ${measured.worstP95.toFixed(1)} ms (budget 50 ms): ${measured.worstP95 < 50 ? "met" : "MISSED"}. Server peak RSS ${measured.peakRssMb} MB. Load average (1 min) at the start of this size: ${loadAtStart.toFixed(2)}.`,
    );
  }
  if (runs.length > 1) {
    console.log(
      `\nGrowth, ${database}: p95 ms per size (p50 in brackets), and the largest size's p95 over the smallest's:`,
    );
    console.table(
      views.map(([label], v) => ({
        view: label,
        ...Object.fromEntries(
          runs.map((r) => [`${r.tips.toLocaleString()} tips`, `${r.results[v].p95} (${r.results[v].p50})`]),
        ),
        growth: `${(Number(runs.at(-1).results[v].p95) / Number(runs[0].results[v].p95)).toFixed(2)}x`,
      })),
    );
    console.table(
      runs.map((r) => ({
        tips: r.tips.toLocaleString(),
        "seed s": r.seedSeconds.toFixed(1),
        "ANALYZE s": r.analyzeSeconds.toFixed(1),
        "worst p95 ms": r.worstP95.toFixed(1),
        "peak RSS MB": r.peakRssMb,
        "load (1 min)": r.loadAtStart.toFixed(2),
      })),
    );
  }
  console.log(machineAtStart);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const last = runs.at(-1);
  console.log(
    `Saved ${saveResult(`queue-${engine === "postgresql" ? "postgresql-" : ""}${stamp}.json`, { engine, database, tips: last.tips, seedSeconds: last.seedSeconds, requestsPerView, results: last.results, worstP95: last.worstP95, runs, machine: machineAtStart })}`,
  );
}

const agencies = [
  [
    "fia",
    0.4,
    [
      "fia-ahtc-lahore",
      "fia-ahtc-karachi",
      "fia-ahtc-faisalabad",
      "fia-ahtc-gujrat",
      "fia-ahtc-peshawar",
      "fia-ahtc-quetta",
      "fia-ahtc-islamabad",
    ],
  ],
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
const categories = [
  "fake_job_offer",
  "bride_trafficking",
  "bonded_labour",
  "child_exploitation",
  "migrant_smuggling",
  "other",
];
const provinces = ["punjab", "sindh", "kp", "balochistan", "ict", "gb", "ajk", "unknown"];
const statuses = [
  "new",
  "new",
  "acknowledged",
  "under_investigation",
  "referred",
  "fir_registered",
  "closed",
  "closed",
  "closed",
];
const priorities = [
  ["urgent", 0],
  ["high", 1],
  ["normal", 2],
  ["normal", 2],
  ["normal", 2],
];
const seedNow = Date.now();
/** Tip number i (from 0), as a row of tipColumns; the same on both engines. */
function tipAt(i) {
  const [agency, , units] = pickWeighted(Math.random());
  const unit = units[i % units.length];
  const status = statuses[i % statuses.length];
  const [priority, rank] = priorities[i % priorities.length];
  const created = new Date(seedNow - Math.floor(Math.random() * 365 * 24 * 3_600_000));
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
}

async function sessionFor(store, email) {
  const token = crypto.randomBytes(32).toString("base64url");
  await store.insertSession(
    email,
    crypto.createHash("sha256").update(token).digest("hex"),
    new Date(),
    new Date(Date.now() + 12 * 3_600_000),
  );
  return `__Host-staff_session=${token}`;
}

const views = [
  ["Punjab police agent: default queue", "punjabAgent", "/staff"],
  ["Punjab police agent: overdue only", "punjabAgent", "/staff?overdue=1"],
  ["FIA supervisor: new, most urgent first", "fiaSupervisor", "/staff?status=new&sort=priority"],
  ["FIA supervisor: page 100", "fiaSupervisor", "/staff?page=100"],
  ["FIA Lahore circle agent: default queue", "fiaLahoreAgent", "/staff"],
  ["Coordinator: all agencies, newest", "coordinator", "/staff"],
  ["Coordinator: bonded labour in Sindh", "coordinator", "/staff?category=bonded_labour&province=sindh"],
  ["Coordinator: search a reference", "coordinator", "/staff?q=AG-2025-15"],
  // Through the identifier index (docs/decisions/029); each search also writes its audit row.
  ["Punjab police agent: search a phone number", "punjabAgent", "/staff?q=0300-1234567"],
  ["Coordinator: search an agency name", "coordinator", "/staff?q=Star%20Travels"],
];

/** The server's peak resident memory so far (VmHWM), in MB. */
function peakRssMb(pid) {
  const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return kb ? Math.round(Number(kb) / 1024) : null;
}

/** Starts the server, times every view, and stops it. */
async function measureViews(cookies) {
  const port = await freePort();
  server = spawn(process.execPath, ["server/index.mjs"], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${base}/ur`)).ok) break;
    } catch {
      // Not listening yet: try again.
    }
    if (tries > 100) throw new Error("server did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const results = [];
  let peakRss = null;
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
      results.push({
        view: label,
        p50: percentile(times, 50).toFixed(1),
        p95: percentile(times, 95).toFixed(1),
        max: times.at(-1).toFixed(1),
      });
    }
    peakRss = peakRssMb(server.pid);
  } finally {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  return { results, worstP95: Math.max(...results.map((row) => Number(row.p95))), peakRssMb: peakRss };
}

// ---------------------------------------------------------------------------------------------------------
// Writing the seed, per engine

const tipColumns = [
  "id",
  "reference",
  "receiptHash",
  "category",
  "province",
  "immediateDanger",
  "descriptionCipher",
  "jurisdiction",
  "agencyCode",
  "unitCode",
  "urgent",
  "priority",
  "priorityRank",
  "status",
  "closeOutcome",
  "acknowledgedAt",
  "createdAt",
  "updatedAt",
];
// Columns every seeded tip has the same value in.
const tipConstants = {
  crossesBorder: "'unknown'",
  victimAgeGroup: "'unknown'",
  language: "'ur'",
  channel: "'web'",
  routingReasons: `'{"reasons":[],"destinationHints":[],"legalBasis":[]}'`,
  alsoNotify: "'[]'",
};
const quote = (name) => `"${name}"`;

function sqliteStore(file) {
  const db = new Database(file);
  const iso = (date) => date.toISOString().replace("Z", "+00:00");
  const value = (v) => (typeof v === "boolean" ? (v ? 1 : 0) : v instanceof Date ? iso(v) : v);
  return {
    async insertTips(from, to, tipAt) {
      // Seeding only: the rollback journal in memory and no fsync (a crash here loses a bench database,
      // nothing else), and a cache that holds the indexes, which random ids and times fill in random order.
      // WAL can only be left for DELETE; better-sqlite3's defensive mode refuses OFF.
      db.pragma("journal_mode = DELETE");
      db.pragma("journal_mode = MEMORY");
      db.pragma("synchronous = OFF");
      db.pragma("cache_size = -1000000");
      const insert = db.prepare(
        `INSERT INTO "Tip" (${[...tipColumns, ...Object.keys(tipConstants)].map(quote).join(", ")}) VALUES (${[...tipColumns.map(() => "?"), ...Object.values(tipConstants)].join(", ")})`,
      );
      const insertMany = db.transaction((first, last) => {
        for (let i = first; i < last; i++) insert.run(...tipAt(i).map(value));
      });
      for (let first = from; first < to; first += 100_000) insertMany(first, Math.min(to, first + 100_000));
      db.pragma("journal_mode = WAL");
    },
    async analyze() {
      db.exec("ANALYZE");
    },
    async insertSession(email, id, at, expiresAt) {
      const user = db.prepare(`SELECT id FROM "StaffUser" WHERE email = ?`).get(email);
      db.prepare(
        `INSERT INTO "StaffSession" (id, "userId", stage, "createdAt", "lastSeenAt", "expiresAt") VALUES (?, ?, 'full', ?, ?, ?)`,
      ).run(id, user.id, iso(at), iso(at), iso(expiresAt));
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
  const columnTypes = [
    "text",
    "text",
    "text",
    "text",
    "text",
    "boolean",
    "text",
    "text",
    "text",
    "text",
    "boolean",
    "text",
    "integer",
    "text",
    "text",
    "timestamp(3)",
    "timestamp(3)",
    "timestamp(3)",
  ];
  const batch = 10_000;
  return {
    async insertTips(from, to, tipAt) {
      const columns = [...tipColumns, ...Object.keys(tipConstants)].map(quote).join(", ");
      const constants = Object.values(tipConstants).join(", ");
      // One array a column: 18 parameters a statement however many rows, and no per-row SQL to parse.
      const statement = `INSERT INTO "Tip" (${columns}) SELECT *, ${constants} FROM unnest(${columnTypes.map((type, c) => `$${c + 1}::${type}[]`).join(", ")})`;
      await client.query("BEGIN");
      // Seeding only: the commit need not wait for its flush.
      await client.query("SET LOCAL synchronous_commit = off");
      for (let first = from; first < to; first += batch) {
        const arrays = tipColumns.map(() => []);
        for (let i = first; i < Math.min(to, first + batch); i++) tipAt(i).forEach((v, c) => arrays[c].push(value(v)));
        await client.query(statement, arrays);
      }
      await client.query("COMMIT");
    },
    async analyze() {
      // As autovacuum leaves a table that grew by inserts: statistics, and the visibility map that lets
      // index-only scans skip the table.
      await client.query("VACUUM ANALYZE");
    },
    async insertSession(email, id, at, expiresAt) {
      const user = (await client.query(`SELECT id FROM "StaffUser" WHERE email = $1`, [email])).rows[0];
      await client.query(
        `INSERT INTO "StaffSession" (id, "userId", stage, "createdAt", "lastSeenAt", "expiresAt") VALUES ($1, $2, 'full', $3, $3, $4)`,
        [id, user.id, utc(at), utc(expiresAt)],
      );
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
