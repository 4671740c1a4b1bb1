import { rawConnectionOf, type Database, type SqliteConnection } from "~/server/db.server";

// Reporter links ended before their time (docs/decisions/019). A row holds only a hash of the link's random id
// and an expiry already rounded up to the reporter time step by the caller: nothing names a tip or a receipt.

/**
 * Whether the link whose id hashes to `idHash` was ended and may still be presented. Asked on every view of a
 * receipt or case page, so it reads the row by its key without the ORM, which took a tenth of the receipt
 * page's time (docs/decisions/040).
 */
export async function isReporterLinkEnded(db: Database, idHash: string, now: Date): Promise<boolean> {
  const raw = await rawConnectionOf(db);
  if (raw.engine === "postgresql") {
    // Prisma's DateTime is a timestamp without zone holding UTC: compared as such, never parsed here.
    const { rowCount } = await raw.pool.query(
      `SELECT 1 FROM "EndedReporterLink" WHERE "idHash" = $1 AND "expiresAt" > $2::timestamp`,
      [idHash, now.toISOString().slice(0, 23).replace("T", " ")],
    );
    return (rowCount ?? 0) > 0;
  }
  // On the connection Prisma uses, in turn: never in the middle of another request's transaction. As long as
  // Prisma's own lone statements wait, and with the same error if called with the outer client inside one.
  const release = await raw.takeTurn(endedLinkWait);
  try {
    const row = endedLinkQuery(raw.connection).get(idHash) as { expiresAt: unknown } | undefined;
    if (row === undefined) return false;
    const expiresAt = sqliteDateTime(row.expiresAt);
    // A value that cannot be read counts as ended: a link is never let back in by a date this code misreads.
    return Number.isNaN(expiresAt) || expiresAt > now.getTime();
  } finally {
    release();
  }
}

const endedLinkWait = {
  ms: 4_000,
  tooLong: () =>
    new Error(
      "isReporterLinkEnded waited more than 4 s for the SQLite connection, which a transaction holds: called with the outer client (getDb()) inside a transaction?",
    ),
};

/**
 * A DateTime as SQLite holds it, in ms since the epoch: the adapter writes ISO 8601 text with its zone; text
 * without a zone is UTC (as Prisma reads it), and a number is milliseconds.
 */
export function sqliteDateTime(value: unknown): number {
  if (typeof value === "number" || typeof value === "bigint") return Number(value);
  if (typeof value !== "string") return NaN;
  const text = value.includes("T") ? value : value.replace(" ", "T");
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`);
}

const endedLinkQueries = new WeakMap<SqliteConnection, ReturnType<SqliteConnection["prepare"]>>();
function endedLinkQuery(connection: SqliteConnection) {
  let query = endedLinkQueries.get(connection);
  if (!query) {
    query = connection.prepare(`SELECT "expiresAt" FROM "EndedReporterLink" WHERE "idHash" = ?`);
    // The adapter turns safe integers on for its connection; a date stored as a number comes back as a number.
    query.safeIntegers(false);
    endedLinkQueries.set(connection, query);
  }
  return query;
}

/**
 * Records that a link has ended, until `expiresAt` (after which it would be refused as expired anyway), and
 * deletes the rows nothing needs any more. Ending the same link twice, on one server or two, is one row.
 */
export async function recordEndedReporterLink(db: Database, idHash: string, expiresAt: Date, now: Date): Promise<void> {
  await db.endedReporterLink.deleteMany({ where: { expiresAt: { lte: now } } });
  // An upsert, not a create: "leave" pressed twice (or on two servers at once) must not fail the second time.
  // Two servers racing on the very same id can still meet the unique key; the row is then there, as wanted.
  try {
    await db.endedReporterLink.upsert({ where: { idHash }, create: { idHash, expiresAt }, update: { expiresAt } });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
}

/** The secret of one hour's link key, or null when that hour has none (never made, or deleted). */
export async function findReporterLinkSecret(db: Database, epoch: number): Promise<string | null> {
  const row = await db.reporterLinkKey.findUnique({ where: { epoch }, select: { secret: true } });
  return row?.secret ?? null;
}

/**
 * The secret of one hour's link key, made with `fresh` if that hour has none yet. Two servers making it at
 * once agree on the one written first (the loser's insert meets the primary key and reads the winner's).
 */
export async function reporterLinkSecretFor(db: Database, epoch: number, fresh: string): Promise<string> {
  const found = await findReporterLinkSecret(db, epoch);
  if (found) return found;
  try {
    await db.reporterLinkKey.create({ data: { epoch, secret: fresh } });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
  return (await db.reporterLinkKey.findUniqueOrThrow({ where: { epoch }, select: { secret: true } })).secret;
}

/** Deletes the secrets of hours before `oldestKept`: the links sealed under them can never be opened again. */
export async function deleteReporterLinkSecretsBefore(db: Database, oldestKept: number): Promise<void> {
  await db.reporterLinkKey.deleteMany({ where: { epoch: { lt: oldestKept } } });
}
