// @ts-check
// prisma/postgresql/schema.prisma is GENERATED from prisma/schema.prisma: one schema cannot name two providers
// (docs/decisions/018-database-engine-by-url.md), so the models live in the SQLite schema and this copy differs
// only in its header (provider and the generated client's folder).
//
//   node scripts/postgres-schema.mjs           rewrite prisma/postgresql/schema.prisma
//   node scripts/postgres-schema.mjs --check   exit 2 when it is out of date
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const sourceSchemaPath = path.join(root, "prisma/schema.prisma");
export const postgresSchemaPath = path.join(root, "prisma/postgresql/schema.prisma");

const generatedNotice =
  "// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: edit that file, then run\n" +
  "// `npm run db:schema:postgres` and `DATABASE_URL=postgresql://... npm run db:migrate:dev -- NAME`.\n";

/**
 * The PostgreSQL schema for a SQLite source schema. Throws when the source's header is not the expected one,
 * so a change there cannot silently produce a schema for the wrong engine.
 * @param {string} source
 */
export function postgresSchemaFrom(source) {
  const provider = /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/;
  const output = /(generator\s+client\s*\{[^}]*output\s*=\s*)"\.\.\/generated\/prisma"/;
  if (!provider.test(source)) throw new Error('prisma/schema.prisma: datasource db with provider = "sqlite" not found');
  if (!output.test(source))
    throw new Error('prisma/schema.prisma: generator client with output = "../generated/prisma" not found');
  // The schema sits one folder deeper, so its client goes to generated/prisma-pg at the project root.
  return generatedNotice + source.replace(provider, '$1"postgresql"').replace(output, '$1"../../generated/prisma-pg"');
}

/** What the generated file should hold now, and what it holds. */
export function postgresSchemaState() {
  const expected = postgresSchemaFrom(fs.readFileSync(sourceSchemaPath, "utf8"));
  const actual = fs.existsSync(postgresSchemaPath) ? fs.readFileSync(postgresSchemaPath, "utf8") : null;
  return { expected, actual };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { expected, actual } = postgresSchemaState();
  if (process.argv.includes("--check")) {
    if (actual !== expected) {
      console.error("prisma/postgresql/schema.prisma is out of date: run `npm run db:schema:postgres`.");
      process.exit(2);
    }
    console.log("prisma/postgresql/schema.prisma matches prisma/schema.prisma.");
  } else if (actual !== expected) {
    fs.mkdirSync(path.dirname(postgresSchemaPath), { recursive: true, mode: 0o755 });
    fs.writeFileSync(postgresSchemaPath, expected, { mode: 0o644 });
    fs.chmodSync(postgresSchemaPath, 0o644);
    console.log("Wrote prisma/postgresql/schema.prisma.");
  }
}
