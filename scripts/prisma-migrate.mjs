// Prisma migrations without Prisma's native schema engine, which cannot be downloaded here: the published WASM
// build of the same engine (@prisma/schema-engine-wasm, pinned to Prisma 7.10.0's engines) driven through a
// driver adapter. Reads and writes Prisma's own migrations format. DATABASE_URL chooses the engine
// (docs/decisions/018-database-engine-by-url.md):
//   file:...                      SQLite: prisma/schema.prisma and prisma/migrations (better-sqlite3 adapter)
//   postgres(ql)://...            PostgreSQL: the generated prisma/postgresql/schema.prisma and
//                                 prisma/postgresql/migrations (pg adapter)
//
//   node scripts/prisma-migrate.mjs deploy          apply pending migrations (creates the database)
//   node scripts/prisma-migrate.mjs create NAME     write a migration for schema changes
//   node scripts/prisma-migrate.mjs dev NAME        deploy, create, deploy
//   node scripts/prisma-migrate.mjs check           exit 2 when the schema has changes without a migration
//
// DATABASE_URL defaults to the app's database (see app/server/database-url.server.mjs).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as wasmBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { advisoryLocks, withDatabaseLock } from "../app/server/database-lock.server.mjs";
import { databaseUrl, engineOfUrl } from "../app/server/database-url.server.mjs";
import { secureDatabaseFiles } from "../app/server/private-files.server.mjs";
import { postgresSchemaState } from "./postgres-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [command, name] = process.argv.slice(2);
const url = databaseUrl();
const engineName = engineOfUrl(url);
const schemaPath = path.join(
  root,
  engineName === "postgresql" ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
);
const migrationsDir = path.join(path.dirname(schemaPath), "migrations");

function readSchema() {
  if (engineName !== "postgresql") return fs.readFileSync(schemaPath, "utf8");
  // Never migrate PostgreSQL from a stale copy of the models.
  const { expected, actual } = postgresSchemaState();
  if (actual !== expected)
    throw new Error("prisma/postgresql/schema.prisma is out of date: run `npm run db:schema:postgres`");
  return actual;
}

function sqliteAdapterFactory() {
  const factory = new PrismaBetterSqlite3({ url });
  // The engine replays migration files on a scratch database with executeRaw, which better-sqlite3 limits to
  // one statement: send whole scripts through executeScript instead.
  const acceptScripts = (adapter) => {
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) =>
      query.args?.length ? executeRaw(query) : (await adapter.executeScript(query.sql), 0);
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    connectToShadowDb: async () => acceptScripts(await factory.connectToShadowDb()),
  };
}

/** Connection settings for one database on the server DATABASE_URL names. */
function postgresConfig(database) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

const postgresDatabase = () => decodeURIComponent(new URL(url).pathname.slice(1));

/** Like Prisma's own migrate deploy: create the database when the server does not have it yet. */
async function createPostgresDatabaseIfMissing() {
  const pg = (await import("pg")).default;
  const probe = new pg.Client(postgresConfig(postgresDatabase()));
  try {
    await probe.connect();
    return;
  } catch (error) {
    if (error?.code !== "3D000") throw error; // 3D000: the database does not exist
  } finally {
    await probe.end().catch(() => {});
  }
  const admin = new pg.Client(postgresConfig("postgres"));
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${postgresDatabase().replaceAll('"', '""')}"`);
    console.log(`Created database ${postgresDatabase()}.`);
  } catch (error) {
    // Two instances starting together: the other one created it first (42P04, or 23505 from the catalog
    // when both CREATE DATABASE statements ran at the same moment).
    if (error?.code !== "42P04" && error?.code !== "23505") throw error;
  } finally {
    await admin.end();
  }
}

const pgCharType = 18; // PostgreSQL's one-byte "char", used by the catalog (pg_constraint.contype)
const pgTextType = 25;
const characterColumnType = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils 7.10.0

/**
 * adapter-pg 7.10.0 refuses catalog columns of type "char" ("Column type 'char' could not be deserialized"),
 * yet the engine reads pg_constraint.contype as a character when it inspects a database: report such columns
 * as Character, their values as text. Per call, so concurrent queries cannot mix up their columns.
 */
function readCatalogCharColumns(queryable) {
  const queryRaw = queryable.queryRaw;
  queryable.queryRaw = async (query) => {
    let charColumns = [];
    const call = Object.create(queryable, {
      performIO: {
        value: async (io) => {
          const result = await queryable.performIO(io);
          charColumns = result.fields.flatMap((field, index) => (field.dataTypeID === pgCharType ? [index] : []));
          for (const index of charColumns) result.fields[index].dataTypeID = pgTextType;
          return result;
        },
      },
    });
    const result = await queryRaw.call(call, query);
    for (const index of charColumns) result.columnTypes[index] = characterColumnType;
    return result;
  };
  if (typeof queryable.startTransaction === "function") {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => readCatalogCharColumns(await startTransaction(...args));
  }
  return queryable;
}

async function postgresAdapterFactory() {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const factory = new PrismaPg(postgresConfig(postgresDatabase()));
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => readCatalogCharColumns(await factory.connect()),
    // adapter-pg's own scratch database is unsafe (given a connection string it reuses the main database) and
    // cannot drop the database it is connected to: make a throwaway one and drop it from the main connection.
    async connectToShadowDb() {
      const admin = await factory.connect();
      const shadow = `prisma_shadow_${process.pid}_${Date.now()}`;
      await admin.executeScript(`CREATE DATABASE "${shadow}"`);
      const adapter = readCatalogCharColumns(await new PrismaPg(postgresConfig(shadow)).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${shadow}" WITH (FORCE)`);
        await admin.dispose();
      };
      return adapter;
    },
  };
}

function migrationsList() {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const directories = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: migrationsDir,
    shadowDbInitScript: "",
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    migrationDirectories: directories.map((directory) => ({
      path: directory,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(migrationsDir, directory, "migration.sql"), "utf8") },
      },
    })),
  };
}

const filters = { externalTables: [], externalEnums: [] };

// The engine reports a Rust panic through this global just before it aborts with "unreachable": print the
// reason (without the registry the binding itself crashes and hides it).
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => console.error("Schema engine panic:", message) };

async function startEngine(schema) {
  // Node 20 cannot import .wasm files: instantiate the module by hand, as Prisma's CLI does.
  const require = createRequire(import.meta.url);
  const wasmPath = path.join(
    path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
    "schema_engine_bg.wasm",
  );
  const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath)), {
    "./schema_engine_bg.js": wasmBindings,
  });
  wasmBindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return wasmBindings.SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    (line) => process.env.DEBUG && console.error(line),
    bindMigrationAwareSqlAdapterFactory(
      engineName === "postgresql" ? await postgresAdapterFactory() : sqliteAdapterFactory(),
    ),
  );
}

async function pendingSql(engine, schema) {
  const list = migrationsList();
  const from = list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" };
  const result = await engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
    script: true,
    exitCode: null,
    filters,
  });
  const sql = result.stdout ?? "";
  return !sql.trim() || sql.startsWith("-- This is an empty migration") ? null : sql;
}

async function create(engine, schema) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("a migration name in snake_case is required");
  const sql = await pendingSql(engine, schema);
  if (!sql) return console.log("No schema changes.");
  const last = migrationsList().migrationDirectories.at(-1)?.path.slice(0, 14);
  let timestamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  // Folders must sort strictly in creation order, even for two migrations in the same second.
  if (last && timestamp <= last) timestamp = String(BigInt(last) + 1n);
  const directory = path.join(migrationsDir, `${timestamp}_${name}`);
  // Source files, not data: readable like the rest of the repository despite the private umask.
  fs.mkdirSync(directory, { recursive: true, mode: 0o755 });
  fs.chmodSync(directory, 0o755);
  fs.writeFileSync(path.join(directory, "migration.sql"), sql);
  fs.chmodSync(path.join(directory, "migration.sql"), 0o644);
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  if (!fs.existsSync(lockPath)) {
    fs.writeFileSync(
      lockPath,
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${engineName}"\n`,
    );
  }
  console.log(`Created ${path.relative(root, directory)}`);
}

async function deploy(engine) {
  const result = await engine.applyMigrations({ migrationsList: migrationsList(), filters });
  console.log(
    result.appliedMigrationNames.length
      ? `Applied: ${result.appliedMigrationNames.join(", ")}`
      : "Database is up to date.",
  );
}

try {
  if (!["deploy", "create", "dev", "check"].includes(command)) {
    throw new Error("usage: node scripts/prisma-migrate.mjs <deploy | create NAME | dev NAME | check>");
  }
  // The data folder 0700 and the database 0600 (new files are private from here on): nobody else on the
  // machine may read tips.
  if (command !== "check") secureDatabaseFiles(url);
  const schema = readSchema();
  if (engineName === "postgresql" && command !== "check") await createPostgresDatabaseIfMissing();
  const engine = await startEngine(schema);
  // Several instances may run the release step at the same moment: on PostgreSQL one migrates, the others
  // wait and then find the database up to date (docs/decisions/020).
  const migrating = (work) => withDatabaseLock(url, advisoryLocks.migrate, "migrating", work);
  if (command === "deploy") await migrating(() => deploy(engine));
  else if (command === "create") await create(engine, schema);
  else if (command === "dev") {
    await migrating(async () => {
      await deploy(engine);
      await create(engine, schema);
      await deploy(engine);
    });
  } else {
    const sql = await pendingSql(engine, schema);
    if (sql) {
      console.log(`${path.relative(root, schemaPath)} has changes without a migration:\n${sql}`);
      process.exitCode = 2;
    } else console.log("Migrations match the schema.");
  }
} catch (error) {
  console.error("Migration error:", error?.message ?? error);
  process.exitCode = 1;
} finally {
  // Exit now: a pg pool would otherwise keep the process alive until its idle connections time out.
  process.exit(process.exitCode ?? 0);
}
