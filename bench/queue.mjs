// Triage queue benchmark: 100,000 tips in SQLite, then the queue page's server time (p50/p95) for typical
// views, through the production server on a loopback port. Usage: node bench/queue.mjs [--tips 100000] [--requests 200]
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-bench-queue-"));
const databaseFile = path.join(dir, "bench.db");
const env = {
  ...process.env,
  NODE_ENV: "production",
  AAGAHI_DEMO: "1",
  LOG_REQUESTS: "0",
  DATABASE_URL: `file:${databaseFile}`,
  SECRETS_FILE: path.join(dir, "secrets.json"),
};

console.log(`Preparing a database with ${tipCount.toLocaleString()} tips in ${dir} ...`);
execFileSync(process.execPath, ["scripts/ensure-build.mjs"], { cwd: root, stdio: "inherit" });
execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env, stdio: "pipe" });

const db = new Database(databaseFile);
db.pragma("journal_mode = WAL");
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
const iso = (date) => date.toISOString().replace("Z", "+00:00");
const insert = db.prepare(`INSERT INTO Tip (id, reference, receiptHash, category, crossesBorder, country, province, district, victimCount,
  victimAgeGroup, immediateDanger, language, channel, descriptionCipher, suspectsCipher, contactCipher, jurisdiction, agencyCode, unitCode,
  routingReasons, alsoNotify, urgent, priority, priorityRank, status, closeOutcome, acknowledgedAt, assignedToId, createdAt, updatedAt)
  VALUES (?, ?, ?, ?, 'unknown', NULL, ?, NULL, NULL, 'unknown', ?, 'ur', 'web', ?, NULL, NULL, ?, ?, ?, '{"reasons":[],"destinationHints":[],"legalBasis":[]}', '[]', ?, ?, ?, ?, ?, ?, NULL, ?, ?)`);
const now = Date.now();
const started = performance.now();
db.transaction(() => {
  for (let i = 0; i < tipCount; i++) {
    const [agency, , units] = pickWeighted(Math.random());
    const unit = units[i % units.length];
    const status = statuses[i % statuses.length];
    const [priority, rank] = priorities[i % priorities.length];
    const created = new Date(now - Math.floor(Math.random() * 365 * 24 * 3_600_000));
    const acknowledged = status === "new" ? null : iso(new Date(created.getTime() + 3_600_000 * (1 + (i % 72))));
    insert.run(
      crypto.randomUUID(),
      `AG-2025-${String(100_000 + i).padStart(6, "0")}`,
      crypto.randomBytes(32).toString("hex"),
      categories[i % categories.length],
      provinces[i % provinces.length],
      priority === "urgent" ? 1 : 0,
      `v1.k.${crypto.randomBytes(12).toString("base64url")}.${crypto.randomBytes(180).toString("base64url")}`,
      agency === "fia" ? "external" : agency === "triage-desk" ? "undetermined" : "internal",
      agency,
      unit,
      priority === "urgent" ? 1 : 0,
      priority,
      rank,
      status,
      status === "closed" ? "action_taken" : null,
      acknowledged,
      iso(created),
      iso(created),
    );
  }
})();
console.log(`Inserted ${tipCount.toLocaleString()} tips in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
db.exec("ANALYZE");

const sessionFor = (email) => {
  const user = db.prepare("SELECT id FROM StaffUser WHERE email = ?").get(email);
  const token = crypto.randomBytes(32).toString("base64url");
  const stamp = iso(new Date());
  db.prepare("INSERT INTO StaffSession (id, userId, stage, createdAt, lastSeenAt, expiresAt) VALUES (?, ?, 'full', ?, ?, ?)").run(
    crypto.createHash("sha256").update(token).digest("hex"),
    user.id,
    stamp,
    stamp,
    iso(new Date(Date.now() + 12 * 3_600_000)),
  );
  return `__Host-staff_session=${token}`;
};
const cookies = {
  punjabAgent: sessionFor("punjab.agent@aagahi.demo"),
  fiaSupervisor: sessionFor("fia.supervisor@aagahi.demo"),
  coordinator: sessionFor("coordinator@aagahi.demo"),
};
db.close();

const port = await freePort();
const server = spawn(process.execPath, ["server/index.mjs"], { cwd: root, env: { ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"] });
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
  server.kill("SIGTERM");
}
console.log(`\nQueue page server time with ${tipCount.toLocaleString()} tips (${requestsPerView} sequential requests per view, ms):`);
console.table(results);
const worst = Math.max(...results.map((row) => Number(row.p95)));
console.log(`Worst p95: ${worst.toFixed(1)} ms (budget 50 ms): ${worst < 50 ? "met" : "MISSED"}`);
if (process.env.KEEP_BENCH_DB) console.log(`Database kept in ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
