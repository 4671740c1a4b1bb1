import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "../setup/postgres-server.mjs";

const root = path.resolve(__dirname, "../..");

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    serverLogPath: string;
    /** The server's SQLite file and demo secrets, so tests can inspect storage and act as an agency. */
    databaseFile: string;
    secretsFile: string;
  }
}

async function waitForServer(url: string, timeoutMs: number) {
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

/** Starts the production build (run `npm run build` first) on a free port, logging to a file the tests read. */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(root, "build/index.js"))) {
    throw new Error("No production build: run `npm run build` (npm test does this) before the end-to-end tests.");
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-e2e-"));
  const databaseFile = path.join(dataDir, "e2e.db");
  const secretsFile = path.join(dataDir, "secrets.json");
  const serverEnv = {
    ...process.env,
    PORT: String(port),
    NODE_ENV: "production" as const,
    DATABASE_URL: `file:${databaseFile}`,
    SECRETS_FILE: secretsFile,
    // A demo server: generated keys and demo accounts are expected here (never in a real deployment).
    AAGAHI_DEMO: "1",
    // Every test's request comes from 127.0.0.1, as behind a proxy: one connection key for the whole suite, which
    // sends more than the default 20 tips an hour. The limit itself is tested in tests/unit/tip-intake.test.ts.
    TIPS_PER_HOUR_PER_CONNECTION: "1000",
  };
  execFileSync(process.execPath, ["scripts/prepare-db.mjs"], { cwd: root, env: serverEnv, stdio: "pipe" });
  const logDir = path.join(root, "test-results");
  fs.mkdirSync(logDir, { recursive: true });
  const serverLogPath = path.join(logDir, "e2e-server.log");
  const log = fs.openSync(serverLogPath, "w");
  const server = spawn(process.execPath, ["server/index.mjs"], {
    cwd: root,
    env: serverEnv,
    stdio: ["ignore", log, log],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  await waitForServer(`${baseURL}/ur`, 20_000);
  project.provide("baseURL", baseURL);
  project.provide("serverLogPath", serverLogPath);
  project.provide("databaseFile", databaseFile);
  project.provide("secretsFile", secretsFile);
  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    fs.closeSync(log);
  };
}
