// `npm run postgres:embedded` (README, "Several servers on PostgreSQL") starts a PostgreSQL that answers at the
// URL it prints, keeps its data between runs, and stops cleanly on SIGTERM.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { freePort } from "../setup/postgres-server.mjs";

const root = path.resolve(__dirname, "../..");

let port = 0;
afterAll(() => {
  for (const leftover of [`aagahi-postgres-${port}`, `aagahi-postgres-${port}.password`])
    fs.rmSync(path.join(os.tmpdir(), leftover), { recursive: true, force: true });
});

async function run(): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ["scripts/embedded-postgres.mjs", "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = await Promise.race([
    new Promise<string>((resolve) => {
      const poll = setInterval(() => {
        const match = /^DATABASE_URL=(\S+)$/m.exec(output);
        if (match) {
          clearInterval(poll);
          resolve(match[1]!);
        }
      }, 50);
    }),
    exited.then((code) => Promise.reject(new Error(`exited ${code}: ${output}`))),
  ]);
  return { url, stop: () => (child.kill("SIGTERM"), exited) };
}

test("starts PostgreSQL at the printed URL, keeps its data, and stops on SIGTERM", async () => {
  port = await freePort();
  const first = await run();
  // The URL names the database the release step creates; the server's own maintenance database answers now.
  const maintenance = new URL(first.url);
  maintenance.pathname = "/postgres";
  let client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  await client.query("CREATE TABLE kept (value text)");
  await client.query("INSERT INTO kept VALUES ('still here')");
  await client.end();
  expect(await first.stop()).toBe(0);

  const second = await run();
  expect(second.url).toBe(first.url);
  client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  expect((await client.query("SELECT value FROM kept")).rows).toEqual([{ value: "still here" }]);
  await client.end();
  expect(await second.stop()).toBe(0);
}, 60_000);
