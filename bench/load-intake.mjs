// Tip intake at load, without loss (issue 13 goals 1-3 and 6; suite 4 of docs/threat-model.md).
//
//   node bench/load-intake.mjs [--tips 5000] [--form-tips 1000] [--concurrency 50] [--warm-up 300]
//                              [--rounds 5] [--engine sqlite|postgresql] [--instances 2] [--direct 2000] [--cpu-prof] [--no-follow-up]
//                              [--form-urlencoded] [--connection-per-request] [--no-compression] [--cpu-quota 0.4]
//
// - Starts `node server/index.mjs` (the production build; built first if stale) on a free port on 127.0.0.1,
//   with a new database and fresh random keys passed in the environment, as production runs: no demo keys.
//   The database is a SQLite file in a temporary folder, or with --engine postgresql (or a postgresql://
//   DATABASE_URL) a new PostgreSQL database (bench/engine.mjs); --instances 2 (PostgreSQL only) starts two
//   app processes on it, each connection loop sending to one of them. --cpu-quota C (needs root) limits each app
//   instance to C of a core through a control group (bench/cpu-quota.mjs), as if each had a small machine of
//   its own: then one instance against two shows what a second adds, which 2 shared cores cannot show.
// - Sends a warm-up, then `--tips` tips through the JSON API, then `--form-tips` through the report form (the
//   POST, then the receipt page), each phase timed on its own. Each tip comes from its own loopback address
//   (127.20.x.y), as tips come from different phones; the per-connection limit (20 tips an hour) would
//   otherwise refuse most of them. A new connection per API request and per form tip, as phones make; a form tip's
//   receipt page comes over the connection that sent the form, as a browser follows a redirect
//   (--connection-per-request: a new one, as until 2026-12-07), and both ask for a compressed answer as a browser
//   does (--no-compression: not, as until 2026-12-07). The form is sent as a browser sends it,
//   multipart/form-data with its file field empty (--form-urlencoded: URL-encoded, as until 2026-12-06).
//   Form latency is printed twice: until the POST's answer, and until the receipt page has arrived.
// - In the same run, the same form tips through the Remix floor (bench/remix-floor: Express and Remix, the same
//   versions, a form action that reads the body and redirects, a one-line receipt page; no validation, database,
//   encryption or page chrome): what the fixed stack costs per form tip before the app does any work.
// - In the same run, the minimal reference server (bench/intake-reference-server.mjs: plain Node http,
//   JSON.parse, one prepared better-sqlite3 insert of a row as large as the app's average tip row, WAL,
//   synchronous=FULL) with the same client, the same number of API tips and the same concurrency: the API
//   tips go in `--rounds` rounds, app and reference taking turns, and each round's ratio is printed (other
//   work on a shared machine changes from minute to minute).
// - Afterwards: every receipt shown opens its follow-up page (POST /en/follow-up answers 302); the number of
//   tips in the database equals the number acknowledged; every stored tip decrypts, with an AES-GCM and HMAC
//   check written here from the documented format (docs/decisions/008), not with the app's own code; every
//   201 of the reference server is a row.
// - Prints tips/s, p50/p99 latency and peak RSS (VmHWM) of every server process, the app ÷ reference ratio,
//   the load average, and (--direct N) the rate of writing the app's rows straight into the database.
//   --cpu-prof runs the app with node --cpu-prof (summarise with bench/profile-summary.mjs). Results go to
//   bench/results/.
// Everything is on loopback; every loop is bounded; the servers and the temporary folders are removed at the end.
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import pg from "pg";
import { limitCpu } from "./cpu-quota.mjs";
import { benchEngine, benchPostgres, engineLine } from "./engine.mjs";
import { ensureBuild, freePort, machine, procStatFields, rssMb, saveResult } from "./lib.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const Sqlite = createRequire(import.meta.url)("better-sqlite3");

const requestTimeoutMs = 60_000;
const startTimeoutMs = 60_000;

// ---------------------------------------------------------------------------------------------------------
// The server under test

/** Fresh keys, the way production gets them: from the environment. */
export function freshKeys() {
  return { keyId: "bench", key: crypto.randomBytes(32), receiptKey: crypto.randomBytes(32) };
}

/**
 * A production server on loopback with its own database, which can be killed and started again on the same
 * database and keys. `postgresUrl`: that PostgreSQL database instead of a new SQLite file; `prepare: false`
 * for a second instance on a database the first one prepared.
 * @param {{ keys: ReturnType<typeof freshKeys>; label?: string; postgresUrl?: string; prepare?: boolean }} options
 */
export async function benchServer({
  keys,
  label = "bench",
  postgresUrl,
  prepare = true,
  nodeArgs = [],
  extraEnv = {},
}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aagahi-${label}-`));
  const databaseFile = path.join(dir, "aagahi.db");
  /** @type {StoredDatabase} */
  const database = postgresUrl ? { engine: "postgresql", url: postgresUrl } : { engine: "sqlite", file: databaseFile };
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: postgresUrl ?? `file:${databaseFile}`,
    SECRETS_FILE: path.join(dir, "no-demo-keys.json"),
    TIP_ENCRYPTION_KEYS: `${keys.keyId}:${keys.key.toString("base64")}`,
    RECEIPT_KEY: keys.receiptKey.toString("base64"),
    DEMO_DATA: "0",
    LOG_REQUESTS: "1",
    ...extraEnv,
  };
  if (prepare) await run(process.execPath, ["scripts/prepare-db.mjs"], env);
  const logPath = path.join(dir, "server.log");
  const log = fs.openSync(logPath, "a");
  const baseURL = `http://127.0.0.1:${port}`;
  let child = null;

  const start = async () => {
    child = spawn(process.execPath, [...nodeArgs, "server/index.mjs"], { cwd: root, env, stdio: ["ignore", log, log] });
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      try {
        const response = await send({
          baseURL,
          method: "GET",
          path: "/en",
          localAddress: "127.0.0.1",
          timeoutMs: 5_000,
        });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`the server did not start; its log:\n${fs.readFileSync(logPath, "utf8").slice(-4000)}`);
  };

  /** kill -9: no shutdown handler runs, nothing is flushed by the app. */
  const kill9 = async () => {
    const dying = child;
    if (!dying || dying.exitCode !== null) return;
    const exited = new Promise((resolve) => dying.once("exit", resolve));
    process.kill(dying.pid, "SIGKILL");
    await exited;
  };

  const stop = async () => {
    const stopping = child;
    if (stopping && stopping.exitCode === null && stopping.signalCode === null) {
      const exited = new Promise((resolve) => stopping.once("exit", resolve));
      stopping.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000).then(() => stopping.kill("SIGKILL"))]);
    }
  };

  const cleanUp = () => {
    fs.closeSync(log);
    if (!process.argv.includes("--keep")) fs.rmSync(dir, { recursive: true, force: true });
  };

  process.once("exit", () => child && child.exitCode === null && child.kill("SIGKILL"));
  return {
    baseURL,
    database,
    dir,
    logPath,
    start,
    kill9,
    stop,
    cleanUp,
    peakRssMb: () => peakRssMb(child?.pid),
    rssMb: () => rssMb(child?.pid),
    pid: () => child?.pid,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
  };
}

/** The largest resident set a process has had (Linux: VmHWM), in MB; null when unknown. */
export function peakRssMb(pid) {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Repeatable `--name value` options (strings), e.g. `--node-arg --max-semi-space-size=8` or `--server-env K=V`:
 * the same server with other flags, to compare memory and speed in one run.
 */
export function repeatedOption(name) {
  const values = [];
  process.argv.forEach((arg, index) => {
    if (arg === `--${name}` && index + 1 < process.argv.length) values.push(process.argv[index + 1]);
  });
  return values;
}

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${args.join(" ")} failed:\n${output}`)),
    );
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------
// HTTP, one new connection per request from a chosen loopback address

/** 127.<block>.a.b for the n-th client: a different address per tip, as different phones have. */
export function loopbackAddress(block, n) {
  return `127.${block}.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`;
}

export function send({
  baseURL,
  method,
  path: pathname,
  headers = {},
  body,
  localAddress,
  agent = false,
  timeoutMs = requestTimeoutMs,
}) {
  const url = new URL(pathname, baseURL);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: body === undefined ? headers : { ...headers, "Content-Length": Buffer.byteLength(body) },
        localAddress,
        agent,
      },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => {
          try {
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: decompressed(response.headers["content-encoding"], Buffer.concat(chunks)).toString("utf8"),
            });
          } catch (error) {
            reject(error);
          }
        });
        response.on("error", reject);
      },
    );
    request.setTimeout(timeoutMs, () => request.destroy(new Error("timeout")));
    request.on("error", reject);
    request.end(body);
  });
}

/** @param {string | undefined} encoding @param {Buffer} bytes */
function decompressed(encoding, bytes) {
  if (encoding === "br") return zlib.brotliDecompressSync(bytes);
  if (encoding === "gzip") return zlib.gunzipSync(bytes);
  if (encoding === "deflate") return zlib.inflateSync(bytes);
  if (encoding === "zstd") throw new Error("zstd answer: Node 20 cannot read it");
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------
// The tips

const texts = [
  "An agent took Rs 300,000 for factory jobs in Saudi Arabia and keeps the passports of four men.",
  "اینٹوں کے بھٹے پر ایک خاندان پیشگی کی وجہ سے کئی سال سے کام کر رہا ہے اور جا نہیں سکتا۔",
  "agent keh raha hai ke Iran aur Turkey ke raaste Greece bhej dega, 8 lakh maang raha hai",
  "A girl of about twelve works in a house on our street and is never allowed outside.",
];

/** The n-th tip of a run: its marker lets every stored row be matched to the request that sent it. */
export function tipFor(runId, n, channel = n % 2 === 0 ? "form" : "api") {
  const marker = `LOAD-${runId}-${n}-END`;
  return {
    n,
    marker,
    channel,
    fields: {
      category: ["fake_job_offer", "bonded_labour", "migrant_smuggling", "child_exploitation"][n % 4],
      crossesBorder: ["yes", "no", "unknown"][n % 3],
      province: ["punjab", "sindh", "kp", "balochistan", "ict", "unknown"][n % 6],
      victimAgeGroup: ["adult", "child", "unknown"][n % 3],
      immediateDanger: n % 10 === 0,
      description: `${marker} ${texts[n % texts.length]}`,
      suspects: n % 3 === 0 ? `Agent ${n}, office near the bus stand` : undefined,
    },
  };
}

const receiptPattern = /data-receipt=""[^>]*>\s*([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})\s*</;

/**
 * Sends one tip the way a reporter's phone does. Returns what the reporter got:
 * acknowledged = the server answered "sent" (302 from the form, 201 from the API); receipt = the code shown.
 */
export async function sendTip(baseURL, tip, localAddress) {
  const started = performance.now();
  if (tip.channel === "api") {
    const response = await send({
      baseURL,
      method: "POST",
      path: "/api/v1/tips",
      headers: { "Content-Type": "application/json", "Accept-Language": "en" },
      body: JSON.stringify({ ...tip.fields, language: "en" }),
      localAddress,
    });
    const latencyMs = performance.now() - started;
    if (response.status !== 201) return { acknowledged: false, status: response.status, latencyMs };
    return { acknowledged: true, status: 201, latencyMs, receipt: JSON.parse(response.body).receipt };
  }
  const { contentType, body } = formBody(tip.fields);
  // A browser follows the redirect on the connection that sent the form (keep-alive); --connection-per-request
  // opens a new one for the receipt page too, as this bench did until 2026-12-07.
  const agent = connectionPerRequest ? false : new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    return await sendFormTip(baseURL, contentType, body, localAddress, agent, started);
  } finally {
    if (agent) agent.destroy();
  }
}

const connectionPerRequest = process.argv.includes("--connection-per-request");
// A browser asks for a compressed page (Chromium: gzip, deflate, br, zstd), so the receipt page is compressed as
// a reporter gets it; --no-compression leaves the header out, as until 2026-12-07.
const browserHeaders = process.argv.includes("--no-compression")
  ? {}
  : { "Accept-Encoding": "gzip, deflate, br, zstd" };

async function sendFormTip(baseURL, contentType, body, localAddress, agent, started) {
  const response = await send({
    baseURL,
    method: "POST",
    path: "/en/report",
    headers: { "Content-Type": contentType, ...browserHeaders },
    body,
    localAddress,
    agent,
  });
  const latencyMs = performance.now() - started;
  const location = response.headers.location ?? "";
  if (response.status !== 302 || !location.startsWith("/en/report/sent?t="))
    return { acknowledged: false, status: response.status, latencyMs };
  // The receipt page, as the browser follows the redirect. A failure here leaves a stored tip whose receipt
  // the reporter never saw; it is counted apart.
  try {
    const page = await send({ baseURL, method: "GET", path: location, localAddress, agent, headers: browserHeaders });
    const receipt = receiptPattern.exec(page.body)?.[1];
    const untilReceiptMs = performance.now() - started;
    return { acknowledged: true, status: 302, latencyMs, untilReceiptMs, receipt: receipt ?? null };
  } catch {
    return { acknowledged: true, status: 302, latencyMs, receipt: null };
  }
}

const formUrlEncoded = process.argv.includes("--form-urlencoded");

/**
 * The report form's body as a browser sends it: `multipart/form-data` (the form has a file field), every answer,
 * the empty honeypot field and the file field left empty. --form-urlencoded sends the answers URL-encoded
 * instead, as the bench did until 2026-12-06 (the app reads both).
 * @param {Record<string, string | boolean | undefined>} fields
 */
export function formBody(fields) {
  /** @type {[string, string][]} */
  const answers = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => [name, typeof value === "boolean" ? (value ? "yes" : "no") : String(value)]);
  answers.push(["website", ""]);
  if (formUrlEncoded)
    return { contentType: "application/x-www-form-urlencoded", body: new URLSearchParams(answers).toString() };
  const boundary = `----AagahiBench${crypto.randomBytes(8).toString("hex")}`;
  const parts = answers.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename=""\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n\r\n",
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: `${parts.join("")}--${boundary}--\r\n` };
}

/**
 * Sends `total` tips with `concurrency` requests in flight. `gate()` is awaited before each tip (the crash
 * bench closes it while the server is down); `baseURL(n, w)` picks the server for tip n sent by connection
 * loop w (the two-instance crash bench splits the loops between them); `afterEach` sees every result.
 */
export async function sendTips({
  baseURL,
  runId,
  total,
  concurrency,
  first = 0,
  channel,
  gate = async () => {},
  afterEach = () => {},
}) {
  const results = new Array(total);
  let next = 0;
  const started = performance.now();
  const worker = async (w) => {
    while (next < total) {
      const index = next++;
      const n = first + index;
      await gate();
      const tip = tipFor(runId, n, channel);
      const via = baseURL(n, w);
      try {
        results[index] = { ...tip, via, ...(await sendTip(via, tip, loopbackAddress(20, n))) };
      } catch (error) {
        results[index] = { ...tip, via, acknowledged: false, status: 0, error: error.code ?? error.message };
      }
      afterEach(results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, (_, w) => worker(w)));
  return { results, seconds: (performance.now() - started) / 1000 };
}

/**
 * POST /en/follow-up with each receipt: 302 to the case page means the receipt opens it. `baseURL`: one
 * server, or a function of the receipt's index (two instances: a receipt opens on the one that did not store it).
 */
export async function openFollowUps(baseURL, receipts, concurrency) {
  const serverFor = typeof baseURL === "function" ? baseURL : () => baseURL;
  let next = 0;
  const failures = [];
  let opened = 0;
  const worker = async () => {
    while (next < receipts.length) {
      const index = next++;
      const response = await send({
        baseURL: serverFor(index),
        method: "POST",
        path: "/en/follow-up",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ receipt: receipts[index] }).toString(),
        localAddress: loopbackAddress(30, index),
      }).catch((error) => ({ status: 0, headers: {}, body: String(error) }));
      if (response.status === 302 && String(response.headers.location ?? "").startsWith("/en/follow-up/case?t="))
        opened += 1;
      else failures.push({ receipt: receipts[index], status: response.status });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, receipts.length) }, worker));
  return { opened, failures };
}

// ---------------------------------------------------------------------------------------------------------
// The database, read directly

/**
 * AES-256-GCM as documented in docs/decisions/008: v1.<keyId>.<iv>.<ciphertext+tag>, AAD = tip:<id>:<field>.
 * Deliberately not app/server/aad.server.ts or crypto.server.ts: an independent reading of the stored format.
 */
export function decryptStored(stored, context, keys) {
  const [version, keyId, iv, body] = String(stored).split(".");
  if (version !== "v1" || keyId !== keys.keyId) throw new Error("unknown ciphertext");
  const bytes = Buffer.from(body, "base64url");
  const decipher = crypto.createDecipheriv("aes-256-gcm", keys.key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString("utf8");
}

export function encryptStored(plaintext, context, keys) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keys.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return ["v1", keys.keyId, iv.toString("base64url"), body.toString("base64url")].join(".");
}

export const receiptHash = (receipt, keys) =>
  crypto.createHmac("sha256", keys.receiptKey).update(receipt, "utf8").digest("hex");

/** @typedef {{ engine: "sqlite"; file: string } | { engine: "postgresql"; url: string }} StoredDatabase */

/** Decrypts every tip row; the markers found, and which receipt hash each tip has. */
function decryptRows(rows, keys) {
  const byMarker = new Map();
  let unreadable = 0;
  for (const row of rows) {
    try {
      const description = decryptStored(row.descriptionCipher, `tip:${row.id}:description`, keys);
      const marker = /LOAD-[\w]+-\d+-END/.exec(description)?.[0];
      if (marker) byMarker.set(marker, row);
    } catch {
      unreadable += 1;
    }
  }
  return { byMarker, unreadable };
}

/**
 * Reads the database as it is after the run (after a crash: on SQLite with whatever the WAL holds), checks its
 * integrity and decrypts every tip. Returns the markers found and which receipt hash each tip has.
 * Integrity: SQLite's PRAGMA integrity_check; on PostgreSQL (where a killed app process cannot damage the
 * files: the server aborts its open transactions) see postgresIntegrity.
 * @param {StoredDatabase} database
 */
export async function readStoredTips(database, keys) {
  if (database.engine === "postgresql") {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const integrity = await postgresIntegrity(client);
      const { rows } = await client.query(`SELECT id, "receiptHash", "descriptionCipher" FROM "Tip"`);
      return {
        integrity: integrity.result,
        integrityDetails: integrity.details,
        journal: "PostgreSQL WAL",
        rows: rows.length,
        ...decryptRows(rows, keys),
      };
    } finally {
      await client.end();
    }
  }
  const db = new Sqlite(database.file, { fileMustExist: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    const journal = db.pragma("journal_mode", { simple: true });
    const rows = db.prepare(`SELECT id, receiptHash, descriptionCipher FROM "Tip"`).all();
    return { integrity, journal, rows: rows.length, ...decryptRows(rows, keys) };
  } finally {
    db.close();
  }
}

/**
 * PostgreSQL's counterpart of integrity_check, after the app's processes are gone:
 *   - amcheck (shipped with PostgreSQL; needs a role that may create the extension): every B-tree index of the
 *     public schema agrees with its table (bt_index_check with heapallindexed) and verify_heapam finds no
 *     damaged row in any table;
 *   - every tip has its first history entry (the two are written in one transaction: a half-written tip would
 *     show here), and no history entry or identifier row points at a missing tip;
 *   - no session of this database is left idle inside a transaction (a killed process's transaction is
 *     rolled back by the server, not left holding locks).
 * "ok" when all that ran passed; `details` says what ran.
 */
export async function postgresIntegrity(client) {
  const problems = [];
  const details = {};
  let amcheck = true;
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS amcheck");
  } catch (error) {
    amcheck = false;
    details.amcheck = `not run: ${error.message}`;
  }
  if (amcheck) {
    try {
      const indexes = (
        await client.query(
          `SELECT c.oid::regclass::text AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_am am ON am.oid = c.relam WHERE n.nspname = 'public' AND am.amname = 'btree'`,
        )
      ).rows.map((row) => row.name);
      // Raises on a damaged index.
      for (const index of indexes)
        await client.query("SELECT bt_index_check(index => $1::regclass, heapallindexed => true)", [index]);
      const tables = (
        await client.query(
          `SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
        )
      ).rows.map((row) => row.name);
      let damaged = 0;
      for (const table of tables)
        damaged += (await client.query("SELECT count(*)::int AS n FROM verify_heapam($1::regclass)", [table])).rows[0]
          .n;
      if (damaged > 0) problems.push(`verify_heapam: ${damaged} damaged rows`);
      details.amcheck = `${indexes.length} B-tree indexes and ${tables.length} tables checked`;
    } catch (error) {
      problems.push(`amcheck: ${error.message}`);
    }
  }
  const count = async (sql) => (await client.query(sql)).rows[0].n;
  const withoutFirstEvent = await count(
    `SELECT count(*)::int AS n FROM "Tip" t WHERE NOT EXISTS (SELECT 1 FROM "TipEvent" e WHERE e."tipId" = t.id AND e.kind = 'received')`,
  );
  if (withoutFirstEvent > 0) problems.push(`${withoutFirstEvent} tips without their "received" entry`);
  const orphanEvents = await count(
    `SELECT count(*)::int AS n FROM "TipEvent" e WHERE NOT EXISTS (SELECT 1 FROM "Tip" t WHERE t.id = e."tipId")`,
  );
  if (orphanEvents > 0) problems.push(`${orphanEvents} history entries without a tip`);
  const idleInTransaction = await count(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`,
  );
  if (idleInTransaction > 0) problems.push(`${idleInTransaction} sessions idle in a transaction`);
  details.consistency = `tips without their first entry ${withoutFirstEvent}, orphan entries ${orphanEvents}, sessions idle in a transaction ${idleInTransaction}`;
  return { result: problems.length === 0 ? "ok" : problems.join("; "), details };
}

/** Checks each acknowledged tip against the stored rows: present, decrypts, and its receipt hashes to it. */
export function checkAcknowledged(acknowledged, stored, keys) {
  const missing = [];
  const wrongReceipt = [];
  for (const tip of acknowledged) {
    const row = stored.byMarker.get(tip.marker);
    if (!row) missing.push(tip.n);
    else if (tip.receipt && row.receiptHash !== receiptHash(tip.receipt, keys)) wrongReceipt.push(tip.n);
  }
  return { found: acknowledged.length - missing.length, missing, wrongReceipt };
}

/**
 * Writes `count` tips straight into the database: the same rows the app writes for one of the stored tips
 * (the tip, its history and identifier rows), freshly encrypted, one transaction per tip. SQLite: one writer
 * (SQLite has one) under the app's pragmas. PostgreSQL: `concurrency` connections at once, as the app's load
 * has, each tip numbered from the app's reference sequence.
 * @param {StoredDatabase} database
 */
export async function directInsertRate(database, keys, count, concurrency) {
  return database.engine === "postgresql"
    ? directInsertRatePostgres(database.url, keys, count, concurrency)
    : directInsertRateSqlite(database.file, keys, count);
}

async function directInsertRatePostgres(url, keys, count, concurrency) {
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  try {
    const one = async (sql, params) => (await pool.query(sql, params)).rows[0];
    const template =
      (await one(`SELECT * FROM "Tip" WHERE "suspectsCipher" IS NOT NULL LIMIT 1`)) ??
      (await one(`SELECT * FROM "Tip" LIMIT 1`));
    if (!template) throw new Error("no tip to copy");
    const childTables = (
      await pool.query(
        `SELECT table_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tipId' AND table_name <> 'Tip'`,
      )
    ).rows.map(({ name }) => name);
    const children = [];
    for (const table of childTables)
      children.push({
        table,
        rows: (await pool.query(`SELECT * FROM "${table}" WHERE "tipId" = $1`, [template.id])).rows,
      });
    const sequence = (
      await one(
        `SELECT relname FROM pg_class WHERE relkind = 'S' AND relname LIKE 'TipReference_%' ORDER BY relname DESC LIMIT 1`,
      )
    )?.relname;
    if (!sequence) throw new Error("no reference sequence");
    const year = sequence.slice("TipReference_".length);
    const quote = (name) => `"${name}"`;
    const insertSql = (table, row) => {
      const columns = Object.keys(row);
      return `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`;
    };
    const writeOne = async (n) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const id = crypto.randomUUID();
        const { value } = (await client.query(`SELECT nextval('"${sequence}"') AS value`)).rows[0];
        const receipt = crypto.randomBytes(12).toString("hex");
        const now = new Date();
        const row = {
          ...template,
          id,
          reference: `AG-${year}-D${String(value).padStart(6, "0")}`,
          receiptHash: receiptHash(receipt, keys),
          descriptionCipher: encryptStored(`DIRECT-${n} ${texts[n % texts.length]}`, `tip:${id}:description`, keys),
          suspectsCipher:
            template.suspectsCipher === null
              ? null
              : encryptStored(`Agent ${n}, office near the bus stand`, `tip:${id}:suspects`, keys),
          createdAt: now,
          updatedAt: now,
        };
        await client.query(insertSql("Tip", row), Object.values(row));
        for (const { table, rows } of children) {
          for (const child of rows) {
            const copy = {
              ...child,
              id: crypto.randomUUID(),
              tipId: id,
              ...("createdAt" in child ? { createdAt: now } : {}),
            };
            await client.query(insertSql(table, copy), Object.values(copy));
          }
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    };
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) await writeOne(next++);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      count,
      seconds,
      perSecond: count / seconds,
      rowsPerTip: 1 + children.reduce((sum, { rows }) => sum + rows.length, 0),
      connections: Math.min(concurrency, count),
    };
  } finally {
    await pool.end();
  }
}

function directInsertRateSqlite(databaseFile, keys, count) {
  const db = new Sqlite(databaseFile, { fileMustExist: true });
  try {
    for (const pragma of ["journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 5000"])
      db.pragma(pragma);
    const template =
      db.prepare(`SELECT * FROM "Tip" WHERE "suspectsCipher" IS NOT NULL LIMIT 1`).get() ??
      db.prepare(`SELECT * FROM "Tip" LIMIT 1`).get();
    if (!template) throw new Error("no tip to copy");
    const childTables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'Tip'`)
      .all()
      .map(({ name }) => name)
      .filter((name) => db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = 'tipId'`).get(name));
    const children = childTables.map((table) => ({
      table,
      rows: db.prepare(`SELECT * FROM "${table}" WHERE "tipId" = ?`).all(template.id),
    }));
    const quote = (name) => `"${name}"`;
    const insertFor = (table, row) => {
      const columns = Object.keys(row);
      return db.prepare(
        `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      );
    };
    const insertTip = insertFor("Tip", template);
    const insertChild = new Map(
      children.filter(({ rows }) => rows.length).map(({ table, rows }) => [table, insertFor(table, rows[0])]),
    );
    const bump = db.prepare(
      `UPDATE "ReferenceCounter" SET value = value + 1 WHERE year = (SELECT max(year) FROM "ReferenceCounter") RETURNING value, year`,
    );
    const freshDate = (value) =>
      typeof value === "number"
        ? Date.now()
        : typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value)
          ? new Date().toISOString()
          : value;
    const writeOne = db.transaction((n) => {
      const id = crypto.randomUUID();
      const { value, year } = bump.get();
      const receipt = crypto.randomBytes(12).toString("hex");
      const row = {
        ...template,
        id,
        reference: `AG-${year}-D${String(value).padStart(6, "0")}`,
        receiptHash: receiptHash(receipt, keys),
        descriptionCipher: encryptStored(`DIRECT-${n} ${texts[n % texts.length]}`, `tip:${id}:description`, keys),
        suspectsCipher:
          template.suspectsCipher === null
            ? null
            : encryptStored(`Agent ${n}, office near the bus stand`, `tip:${id}:suspects`, keys),
        createdAt: freshDate(template.createdAt),
        updatedAt: freshDate(template.updatedAt),
      };
      insertTip.run(...Object.values(row));
      for (const { table, rows } of children) {
        for (const child of rows) {
          insertChild.get(table).run(
            ...Object.values({
              ...child,
              id: crypto.randomUUID(),
              tipId: id,
              ...("createdAt" in child ? { createdAt: freshDate(child.createdAt) } : {}),
            }),
          );
        }
      }
    });
    const started = performance.now();
    for (let n = 0; n < count; n++) writeOne(n);
    const seconds = (performance.now() - started) / 1000;
    return {
      count,
      seconds,
      perSecond: count / seconds,
      rowsPerTip: 1 + children.reduce((sum, { rows }) => sum + rows.length, 0),
    };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Figures

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Latency of the "sent" answer (the POST), all tips and per channel; with `field` "untilReceiptMs", of the
 * whole form tip, until the receipt page has arrived (tips whose receipt page failed are left out).
 */
export function latencySummary(results, field = "latencyMs") {
  const of = (list) => {
    const latencies = list
      .filter((result) => result.acknowledged && typeof result[field] === "number")
      .map((result) => result[field])
      .sort((a, b) => a - b);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN };
  };
  return {
    ...of(results),
    form: of(results.filter((result) => result.channel === "form")),
    api: of(results.filter((result) => result.channel === "api")),
  };
}

export function statusCounts(results) {
  const counts = {};
  for (const result of results) {
    const key = result.error ? `error:${result.error}` : String(result.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0 || value > 1_000_000) throw new Error(`--${name} must be a whole number`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------

/** The average size of a stored tip row in bytes (its text columns and about 150 bytes for the rest). */
async function averageTipRowBytes(database) {
  const sql = `SELECT avg(length("id") + length("reference") + length("receiptHash") + length("descriptionCipher") + coalesce(length("suspectsCipher"), 0)
    + coalesce(length("contactCipher"), 0) + length("routingReasons") + length("alsoNotify") + 150) AS bytes FROM "Tip"`;
  if (database.engine === "postgresql") {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return Math.round(Number((await client.query(sql)).rows[0].bytes));
    } finally {
      await client.end();
    }
  }
  const db = new Sqlite(database.file, { fileMustExist: true, readonly: true });
  try {
    return Math.round(Number(db.prepare(sql).get().bytes));
  } finally {
    db.close();
  }
}

/**
 * The minimal intake server (bench/intake-reference-server.mjs) on a new SQLite file, driven by the same client
 * as the app. `rows()` counts what it stored, to check that every 201 is a row.
 */
async function startReference(rowBytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-intake-reference-"));
  const file = path.join(dir, "reference.db");
  const port = await freePort();
  const child = await startedServer(
    ["bench/intake-reference-server.mjs", String(port), file, String(rowBytes)],
    { cwd: root },
    "the reference server",
  );
  return {
    baseURL: `http://127.0.0.1:${port}`,
    peakRssMb: () => peakRssMb(child.pid),
    pid: () => child.pid,
    rows: () => {
      const db = new Sqlite(file, { readonly: true });
      try {
        return db.prepare(`SELECT count(*) AS n FROM "ReferenceTip"`).get().n;
      } finally {
        db.close();
      }
    },
    stop: () => {
      child.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A Node.js server of the bench's own, started and ready once it prints its first line; killed when the bench
 * exits, whatever happens.
 * @param {string[]} args @param {{ cwd: string, env?: NodeJS.ProcessEnv }} options @param {string} what
 */
async function startedServer(args, options, what) {
  const child = spawn(process.execPath, args, { ...options, stdio: ["ignore", "pipe", "inherit"] });
  process.once("exit", () => child.exitCode === null && child.kill("SIGKILL"));
  await new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("exit", () => reject(new Error(`${what} did not start`)));
  });
  return child;
}

/**
 * The Remix floor (bench/remix-floor): Express and Remix with the report form's request shape and none of the
 * app's work, built here when missing or older than its sources. What a form tip costs on it is what the fixed
 * stack costs before the app does anything (docs/performance.md).
 */
async function startFloor() {
  const dir = path.join(root, "bench/remix-floor");
  const built = path.join(dir, "build/index.js");
  const sources = [
    "remix.config.js",
    "../../remix.config.js",
    "app/root.tsx",
    "app/entry.server.tsx",
    ...fs.readdirSync(path.join(dir, "app/routes")).map((name) => `app/routes/${name}`),
  ];
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  if (sources.some((source) => fs.statSync(path.join(dir, source)).mtimeMs > builtAt)) {
    const cli = path.join(
      path.dirname(createRequire(import.meta.url).resolve("@remix-run/dev/package.json")),
      "dist/cli.js",
    );
    execFileSync(process.execPath, [cli, "build"], {
      cwd: dir,
      stdio: "pipe",
      env: { ...process.env, NODE_ENV: "production" },
    });
  }
  const port = await freePort();
  const child = await startedServer(
    [path.join(dir, "server.mjs")],
    { cwd: dir, env: { ...process.env, PORT: String(port), NODE_ENV: "production" } },
    "the Remix floor server",
  );
  return {
    baseURL: `http://127.0.0.1:${port}`,
    pid: () => child.pid,
    peakRssMb: () => peakRssMb(child.pid),
    stop: () => child.kill("SIGKILL"),
  };
}

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor((values.length - 1) / 2)];

const fixed = (value, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value) ? "?" : value.toFixed(digits);

/** CPU time a process has used, all its threads (Linux: utime + stime in /proc/PID/stat), in seconds; 0 when gone. */
function processCpuSeconds(pid) {
  try {
    const fields = procStatFields(`/proc/${pid}/stat`);
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}
const ticksPerSecond = 100; // USER_HZ on Linux

/**
 * CPU time of every process named `name` (PostgreSQL's server and its backends), in seconds, with that of their
 * children that have ended (a connection's backend ends with it: its time moves to the server's cutime/cstime).
 */
function cpuSecondsOfProcessesNamed(name) {
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== name) continue;
      const fields = procStatFields(`/proc/${entry}/stat`);
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
    } catch {
      // ended meanwhile
    }
  }
  return total;
}

/** The whole machine's busy and total CPU time since boot (/proc/stat), in seconds. */
function machineCpuSeconds() {
  // user nice system idle iowait irq softirq steal; guest and guest_nice are counted in user and nice already.
  const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
  return { busy: (total - idle) / ticksPerSecond, total: total / ticksPerSecond };
}

/**
 * Where the CPU went while a phase ran: each role's share of one core (1.0 = a whole core busy) and the machine's
 * busy share of all its cores. Shows whether the app, the client or the database (or the machine) was the limit.
 * @param {{ app: () => (number | undefined)[]; reference?: () => number | undefined }} pids
 */
function cpuMeter(pids) {
  const take = () => ({
    at: performance.now(),
    app: pids.app().map((pid) => (pid ? processCpuSeconds(pid) : 0)),
    reference: pids.reference?.() ? processCpuSeconds(pids.reference()) : 0,
    client: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    postgres: cpuSecondsOfProcessesNamed("postgres"),
    machine: machineCpuSeconds(),
  });
  const totals = { seconds: 0, app: [], reference: 0, client: 0, postgres: 0, machineBusy: 0, machineTotal: 0 };
  return {
    /** Measures `phase`, adding to this meter's totals. */
    async measure(phase) {
      const before = take();
      const result = await phase();
      const after = take();
      totals.seconds += (after.at - before.at) / 1000;
      after.app.forEach((value, index) => (totals.app[index] = (totals.app[index] ?? 0) + value - before.app[index]));
      totals.reference += after.reference - before.reference;
      totals.client += after.client - before.client;
      totals.postgres += after.postgres - before.postgres;
      totals.machineBusy += after.machine.busy - before.machine.busy;
      totals.machineTotal += after.machine.total - before.machine.total;
      return result;
    },
    /** Shares of one core over the measured time, and the machine's busy share. */
    shares() {
      const of = (seconds) => (totals.seconds > 0 ? seconds / totals.seconds : 0);
      return {
        app: totals.app.map(of),
        reference: of(totals.reference),
        client: of(totals.client),
        postgres: of(totals.postgres),
        machineBusy: totals.machineTotal > 0 ? totals.machineBusy / totals.machineTotal : 0,
        cores: os.cpus().length,
      };
    },
  };
}

async function main() {
  const total = option("tips", 5_000);
  const formTips = option("form-tips", 1_000);
  const concurrency = option("concurrency", 50);
  const directCount = option("direct", 0);
  const warmUp = option("warm-up", 300);
  const instances = Math.max(1, option("instances", 1));
  const rounds = Math.max(1, option("rounds", 5));
  const cpuQuotaIndex = process.argv.indexOf("--cpu-quota");
  const cpuQuota = cpuQuotaIndex >= 0 ? Number(process.argv[cpuQuotaIndex + 1]) : 0;
  if (!(cpuQuota >= 0 && cpuQuota <= os.cpus().length))
    throw new Error("--cpu-quota must be a share of a core, e.g. 0.4");
  const profile = process.argv.includes("--cpu-prof");
  const nodeArgs = repeatedOption("node-arg");
  const extraEnv = Object.fromEntries(
    repeatedOption("server-env").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
  const runId = crypto.randomBytes(3).toString("hex");
  const keys = freshKeys();
  const engine = benchEngine();
  if (instances > 1 && engine !== "postgresql")
    throw new Error("--instances 2 needs --engine postgresql (one writing process per SQLite file)");
  ensureBuild();
  const postgres = engine === "postgresql" ? await benchPostgres("load") : null;
  /** @type {Awaited<ReturnType<typeof benchServer>>[]} */
  const servers = [];
  /** @type {ReturnType<typeof limitCpu>[]} */
  const quotas = [];
  let exitCode = 1;
  try {
    const profileDir = profile ? fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-intake-profile-")) : null;
    for (let index = 0; index < instances; index++) {
      servers.push(
        await benchServer({
          keys,
          label: index === 0 ? "load" : `load-${index + 1}`,
          postgresUrl: postgres?.url,
          prepare: index === 0,
          nodeArgs: [...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []), ...nodeArgs],
          extraEnv,
        }),
      );
    }
    const database = await engineLine(engine, postgres);
    console.log(
      `Tip intake: ${total} tips through POST /api/v1/tips, then ${formTips} through the report form, ${concurrency} concurrent connections, ` +
        `${instances} app instance(s)${cpuQuota > 0 ? `, each limited to ${cpuQuota} of a core` : ""}, production build on 127.0.0.1, taking turns in ${rounds} rounds with the minimal reference server (the same number of API tips).\n${database}\n${machine()}\n`,
    );
    for (const server of servers) await server.start();
    if (cpuQuota > 0)
      servers.forEach((server, index) => quotas.push(limitCpu(Number(server.pid()), cpuQuota, `load-${index + 1}`)));
    // Idle: started, one page served (the start check), nothing else yet.
    await sleep(2_000);
    const idleRss = servers.map((server) => server.rssMb());
    // The reference's row is as large as the app's: a first tip through the app tells its size.
    const sizing = await sendTips({
      baseURL: () => servers[0].baseURL,
      runId,
      total: 20,
      concurrency: 1,
      first: 9_000,
      channel: "api",
    });
    const rowBytes = await averageTipRowBytes(servers[0].database);
    const reference = await startReference(rowBytes);
    // Connection loop w sends to instance w mod n.
    const spread = (n, w) => servers[w % servers.length].baseURL;
    const warm = await sendTips({ baseURL: spread, runId, total: warmUp, concurrency, first: 0, channel: "api" });
    await sendTips({
      baseURL: () => reference.baseURL,
      runId: `${runId}w`,
      total: warmUp,
      concurrency,
      first: 40_000,
      channel: "api",
    });
    // App and reference take turns, a share of the tips each round: the other work on a shared machine changes
    // from minute to minute, so each round's ratio compares the two under the same conditions.
    const apiRounds = [];
    const referenceRounds = [];
    const appCpu = cpuMeter({ app: () => servers.map((server) => server.pid()) });
    const referenceCpu = cpuMeter({ app: () => [], reference: () => reference.pid() });
    for (let round = 0; round < rounds; round++) {
      const share = Math.floor(total / rounds) + (round < total % rounds ? 1 : 0);
      const offset = round * Math.ceil(total / rounds);
      apiRounds.push(
        await appCpu.measure(() =>
          sendTips({ baseURL: spread, runId, total: share, concurrency, first: 10_000 + offset, channel: "api" }),
        ),
      );
      referenceRounds.push(
        await referenceCpu.measure(() =>
          sendTips({
            baseURL: () => reference.baseURL,
            runId: `${runId}r`,
            total: share,
            concurrency,
            first: 50_000 + offset,
            channel: "api",
          }),
        ),
      );
    }
    const combine = (phases) => ({
      results: phases.flatMap((phase) => phase.results),
      seconds: phases.reduce((sum, phase) => sum + phase.seconds, 0),
    });
    const perSecondOf = (phase) => phase.results.filter((result) => result.acknowledged).length / phase.seconds;
    const api = combine(apiRounds);
    const referenceRun = combine(referenceRounds);
    const roundRatios = apiRounds.map((phase, index) => perSecondOf(phase) / perSecondOf(referenceRounds[index]));
    const peakRssAfterApi = servers.map((server) => server.peakRssMb());
    const formCpu = cpuMeter({ app: () => servers.map((server) => server.pid()) });
    const form = await formCpu.measure(() =>
      sendTips({ baseURL: spread, runId, total: formTips, concurrency, first: 20_000, channel: "form" }),
    );
    // The same form tips, the same client, against the Remix floor: the stack's own cost in this run.
    const floor = await startFloor();
    const floorCpu = cpuMeter({ app: () => [floor.pid()] });
    const floorRun = await floorCpu.measure(() =>
      sendTips({
        baseURL: () => floor.baseURL,
        runId: `${runId}f`,
        total: formTips,
        concurrency,
        first: 60_000,
        channel: "form",
      }),
    );
    const floorPeakRss = floor.peakRssMb();
    floor.stop();
    // Counted as the app's rate is: answers "sent" (302), whether or not the receipt page then came.
    const floorPerSecond = floorRun.results.filter((result) => result.acknowledged).length / floorRun.seconds;
    const results = [...sizing.results, ...warm.results, ...api.results, ...form.results];
    const referenceStored = reference.rows() - warmUp;
    const referencePeakRss = reference.peakRssMb();
    reference.stop();
    const acknowledged = results.filter((result) => result.acknowledged);
    const withReceipt = acknowledged.filter((result) => result.receipt);
    // Each receipt opens its case (with two instances, on the one that did not store it).
    const otherThan = (url) => (servers.find((instance) => instance.baseURL !== url) ?? servers[0]).baseURL;
    // --no-follow-up: for profiling runs, whose profile should hold the intake alone.
    const follow = process.argv.includes("--no-follow-up")
      ? { opened: withReceipt.length, failures: [], skipped: true }
      : await openFollowUps(
          (index) => otherThan(withReceipt[index].via),
          withReceipt.map((result) => result.receipt),
          concurrency,
        );
    const peakRss = servers.map((server) => server.peakRssMb());
    for (const server of servers) await server.stop();

    const stored = await readStoredTips(servers[0].database, keys);
    const check = checkAcknowledged(acknowledged, stored, keys);
    const direct = directCount > 0 ? await directInsertRate(servers[0].database, keys, directCount, concurrency) : null;
    const apiPerSecond = api.results.filter((result) => result.acknowledged).length / api.seconds;
    const formPerSecond = form.results.filter((result) => result.acknowledged).length / form.seconds;
    const apiLatency = latencySummary(api.results);
    const formLatency = latencySummary(form.results);
    const formUntilReceipt = latencySummary(form.results, "untilReceiptMs");
    const summary = {
      tips: {
        sent: results.length,
        acknowledged: acknowledged.length,
        receiptsShown: withReceipt.length,
        found: check.found,
        rowsInDatabase: stored.rows,
      },
      statuses: statusCounts(results),
      api: { tips: total, seconds: api.seconds, perSecond: apiPerSecond, latencyMs: apiLatency },
      form: {
        tips: formTips,
        seconds: form.seconds,
        perSecond: formPerSecond,
        latencyMs: formLatency,
        untilReceiptMs: formUntilReceipt,
        connection: connectionPerRequest ? "one per request" : "one per tip (keep-alive, as a browser)",
      },
      remixFloor: {
        tips: formTips,
        seconds: floorRun.seconds,
        perSecond: floorPerSecond,
        latencyMs: latencySummary(floorRun.results),
        untilReceiptMs: latencySummary(floorRun.results, "untilReceiptMs"),
        peakRssMb: floorPeakRss,
        appToFloor: formPerSecond / floorPerSecond,
      },
      reference: {
        tips: total,
        acknowledged: referenceRun.results.filter((result) => result.acknowledged).length,
        rows: referenceStored,
        perSecond: perSecondOf(referenceRun),
        latencyMs: latencySummary(referenceRun.results),
        peakRssMb: referencePeakRss,
        rowBytes,
      },
      apiToReference: apiPerSecond / perSecondOf(referenceRun),
      roundRatios,
      rounds,
      cpu: { api: appCpu.shares(), reference: referenceCpu.shares(), form: formCpu.shares(), floor: floorCpu.shares() },
      peakRssMb: peakRss,
      idleRssMb: idleRss,
      peakRssAfterApiMb: peakRssAfterApi,
      nodeArgs,
      extraEnv,
      followUp: { tried: withReceipt.length, opened: follow.opened, failures: follow.failures.slice(0, 10) },
      missing: check.missing.slice(0, 20),
      wrongReceipt: check.wrongReceipt.slice(0, 20),
      unreadable: stored.unreadable,
      integrity: stored.integrity,
      integrityDetails: stored.integrityDetails,
      journal: stored.journal,
      engine,
      instances,
      cpuQuota,
      database,
      directInsert: direct,
      concurrency,
    };
    const ok =
      acknowledged.length === results.length &&
      check.missing.length === 0 &&
      check.wrongReceipt.length === 0 &&
      stored.unreadable === 0 &&
      stored.rows === acknowledged.length &&
      follow.opened === withReceipt.length &&
      withReceipt.length === acknowledged.length &&
      stored.integrity === "ok" &&
      referenceStored === summary.reference.acknowledged;
    const line = (label, perSecond, latency, rss) =>
      `${label.padEnd(34)} ${fixed(perSecond).padStart(8)} tips/s   p50 ${fixed(latency.p50).padStart(6)} ms   p99 ${fixed(latency.p99).padStart(6)} ms   max ${fixed(latency.max).padStart(6)} ms   peak RSS ${rss}`;
    console.log(
      [
        line(
          `app, JSON API (${instances} instance${instances > 1 ? "s" : ""})`,
          apiPerSecond,
          apiLatency,
          peakRss.map((mb) => `${fixed(mb, 0)} MB`).join(" / "),
        ),
        line("app, report form, POST answered", formPerSecond, formLatency, "(same processes)"),
        line("app, report form, receipt page in", formPerSecond, formUntilReceipt, "(same processes)"),
        line(
          "Remix floor, POST answered",
          floorPerSecond,
          summary.remixFloor.latencyMs,
          `${fixed(floorPeakRss, 0)} MB`,
        ),
        line("Remix floor, receipt page in", floorPerSecond, summary.remixFloor.untilReceiptMs, "(same process)"),
        `app form / Remix floor = ${summary.remixFloor.appToFloor.toFixed(2)} (the floor: Express and Remix, a form action that reads the body and redirects, a one-line receipt page, no compression; none of the app's work); floor receipts shown ${floorRun.results.filter((result) => result.receipt).length} of ${formTips}`,
        line(
          "reference (http + one insert)",
          summary.reference.perSecond,
          summary.reference.latencyMs,
          `${fixed(referencePeakRss, 0)} MB`,
        ),
        `app RSS: idle ${idleRss.map((mb) => `${fixed(mb, 0)} MB`).join(" / ")}, peak after the API phase ${peakRssAfterApi.map((mb) => `${fixed(mb, 0)} MB`).join(" / ")}, peak in all ${peakRss.map((mb) => `${fixed(mb, 0)} MB`).join(" / ")}` +
          (nodeArgs.length || Object.keys(extraEnv).length
            ? ` (server run with ${[...Object.entries(extraEnv).map(([k, v]) => `${k}=${v}`), ...nodeArgs].join(" ")})`
            : ""),
        `app API / reference = ${summary.apiToReference.toFixed(2)} overall; by round ${roundRatios.map((ratio) => ratio.toFixed(2)).join(", ")} (median ${median(roundRatios).toFixed(2)}); ` +
          `reference row ${rowBytes} bytes, as the app's average tip row; the load client shares the machine`,
        ...cpuLines(summary.cpu, engine),
        cpuQuota > 0
          ? `each app instance limited to ${cpuQuota} of a core (a control group; the reference and the Remix floor are not, so their ratios above compare unlike servers); held back by it in ${quotas
              .map(({ throttled }) => {
                const { periods, throttled: held } = throttled();
                return `${fixed((100 * held) / Math.max(1, periods), 0)} %`;
              })
              .join(" / ")} of its 10 ms periods`
          : null,
        direct
          ? `direct inserts of the app's rows (${engine === "postgresql" ? `pg, ${direct.connections} connections` : "better-sqlite3, one writer"}, one transaction a tip): ${direct.perSecond.toFixed(1)} tips/s`
          : null,
        `sent ${results.length} (${sizing.results.length + warmUp} warm-up, ${total} API, ${formTips} form), acknowledged ${acknowledged.length} (${JSON.stringify(summary.statuses)}), receipts shown ${withReceipt.length}`,
        `in the database: ${stored.rows} tips; acknowledged and found ${check.found}; unreadable ${stored.unreadable}; integrity ${stored.integrity}; reference server: ${referenceStored} rows for ${summary.reference.acknowledged} answers 201`,
        follow.skipped
          ? "follow-up: not checked (--no-follow-up)"
          : `follow-up${instances > 1 ? ", each on the other instance" : ""}: ${follow.opened} of ${withReceipt.length} receipts opened their case`,
        stored.integrityDetails ? `integrity checks: ${Object.values(stored.integrityDetails).join("; ")}` : null,
        profileDir ? `CPU profiles: ${profileDir} (node bench/profile-summary.mjs ${profileDir})` : null,
        ok ? "PASS: no acknowledged tip lost" : "FAIL: see above",
      ]
        .filter((text) => text !== null)
        .join("\n"),
    );
    console.log(
      `Saved ${saveResult(`load-intake-${engine === "postgresql" ? "postgresql-" : ""}${new Date().toISOString().replace(/[:.]/g, "-")}.json`, { ...summary, ok, machine: machine() })}`,
    );
    exitCode = ok ? 0 : 1;
  } finally {
    for (const server of servers) {
      await server.stop();
      server.cleanUp();
    }
    for (const quota of quotas) quota.remove();
    await postgres?.close();
  }
  process.exit(exitCode);
}

/** One line per phase: each process's share of a core, and how busy the whole machine was. */
function cpuLines(cpu, engine) {
  const pct = (share) => `${Math.round(share * 100)} %`;
  const line = (label, shares, server) =>
    `CPU during ${label} (100 % = one core): ${server} ${shares.app.length ? shares.app.map(pct).join(" + ") : pct(shares.reference)}, ` +
    `load client ${pct(shares.client)}${engine === "postgresql" ? `, PostgreSQL ${pct(shares.postgres)}` : ""}; ` +
    `machine ${pct(shares.machineBusy)} busy of ${shares.cores} cores`;
  return [
    line("the app's API rounds", cpu.api, "app"),
    line("the reference's rounds", cpu.reference, "reference"),
    line("the form phase", cpu.form, "app"),
    line("the Remix floor's form phase", cpu.floor, "floor"),
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
