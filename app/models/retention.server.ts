// Data retention (docs/decisions/017-data-retention.md): deleting closed tips' content when the policy says so,
// ending a reporter's access after a long absence, and a supervisor's postponement. The rules themselves are in
// app/domain/retention.ts; this module only reads and writes. Everything here is plain Prisma except
// purgeDeletedContent (app/server/db.server.ts), so a PostgreSQL port changes that one function.
import crypto from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";
import {
  deletionWarningHours,
  hasReporterAccessEnded,
  isDeletionDue,
  postponedUntil,
  reporterAccessEndsAt,
  toDayPrecision,
  type PostponementDays,
  type RetentionPolicy,
} from "~/domain/retention";
import { closeOutcomes } from "~/domain/tip-status";
import { aad } from "~/server/aad.server";
import { encryptText, hashReceipt } from "~/server/crypto.server";
import { getDb, purgeDeletedContent, type Database } from "~/server/db.server";
import { storedReporterTime } from "~/server/reporter-time.server";
import { audit } from "./audit.server";

const dayMs = 24 * 60 * 60 * 1000;

/** A receipt hash that no receipt can match (an HMAC is 64 hex digits); unique per tip, as the column must be. */
const endedReceiptHash = (tipId: string) => `ended:${tipId}`;

/** Closed tips due for deletion by `at`, as a database condition (the same rule as deletionDueAt). */
export function deletionDueWhere(at: Date, policy: RetentionPolicy): Prisma.TipWhereInput {
  const byOutcome = closeOutcomes.flatMap((outcome) => {
    const days = policy.deleteAfterDays[outcome];
    return days === null ? [] : [{ closeOutcome: outcome, closedAt: { lte: new Date(at.getTime() - days * dayMs) } }];
  });
  return {
    status: "closed",
    OR: byOutcome.length ? byOutcome : [{ id: "__none__" }],
    AND: [{ OR: [{ retainUntil: null }, { retainUntil: { lte: at } }] }],
  };
}

/** Closed tips whose deletion is due within the warning window (72 hours) or overdue: the queue's filter. */
export function deletionDueSoonWhere(now: Date, policy: RetentionPolicy): Prisma.TipWhereInput {
  return deletionDueWhere(new Date(now.getTime() + deletionWarningHours * 3_600_000), policy);
}

const retentionSelect = { status: true, closeOutcome: true, closedAt: true, retainUntil: true } as const;

/**
 * Deletes a tip and everything with content that hangs on it: text, suspects, contact, messages, notes, history,
 * identifier hashes, receipt hash, place details, assignee (the foreign keys cascade; evidence files, once they
 * exist, go here too). What stays is a DeletedTip row for the statistics page: category, province, agency,
 * outcome and the coarse answers, with dates cut to the day. Kept out of Tip, so no queue ever sees it.
 */
export async function deleteTipContent(db: Database, tipId: string, now: Date): Promise<void> {
  await db.$transaction((tx) => deleteTipContentWith(tx, tipId, now));
}

/** deleteTipContent's statements, on a transaction the caller holds (a retention run deletes a batch in one). */
async function deleteTipContentWith(tx: Prisma.TransactionClient, tipId: string, now: Date): Promise<boolean> {
  const tip = await tx.tip.findUnique({
    where: { id: tipId },
    select: {
      reference: true,
      category: true,
      crossesBorder: true,
      province: true,
      victimAgeGroup: true,
      immediateDanger: true,
      language: true,
      channel: true,
      jurisdiction: true,
      agencyCode: true,
      unitCode: true,
      urgent: true,
      priority: true,
      status: true,
      closeOutcome: true,
      createdAt: true,
      acknowledgedAt: true,
      closedAt: true,
    },
  });
  if (!tip) return false;
  const day = (at: Date | null) => (at ? toDayPrecision(at) : null);
  await tx.deletedTip.create({
    data: {
      id: tipId,
      ...tip,
      createdAt: toDayPrecision(tip.createdAt),
      acknowledgedAt: day(tip.acknowledgedAt),
      closedAt: day(tip.closedAt),
      deletedAt: toDayPrecision(now),
    },
  });
  // Explicit, not left to the cascade alone: the order of deletion is then the same on every engine.
  await tx.smsOutbox.deleteMany({ where: { tipId } });
  // A deleted tip's alerts, sent or waiting, go with it: none is mailed for a tip that no longer exists.
  await tx.alertOutbox.deleteMany({ where: { tipId } });
  await tx.tipEscalationAlert.deleteMany({ where: { tipId } });
  await tx.tipMessage.deleteMany({ where: { tipId } });
  await tx.evidencePage.deleteMany({ where: { tipId } });
  await tx.tipNote.deleteMany({ where: { tipId } });
  await tx.tipIdentifier.deleteMany({ where: { tipId } });
  await tx.tipEvent.deleteMany({ where: { tipId } });
  await tx.tip.delete({ where: { id: tipId } });
  return true;
}

// ---- The lease: one run at a time, across processes and (later) servers ----

export const retentionLeaseName = "retention";
const leaseMs = 30 * 60 * 1000;

/**
 * Takes the named lease when it is free or expired, with one conditional UPDATE: the database decides, so two
 * processes (or two PostgreSQL clients) can never both get it. A crashed holder's lease expires by itself.
 */
export async function acquireJobLease(
  db: Database,
  name: string,
  holder: string,
  now: Date,
  durationMs = leaseMs,
): Promise<boolean> {
  try {
    await db.jobLease.create({ data: { name, holder: "", expiresAt: new Date(0) } });
  } catch {
    // The row exists already (unique name): the conditional update below decides.
  }
  const taken = await db.jobLease.updateMany({
    where: { name, expiresAt: { lte: now } },
    data: { holder, expiresAt: new Date(now.getTime() + durationMs) },
  });
  return taken.count === 1;
}

/** Extends a lease this holder still has; false when it was lost (expired and taken by another run). */
export async function renewJobLease(
  db: Database,
  name: string,
  holder: string,
  now: Date,
  durationMs = leaseMs,
): Promise<boolean> {
  const renewed = await db.jobLease.updateMany({
    where: { name, holder },
    data: { expiresAt: new Date(now.getTime() + durationMs) },
  });
  return renewed.count === 1;
}

export async function releaseJobLease(db: Database, name: string, holder: string): Promise<void> {
  await db.jobLease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(0) } });
}

// ---- The run ----

export interface RetentionRunReport {
  /** False when another run held the lease; nothing was done. */
  ran: boolean;
  tipsDeleted: number;
  reporterAccessEnded: number;
  /** Staff sessions past their expiry, removed: they can no longer sign anyone in, and need not be kept. */
  staffSessionsRemoved: number;
  /** The WAL was emptied, so no old page with deleted content is left in it. */
  checkpointed: boolean;
}

const batchSize = 50;
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));
/** A batch may wait for the server's own transactions; it is a few hundred short statements at most. */
const batchTransaction = { maxWait: 30_000, timeout: 60_000 };

/**
 * One retention run: deletes the content of every tip due by `now`, ends reporter access unused for the idle
 * period, and purges the database files. Safe to start from several processes at once: only the holder of the
 * lease works.
 *
 * Audit (issue 12): the work goes in batches of up to 50 tips, each one transaction, so the server's requests
 * (a tip being sent) get the database in between. One run-wide transaction would hold SQLite's only writer for
 * as long as the whole backlog takes. So each batch writes its own `retention_run` entry, with counts only, in
 * its own transaction: a batch and its entry are kept or lost together, and a run stopped half-way (a crash, a
 * lost lease) leaves entries for exactly the batches that happened. Deletions come first; the batch that takes
 * the last due tips also ends the first idle receipts, so a usual run (under 50 of each) is one transaction and
 * one entry, like an empty run. The purge that follows changes no row and is not audited (`checkpointed` is in
 * the report the server logs).
 */
export async function runRetention(options: { now: Date; policy: RetentionPolicy }): Promise<RetentionRunReport> {
  const { now, policy } = options;
  const db = await getDb();
  const holder = crypto.randomUUID();
  const report: RetentionRunReport = {
    ran: false,
    tipsDeleted: 0,
    reporterAccessEnded: 0,
    staffSessionsRemoved: 0,
    checkpointed: false,
  };
  if (!(await acquireJobLease(db, retentionLeaseName, holder, now))) return report;
  report.ran = true;
  try {
    const skipped = new Set<string>();
    for (let first = true; ; first = false) {
      const batch = await db.$transaction(async (tx) => {
        const done = { tipsDeleted: 0, reporterAccessEnded: 0, more: false };
        const due = await tx.tip.findMany({
          where: { AND: [deletionDueWhere(now, policy), { id: { notIn: [...skipped] } }] },
          select: { id: true, ...retentionSelect },
          take: batchSize,
        });
        for (const tip of due) {
          // The database condition and the domain rule must agree; the domain rule has the last word.
          if (!isDeletionDue(tip, now, policy)) skipped.add(tip.id);
          else if (await deleteTipContentWith(tx, tip.id, now)) done.tipsDeleted += 1;
        }
        if (due.length === batchSize) done.more = true;
        else {
          done.reporterAccessEnded = await endIdleReporterAccess(tx, now, policy);
          done.more = done.reporterAccessEnded === batchSize;
        }
        // An empty run is recorded too (that it ran); an empty last batch of a longer run adds nothing.
        if (first || done.tipsDeleted > 0 || done.reporterAccessEnded > 0) {
          await audit(
            tx,
            {
              actor: null,
              action: "retention_run",
              details: { tipsDeleted: done.tipsDeleted, reporterAccessEnded: done.reporterAccessEnded },
            },
            now,
          );
        }
        return done;
      }, batchTransaction);
      report.tipsDeleted += batch.tipsDeleted;
      report.reporterAccessEnded += batch.reporterAccessEnded;
      if (!batch.more) break;
      if (!(await renewJobLease(db, retentionLeaseName, holder, new Date()))) throw new Error("retention lease lost");
      await yieldToOthers();
    }
    report.staffSessionsRemoved = (await db.staffSession.deleteMany({ where: { expiresAt: { lt: now } } })).count;
    report.checkpointed = await purgeDeletedContent(db);
  } finally {
    await releaseJobLease(db, retentionLeaseName, holder);
  }
  return report;
}

/**
 * Ends up to one batch of receipts not used for the idle period: the receipt hash is replaced by one nothing
 * matches. Answers how many it ended.
 */
async function endIdleReporterAccess(
  tx: Prisma.TransactionClient,
  now: Date,
  policy: RetentionPolicy,
): Promise<number> {
  const cutoff = new Date(now.getTime() - policy.reporterAccessIdleDays * dayMs);
  const idle = await tx.tip.findMany({
    where: {
      NOT: { receiptHash: { startsWith: "ended:" } },
      OR: [{ reporterSeenAt: { lte: cutoff } }, { reporterSeenAt: null, createdAt: { lte: cutoff } }],
    },
    select: { id: true },
    take: batchSize,
  });
  for (const tip of idle)
    await tx.tip.update({ where: { id: tip.id }, data: { receiptHash: endedReceiptHash(tip.id) } });
  return idle.length;
}

// ---- The reporter's side ----

/**
 * The tip a receipt opens, recording the visit (rounded to REPORTER_TIME_STEP_MINUTES); null for an unknown receipt,
 * and for one unused longer than the idle period, whose access ends here even before the next run.
 */
export async function openTipForReporter(
  db: Database,
  receipt: string,
  options: { now: Date; policy: RetentionPolicy },
): Promise<string | null> {
  const { now, policy } = options;
  const tip = await db.tip.findUnique({
    where: { receiptHash: hashReceipt(receipt) },
    select: { id: true, createdAt: true, reporterSeenAt: true },
  });
  if (!tip) return null;
  // updatedAt is set too: Prisma would otherwise stamp the exact time of the reporter's attempt on the row.
  const seen = storedReporterTime(now);
  if (hasReporterAccessEnded(tip.reporterSeenAt ?? tip.createdAt, now, policy)) {
    await db.tip.update({ where: { id: tip.id }, data: { receiptHash: endedReceiptHash(tip.id), updatedAt: seen } });
    return null;
  }
  await db.tip.update({ where: { id: tip.id }, data: { reporterSeenAt: seen, updatedAt: seen } });
  return tip.id;
}

/** The date the receipt stops working unless the reporter comes back before it (shown on the follow-up page). */
export async function reporterAccessEndsAtFor(
  db: Database,
  tipId: string,
  policy: RetentionPolicy,
): Promise<Date | null> {
  const tip = await db.tip.findUnique({ where: { id: tipId }, select: { createdAt: true, reporterSeenAt: true } });
  return tip ? reporterAccessEndsAt(tip.reporterSeenAt ?? tip.createdAt, policy) : null;
}

// ---- The staff side ----

/** The facts the retention rules need, for the case page. */
export function getRetentionFacts(db: Database, tipId: string) {
  return db.tip.findUnique({ where: { id: tipId }, select: retentionSelect });
}

/**
 * Postpones a scheduled deletion by `days` and keeps the reason as an encrypted internal note (deleted with the
 * tip in the end). Null when nothing is scheduled (the tip is open, or its outcome is kept).
 */
export async function postponeDeletion(
  db: Database,
  tipId: string,
  change: { days: PostponementDays; reason: string; staffUserId: string; now: Date; policy: RetentionPolicy },
): Promise<Date | null> {
  const { days, reason, staffUserId, now, policy } = change;
  const facts = await getRetentionFacts(db, tipId);
  const until = facts ? postponedUntil(facts, days, now, policy) : null;
  if (!until) return null;
  const noteId = crypto.randomUUID();
  // Interactive, not the array form: inside the case page's transaction (with its audit row) PostgreSQL would
  // run an array as a transaction of its own.
  await db.$transaction(async (tx) => {
    await tx.tip.update({ where: { id: tipId }, data: { retainUntil: until } });
    await tx.tipNote.create({
      data: {
        id: noteId,
        tipId,
        staffUserId,
        bodyCipher: encryptText(`⏸ ${until.toISOString().slice(0, 10)}: ${reason}`, aad.tipNote(tipId, noteId)),
        createdAt: now,
      },
    });
  });
  return until;
}
