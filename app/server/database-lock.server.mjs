// @ts-check
// Work that must run once per database even when several app instances start together (migrations, seeding)
// holds a PostgreSQL advisory lock while it runs: a second process waits, then finds the work done
// (docs/decisions/020-what-instances-share.md). SQLite needs none: one process owns the file.
import pg from "pg";
import { engineOfUrl } from "./database-url.server.mjs";

/**
 * Advisory lock keys, one per kind of work, so a process holding one may start a step that takes another.
 * Arbitrary numbers, fixed forever: two releases must agree on them.
 */
export const advisoryLocks = Object.freeze({
  /** scripts/prisma-migrate.mjs deploy and dev. */
  migrate: 4_101_720_001,
  /** prisma/seed.ts: the directory and, in a demo, sample tips and accounts. */
  seed: 4_101_720_002,
  /** seedDirectory's own transaction (app/models/directory.server.ts), for callers other than the seed script. */
  directorySeed: 4_101_720_003,
});

/**
 * Runs `work` while holding the advisory lock `key` on the database `url` names, on a connection of its own
 * (session lock, released when `work` ends or the connection drops). On SQLite it simply runs `work`.
 * @template T
 * @param {string} url
 * @param {number} key
 * @param {string} doing what the work does, for the waiting message ("migrating")
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withDatabaseLock(url, key, doing, work) {
  if (engineOfUrl(url) !== "postgresql") return work();
  const client = new pg.Client({ connectionString: url });
  // A dropped connection must not crash the process; the work's own connections report the outage.
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query("SELECT pg_try_advisory_lock($1::bigint) AS locked", [key]);
    if (!rows[0]?.locked) {
      console.log(`Another process is ${doing} this database; waiting for it to finish.`);
      await client.query("SELECT pg_advisory_lock($1::bigint)", [key]);
    }
    return await work();
  } finally {
    // Ending the session releases the lock.
    await client.end().catch(() => {});
  }
}
