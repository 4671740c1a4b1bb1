// Backups of a PostgreSQL database (docs/decisions/021), used by scripts/backup.ts and scripts/restore.ts.
//
// Two ways, chosen per run:
// - pg_dump / pg_restore (custom format) when they are installed and not older than the server: pg_dump refuses
//   a server of a newer major version, and an older pg_dump could not read everything a newer server has.
// - Otherwise a built-in logical dump through the app's own driver: every table's rows as JSON, read in one
//   REPEATABLE READ READ ONLY transaction (one consistent moment, committed rows only), then the sequences.
//   It restores into a freshly migrated, empty database of the same schema version.
//
// Passwords never go on a command line (other users can read it in `ps`): the tools get PGPASSWORD.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import readline from "node:readline";
import pg from "pg";
import { projectRoot } from "../app/server/database-url.server.mjs";

export type PostgresBackupMethod = "pg_dump" | "logical";

/** The first line of a built-in dump. */
export const logicalDumpFormat = "aagahi-postgresql-logical";
const logicalDumpVersion = 1;
const rowsPerBatch = 500;
// Evidence images are megabytes each (twice that as hex text): a few rows a batch, and a restore batch is sent
// once it holds this much text, so no batch nears the largest string Node can hold.
const rowsPerBatchOf = (table: string) => (table === "EvidencePage" ? 4 : rowsPerBatch);
const maxBatchChars = 64 * 1024 * 1024;
// Names read from a backup file go into SQL: only what Prisma and the app create is accepted.
const safeName = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface Counts {
  tips: number;
  messages: number;
}

/** The major version in `pg_dump --version` output ("pg_dump (PostgreSQL) 15.18 (Debian ...)" gives 15). */
export function toolMajorVersion(output: string): number | null {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(output);
  return match ? Number(match[1]) : null;
}

/** pg_dump only when it is present and at least as new as the server (it refuses newer servers). */
export function chooseBackupMethod(toolMajor: number | null, serverMajor: number): PostgresBackupMethod {
  return toolMajor !== null && toolMajor >= serverMajor ? "pg_dump" : "logical";
}

/** The installed tool's major version, or null when it is not on the PATH. */
export function installedToolMajor(tool: "pg_dump" | "pg_restore"): number | null {
  const result = spawnSync(tool, ["--version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return null;
  return toolMajorVersion(result.stdout);
}

/** The URL without its password, and an environment that carries the password for pg_dump and pg_restore. */
function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${stderr.trim().split("\n")[0] ?? ""}`)),
    );
  });
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function serverMajorVersion(url: string): Promise<number> {
  return withClient(url, async (client) =>
    Math.floor(Number((await client.query("SHOW server_version_num")).rows[0].server_version_num) / 10_000),
  );
}

async function countTipsAndMessages(client: pg.Client): Promise<Counts> {
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM "Tip") AS tips, (SELECT count(*) FROM "TipMessage") AS messages`,
  );
  return { tips: Number(rows[0].tips), messages: Number(rows[0].messages) };
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((row: { migration_name: string }) => row.migration_name);
}

/** The app's tables (not Prisma's migration table), parents before the tables that refer to them. */
async function tablesInInsertOrder(client: pg.Client): Promise<string[]> {
  const tables = (
    await client.query(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' ORDER BY c.relname`,
    )
  ).rows.map((row: { relname: string }) => row.relname);
  const references = (
    await client.query(
      `SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint co
       JOIN pg_class child ON child.oid = co.conrelid JOIN pg_class parent ON parent.oid = co.confrelid
       JOIN pg_namespace n ON n.oid = child.relnamespace
       WHERE co.contype = 'f' AND n.nspname = current_schema()`,
    )
  ).rows as { child: string; parent: string }[];
  const selfReference = references.find((ref) => ref.child === ref.parent);
  // Rows of a self-referencing table would have to be inserted in order: the schema has none; say so if one appears.
  if (selfReference)
    throw new Error(`the built-in dump cannot order a table that refers to itself (${selfReference.child})`);
  const ordered: string[] = [];
  const pending = new Set(tables);
  while (pending.size > 0) {
    const ready = [...pending].filter((table) =>
      references.every((ref) => ref.child !== table || !pending.has(ref.parent)),
    );
    if (ready.length === 0) throw new Error(`the tables' foreign keys form a cycle: ${[...pending].join(", ")}`);
    for (const table of ready) {
      ordered.push(table);
      pending.delete(table);
    }
  }
  return ordered;
}

interface SequenceState {
  name: string;
  dataType: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  /** null: never used since it was created. */
  lastValue: string | null;
}

interface LogicalHeader {
  format: typeof logicalDumpFormat;
  version: number;
  takenAt: string;
  serverVersion: string;
  migrations: string[];
  tables: string[];
}

/**
 * Writes a built-in dump of `url` to `file` (created 0600, must not exist). One REPEATABLE READ READ ONLY
 * transaction: the rows of every table are one consistent moment while the app keeps writing. Sequences are not
 * transactional: they are read last, so each is at least as far on as any number the dumped rows used.
 */
export async function writeLogicalDump(url: string, file: string, now: Date): Promise<Counts> {
  return withClient(url, async (client) => {
    const out = fs.openSync(file, "wx", 0o600);
    try {
      const line = (text: string) => fs.writeSync(out, `${text}\n`);
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const tables = await tablesInInsertOrder(client);
      const header: LogicalHeader = {
        format: logicalDumpFormat,
        version: logicalDumpVersion,
        takenAt: now.toISOString(),
        serverVersion: (await client.query("SHOW server_version")).rows[0].server_version,
        migrations: await appliedMigrations(client),
        tables,
      };
      line(JSON.stringify(header));
      const rows: Record<string, number> = {};
      for (const table of tables) {
        line(JSON.stringify({ table }));
        rows[table] = 0;
        // A cursor, so a large table never sits in memory whole. row_to_json writes every type as text that
        // json_populate_recordset reads back exactly (timestamps, bytea as \x hex, JSON).
        await client.query(`DECLARE dump_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS r FROM "${table}" t`);
        for (;;) {
          const batch = (await client.query(`FETCH ${rowsPerBatchOf(table)} FROM dump_rows`)).rows as { r: string }[];
          if (batch.length === 0) break;
          fs.writeSync(out, batch.map(({ r }) => `{"row":${r}}\n`).join(""));
          rows[table] += batch.length;
        }
        await client.query("CLOSE dump_rows");
      }
      const counts = { tips: rows.Tip ?? 0, messages: rows.TipMessage ?? 0 };
      const sequences: SequenceState[] = (
        await client.query(
          `SELECT sequencename AS name, data_type::text AS "dataType", start_value::text AS start, increment_by::text AS increment,
                  min_value::text AS min, max_value::text AS max, last_value::text AS "lastValue"
           FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename`,
        )
      ).rows;
      line(JSON.stringify({ sequences }));
      // The end marker: a file cut short (a full disk, a killed process) is refused by restore.
      line(JSON.stringify({ end: true, rows }));
      await client.query("COMMIT");
      fs.fsyncSync(out);
      return counts;
    } finally {
      fs.closeSync(out);
    }
  });
}

/**
 * Takes a pg_dump (custom format) of `url` into `file`, counting tips and messages in the very snapshot pg_dump
 * reads (an exported snapshot, held open until pg_dump is done).
 */
export async function writePgDump(url: string, file: string): Promise<Counts> {
  return withClient(url, async (client) => {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const snapshot = (await client.query("SELECT pg_export_snapshot() AS id")).rows[0].id as string;
    const counts = await countTipsAndMessages(client);
    const { dbname, env } = toolConnection(url);
    await runTool(
      "pg_dump",
      [
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        `--snapshot=${snapshot}`,
        `--file=${file}`,
        `--dbname=${dbname}`,
      ],
      env,
    );
    await client.query("COMMIT");
    // pg_restore reads the whole table of contents: a damaged or cut-short file fails here.
    await runTool("pg_restore", ["--list", file], process.env);
    return counts;
  });
}

/** Reads a built-in dump line by line. */
async function* dumpLines(file: string): AsyncGenerator<string> {
  const lines = readline.createInterface({
    input: fs.createReadStream(file, { encoding: "utf8" }),
    crlfDelay: Infinity,
  });
  for await (const text of lines) if (text !== "") yield text;
}

export interface LogicalDumpCheck extends Counts {
  header: LogicalHeader;
  rows: Record<string, number>;
}

/** Reads a whole built-in dump and checks it is complete and well formed before anything is restored. */
export async function checkLogicalDump(file: string): Promise<LogicalDumpCheck> {
  let header: LogicalHeader | null = null;
  let table: string | null = null;
  let ended: Record<string, number> | null = null;
  let sawSequences = false;
  const seen: Record<string, number> = {};
  let lineNumber = 0;
  for await (const text of dumpLines(file)) {
    lineNumber += 1;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(text);
    } catch {
      throw new Error(`line ${lineNumber} is not JSON: the file is damaged`);
    }
    if (ended) throw new Error(`line ${lineNumber} follows the end marker: the file is damaged`);
    if (!header) {
      if (entry.format !== logicalDumpFormat || entry.version !== logicalDumpVersion)
        throw new Error("not an Aagahi PostgreSQL backup (unknown first line)");
      const candidate = entry as unknown as LogicalHeader;
      if (
        !Array.isArray(candidate.tables) ||
        !candidate.tables.every((name) => typeof name === "string" && safeName.test(name))
      )
        throw new Error("the backup names unexpected tables");
      header = candidate;
      continue;
    }
    if (typeof entry.table === "string") {
      if (!header.tables.includes(entry.table) || entry.table in seen)
        throw new Error(`line ${lineNumber}: unexpected table ${entry.table}`);
      table = entry.table;
      seen[table] = 0;
    } else if ("row" in entry) {
      if (!table || sawSequences || typeof entry.row !== "object" || entry.row === null)
        throw new Error(`line ${lineNumber}: a row outside a table`);
      seen[table] = (seen[table] ?? 0) + 1;
    } else if (Array.isArray(entry.sequences)) {
      for (const sequence of entry.sequences as SequenceState[]) checkSequence(sequence);
      sawSequences = true;
    } else if (entry.end === true && typeof entry.rows === "object" && entry.rows !== null) {
      ended = entry.rows as Record<string, number>;
    } else {
      throw new Error(`line ${lineNumber}: unknown entry`);
    }
  }
  if (!header) throw new Error("the backup is empty");
  if (!ended || !sawSequences) throw new Error("the backup has no end marker: it was cut short");
  for (const name of header.tables) {
    if (seen[name] !== ended[name])
      throw new Error(`table ${name}: ${seen[name] ?? 0} rows in the file, ${ended[name] ?? 0} announced`);
  }
  return { header, rows: seen, tips: seen.Tip ?? 0, messages: seen.TipMessage ?? 0 };
}

const wholeNumber = /^-?\d{1,20}$/;

function checkSequence(sequence: SequenceState) {
  const numbers = [sequence.start, sequence.increment, sequence.min, sequence.max];
  if (
    !safeName.test(sequence.name) ||
    !["smallint", "integer", "bigint"].includes(sequence.dataType) ||
    !numbers.every((value) => typeof value === "string" && wholeNumber.test(value)) ||
    !(sequence.lastValue === null || (typeof sequence.lastValue === "string" && wholeNumber.test(sequence.lastValue)))
  ) {
    throw new Error(`the backup holds an unexpected sequence (${String(sequence.name)})`);
  }
}

/** Runs the project's migrations against `url` (creating the database when missing). */
export function migrate(url: string) {
  const result = spawnSync(process.execPath, ["scripts/prisma-migrate.mjs", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new Error(
      `migrating the target failed: ${(result.stderr || result.stdout).trim().split("\n").slice(-1)[0] ?? ""}`,
    );
}

/** The app's tables that hold at least one row. */
async function nonEmptyTables(client: pg.Client): Promise<string[]> {
  const full: string[] = [];
  for (const table of await tablesInInsertOrder(client)) {
    if ((await client.query(`SELECT EXISTS (SELECT 1 FROM "${table}") AS any`)).rows[0].any) full.push(table);
  }
  return full;
}

async function sequenceNames(client: pg.Client): Promise<string[]> {
  return (await client.query(`SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()`)).rows.map(
    (row: { sequencename: string }) => row.sequencename,
  );
}

export interface PreparedTarget {
  /** Puts the target back as it was found (empty): after a failed decryption check. */
  undo: () => Promise<void>;
}

/** Tables a migration puts a row in (`DirectoryVersion`: the row every change bumps, docs/decisions/020). */
const tablesMigrationsFill = ["DirectoryVersion"];

/**
 * Restores a checked built-in dump into `url`: migrates it, insists it is empty and at the backup's schema
 * version, then inserts every row and sets every sequence in one transaction.
 */
export async function restoreLogicalDump(file: string, check: LogicalDumpCheck, url: string): Promise<PreparedTarget> {
  migrate(url);
  return withClient(url, async (client) => {
    const migrations = await appliedMigrations(client);
    if (JSON.stringify(migrations) !== JSON.stringify(check.header.migrations)) {
      throw new Error(
        `the backup was taken at schema version ${check.header.migrations.at(-1) ?? "(none)"}, this code is at ${migrations.at(-1) ?? "(none)"}: ` +
          "restore with the version of Aagahi that took it, then upgrade",
      );
    }
    const tables = await tablesInInsertOrder(client);
    if (JSON.stringify([...tables].sort()) !== JSON.stringify([...check.header.tables].sort()))
      throw new Error("the backup's tables differ from this database's");
    // Rows the migrations themselves insert (the directory version) are not data: the dump's copy replaces them.
    const occupied = (await nonEmptyTables(client)).filter((table) => !tablesMigrationsFill.includes(table));
    if (occupied.length > 0) {
      throw new Error(
        `the target database is not empty (${occupied.join(", ")}). Restore into a new, empty database (--to postgresql://.../new_name), then point DATABASE_URL at it.`,
      );
    }
    const sequencesBefore = new Set(await sequenceNames(client));
    await client.query("BEGIN");
    try {
      for (const filled of tablesMigrationsFill)
        if (tables.includes(filled)) await client.query(`DELETE FROM "${filled}"`);
      let table: string | null = null;
      let batch: string[] = [];
      let batchChars = 0;
      const flush = async () => {
        if (!table || batch.length === 0) return;
        await client.query(`INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1::json)`, [
          `[${batch.join(",")}]`,
        ]);
        batch = [];
        batchChars = 0;
      };
      let first = true;
      for await (const text of dumpLines(file)) {
        if (first) {
          first = false;
          continue;
        }
        if (text.startsWith('{"row":')) {
          batch.push(text.slice('{"row":'.length, -1));
          batchChars += text.length;
          if (batch.length >= rowsPerBatch || batchChars >= maxBatchChars) await flush();
          continue;
        }
        await flush();
        const entry = JSON.parse(text) as { table?: string; sequences?: SequenceState[] };
        if (entry.table) table = entry.table;
        for (const sequence of entry.sequences ?? []) {
          await client.query(
            `CREATE SEQUENCE IF NOT EXISTS "${sequence.name}" AS ${sequence.dataType} INCREMENT BY ${sequence.increment} ` +
              `MINVALUE ${sequence.min} MAXVALUE ${sequence.max} START WITH ${sequence.start}`,
          );
          // Reference numbers go on after the last one used: no reference is ever given out twice.
          if (sequence.lastValue !== null)
            await client.query(`SELECT setval($1, $2::bigint, true)`, [`"${sequence.name}"`, sequence.lastValue]);
        }
      }
      await flush();
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
    return {
      undo: () =>
        withClient(url, async (again) => {
          await again.query(`TRUNCATE ${tables.map((name) => `"${name}"`).join(", ")}`);
          for (const name of await sequenceNames(again))
            if (!sequencesBefore.has(name)) await again.query(`DROP SEQUENCE "${name}"`);
        }),
    };
  });
}

/** Creates the database `url` names when the server does not have it (pg_restore needs one to restore into). */
async function createDatabaseIfMissing(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  await withClient(maintenance.toString(), async (client) => {
    const exists = (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount;
    if (!exists) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  });
}

/**
 * Restores a pg_dump file into `url`, which must hold no tables yet (a new database), then applies migrations
 * the backup predates.
 */
export async function restorePgDump(file: string, url: string): Promise<PreparedTarget & Counts> {
  const { dbname, env } = toolConnection(url);
  await runTool("pg_restore", ["--list", file], process.env);
  await createDatabaseIfMissing(url);
  const tablesBefore = await withClient(url, async (client) =>
    Number(
      (
        await client.query(
          `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'S')`,
        )
      ).rows[0].n,
    ),
  );
  if (tablesBefore > 0) {
    throw new Error(
      "the target database is not empty. Restore into a new database (--to postgresql://.../new_name), then point DATABASE_URL at it.",
    );
  }
  await runTool(
    "pg_restore",
    ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${dbname}`, file],
    env,
  );
  migrate(url);
  const counts = await withClient(url, countTipsAndMessages);
  return {
    ...counts,
    undo: () =>
      withClient(url, async (client) => {
        // The database was empty before: drop what the restore created.
        const { rows } = await client.query(
          `SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'S')`,
        );
        for (const row of rows as { relname: string; relkind: string }[]) {
          await client.query(
            `DROP ${row.relkind === "r" ? "TABLE" : "SEQUENCE"} IF EXISTS "${row.relname.replaceAll('"', '""')}" CASCADE`,
          );
        }
      }),
  };
}
