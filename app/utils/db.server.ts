import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../generated/prisma/client";
import { databaseUrl } from "./database-url.mjs";
import { secureDatabaseFiles } from "./private-files.mjs";

export type Database = PrismaClient;

// SQLite settings, read back by a test. WAL lets readers work during a write; synchronous=FULL makes a
// "tip received" answer mean the commit is on disk (see docs/decisions/007-sqlite-durability.md).
// secure_delete overwrites deleted content with zeros instead of leaving it in free space (docs/decisions/017).
const connectionPragmas = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = FULL",
  "PRAGMA foreign_keys = ON",
  "PRAGMA busy_timeout = 5000",
  "PRAGMA secure_delete = ON",
];

export function createDatabase(url = databaseUrl()): { db: Database; ready: Promise<void> } {
  // The folder 0700 and the files 0600, before SQLite creates any of them.
  secureDatabaseFiles(url);
  const db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) });
  const ready = (async () => {
    for (const pragma of connectionPragmas) await db.$queryRawUnsafe(pragma);
  })();
  return { db, ready };
}

let singleton: { db: Database; ready: Promise<void> } | undefined;

/** The app's database connection (one per process; better-sqlite3 serialises access itself). */
export async function getDb(): Promise<Database> {
  singleton ??= createDatabase();
  await singleton.ready;
  return singleton.db;
}

/**
 * After deleting content: make sure no old copy of it is left in the database's files. With secure_delete the
 * main file's freed space is zeroed, but the WAL still holds the pages as they were before; a TRUNCATE
 * checkpoint copies the WAL into the main file and empties it. The one SQLite-specific step of a deletion run:
 * on PostgreSQL the counterpart is VACUUM (docs/decisions/017-data-retention.md). Returns false when readers
 * kept the checkpoint from finishing (the next run tries again).
 */
export async function purgeDeletedContent(db: Database): Promise<boolean> {
  const [result] = (await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)")) as { busy: bigint | number }[];
  return Number(result?.busy ?? 0) === 0;
}
