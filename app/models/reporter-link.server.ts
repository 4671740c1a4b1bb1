import type { Database } from "~/utils/db.server";

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
