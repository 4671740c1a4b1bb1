// Public page throughput, measured honestly (issue 13): `wrk`, a C load generator that one core drives far
// past any Node.js server here, against three servers answering /ur with the same bytes, in the same run:
//   nginx      the same bytes from disk (the practical ceiling),
//   bare Node  a plain `http` server sending the app's bytes and headers from memory (one Node process's ceiling),
//   app        the production build (server/index.mjs), its page cache warm.
// Goals: the app at least 0.8 of bare Node's requests/s, its p99 at most twice bare Node's, and its RSS under
// 250 MB throughout. Each round runs the three back to back; the summary takes medians, since the machine is shared.
// Per round it also prints, read from /proc: the app's CPU (share of one core, all threads); for the app and bare
// Node the CPU time per request, the kernel's part, the main thread's part, minor page faults, the main thread's
// context switches and the read and write system calls; wrk's own CPU; and how often the server ran on wrk's CPU.
// A slow round is then either more work per request (and where) or a server left waiting.
// Usage: node bench/throughput.mjs [--connections 100] [--duration 8] [--rounds 5] [--cpu-prof DIR] [--node-arg FLAG]...
// (--node-arg: a flag for the app's node, repeatable, to compare memory settings against a run without it)
// Installs Debian's wrk and nginx-light with apt-get when they are missing (needs root).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { ensureTool } from "./debian-tool.mjs";
import { freePort, machine, procStatFields, root, rssMb, saveResult, startApp, table } from "./lib.mjs";
import { parseWrk } from "./wrk.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const connections = option("connections", 100);
const duration = option("duration", 8);
const rounds = option("rounds", 5);
const goals = { ofBareNode: 0.8, p99TimesBareNode: 2, rssMb: 250 };

const wrk = ensureTool({ candidates: [process.env.WRK_PATH, "/usr/bin/wrk"], debianPackage: "wrk" });
const nginx = ensureTool({
  candidates: [process.env.NGINX_PATH, "/usr/sbin/nginx", "/usr/bin/nginx"],
  debianPackage: "nginx-light",
});
const nginxVersion = spawnSync(nginx, ["-v"], { encoding: "utf8" }).stderr.trim();

/** The raw body and headers a server sends for a URL and an Accept-Encoding. */
function fetchRaw(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: acceptEncoding ? { "Accept-Encoding": acceptEncoding } : {} }, (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ body: Buffer.concat(chunks), headers: response.headers, status: response.statusCode }),
        );
      })
      .on("error", reject);
  });
}

async function waitUntilServing(url, child, what) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await fetchRaw(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${what} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stopper(child, signal = "SIGTERM") {
  process.once("exit", () => child.exitCode === null && child.kill(signal));
  return async () => {
    if (child.exitCode === null) {
      child.kill(signal);
      await new Promise((resolve) => child.once("exit", resolve));
    }
  };
}

/** nginx on a free loopback port, one worker (the app is one process), no access log (the app keeps none). */
async function startNginx(dir) {
  const port = await freePort();
  const temp = (name) => path.join(dir, name);
  fs.writeFileSync(
    temp("nginx.conf"),
    `worker_processes 1;
daemon off;
pid ${temp("nginx.pid")};
error_log ${temp("error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=16 inactive=60s;
  client_body_temp_path ${temp("client_body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  server {
    listen 127.0.0.1:${port};
    location = /ur {
      alias ${temp("page.html")};
      default_type "text/html; charset=utf-8";
      gzip_static on;
      gzip_vary on;
    }
  }
}
`,
  );
  const child = spawn(nginx, ["-p", dir, "-e", temp("error.log"), "-c", temp("nginx.conf")], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}/ur`;
  await waitUntilServing(url, child, "nginx");
  return { url, pid: child.pid, stop: stopper(child, "SIGQUIT") };
}

async function startBareNode(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, "bench/bare-node-server.mjs"), String(port), dir], {
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}/ur`;
  await waitUntilServing(url, child, "the bare Node server");
  return { url, pid: child.pid, stop: stopper(child) };
}

/**
 * A process's CPU time so far, in ms, in user space and in the kernel (all its threads), and its minor page
 * faults; null once it is gone.
 */
function cpuMs(pid) {
  try {
    const fields = procStatFields(`/proc/${pid}/stat`);
    // The main thread alone: the one that runs JavaScript (garbage collection helpers and libuv run beside it).
    const main = procStatFields(`/proc/${pid}/task/${pid}/stat`);
    const mainStatus = readOrEmpty(`/proc/${pid}/task/${pid}/status`);
    const io = readOrEmpty(`/proc/${pid}/io`);
    const count = (/** @type {string} */ text, /** @type {string} */ name) =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? Number.NaN);
    return {
      user: Number(fields[11]) * 10,
      system: Number(fields[12]) * 10,
      main: (Number(main[11]) + Number(main[12])) * 10,
      minorFaults: Number(fields[7]),
      // The main thread's context switches: voluntary ones are waits for events (the loop had nothing to do).
      switches: count(mainStatus, "voluntary_ctxt_switches") + count(mainStatus, "nonvoluntary_ctxt_switches"),
      // read- and write-type system calls (read, writev...; not epoll or accept): more per request is smaller batches.
      syscalls: count(io, "syscr") + count(io, "syscw"),
    };
  } catch {
    return null;
  }
}

/**
 * A /proc file's text, or "" where it cannot be read (no I/O accounting, another user's process): its columns then
 * show NaN and the CPU columns stay.
 */
function readOrEmpty(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The CPU time, in ms, of this process's children that have ended and been waited for: the wrk runs. */
function waitedChildrenCpuMs() {
  const fields = procStatFields("/proc/self/stat");
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** The CPU a thread last ran on, or null once it is gone. */
function lastCpu(pid, tid) {
  try {
    return Number(procStatFields(`/proc/${pid}/task/${tid}/stat`)[36]);
  } catch {
    return null;
  }
}

/** wrk's load thread (-t1: one beside its main thread, which only waits). */
function wrkThread(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).find((tid) => tid !== String(pid)) ?? pid;
  } catch {
    return pid;
  }
}

/**
 * One wrk run; samples the server's RSS every 100 ms meanwhile, and reads the CPU time it used: whether a slow
 * round is a server doing more work per request or one waiting.
 */
async function measure(url, acceptEncoding, seconds, pid) {
  const cpuBefore = cpuMs(pid);
  const wrkCpuBefore = waitedChildrenCpuMs();
  let peakRssMb = rssMb(pid) ?? 0;
  let samples = 0;
  let samplesOnOneCpu = 0;
  /** @type {number | undefined} */
  let wrkPid;
  const sampler = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, rssMb(pid) ?? 0);
    const serverCpu = lastCpu(pid, pid);
    const wrkCpu = wrkPid === undefined ? null : lastCpu(wrkPid, wrkThread(wrkPid));
    if (serverCpu !== null && wrkCpu !== null) {
      samples++;
      if (serverCpu === wrkCpu) samplesOnOneCpu++;
    }
  }, 100);
  const wrkArgs = [
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    "--latency",
    ...(acceptEncoding ? ["-H", `Accept-Encoding: ${acceptEncoding}`] : []),
    url,
  ];
  const output = await new Promise((resolve, reject) => {
    const child = spawn(wrk, wrkArgs, { stdio: ["ignore", "pipe", "inherit"] });
    wrkPid = child.pid;
    let text = "";
    child.stdout.on("data", (chunk) => (text += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}`))));
  });
  clearInterval(sampler);
  const cpuAfter = cpuMs(pid);
  const wrkCpu = waitedChildrenCpuMs() - wrkCpuBefore;
  const measured = parseWrk(output);
  const used =
    cpuBefore === null || cpuAfter === null
      ? null
      : {
          user: cpuAfter.user - cpuBefore.user,
          system: cpuAfter.system - cpuBefore.system,
          main: cpuAfter.main - cpuBefore.main,
          minorFaults: cpuAfter.minorFaults - cpuBefore.minorFaults,
          switches: cpuAfter.switches - cpuBefore.switches,
          syscalls: cpuAfter.syscalls - cpuBefore.syscalls,
        };
  const perRequest = (/** @type {number} */ value) => (measured.requests ? (value * 1000) / measured.requests : null);
  return {
    ...measured,
    peakRssMb,
    cpuShare: used === null ? null : (used.user + used.system) / (seconds * 1000),
    cpuMicrosecondsPerRequest: used === null ? null : perRequest(used.user + used.system),
    systemMicrosecondsPerRequest: used === null ? null : perRequest(used.system),
    mainThreadMicrosecondsPerRequest: used === null ? null : perRequest(used.main),
    minorFaultsPerThousandRequests: used === null ? null : perRequest(used.minorFaults),
    switchesPerThousandRequests: used === null ? null : perRequest(used.switches),
    syscallsPerThousandRequests: used === null ? null : perRequest(used.syscalls),
    wrkMicrosecondsPerRequest: perRequest(wrkCpu),
    shareOnWrksCpu: samples ? samplesOnOneCpu / samples : null,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// `--cpu-prof DIR` writes the app's CPU profile there when it stops (docs/performance.md sums it by function).
const profileDir = args.includes("--cpu-prof") ? path.resolve(args[args.indexOf("--cpu-prof") + 1]) : null;
const extraNodeArgs = args.flatMap((arg, index) => (arg === "--node-arg" && args[index + 1] ? [args[index + 1]] : []));
const app = await startApp(
  {},
  { nodeArgs: [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...extraNodeArgs] },
);
const appUrl = `${app.baseURL}/ur`;
// The first request renders the page and fills the cache; every later reader gets the cached bytes.
await fetchRaw(appUrl);
await new Promise((resolve) => setTimeout(resolve, 500));
const identity = await fetchRaw(appUrl);
const gzipped = await fetchRaw(appUrl, "gzip");
if (gzipped.headers["content-encoding"] !== "gzip") throw new Error("the app did not answer gzip");
// Started, its page cache warm, no load yet.
const idleRssMb = rssMb(app.pid);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-throughput-"));
fs.chmodSync(dir, 0o755);
fs.writeFileSync(path.join(dir, "page.html"), identity.body, { mode: 0o644 });
fs.writeFileSync(path.join(dir, "page.html.gz"), gzipped.body, { mode: 0o644 });
// The bare server sends the app's own headers (CSP, caching, security headers), so only the work differs.
const sentHeaders = Object.fromEntries(
  Object.entries(identity.headers).filter(
    ([name]) =>
      !["date", "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"].includes(name),
  ),
);
fs.writeFileSync(path.join(dir, "headers.json"), JSON.stringify(sentHeaders));

const servers = [];
const results = [];
const scenarios = [
  { name: "no compression", acceptEncoding: null, bytes: identity.body.length },
  { name: "gzip", acceptEncoding: "gzip", bytes: gzipped.body.length },
];
const loadAtStart = os.loadavg()[0];
try {
  const web = await startNginx(dir);
  servers.push(web);
  const bare = await startBareNode(dir);
  servers.push(bare);
  for (const [name, server] of [
    ["nginx", web],
    ["bare Node", bare],
  ]) {
    const check = await fetchRaw(server.url, "gzip");
    if (!check.body.equals(gzipped.body)) throw new Error(`${name} does not send the app's gzip bytes`);
  }
  const targets = [
    { name: "app", url: appUrl, pid: app.pid },
    { name: "bareNode", url: bare.url, pid: bare.pid },
    { name: "nginx", url: web.url, pid: web.pid },
  ];
  for (const scenario of scenarios) {
    for (const target of targets) await measure(target.url, scenario.acceptEncoding, 2, target.pid); // warm-up: JIT, connections
    for (let round = 1; round <= rounds; round++) {
      const row = { scenario: scenario.name, bodyBytes: scenario.bytes, round };
      for (const target of targets)
        row[target.name] = await measure(target.url, scenario.acceptEncoding, duration, target.pid);
      results.push(row);
    }
  }
} finally {
  for (const server of servers) await server.stop();
  await app.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** One figure of the app and of bare Node in a round, "app / bare". */
const appAndBare = (/** @type {any} */ r, /** @type {(m: any) => number | null} */ pick, digits = 1) =>
  [r.app, r.bareNode].map((m) => (pick(m) ?? Number.NaN).toFixed(digits)).join(" / ");
const flag = (failed) => (failed ? " !" : "");
console.log(
  `\nThroughput of /ur: wrk, 1 thread, ${connections} connections, ${duration} s per run, ${rounds} round(s), all on this machine`,
);
console.log(machine());
console.log(`${nginxVersion}, 1 worker process; the app and the bare Node server are one Node.js process each\n`);
console.log(
  table([
    [
      "body",
      "round",
      "app req/s",
      "bare Node req/s",
      "nginx req/s",
      "app ÷ bare Node",
      "app p99 ms",
      "bare p99 ms",
      "nginx p99 ms",
      "app RSS MB",
      "app CPU",
      "CPU µs per request, app / bare",
      "of it in the kernel",
      "on the main thread",
      "page faults per 1,000",
      "errors",
    ],
    ...results.map((r) => [
      `${r.scenario} (${r.bodyBytes} B)`,
      String(r.round),
      r.app.requestsPerSecond.toFixed(0),
      r.bareNode.requestsPerSecond.toFixed(0),
      r.nginx.requestsPerSecond.toFixed(0),
      (r.app.requestsPerSecond / r.bareNode.requestsPerSecond).toFixed(2),
      r.app.p99Ms.toFixed(1),
      r.bareNode.p99Ms.toFixed(1),
      r.nginx.p99Ms.toFixed(1),
      r.app.peakRssMb.toFixed(0),
      r.app.cpuShare === null ? "?" : `${(r.app.cpuShare * 100).toFixed(0)} %`,
      appAndBare(r, (m) => m.cpuMicrosecondsPerRequest),
      appAndBare(r, (m) => m.systemMicrosecondsPerRequest),
      appAndBare(r, (m) => m.mainThreadMicrosecondsPerRequest),
      appAndBare(r, (m) => m.minorFaultsPerThousandRequests),
      ["app", "bareNode", "nginx"].map((name) => r[name].non2xx + r[name].socketErrors).join("/"),
    ]),
  ]),
);
console.log(
  "\nPer 1,000 requests, app / bare Node: the main thread's context switches and the read and write system calls " +
    "(fewer is larger batches); wrk's own CPU per request; how often the server's main thread was last on wrk's CPU",
);
console.log(
  table([
    ["body", "round", "context switches", "system calls", "wrk CPU µs per request", "on wrk's CPU"],
    ...results.map((r) => [
      r.scenario,
      String(r.round),
      appAndBare(r, (m) => m.switchesPerThousandRequests, 0),
      appAndBare(r, (m) => m.syscallsPerThousandRequests, 0),
      appAndBare(r, (m) => m.wrkMicrosecondsPerRequest),
      appAndBare(r, (m) => (m.shareOnWrksCpu === null ? null : m.shareOnWrksCpu * 100), 0) + " %",
    ]),
  ]),
);
const medians = scenarios.map((scenario) => {
  const runs = results.filter((r) => r.scenario === scenario.name);
  return {
    scenario: scenario.name,
    app: median(runs.map((r) => r.app.requestsPerSecond)),
    bareNode: median(runs.map((r) => r.bareNode.requestsPerSecond)),
    nginx: median(runs.map((r) => r.nginx.requestsPerSecond)),
    ofBareNode: median(runs.map((r) => r.app.requestsPerSecond / r.bareNode.requestsPerSecond)),
    ofNginx: median(runs.map((r) => r.app.requestsPerSecond / r.nginx.requestsPerSecond)),
    p99TimesBareNode: median(runs.map((r) => r.app.p99Ms / r.bareNode.p99Ms)),
    appP99Ms: median(runs.map((r) => r.app.p99Ms)),
    bareNodeP99Ms: median(runs.map((r) => r.bareNode.p99Ms)),
    peakRssMb: Math.max(...runs.map((r) => r.app.peakRssMb)),
    errors: runs.reduce((sum, r) => sum + r.app.non2xx + r.app.socketErrors, 0),
  };
});
console.log(
  `\nMedians (ratios are taken within each round, then the median; load average at start ${loadAtStart.toFixed(2)})`,
);
console.log(
  table([
    [
      "body",
      "app req/s",
      "bare Node",
      "nginx",
      `app ÷ bare Node (≥${goals.ofBareNode})`,
      "app ÷ nginx",
      `app p99 ÷ bare p99 (≤${goals.p99TimesBareNode})`,
      `peak app RSS MB (<${goals.rssMb})`,
      "app errors",
    ],
    ...medians.map((m) => [
      m.scenario,
      m.app.toFixed(0),
      m.bareNode.toFixed(0),
      m.nginx.toFixed(0),
      `${m.ofBareNode.toFixed(2)}${flag(m.ofBareNode < goals.ofBareNode)}`,
      m.ofNginx.toFixed(2),
      `${m.p99TimesBareNode.toFixed(1)} (${m.appP99Ms.toFixed(0)} / ${m.bareNodeP99Ms.toFixed(0)} ms)${flag(m.p99TimesBareNode > goals.p99TimesBareNode)}`,
      `${m.peakRssMb.toFixed(0)}${flag(m.peakRssMb >= goals.rssMb)}`,
      `${m.errors}${flag(m.errors > 0)}`,
    ]),
  ]),
);
console.log(
  `App RSS idle (page cache warm) ${idleRssMb?.toFixed(0)} MB${extraNodeArgs.length ? `; app run with ${extraNodeArgs.join(" ")}` : ""}`,
);
console.log(
  `\nFull results: ${saveResult("throughput.json", { tool: "wrk", connections, duration, rounds, loadAtStart, idleRssMb, extraNodeArgs, results, medians })}`,
);
