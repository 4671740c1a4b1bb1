// Two app instances on one PostgreSQL, behind deploy/nginx.conf (or, where nginx cannot be found or installed,
// a small Node proxy that alternates the same way): nothing a reporter or an officer does may depend on which
// instance answers (issue 12; docs/decisions/019, 020). Each step below names the instance it goes through, and
// the proxy runs a reporter's whole visit in the browser.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findNginx } from "../../scripts/ensure-nginx.mjs";
import { databaseOnServer, freePort, startPostgresServer } from "../setup/postgres-server.mjs";
import { useBrowser } from "./browser";
import { demoPassword, postTip, signIn } from "./staff-pages";

const root = path.resolve(__dirname, "../..");
const { newPage, allowForeign } = useBrowser();

async function waitForAnswer(url: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`nothing answered at ${url}`);
}

interface Instance {
  url: string;
  child: ChildProcess;
  output: () => string;
}

async function startInstance(env: NodeJS.ProcessEnv): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ["server/index.mjs"], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForAnswer(`${url}/en`);
  return { url, child, output: () => output };
}

/** deploy/nginx.conf as shipped, with only what a test must change: its ports, no TLS, files in a temp folder. */
function testNginxConfig(shipped: string, dir: string, listenPort: number, instancePorts: number[]) {
  let config = shipped
    .replace(/^pid .*$/m, `pid ${dir}/nginx.pid;`)
    .replace(/^error_log .*$/m, `error_log ${dir}/error.log crit;`)
    // The port-80 server only redirects to https.
    .replace(/\n {2}server \{\n {4}listen 80;[\s\S]*?\n {2}\}\n/, "\n")
    .replace("listen 443 ssl;", `listen 127.0.0.1:${listenPort};`)
    .replace(/^\s*ssl_.*\n/gm, "")
    .replace(
      /^http \{$/m,
      [
        "http {",
        ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`),
      ].join("\n"),
    );
  const upstreamLines = config.match(/^\s*server 127\.0\.0\.1:\d+ .*$/gm) ?? [];
  if (upstreamLines.length !== 2) throw new Error("deploy/nginx.conf: expected two upstream server lines");
  upstreamLines.forEach(
    (line, index) =>
      (config = config.replace(line, line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${instancePorts[index]}`))),
  );
  for (const [pattern, what] of [
    [/listen 80;|listen 443|ssl_/, "TLS and the redirect"],
    [/3001|3002/, "the shipped instance ports"],
  ] as const) {
    if (pattern.test(config)) throw new Error(`deploy/nginx.conf changed shape: could not replace ${what}`);
  }
  return config;
}

interface Proxy {
  url: string;
  kind: "nginx" | "node";
  stop: () => Promise<void>;
}

async function startNginx(nginx: string, instancePorts: number[]): Promise<Proxy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-nginx-"));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const configFile = path.join(dir, "nginx.conf");
  fs.writeFileSync(
    configFile,
    testNginxConfig(fs.readFileSync(path.join(root, "deploy/nginx.conf"), "utf8"), dir, port, instancePorts),
  );
  execFileSync(nginx, ["-t", "-q", "-p", dir, "-c", configFile], { stdio: "pipe" });
  const child = spawn(nginx, ["-p", dir, "-c", configFile, "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForAnswer(`${url}/en`);
  return {
    url,
    kind: "nginx",
    stop: async () => {
      child.kill("SIGQUIT");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** Round-robin, one request each in turn, as nginx's default balancing does. */
async function startNodeProxy(instancePorts: number[]): Promise<Proxy> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const port = instancePorts[next++ % instancePorts.length];
    const upstream = http.request(
      { host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    kind: "node",
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Requests an instance has answered, from its request log (one line per request). */
const answeredRequests = (instance: Instance) =>
  instance
    .output()
    .split("\n")
    .filter((line) => /^(GET|POST|HEAD) \//.test(line)).length;

const randomKey = () => crypto.randomBytes(32).toString("base64");

describe("two app instances on one PostgreSQL database", () => {
  let stopPostgres: () => Promise<void> = async () => {};
  let a: Instance;
  let b: Instance;
  let proxy: Proxy;

  beforeAll(async () => {
    const postgres = await startPostgresServer();
    stopPostgres = postgres.stop;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      // A demo that shows two servers sharing one database: demo accounts, but keys from the environment,
      // the same for both (generated key files cannot be shared between servers).
      AAGAHI_DEMO: "1",
      DATABASE_URL: databaseOnServer(postgres.url, `aagahi_two_${crypto.randomBytes(4).toString("hex")}`),
      TIP_ENCRYPTION_KEYS: `k1:${randomKey()}`,
      RECEIPT_KEY: randomKey(),
      SECRETS_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-two-")), "unused-secrets.json"),
      TIPS_PER_HOUR_PER_CONNECTION: "1000",
    };
    // The release step, once, before the instances start.
    execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env, stdio: "pipe" });
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    const ports = [a, b].map((instance) => Number(new URL(instance.url).port));
    const nginx = findNginx();
    proxy = nginx ? await startNginx(nginx, ports) : await startNodeProxy(ports);
    if (!nginx) console.warn("nginx not found: balancing with the Node proxy instead of deploy/nginx.conf");
  }, 120_000);

  afterAll(async () => {
    await proxy?.stop();
    for (const instance of [a, b]) {
      if (!instance) continue;
      instance.child.kill("SIGTERM");
      await new Promise((resolve) => instance.child.once("exit", resolve));
    }
    await stopPostgres();
    // Neither instance may have failed a request or logged an error.
    for (const instance of [a, b].filter(Boolean)) {
      expect(instance.output()).not.toMatch(/ 5\d\d \d/);
      expect(instance.output()).not.toMatch(/Error:|Missing translation/);
    }
  });

  const allowInstances = () => [a.url, b.url, proxy.url].forEach((url) => allowForeign(url));

  const signInAt = (page: Page, base: string, email: string) => signIn(page, email, demoPassword, base);
  const apiTip = (base: string, body: Record<string, unknown>) =>
    postTip({ category: "fake_job_offer", ...body }, base);

  test("the report form posted to one instance shows its receipt on the other, both ways", async () => {
    for (const [postTo, readFrom] of [
      [a, b],
      [b, a],
    ] as const) {
      const form = new URLSearchParams({
        category: "fake_job_offer",
        crossesBorder: "yes",
        province: "punjab",
        district: "sialkot",
        country: "SA",
        victimAgeGroup: "adult",
        victimCount: "1",
        immediateDanger: "no",
        contactConsent: "no",
        description: "An agent took money for a job in Saudi Arabia and kept the passport.",
      });
      const posted = await fetch(`${postTo.url}/en/report`, { method: "POST", body: form, redirect: "manual" });
      expect(posted.status).toBe(302);
      const location = posted.headers.get("location")!;
      expect(location).toMatch(/^\/en\/report\/sent\?t=/);
      const shown = await fetch(`${readFrom.url}${location}`);
      expect(shown.status).toBe(200);
      const html = await shown.text();
      expect(html).toMatch(/data-reference[^>]*>\s*AG-\d{4}-\d{6}/);
      expect(html).toMatch(/data-receipt[^>]*>\s*[0-9A-Z]{4}(-[0-9A-Z]{4}){4}/);
    }
  });

  test("a tip sent through A is in the FIA queue seen through B, and the officer's message written through A reaches the reporter through B", async () => {
    allowInstances();
    const tip = await apiTip(a.url, {
      crossesBorder: "yes",
      province: "sindh",
      country: "OM",
      description: "Women promised salon work in Oman.",
    });
    expect(tip.routing.agency).toBe("fia");

    // Signed in through A; the session is in the database, so B knows it too (cookies ignore the port).
    const officer = await newPage({ javaScriptEnabled: false });
    await signInAt(officer, a.url, "fia.agent@aagahi.demo");
    await officer.goto(`${b.url}/staff?q=${tip.reference}`);
    await officer.locator(`tr[data-reference="${tip.reference}"] a`).click();
    await officer.waitForURL(/\/staff\/tips\//);
    const casePath = new URL(officer.url()).pathname;
    await officer.goto(`${a.url}${casePath}`);
    await officer.locator("#message").fill(`Written through A about ${tip.reference}: when do they travel?`);
    await officer.locator('form:has(input[name="intent"][value="message"]) button[type=submit]').click();
    await officer.waitForURL(/done=message/);

    const reporter = await newPage({ javaScriptEnabled: false });
    await reporter.goto(`${b.url}/en/follow-up`);
    await reporter.locator("#receipt").fill(tip.receipt);
    await reporter.locator("main form button[type=submit]").click();
    await reporter.waitForURL(/\/follow-up\/case\?t=/);
    expect(await reporter.locator('[data-author="agency"]').textContent()).toContain(
      `Written through A about ${tip.reference}`,
    );
    // The visit's link, opened on the other instance, is the same visit.
    const visit = new URL(reporter.url());
    await reporter.goto(`${a.url}${visit.pathname}${visit.search}`);
    expect(await reporter.locator('[data-author="agency"]').textContent()).toContain(
      `Written through A about ${tip.reference}`,
    );
  });

  test("a helpline an admin adds through A shows on B's public help page within 5 seconds", async () => {
    allowInstances();
    const number = `0800-${crypto.randomInt(10, 99)}-${crypto.randomInt(100, 999)}`;
    // B has the page in its cache first, so the test proves the change gets past it.
    for (let i = 0; i < 2; i++) expect(await (await fetch(`${b.url}/en/get-help`)).text()).not.toContain(number);

    const admin = await newPage({ javaScriptEnabled: false });
    await signInAt(admin, a.url, "admin@aagahi.demo");
    await admin.goto(`${a.url}/staff/helplines`);
    await admin.locator("#id").fill("two-instance-line");
    await admin.locator("#number").fill(number);
    await admin.locator("#nameEn").fill("Shelter line (two instances)");
    await admin.locator("#nameUr").fill("پناہ گاہ لائن");
    await admin.locator("#descriptionEn").fill("For women who have left a forced marriage.");
    await admin.locator("#descriptionUr").fill("ان خواتین کے لیے جو زبردستی کی شادی سے نکل آئی ہیں۔");
    await admin.locator("#sourceEn").fill("Test");
    await admin.locator("#sourceUr").fill("آزمائش");
    await admin.locator("#position").fill("9");
    await admin.locator('form:has(input[name="intent"][value="save"]) button[type=submit]').click();
    await admin.waitForURL(/done=saved/);
    const saved = Date.now();

    let seenAfterMs = -1;
    while (Date.now() - saved < 5_000) {
      if ((await (await fetch(`${b.url}/en/get-help`)).text()).includes(number)) {
        seenAfterMs = Date.now() - saved;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seenAfterMs, "B's help page shows the new helpline within 5 s").toBeGreaterThanOrEqual(0);
  });

  test("through the balancer a reporter's whole visit works, with requests answered by both instances", async () => {
    allowInstances();
    const before = { a: answeredRequests(a), b: answeredRequests(b) };
    const page = await newPage({ javaScriptEnabled: false });
    for (const path of ["/ur", "/en/fake-job-offers", "/en/report"])
      expect((await page.goto(`${proxy.url}${path}`))?.status()).toBe(200);
    for (const [name, value] of Object.entries({
      category: "bride_trafficking",
      crossesBorder: "no",
      province: "punjab",
      victimAgeGroup: "child",
      immediateDanger: "no",
      contactConsent: "no",
    })) {
      await page.locator(`input[name="${name}"][value="${value}"]`).check();
    }
    await page.locator("#district").selectOption("lahore");
    await page.locator("#description").fill("A girl of fifteen is to be married to a man who paid her father.");
    await page.locator("form#form button[type=submit]").click();
    await page.waitForURL(/\/report\/sent\?t=/);
    const receipt = (await page.locator("[data-receipt]").textContent())!.trim();
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    // Reloading asks again, likely of the other instance.
    await page.reload();
    expect((await page.locator("[data-receipt]").textContent())!.trim()).toBe(receipt);

    await page.goto(`${proxy.url}/en/follow-up`);
    await page.locator("#receipt").fill(receipt);
    await page.locator("main form button[type=submit]").click();
    await page.waitForURL(/\/follow-up\/case\?t=/);
    await page.reload();
    expect(await page.locator("[data-status]").getAttribute("data-status")).toBe("new");

    expect(answeredRequests(a) - before.a, `instance A answered through the ${proxy.kind} proxy`).toBeGreaterThan(0);
    expect(answeredRequests(b) - before.b, `instance B answered through the ${proxy.kind} proxy`).toBeGreaterThan(0);
  });
});
