// The SMS channel on the production build (issue 15): its own server with SMS_GATEWAY_SECRET and SMS_NUMBER, a
// whole conversation over HTTP from a distinctive number in three forms, and the canary: the number is nowhere in
// the server's log (request log, errors, everything it printed), the SQLite file or its WAL. The public pages show
// the SMS number; the outbox is never served from the page cache.
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "../setup/postgres-server.mjs";

const root = path.resolve(__dirname, "../..");
const secret = crypto.randomBytes(24).toString("base64url");
const canaryForms = ["+923009876543", "923009876543", "03009876543", "3009876543"];

let baseURL = "";
let databaseFile = "";
let log = "";
let stop: () => Promise<void> = async () => {};

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-sms-e2e-"));
  databaseFile = path.join(dir, "sms.db");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    AAGAHI_DEMO: "1",
    DEMO_DATA: "0",
    DATABASE_URL: `file:${databaseFile}`,
    SECRETS_FILE: path.join(dir, "secrets.json"),
    SMS_GATEWAY_SECRET: secret,
    SMS_NUMBER: "+92 300 0001099",
  };
  execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env, stdio: "pipe" });
  const child = spawn(process.execPath, ["server/index.mjs"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };
  const deadline = Date.now() + 30_000;
  while (!log.includes("listening")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  baseURL = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await stop();
});

let messageId = 0;
async function text(from: string, message: string): Promise<string | null> {
  const response = await fetch(`${baseURL}/webhooks/sms/generic`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Gateway-Secret": secret },
    body: JSON.stringify({ id: `e2e-${++messageId}`, from, text: message, receivedAt: new Date().toISOString() }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { reply: string | null }).reply;
}

test("a conversation from the canary number files a tip and leaves the number in no log line, file or WAL", async () => {
  await text("+923009876543", "رپورٹ");
  await text("03009876543", "۱");
  await text("923009876543", "۱");
  await text("+923009876543", "۱");
  await text("+923009876543", "۱");
  await text("03009876543", "ایجنٹ نے دبئی کی نوکری کے لیے پیسے لیے اور پاسپورٹ رکھ لیے");
  await text("923009876543", "ختم");
  const receipt = await text("+923009876543", "۲");
  const reference = /AG-\d{4}-\d{6}/.exec(receipt ?? "")?.[0];
  expect(reference, String(receipt)).toBeDefined();
  // A malformed post and a wrong secret are refused without a trace of the number either.
  expect(
    (
      await fetch(`${baseURL}/webhooks/sms/generic`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Gateway-Secret": secret },
        body: '{"from":"+923009876543","text":',
      })
    ).status,
  ).toBe(400);
  expect(
    (
      await fetch(`${baseURL}/webhooks/sms/generic`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Gateway-Secret": "wrong" },
        body: JSON.stringify({ id: "w", from: "+923009876543", text: "REPORT" }),
      })
    ).status,
  ).toBe(401);

  await new Promise((resolve) => setTimeout(resolve, 300)); // the request log is written once per turn
  expect(log, "the request log is on and records the webhook").toMatch(/POST \/webhooks\/sms\/generic 200/);
  const files = Buffer.concat(
    [databaseFile, `${databaseFile}-wal`].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file)),
  ).toString("latin1");
  expect(files, "the scan reads what is stored").toContain(reference!);
  for (const form of canaryForms) {
    expect(log).not.toContain(form);
    expect(files).not.toContain(form);
  }
});

test("the get-help and report pages show the SMS number with the keyword, in both languages", async () => {
  for (const [page, keyword] of [
    ["/ur/get-help", "رپورٹ"],
    ["/en/get-help", "REPORT"],
    ["/ur/report", "رپورٹ"],
    ["/en/report", "REPORT"],
  ] as const) {
    const html = await (await fetch(`${baseURL}${page}`)).text();
    expect(html, page).toContain("+92 300 0001099");
    expect(html, page).toContain(keyword);
  }
});

test("the outbox needs the secret and is never cached", async () => {
  expect((await fetch(`${baseURL}/webhooks/sms/generic/outbox`)).status).toBe(401);
  const response = await fetch(`${baseURL}/webhooks/sms/generic/outbox`, { headers: { "X-Gateway-Secret": secret } });
  expect(response.status).toBe(200);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(await response.json()).toEqual({ messages: [] });
});
