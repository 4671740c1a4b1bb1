// npm run db:backup -- [--dir DIR]: a consistent copy of the live database, taken while the server runs.
// PostgreSQL (DATABASE_URL postgres://...): see scripts/postgres-backup.ts and docs/decisions/021. SQLite:
//
// `VACUUM INTO` reads the database inside one read transaction (WAL lets the server keep writing meanwhile),
// so the copy is a snapshot of one moment, with committed tips only. It also writes a fresh, compact file:
// pages freed by deleted rows are not carried over. The copy is written under a temporary name, fsynced,
// checked with `PRAGMA integrity_check`, made readable by this user only, and then renamed into place, so a
// file named aagahi-*.db in the backups folder is always complete. See docs/decisions/011-backups.md.
//
// Keys are not in the backup (they are in the environment or data/secrets.json): keep them elsewhere, or the
// backup cannot be read; keep them together, and whoever steals both can read every tip.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { databaseUrl, engineOfUrl, projectRoot } from "../app/server/database-url.server.mjs";
import { restrictNewFiles, securePrivateFolder } from "../app/server/private-files.server.mjs";
import { backupRetentionDaysSchema } from "../app/server/env-schema.server.mjs";
import {
  type PostgresBackupMethod,
  checkLogicalDump,
  chooseBackupMethod,
  installedToolMajor,
  serverMajorVersion,
  writeLogicalDump,
  writePgDump,
} from "./postgres-backup";

/** The few better-sqlite3 calls these scripts use (the package ships no types). */
export interface SqliteDatabase {
  prepare(sql: string): {
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): unknown;
  };
  exec(sql: string): void;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): void;
}

type SqliteConstructor = new (
  file: string,
  options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number },
) => SqliteDatabase;

export const openSqlite: SqliteConstructor = createRequire(import.meta.url)("better-sqlite3");

/** The database file a `file:` URL names (relative paths from the project root). */
export function databaseFile(url = databaseUrl()): string {
  return databaseUrl(url).slice("file:".length);
}

export const defaultBackupDir = "data/backups";

export function backupDirectory(explicit?: string): string {
  return path.resolve(projectRoot, explicit || process.env.BACKUP_DIR || defaultBackupDir);
}

/**
 * The kinds of backup file, by extension: a SQLite copy, a pg_dump custom-format archive, and the built-in
 * PostgreSQL dump (JSON lines).
 */
export const backupExtensions = { sqlite: "db", pg_dump: "pgdump", logical: "pgjsonl" } as const;
export type BackupExtension = (typeof backupExtensions)[keyof typeof backupExtensions];

/** aagahi-20261123T183012Z.db: sorts by time, and says when it was taken, in UTC. */
export function backupFileName(now: Date, extension: BackupExtension = "db"): string {
  return `aagahi-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z")}.${extension}`;
}

const backupNamePattern = /^aagahi-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.(?:db|pgdump|pgjsonl)$/;

/** When a backup made by this script was taken, from its name; null for any other file. */
export function backupTakenAt(fileName: string): Date | null {
  const match = backupNamePattern.exec(fileName);
  if (!match) return null;
  const [year, month, dayOfMonth, hours, minutes, seconds] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(Date.UTC(year, month - 1, dayOfMonth, hours, minutes, seconds));
}

/** BACKUP_RETENTION_DAYS (default 30), checked by the same rule as the server's configuration. */
export function backupRetentionDays(value = process.env.BACKUP_RETENTION_DAYS): number {
  const parsed = backupRetentionDaysSchema.safeParse(value || undefined);
  if (!parsed.success) throw new Error(`BACKUP_RETENTION_DAYS ${parsed.error.issues[0]?.message ?? "is invalid"}`);
  return parsed.data;
}

/**
 * Deletes the backups this script made (aagahi-YYYYMMDDTHHMMSSZ.db, .pgdump or .pgjsonl) that are older than `retentionDays`: a tip
 * deleted under the retention policy must not live on in old copies (docs/decisions/017). Other files in the
 * folder are never touched. Returns the paths removed.
 */
export function pruneBackups(dir: string, now: Date, retentionDays: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const cutoff = now.getTime() - retentionDays * 24 * 60 * 60 * 1000;
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const takenAt = backupTakenAt(name);
    if (!takenAt || takenAt.getTime() >= cutoff) continue;
    const file = path.join(dir, name);
    fs.rmSync(file, { force: true });
    removed.push(file);
  }
  if (removed.length > 0) fsyncPath(dir);
  return removed;
}

export interface SqliteCheck {
  integrity: string;
  tips: number;
  messages: number;
}

/** Opens a database file read-only and checks it: integrity, and how many tips and messages it holds. */
export function checkSqliteFile(file: string): SqliteCheck {
  const db = new openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma("integrity_check", { simple: true }));
    const count = (table: string) =>
      Number((db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n);
    return { integrity, tips: count("Tip"), messages: count("TipMessage") };
  } finally {
    db.close();
  }
}

function fsyncPath(target: string) {
  const handle = fs.openSync(target, "r");
  try {
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
}

export interface BackupResult extends SqliteCheck {
  file: string;
  /** Older backups removed under BACKUP_RETENTION_DAYS. */
  pruned: string[];
  bytes: number;
  ms: number;
}

/** Takes a consistent online backup of `source` into `dir`, and returns where it went and what it holds. */
export function backupDatabase(
  options: { source?: string; dir?: string; now?: Date; retentionDays?: number } = {},
): BackupResult {
  const started = performance.now();
  const now = options.now ?? new Date();
  const retentionDays = options.retentionDays ?? backupRetentionDays();
  const source = options.source ?? databaseFile();
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}`);
  const dir = backupDirectory(options.dir);
  // 0700 (an existing, looser folder is tightened); every file made below is private from the start.
  restrictNewFiles();
  securePrivateFolder(dir);
  const file = path.join(dir, backupFileName(now));
  if (fs.existsSync(file)) throw new Error(`${file} already exists`);
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });

  const db = new openSqlite(source, { fileMustExist: true, timeout: 5_000 });
  try {
    db.prepare("VACUUM INTO ?").run(partial);
  } finally {
    db.close();
  }
  // The snapshot keeps the source's WAL flag; a backup is a single self-contained file, so switch it back to
  // a rollback journal (restore turns WAL on again).
  const copy = new openSqlite(partial, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  fs.chmodSync(partial, 0o600);
  fsyncPath(partial);
  const check = checkSqliteFile(partial);
  if (check.integrity !== "ok") {
    fs.rmSync(partial, { force: true });
    throw new Error(`The backup failed its integrity check: ${check.integrity}`);
  }
  fs.renameSync(partial, file);
  fsyncPath(dir);
  // Only after a good new backup exists: a failed run never leaves fewer copies than before.
  const pruned = pruneBackups(dir, now, retentionDays);
  return { file, pruned, bytes: fs.statSync(file).size, ms: performance.now() - started, ...check };
}

export interface PostgresBackupResult {
  file: string;
  method: PostgresBackupMethod;
  tips: number;
  messages: number;
  pruned: string[];
  bytes: number;
  ms: number;
}

/**
 * Takes a consistent online backup of the PostgreSQL database `url` into `dir`: with pg_dump when it is installed
 * and not older than the server, else the built-in dump (scripts/postgres-backup.ts). Written under a temporary
 * name, checked, made 0600, fsynced and renamed, like the SQLite backup; older backups are pruned the same way.
 */
export async function backupPostgresDatabase(
  options: { url?: string; dir?: string; now?: Date; retentionDays?: number; method?: PostgresBackupMethod } = {},
): Promise<PostgresBackupResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const retentionDays = options.retentionDays ?? backupRetentionDays();
  const url = options.url ?? databaseUrl();
  if (engineOfUrl(url) !== "postgresql") throw new Error("backupPostgresDatabase needs a postgresql:// URL");
  const tools = [installedToolMajor("pg_dump"), installedToolMajor("pg_restore")];
  const toolMajor = tools.includes(null) ? null : Math.min(...(tools as number[]));
  const method = options.method ?? chooseBackupMethod(toolMajor, await serverMajorVersion(url));
  const dir = backupDirectory(options.dir);
  restrictNewFiles();
  securePrivateFolder(dir);
  const file = path.join(dir, backupFileName(now, backupExtensions[method]));
  if (fs.existsSync(file)) throw new Error(`${file} already exists`);
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  let counts: { tips: number; messages: number };
  try {
    if (method === "pg_dump") {
      counts = await writePgDump(url, partial);
    } else {
      counts = await writeLogicalDump(url, partial, now);
      // Read back whole before it gets its final name: a backup that restore would refuse is no backup.
      await checkLogicalDump(partial);
    }
    fs.chmodSync(partial, 0o600);
    fsyncPath(partial);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  fs.renameSync(partial, file);
  fsyncPath(dir);
  const pruned = pruneBackups(dir, now, retentionDays);
  return { file, method, ...counts, pruned, bytes: fs.statSync(file).size, ms: performance.now() - started };
}

/** Relative to here when inside it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && /backup\.ts$/.test(process.argv[1])) {
  try {
    const postgres = engineOfUrl(databaseUrl()) === "postgresql";
    const result = postgres
      ? await backupPostgresDatabase({ dir: argument("--dir") })
      : backupDatabase({ dir: argument("--dir") });
    const how =
      "method" in result
        ? result.method === "pg_dump"
          ? "pg_dump"
          : "built-in dump, pg_dump missing or older than the server"
        : `integrity ${result.integrity}`;
    console.log(
      `Backed up ${result.tips} tips and ${result.messages} messages to ${displayPath(result.file)} ` +
        `(${(result.bytes / 1024).toFixed(0)} KB, ${result.ms.toFixed(0)} ms, ${how}).`,
    );
    if (result.pruned.length > 0)
      console.log(
        `Removed ${result.pruned.length} backups older than ${backupRetentionDays()} days (BACKUP_RETENTION_DAYS).`,
      );
  } catch (error) {
    console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
