// Prisma migrations without Prisma's native schema engine, which cannot be downloaded here: the published WASM
// build of the same engine (@prisma/schema-engine-wasm, pinned to Prisma 7.10.0's engines) driven through the
// better-sqlite3 driver adapter. Reads and writes Prisma's own prisma/migrations format.
//
//   node scripts/prisma-migrate.mjs deploy          apply pending migrations (creates the database file)
//   node scripts/prisma-migrate.mjs create NAME     write a migration for schema changes
//   node scripts/prisma-migrate.mjs dev NAME        deploy, create, deploy
//   node scripts/prisma-migrate.mjs check           exit 2 when schema.prisma has changes without a migration
//
// DATABASE_URL defaults to the app's database (see app/utils/database-url.mjs).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as wasmBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl } from "../app/utils/database-url.mjs";
import { secureDatabaseFiles } from "../app/utils/private-files.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [command, name] = process.argv.slice(2);
const schemaPath = path.join(root, "prisma/schema.prisma");
const migrationsDir = path.join(root, "prisma/migrations");
const schema = fs.readFileSync(schemaPath, "utf8");
const url = databaseUrl();

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

function migrationsList() {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const directories = fs.existsSync(migrationsDir)
    ? fs.readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  return {
    baseDir: migrationsDir,
    shadowDbInitScript: "",
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
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

async function startEngine() {
  // Node 20 cannot import .wasm files: instantiate the module by hand, as Prisma's CLI does.
  const require = createRequire(import.meta.url);
  const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath)), {
    "./schema_engine_bg.js": wasmBindings,
  });
  wasmBindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return wasmBindings.SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    (line) => process.env.DEBUG && console.error(line),
    bindMigrationAwareSqlAdapterFactory(sqliteAdapterFactory()),
  );
}

async function pendingSql(engine) {
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

async function create(engine) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("a migration name in snake_case is required");
  const sql = await pendingSql(engine);
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
    fs.writeFileSync(lockPath, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "sqlite"\n');
  }
  console.log(`Created ${path.relative(root, directory)}`);
}

async function deploy(engine) {
  const result = await engine.applyMigrations({ migrationsList: migrationsList(), filters });
  console.log(result.appliedMigrationNames.length ? `Applied: ${result.appliedMigrationNames.join(", ")}` : "Database is up to date.");
}

try {
  if (!["deploy", "create", "dev", "check"].includes(command)) {
    throw new Error("usage: node scripts/prisma-migrate.mjs <deploy | create NAME | dev NAME | check>");
  }
  // The data folder 0700 and the database 0600 (new files are private from here on): nobody else on the
  // machine may read tips.
  if (command !== "check") secureDatabaseFiles(url);
  const engine = await startEngine();
  if (command === "deploy") await deploy(engine);
  else if (command === "create") await create(engine);
  else if (command === "dev") {
    await deploy(engine);
    await create(engine);
    await deploy(engine);
  } else {
    const sql = await pendingSql(engine);
    if (sql) {
      console.log(`schema.prisma has changes without a migration:\n${sql}`);
      process.exitCode = 2;
    } else console.log("Migrations match the schema.");
  }
} catch (error) {
  console.error("Migration error:", error?.message ?? error);
  process.exitCode = 1;
} finally {
  process.exit(process.exitCode ?? 0);
}
