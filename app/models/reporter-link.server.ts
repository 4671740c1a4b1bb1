import type { Database } from "~/server/db.server";

// Reporter links ended before their time (docs/decisions/019). A row holds only a hash of the link's random id
// and an expiry already rounded up to the reporter time step by the caller: nothing names a tip or a receipt.

/** Whether the link whose id hashes to `idHash` was ended and may still be presented. */
export async function isReporterLinkEnded(db: Database, idHash: string, now: Date): Promise<boolean> {
  const row = await db.endedReporterLink.findUnique({ where: { idHash }, select: { expiresAt: true } });
  return row !== null && row.expiresAt > now;
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
