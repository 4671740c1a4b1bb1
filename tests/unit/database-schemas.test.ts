// Issue 12 (docs/decisions/018): one source schema (SQLite) and a generated PostgreSQL schema, each with its own
// migrations. Runs in both test runs, so each engine's migrations are checked against its schema.
import { testEngine } from "../setup/database";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { postgresSchemaFrom, postgresSchemaState, sourceSchemaPath } from "../../scripts/postgres-schema.mjs";

const root = path.resolve(__dirname, "../..");

/** A schema without its comments, generator and datasource blocks: the models, enums and their attributes. */
function modelsOf(schema: string): string {
  return schema
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/(generator|datasource)\s+\w+\s*\{[^}]*\}/g, "")
    .replace(/\n\s*\n+/g, "\n")
    .trim();
}

test("prisma/postgresql/schema.prisma is up to date (run `npm run db:schema:postgres` after editing prisma/schema.prisma)", () => {
  const { expected, actual } = postgresSchemaState();
  expect(actual).toBe(expected);
});

test("the two schemas differ only in the provider and the generated client's folder", () => {
  const source = fs.readFileSync(sourceSchemaPath, "utf8");
  const postgres = fs.readFileSync(path.join(root, "prisma/postgresql/schema.prisma"), "utf8");
  expect(modelsOf(postgres)).toBe(modelsOf(source));
  expect(modelsOf(source)).toMatch(/model Tip \{/);
  expect(postgres).toMatch(/datasource db \{\s*provider = "postgresql"\s*\}/);
  expect(postgres).toMatch(/output\s*=\s*"\.\.\/\.\.\/generated\/prisma-pg"/);
  expect(source).toMatch(/datasource db \{\s*provider = "sqlite"\s*\}/);
});

test("the generator refuses a source schema whose header it does not recognise", () => {
  const source = fs.readFileSync(sourceSchemaPath, "utf8");
  expect(() => postgresSchemaFrom(source.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(
    /provider = "sqlite"/,
  );
  expect(() => postgresSchemaFrom(source.replace('"../generated/prisma"', '"../somewhere"'))).toThrow(/output/);
});

test(`the ${testEngine} migrations create exactly what its schema describes (no pending migration)`, () => {
  // Replays the migrations on a scratch database and compares the result with the schema; exit 2 = pending.
  const output = execFileSync(process.execPath, ["scripts/prisma-migrate.mjs", "check"], {
    cwd: root,
    encoding: "utf8",
    stdio: "pipe",
  });
  expect(output).toMatch(/Migrations match the schema/);
});
