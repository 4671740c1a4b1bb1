// npm run db:restore -- BACKUP_FILE [--to file:./data/aagahi.db | --to postgresql://...] [--force] [--skip-decrypt-check]
//
// PostgreSQL backups (.pgdump, .pgjsonl) restore into a new, empty PostgreSQL database and are checked the same
// way (every tip decrypts, or the target is emptied again): see scripts/postgres-backup.ts, docs/decisions/021.
//
// Puts a SQLite backup back as the live database. Stop the server first. Steps, each checked:
//   1. the backup passes `PRAGMA integrity_check`;
//   2. it is copied next to the target under a temporary name, WAL is turned on, the copy is fsynced;
//   3. every tip and message in the copy is decrypted with the keys configured now: a backup whose keys are
//      lost is not a backup, and this is where to find out (skip with --skip-decrypt-check);
//   4. an existing database, with its -wal and -shm files, is moved aside (only with --force), because an old
//      write-ahead log next to a restored file would be replayed into it;
//   5. the copy is renamed into place.
// Afterwards run `npm run db:migrate:deploy` if the backup is older than the code. See docs/decisions/011.
import fs from "node:fs";
import path from "node:path";
import { databaseUrl, describeDatabase, engineOfUrl } from "../app/server/database-url.server.mjs";
import { restrictNewFiles, securePrivateFolder } from "../app/server/private-files.server.mjs";
import { checkSqliteFile, databaseFile, openSqlite } from "./backup";
import {
  type PreparedTarget,
  checkLogicalDump,
  installedToolMajor,
  restoreLogicalDump,
  restorePgDump,
} from "./postgres-backup";

export interface RestoreResult {
  target: string;
  tips: number;
  messages: number;
  decrypted: number | null;
  movedAside: string[];
}

/** Decrypts every tip's fields and every message with the current keys; returns how many values opened. */
export async function decryptEveryTip(url: string): Promise<{ tips: number; values: number }> {
  const [{ createDatabase }, { readTipContent, getReporterView }] = await Promise.all([
    import("../app/server/db.server"),
    import("../app/models/tip.server"),
  ]);
  const { db, ready } = createDatabase(url);
  await ready;
  try {
    let values = 0;
    const tips = await db.tip.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    for (const { id } of tips) {
      const content = await readTipContent(db, id);
      const view = await getReporterView(db, id);
      if (!content || !view) throw new Error(`tip ${id} could not be read`);
      values += 1 + (content.suspects === null ? 0 : 1) + (content.contact === null ? 0 : 1) + view.messages.length;
    }
    return { tips: tips.length, values };
  } finally {
    await db.$disconnect();
  }
}

export async function restoreDatabase(options: {
  backupFile: string;
  target?: string;
  force?: boolean;
  decryptCheck?: boolean;
  now?: Date;
}): Promise<RestoreResult> {
  const backupFile = path.resolve(options.backupFile);
  const target = options.target ?? databaseFile();
  if (!fs.existsSync(backupFile)) throw new Error(`No backup at ${backupFile}`);
  if (isPostgresBackup(backupFile))
    throw new Error("This is a PostgreSQL backup: restore it into a PostgreSQL database (--to postgresql://...).");
  const check = checkSqliteFile(backupFile);
  if (check.integrity !== "ok") throw new Error(`The backup failed its integrity check: ${check.integrity}`);
  const companions = [target, `${target}-wal`, `${target}-shm`].filter((file) => fs.existsSync(file));
  if (companions.length > 0 && !options.force) {
    throw new Error(`${target} exists. Stop the server, then run again with --force to move it aside and restore.`);
  }

  restrictNewFiles();
  securePrivateFolder(path.dirname(target));
  const partial = `${target}.restoring`;
  for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(leftover, { force: true });
  fs.copyFileSync(backupFile, partial);
  fs.chmodSync(partial, 0o600);
  const copy = new openSqlite(partial, { fileMustExist: true });
  try {
    // The same durability settings the app uses (docs/decisions/007); the checkpoint folds the WAL back in.
    copy.pragma("journal_mode = WAL");
    copy.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    copy.close();
  }
  const handle = fs.openSync(partial, "r");
  fs.fsyncSync(handle);
  fs.closeSync(handle);

  let decrypted: number | null = null;
  if (options.decryptCheck !== false) {
    try {
      decrypted = (await decryptEveryTip(`file:${partial}`)).values;
    } catch (error) {
      for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(leftover, { force: true });
      throw decryptionFailure(error, "Nothing was changed.");
    }
  }
  for (const leftover of [`${partial}-wal`, `${partial}-shm`]) fs.rmSync(leftover, { force: true });

  const stamp = (options.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  const movedAside = companions.map((file) => {
    const aside = `${file}.before-restore-${stamp}`;
    fs.renameSync(file, aside);
    return aside;
  });
  fs.renameSync(partial, target);
  const dir = fs.openSync(path.dirname(target), "r");
  fs.fsyncSync(dir);
  fs.closeSync(dir);
  return { target, tips: check.tips, messages: check.messages, decrypted, movedAside };
}

const decryptionFailure = (error: unknown, kept: string) =>
  new Error(
    `The backup could not be read with the keys configured now (${error instanceof Error ? error.message : String(error)}). ` +
      `${kept} Configure the keys that were in use when the backup was taken.`,
  );

/** pg_dump archives and built-in PostgreSQL dumps, by the names db:backup gives them. */
export function isPostgresBackup(file: string): boolean {
  return /\.(?:pgdump|pgjsonl)$/.test(file);
}

export interface PostgresRestoreResult {
  /** Engine, host and database: never the password. */
  target: string;
  tips: number;
  messages: number;
  decrypted: number | null;
}

/**
 * Restores a PostgreSQL backup into `url`, a new or empty database (never over data: nothing is moved aside on
 * a server). Then decrypts every tip and message with the keys configured now; when that fails, the target is
 * emptied again, so it is as it was found.
 */
export async function restorePostgresDatabase(options: {
  backupFile: string;
  url?: string;
  decryptCheck?: boolean;
}): Promise<PostgresRestoreResult> {
  const backupFile = path.resolve(options.backupFile);
  const url = options.url ?? databaseUrl();
  if (engineOfUrl(url) !== "postgresql")
    throw new Error("A PostgreSQL backup restores into a PostgreSQL database (--to postgresql://...).");
  if (!fs.existsSync(backupFile)) throw new Error(`No backup at ${backupFile}`);
  let prepared: PreparedTarget;
  let counts: { tips: number; messages: number };
  if (backupFile.endsWith(".pgdump")) {
    if (installedToolMajor("pg_restore") === null)
      throw new Error(
        "This backup was taken with pg_dump: install the PostgreSQL client tools (pg_restore) to restore it.",
      );
    const restored = await restorePgDump(backupFile, url);
    prepared = restored;
    counts = restored;
  } else if (backupFile.endsWith(".pgjsonl")) {
    // The whole file is read and checked before the target is touched.
    const check = await checkLogicalDump(backupFile);
    prepared = await restoreLogicalDump(backupFile, check, url);
    counts = check;
  } else {
    throw new Error(
      "Not a PostgreSQL backup (aagahi-*.pgdump or aagahi-*.pgjsonl); a SQLite backup restores into a file: URL.",
    );
  }
  let decrypted: number | null = null;
  if (options.decryptCheck !== false) {
    try {
      decrypted = (await decryptEveryTip(url)).values;
    } catch (error) {
      await prepared.undo();
      throw decryptionFailure(error, "Nothing was kept: the target database is empty again.");
    }
  }
  return { target: describeDatabase(url), ...counts, decrypted };
}

if (process.argv[1] && /restore\.ts$/.test(process.argv[1])) {
  const args = process.argv.slice(2);
  const valueOf = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const to = valueOf("--to");
  const backupFile = args.find((arg, index) => !arg.startsWith("--") && args[index - 1] !== "--to");
  if (!backupFile) {
    console.error(
      "Usage: npm run db:restore -- BACKUP_FILE [--to file:./data/aagahi.db | --to postgresql://...] [--force] [--skip-decrypt-check]",
    );
    process.exit(2);
  }
  try {
    const targetUrl = databaseUrl(to ?? process.env.DATABASE_URL);
    if (engineOfUrl(targetUrl) === "postgresql") {
      const result = await restorePostgresDatabase({
        backupFile,
        url: targetUrl,
        decryptCheck: !args.includes("--skip-decrypt-check"),
      });
      console.log(
        `Restored ${result.tips} tips and ${result.messages} messages into ${result.target}` +
          (result.decrypted === null
            ? " (decryption not checked)"
            : `; all ${result.decrypted} encrypted values open with the current keys`) +
          ". Point DATABASE_URL at it and start the servers.",
      );
      process.exit(0);
    }
    const result = await restoreDatabase({
      backupFile,
      target: databaseFile(targetUrl),
      force: args.includes("--force"),
      decryptCheck: !args.includes("--skip-decrypt-check"),
    });
    console.log(
      `Restored ${result.tips} tips and ${result.messages} messages into ${result.target}` +
        (result.decrypted === null
          ? " (decryption not checked)"
          : `; all ${result.decrypted} encrypted values open with the current keys`) +
        (result.movedAside.length ? `. The previous files were moved aside: ${result.movedAside.join(", ")}` : "") +
        ". Start the server again (it applies pending migrations on npm start).",
    );
  } catch (error) {
    console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
