// npm run db:restore -- BACKUP_FILE [--to file:./data/aagahi.db] [--force] [--skip-decrypt-check]
//
// Puts a backup back as the live database. Stop the server first. Steps, each checked:
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
import { checkSqliteFile, databaseFile, openSqlite } from "./backup";

export interface RestoreResult {
  target: string;
  tips: number;
  messages: number;
  decrypted: number | null;
  movedAside: string[];
}

/** Decrypts every tip's fields and every message with the current keys; returns how many values opened. */
export async function decryptEveryTip(file: string): Promise<{ tips: number; values: number }> {
  const [{ createDatabase }, { readTipContent, getReporterView }] = await Promise.all([
    import("../app/utils/db.server"),
    import("../app/models/tip.server"),
  ]);
  const { db, ready } = createDatabase(`file:${file}`);
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
  const check = checkSqliteFile(backupFile);
  if (check.integrity !== "ok") throw new Error(`The backup failed its integrity check: ${check.integrity}`);
  const companions = [target, `${target}-wal`, `${target}-shm`].filter((file) => fs.existsSync(file));
  if (companions.length > 0 && !options.force) {
    throw new Error(`${target} exists. Stop the server, then run again with --force to move it aside and restore.`);
  }

  fs.mkdirSync(path.dirname(target), { recursive: true });
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
      decrypted = (await decryptEveryTip(partial)).values;
    } catch (error) {
      for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(leftover, { force: true });
      throw new Error(
        `The backup could not be read with the keys configured now (${error instanceof Error ? error.message : String(error)}). ` +
          "Nothing was changed. Configure the keys that were in use when the backup was taken.",
      );
    }
  }
  for (const leftover of [`${partial}-wal`, `${partial}-shm`]) fs.rmSync(leftover, { force: true });

  const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
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

if (process.argv[1] && /restore\.ts$/.test(process.argv[1])) {
  const args = process.argv.slice(2);
  const valueOf = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const to = valueOf("--to");
  const backupFile = args.find((arg, index) => !arg.startsWith("--") && args[index - 1] !== "--to");
  if (!backupFile) {
    console.error("Usage: npm run db:restore -- BACKUP_FILE [--to file:./data/aagahi.db] [--force] [--skip-decrypt-check]");
    process.exit(2);
  }
  try {
    const result = await restoreDatabase({
      backupFile,
      target: to ? databaseFile(to) : undefined,
      force: args.includes("--force"),
      decryptCheck: !args.includes("--skip-decrypt-check"),
    });
    console.log(
      `Restored ${result.tips} tips and ${result.messages} messages into ${result.target}` +
        (result.decrypted === null ? " (decryption not checked)" : `; all ${result.decrypted} encrypted values open with the current keys`) +
        (result.movedAside.length ? `. The previous files were moved aside: ${result.movedAside.join(", ")}` : "") +
        ". Start the server again (it applies pending migrations on npm start).",
    );
  } catch (error) {
    console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
