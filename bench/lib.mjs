// Shared by the bench scripts: build if needed, start the production server on a free loopback port with
// its own temporary database, machine facts, and plain-text tables.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The public pages every budget is measured on. */
export const benchPages = [
  { name: "home", path: "" },
  { name: "topic", path: "/fake-job-offers" },
  { name: "law", path: "/law" },
  { name: "get help", path: "/get-help" },
  { name: "report", path: "/report" },
];

/** The awareness pages the service worker keeps (mirrors offlinePagePaths in app/browser-scripts/service-worker.ts). */
export const offlinePagePaths = [
  "",
  "/fake-job-offers",
  "/bride-trafficking",
  "/bonded-labour",
  "/child-trafficking",
  "/migrant-smuggling",
  "/law",
  "/safety",
  "/get-help",
  "/job-check",
];

/**
 * Body bytes a server sends for a URL with one Accept-Encoding (compressed size, without headers).
 * @param {string} url
 * @param {string} encoding
 * @returns {Promise<number>}
 */
export function transferSize(url, encoding) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "Accept-Encoding": encoding } }, (response) => {
        let bytes = 0;
        response.on("data", (chunk) => (bytes += chunk.length));
        response.on("end", () => resolve(bytes));
      })
      .on("error", reject);
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Builds when there is no build or the sources are newer (the same check `npm start` makes). */
export function ensureBuild() {
  const result = spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("build failed");
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not start at ${url}`);
}

/**
 * Starts `node server/index.mjs` (the production build) on 127.0.0.1 with a fresh database and demo keys in
 * a temporary folder, as tests/e2e/global-setup.ts does.
 * @param {Record<string, string>} [extraEnv]
 * @param {{ nodeArgs?: string[] }} [options] flags for the server's node (e.g. --cpu-prof, which NODE_OPTIONS refuses)
 */
export async function startApp(extraEnv = {}, { nodeArgs = [] } = {}) {
  ensureBuild();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-bench-"));
  const env = {
    ...process.env,
    NODE_ENV: "production",
    AAGAHI_DEMO: "1",
    // Listen on loopback only: benchmarks send traffic to this machine alone.
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: `file:${path.join(dir, "bench.db")}`,
    SECRETS_FILE: path.join(dir, "secrets.json"),
    ...extraEnv,
  };
  execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env, stdio: "pipe" });
  const logPath = path.join(dir, "server.log");
  const log = fs.openSync(logPath, "w");
  const child = spawn(process.execPath, [...nodeArgs, "server/index.mjs"], {
    cwd: root,
    env,
    stdio: ["ignore", log, log],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${baseURL}/ur`, 30_000);
  } catch (error) {
    child.kill("SIGTERM");
    console.error(fs.readFileSync(logPath, "utf8"));
    throw error;
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    fs.closeSync(log);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", () => child.exitCode === null && child.kill("SIGTERM"));
  return { baseURL, port, logPath, pid: child.pid, stop };
}

/**
 * A fontconfig file that hides every Nastaliq font installed on this machine (Debian's fonts-noto-core has
 * one), so Chromium behaves like a phone without one and downloads the web font. Pass it to Chromium as
 * FONTCONFIG_FILE.
 *
 * Until the web font arrives, Urdu is drawn in the phone's own Arabic-script font; on Android that is Noto
 * Naskh Arabic, which fonts-noto-core also installs. Without it, Chromium falls back to whatever has Arabic
 * glyphs (DejaVu Sans on a bare Debian) and layout-shift figures mean nothing for phones: say so. Set
 * PHONE_FONTS_DIR to a folder holding NotoNaskhArabic-Regular.ttf (e.g. taken from the fonts-noto-core
 * package with `apt-get download` and `dpkg-deb -x`) to measure without installing anything system-wide.
 */
export function fontconfigWithoutNastaliq() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-fonts-"));
  const file = path.join(dir, "fonts.conf");
  const extra = process.env.PHONE_FONTS_DIR ? `  <dir>${path.resolve(process.env.PHONE_FONTS_DIR)}</dir>\n` : "";
  fs.writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n` +
      `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
      extra +
      `  <selectfont><rejectfont><glob>*Nastaliq*</glob></rejectfont></selectfont>\n</fontconfig>\n`,
  );
  const families =
    spawnSync("fc-list", [":", "family"], { encoding: "utf8", env: { ...process.env, FONTCONFIG_FILE: file } })
      .stdout ?? "";
  const phoneFont = ["Noto Naskh Arabic", "Noto Sans Arabic"].find((family) => families.includes(family)) ?? null;
  if (!phoneFont) {
    console.warn(
      "warning: neither Noto Naskh Arabic nor Noto Sans Arabic is installed, so Urdu is first drawn in an unadjusted " +
        "fallback font, unlike on Android; install fonts-noto-core or set PHONE_FONTS_DIR (bench/lib.mjs).",
    );
  }
  return { file, phoneFont, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export { chromiumArgs } from "../scripts/ensure-chromium.mjs";

export function chromiumVersion() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const result = spawnSync(chromium, ["--version"], { encoding: "utf8" });
  return (result.stdout || "unknown").trim();
}

export function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return [
    `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory`,
    `Node.js ${process.version}, ${os.type()} ${os.release()}`,
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  ].join("\n");
}

/** Bytes as KB with one decimal (1 KB = 1,000 bytes, as budgets are usually stated). */
export function kb(bytes) {
  return (bytes / 1000).toFixed(1);
}

/** A plain table: the first row is the header. */
export function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const line = (row) =>
    row
      .map((cell, column) =>
        column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]),
      )
      .join("  ");
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** Writes a result file under bench/results (ignored by git) and says where. */
export function saveResult(name, data) {
  const dir = path.join(root, "bench/results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof data === "string" ? data : JSON.stringify(data, null, 2));
  return path.relative(root, file);
}

/** The fields of a /proc stat file after the process's name (which may itself hold ") "), from the state on. */
export function procStatFields(file) {
  const stat = fs.readFileSync(file, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The resident set now (Linux: VmRSS), in MB; null when unknown. */
export function rssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}
