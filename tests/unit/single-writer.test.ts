// On SQLite only one process may write (prisma/orm#29933): the commands that write refuse while a live server
// has marked the database file as its own, and touch nothing.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";

const root = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-single-writer-"));
const databaseFile = path.join(dir, "aagahi.db");
// Stands in for the server: a live process whose pid the mark names.
const server = spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"]);
afterAll(() => {
  server.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

test.each([
  ["npm run keys:reencrypt", "scripts/reencrypt.ts", []],
  ["npm run staff:remove-demo", "scripts/remove-demo-accounts.ts", []],
  ["npm run staff:create-admin", "scripts/create-admin.ts", ["--email", "head@agency.gov.pk"]],
])("%s refuses while a server uses the SQLite file, and writes nothing", (command, script, args) => {
  fs.writeFileSync(`${databaseFile}.server-pid`, String(server.pid));
  const result = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", script, ...args], {
    cwd: root,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: `file:${databaseFile}`,
      SECRETS_FILE: path.join(dir, "secrets.json"),
      NODE_ENV: "test",
    },
  });
  expect(result.status, result.stderr).toBe(1);
  expect(result.stderr).toContain(`${command}: the server (process ${server.pid}) is using this SQLite database`);
  expect(fs.existsSync(databaseFile)).toBe(false);
  expect(fs.existsSync(path.join(dir, "secrets.json"))).toBe(false);
});

test("without a live server the mark is ignored (a stale mark from a crash does not block)", () => {
  const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  }).stdout;
  fs.writeFileSync(`${databaseFile}.server-pid`, gone);
  const result = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/create-admin.ts"], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: `file:${databaseFile}`, NODE_ENV: "test" },
  });
  // Past the guard: the usage message for the missing --email, not the refusal.
  expect(result.status).toBe(2);
  expect(result.stderr).toContain("usage: npm run staff:create-admin");
});
