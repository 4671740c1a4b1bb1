import { rawConnectionOf, type Database, type SqliteConnection } from "~/server/db.server";

// Reporter links ended before their time (docs/decisions/019). A row holds only a hash of the link's random id
// and an expiry already rounded up to the reporter time step by the caller: nothing names a tip or a receipt.

/**
 * Whether the link whose id hashes to `idHash` was ended and may still be presented. Asked on every view of a
 * receipt or case page, so it reads the row by its key without the ORM, which took a tenth of the receipt
 * page's time (docs/decisions/039).
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
  // On the connection Prisma uses, in turn: never in the middle of another request's transaction.
  const release = await raw.takeTurn();
  try {
    const row = endedLinkQuery(raw.connection).get(idHash) as { expiresAt: string | number } | undefined;
    // The adapter writes an ISO 8601 text; a number would be milliseconds since the epoch.
    return row !== undefined && new Date(row.expiresAt).getTime() > now.getTime();
  } finally {
    release();
  }
}

const endedLinkQueries = new WeakMap<SqliteConnection, ReturnType<SqliteConnection["prepare"]>>();
function endedLinkQuery(connection: SqliteConnection) {
  let query = endedLinkQueries.get(connection);
  if (!query) {
    query = connection.prepare(`SELECT "expiresAt" FROM "EndedReporterLink" WHERE "idHash" = ?`);
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
