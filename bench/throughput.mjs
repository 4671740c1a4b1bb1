// Server throughput: autocannon against the production build's /ur and against nginx serving the very same
// bytes from disk, in the same run, with the same connections and duration. Both listen on 127.0.0.1 only.
// Usage: node bench/throughput.mjs [--connections 100] [--duration 10] [--rounds 3]
// Rounds alternate app and nginx runs; the summary takes the median of each, since the machine is shared.
// Installs Debian's nginx with apt-get when it is missing (needs root), and stops everything it started.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort, machine, saveResult, startApp, table } from "./lib.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const connections = option("connections", 100);
const duration = option("duration", 10);
const rounds = option("rounds", 3);
const goals = { ratio: 0.3, p99Ms: 100 };

function findNginx() {
  for (const candidate of ["/usr/sbin/nginx", "/usr/bin/nginx"]) if (fs.existsSync(candidate)) return candidate;
  return null;
}

/** Installs Debian's nginx without letting the package start a server of its own. */
function installNginx() {
  console.log("nginx is missing: installing Debian's package with apt-get.");
  const policy = "/usr/sbin/policy-rc.d";
  const ownPolicy = !fs.existsSync(policy);
  if (ownPolicy) fs.writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    const result = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "nginx"], { stdio: "inherit", env });
    if (result.status !== 0) throw new Error("apt-get install nginx failed");
  } finally {
    if (ownPolicy) fs.rmSync(policy, { force: true });
  }
  const nginx = findNginx();
  if (!nginx) throw new Error("nginx not found after installing it");
  return nginx;
}

/** The raw body the app sends for a URL and an Accept-Encoding, plus its Content-Type. */
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

/** nginx on a free loopback port, one worker, serving the app's /ur bytes (and their gzip twin) from disk. */
async function startNginx(nginx, identity, gzipped) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-nginx-"));
  fs.chmodSync(dir, 0o755);
  const www = path.join(dir, "www");
  fs.mkdirSync(www, { mode: 0o755 });
  fs.writeFileSync(path.join(www, "ur.html"), identity, { mode: 0o644 });
  fs.writeFileSync(path.join(www, "ur.html.gz"), gzipped, { mode: 0o644 });
  const temp = (name) => path.join(dir, name);
  const config = `
worker_processes 1;
daemon off;
pid ${temp("nginx.pid")};
error_log ${temp("error.log")} warn;
events { worker_connections 4096; }
http {
  # A strong reference: buffered access log (the app batches its log too), sendfile, open-file cache.
  access_log ${temp("access.log")} combined buffer=64k flush=1s;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=16 inactive=60s;
  open_file_cache_valid 60s;
  client_body_temp_path ${temp("client_body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  server {
    listen 127.0.0.1:${port};
    location = /ur {
      alias ${path.join(www, "ur.html")};
      default_type "text/html; charset=utf-8";
      gzip_static on;
      gzip_vary on;
      etag on;
    }
  }
}
`;
  fs.writeFileSync(temp("nginx.conf"), config);
  const child = spawn(nginx, ["-p", dir, "-e", temp("error.log"), "-c", temp("nginx.conf")], { stdio: "ignore" });
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const probe = await fetchRaw(`${baseURL}/ur`);
      if (probe.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`nginx did not start: ${fs.existsSync(temp("error.log")) ? fs.readFileSync(temp("error.log"), "utf8") : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.once("exit", () => child.exitCode === null && child.kill("SIGTERM"));
  return {
    baseURL,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGQUIT");
        await new Promise((resolve) => child.once("exit", resolve));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const clockTicks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** CPU seconds used so far by a process and its descendants (Linux /proc; null elsewhere). */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    let ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      for (const child of children ? children.split(" ") : []) ticks += (cpuSeconds(Number(child)) ?? 0) * clockTicks;
    }
    return ticks / clockTicks;
  } catch {
    return null;
  }
}

/** A measured run, with the server's CPU time per request: a figure the load generator does not cap. */
async function measure(url, headers, seconds, pid) {
  const before = cpuSeconds(pid);
  const result = await run(url, headers, seconds);
  const after = cpuSeconds(pid);
  const summary = summarise(result);
  summary.cpuMicrosecondsPerRequest = before === null || after === null ? null : ((after - before) * 1e6) / result.requests.total;
  return summary;
}

function run(url, headers, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, headers }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const nginx = findNginx() ?? installNginx();
const nginxVersion = spawnSync(nginx, ["-v"], { encoding: "utf8" }).stderr.trim();
const app = await startApp();
const url = `${app.baseURL}/ur`;
// The first request renders the page and fills the cache; serve what every later reader gets.
await fetchRaw(url);
await new Promise((resolve) => setTimeout(resolve, 500));
const identity = await fetchRaw(url);
const gzipped = await fetchRaw(url, "gzip");
if (gzipped.headers["content-encoding"] !== "gzip") throw new Error("the app did not answer gzip");
const web = await startNginx(nginx, identity.body, gzipped.body);

const scenarios = [
  { name: "no compression", headers: {}, bytes: identity.body.length },
  { name: "gzip", headers: { "accept-encoding": "gzip" }, bytes: gzipped.body.length },
];
const results = [];
try {
  const nginxCheck = await fetchRaw(`${web.baseURL}/ur`, "gzip");
  if (!nginxCheck.body.equals(gzipped.body)) throw new Error("nginx does not send the app's gzip bytes");
  for (const scenario of scenarios) {
    // Warm both servers (JIT, connection setup) before measuring.
    await run(url, scenario.headers, 3);
    await run(`${web.baseURL}/ur`, scenario.headers, 3);
    for (let round = 1; round <= rounds; round++) {
      const appResult = await measure(url, scenario.headers, duration, app.pid);
      const nginxResult = await measure(`${web.baseURL}/ur`, scenario.headers, duration, web.pid);
      results.push({ scenario: scenario.name, bodyBytes: scenario.bytes, round, app: appResult, nginx: nginxResult });
    }
  }
} finally {
  await web.stop();
  await app.stop();
}

function summarise(result) {
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    totalRequests: result.requests.total,
  };
}

console.log(`\nThroughput of /ur: ${connections} connections, ${duration} s per run, autocannon and the server on the same machine`);
console.log(machine());
console.log(`${nginxVersion}, 1 worker process (the app is one Node.js process)\n`);
console.log(
  table([
    ["body", "round", "app req/s", "nginx req/s", "ratio (>=0.3)", "app p50 ms", "app p99 ms (<100)", "nginx p99 ms", "errors/non-2xx"],
    ...results.map((r) => [
      `${r.scenario} (${r.bodyBytes} B)`,
      String(r.round),
      r.app.requestsPerSecond.toFixed(0),
      r.nginx.requestsPerSecond.toFixed(0),
      `${(r.app.requestsPerSecond / r.nginx.requestsPerSecond).toFixed(2)}${r.app.requestsPerSecond / r.nginx.requestsPerSecond < goals.ratio ? " !" : ""}`,
      String(r.app.p50Ms),
      `${r.app.p99Ms}${r.app.p99Ms >= goals.p99Ms ? " !" : ""}`,
      String(r.nginx.p99Ms),
      `${r.app.errors + r.app.timeouts}/${r.app.non2xx} | ${r.nginx.errors + r.nginx.timeouts}/${r.nginx.non2xx}`,
    ]),
  ]),
);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const medians = scenarios.map((scenario) => {
  const runs = results.filter((r) => r.scenario === scenario.name);
  const app = median(runs.map((r) => r.app.requestsPerSecond));
  const nginx = median(runs.map((r) => r.nginx.requestsPerSecond));
  const cpu = (side) => (runs.every((r) => r[side].cpuMicrosecondsPerRequest !== null) ? median(runs.map((r) => r[side].cpuMicrosecondsPerRequest)) : null);
  return {
    scenario: scenario.name,
    app,
    nginx,
    ratio: median(runs.map((r) => r.app.requestsPerSecond / r.nginx.requestsPerSecond)),
    appP99: median(runs.map((r) => r.app.p99Ms)),
    nginxP99: median(runs.map((r) => r.nginx.p99Ms)),
    appCpuUs: cpu("app"),
    nginxCpuUs: cpu("nginx"),
  };
});
console.log(`\nMedian of ${rounds} round(s). CPU µs/req is the server's own CPU time per answer: unlike req/s it does not
depend on how fast one autocannon process on this 2-core machine can send.`);
console.log(
  table([
    ["body", "app req/s", "nginx req/s", "ratio (>=0.3)", "app p99 ms (<100)", "nginx p99 ms", "app CPU µs/req", "nginx CPU µs/req"],
    ...medians.map((m) => [
      m.scenario,
      m.app.toFixed(0),
      m.nginx.toFixed(0),
      `${m.ratio.toFixed(2)}${m.ratio < goals.ratio ? " !" : ""}`,
      `${m.appP99}${m.appP99 >= goals.p99Ms ? " !" : ""}`,
      String(m.nginxP99),
      m.appCpuUs === null ? "n/a" : m.appCpuUs.toFixed(0),
      m.nginxCpuUs === null ? "n/a" : m.nginxCpuUs.toFixed(0),
    ]),
  ]),
);
console.log(`\nFull results: ${saveResult("throughput.json", { connections, duration, rounds, results, medians })}`);
