// Tips: writing a new one, and what a reporter may see and do with their receipt.
import crypto from "node:crypto";
import type { CleanedEvidence } from "~/domain/evidence";
import { priorityOf } from "~/domain/priority";
import { routeTip, type RoutingDecision } from "~/domain/routing";
import { receiptFromRandomBytes, receiptRandomBytes } from "~/domain/receipt";
import type { RetentionPolicy } from "~/domain/retention";
import type { Tip, TipCategory } from "~/domain/tip";
import { aad } from "~/server/aad.server";
import { decryptText, encryptText, hashReceipt, randomBytes } from "~/server/crypto.server";
import { engineOf, getDb, type Database } from "~/server/db.server";
import { alertsEnabled } from "~/server/alerts.server";
import { getEnv } from "~/server/env.server";
import { storedReporterTime } from "~/server/reporter-time.server";
import { followUpTokens, receiptDisplayTokens, type ReceiptDisplay } from "~/server/tokens.server";
import { enqueueAlertEvent } from "./alerts.server";
import { getDirectory } from "./directory.server";
import { addEvidence, countEvidence, evidenceRows } from "./evidence.server";
import { openTipForReporter, reporterAccessEndsAtFor } from "./retention.server";
import { tipIdentifierRows } from "./tip-identifiers.server";
import { referenceSequence, writeNewTip } from "./tip-writer.server";

export type TipChannel = "web" | "api" | "sms" | "whatsapp";

const priorityRanks = { urgent: 0, high: 1, normal: 2 } as const;

// Made once: building an Intl formatter costs more than the rest of choosing a reference (a CPU profile of
// the intake bench found it at 2% of the server's time).
const karachiYearFormat = new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Asia/Karachi" });

/** The year in Pakistan, for the reference number. */
function karachiYear(now: Date): number {
  return Number(karachiYearFormat.format(now));
}

// PostgreSQL numbers references from one sequence per year (tip-writer.server.ts). An updated counter row would
// stay locked until its transaction commits, so every intake would wait for the one before it; nextval never
// waits. A rolled-back tip leaves a gap in the numbers (docs/decisions/018-database-engine-by-url.md).

// The sequences each client has made sure of, so an intake costs one statement more than on SQLite only once a year.
const ensuredSequences = new WeakMap<Database, Set<number>>();

async function ensureReferenceSequence(db: Database, year: number): Promise<void> {
  const ensured = ensuredSequences.get(db) ?? new Set<number>();
  ensuredSequences.set(db, ensured);
  if (ensured.has(year)) return;
  // A database carried over with its ReferenceCounter rows goes on after their numbers.
  const counter = await db.referenceCounter.findUnique({ where: { year }, select: { value: true } });
  const create = `CREATE SEQUENCE IF NOT EXISTS ${referenceSequence(year)} AS integer START WITH ${(counter?.value ?? 0) + 1}`;
  try {
    await db.$executeRawUnsafe(create);
  } catch {
    // Two servers creating the same sequence at the same moment: one of them fails on the catalog's unique
    // index. The sequence exists now; a second attempt confirms it (or throws the real problem).
    await db.$executeRawUnsafe(create);
  }
  ensured.add(year);
}

export interface CreatedTip {
  id: string;
  reference: string;
  receipt: string;
}

/**
 * Stores a routed tip in one transaction with its first history entry and its identifiers; answers once that
 * transaction is committed (it may hold other tips: tip-writer.server.ts). Sensitive text is encrypted. Every time
 * in the rows is the coarse reporter time, and their ids are random: a default cuid() id holds its creation
 * time to the millisecond (docs/decisions/016).
 */
export async function createTip(
  db: Database,
  tip: Tip,
  decision: RoutingDecision,
  channel: TipChannel,
  now = new Date(),
  evidence: readonly CleanedEvidence[] = [],
): Promise<CreatedTip> {
  const id = crypto.randomUUID();
  const receipt = receiptFromRandomBytes(randomBytes(receiptRandomBytes));
  const at = storedReporterTime(now);
  const year = karachiYear(at);
  if (engineOf(db) === "postgresql") await ensureReferenceSequence(db, year);
  const priority = priorityOf(tip);
  // The same columns Prisma wrote, in one transaction with the first history entry and the identifiers.
  const reference = await writeNewTip(db, {
    year,
    tip: {
      id,
      receiptHash: hashReceipt(receipt),
      category: tip.category,
      crossesBorder: tip.crossesBorder,
      country: tip.country ?? null,
      province: tip.province,
      district: tip.district ?? null,
      victimCount: tip.victimCount ?? null,
      victimAgeGroup: tip.victimAgeGroup,
      immediateDanger: tip.immediateDanger,
      language: tip.language,
      channel,
      descriptionCipher: encryptText(tip.description, aad.tipField(id, "description")),
      suspectsCipher: tip.suspects ? encryptText(tip.suspects, aad.tipField(id, "suspects")) : null,
      contactCipher: tip.contact ? encryptText(tip.contact, aad.tipField(id, "contact")) : null,
      jurisdiction: decision.jurisdiction,
      agencyCode: decision.agency,
      unitCode: decision.unit,
      routingReasons: JSON.stringify({
        reasons: decision.reasons,
        destinationHints: decision.destinationHints,
        legalBasis: decision.legalBasis,
      }),
      alsoNotify: JSON.stringify(decision.alsoNotify),
      urgent: decision.urgent,
      priority,
      priorityRank: priorityRanks[priority],
      status: "new",
      createdAt: at,
      updatedAt: at,
    },
    event: {
      id: crypto.randomUUID(),
      kind: "received",
      status: "new",
      agencyCode: decision.agency,
      createdAt: at,
      seq: 1,
    },
    identifiers: tipIdentifierRows(tip.description, tip.suspects),
    // Someone in danger now: the duty address hears of it within a minute (docs/decisions/028).
    urgentAlertId: tip.immediateDanger && alertsEnabled() ? crypto.randomUUID() : undefined,
    evidence: evidenceRows(id, evidence, 1, at),
  });
  return { id, reference, receipt };
}

/**
 * A new tip from the report form or the partner API: routed by the current directory, then stored with its
 * evidence files (already cleaned) in the same transaction.
 */
export async function receiveTip(
  tip: Tip,
  channel: TipChannel,
  evidence: readonly CleanedEvidence[] = [],
): Promise<CreatedTip & { decision: RoutingDecision }> {
  const decision = routeTip(tip, (await getDirectory()).routingTable);
  return { ...(await createTip(await getDb(), tip, decision, channel, new Date(), evidence)), decision };
}

/**
 * The receipt page's link (docs/decisions/019): issued after sending, opened by the page, ended by "I have saved
 * my code". The receipt travels sealed in the link and is never written to the database.
 */
export const receiptDisplayLinks = {
  issue: async (value: ReceiptDisplay) => receiptDisplayTokens.issue(await getDb(), value),
  // Not renewed: the receipt is shown for a short while after sending, then never again.
  open: async (token: string | null | undefined) => receiptDisplayTokens.read(await getDb(), token),
  end: async (token: string | null | undefined) => receiptDisplayTokens.end(await getDb(), token),
};

/** The tip a receipt opens, or null. Only the keyed hash of the receipt is compared. */
export async function findTipIdByReceipt(db: Database, receipt: string): Promise<string | null> {
  const tip = await db.tip.findUnique({ where: { receiptHash: hashReceipt(receipt) }, select: { id: true } });
  return tip?.id ?? null;
}

export interface ReporterView {
  reference: string;
  status: string;
  agencyCode: string;
  createdAt: Date;
  history: { kind: string; status: string; agencyCode: string; at: Date }[];
  messages: { author: "reporter" | "agency"; body: string; at: Date }[];
  /** How many evidence files the tip holds: the reporter sees the number, never the files. */
  evidenceCount: number;
}

/** What the reporter sees on the follow-up page: status, history and the conversation, never staff names. */
export async function getReporterView(db: Database, tipId: string): Promise<ReporterView | null> {
  const tip = await db.tip.findUnique({
    where: { id: tipId },
    select: {
      reference: true,
      status: true,
      agencyCode: true,
      createdAt: true,
      events: { select: { kind: true, status: true, agencyCode: true, createdAt: true }, orderBy: writtenOrder },
      messages: { select: { id: true, author: true, bodyCipher: true, createdAt: true }, orderBy: writtenOrder },
    },
  });
  if (!tip) return null;
  return {
    reference: tip.reference,
    status: tip.status,
    agencyCode: tip.agencyCode,
    createdAt: tip.createdAt,
    history: tip.events.map((event) => ({
      kind: event.kind,
      status: event.status,
      agencyCode: event.agencyCode,
      at: event.createdAt,
    })),
    messages: tip.messages.map((message) => ({
      author: message.author === "agency" ? "agency" : "reporter",
      body: decryptText(message.bodyCipher, aad.tipMessage(tipId, message.id)),
      at: message.createdAt,
    })),
    evidenceCount: await countEvidence(db, tipId),
  };
}

/**
 * Adds a message to a tip's conversation, encrypted. A reporter's message is stored at the coarse reporter time,
 * so it may carry an earlier time than the agency message it answers: `seq` keeps the real order. (The
 * transaction makes reading the last number and writing the next one one step; the adapter runs transactions
 * one at a time.)
 */
export async function addTipMessage(
  db: Database,
  tipId: string,
  author: "reporter" | "agency",
  body: string,
  now = new Date(),
  evidence: readonly CleanedEvidence[] = [],
): Promise<string> {
  const id = crypto.randomUUID();
  const createdAt = author === "reporter" ? storedReporterTime(now) : now;
  await db.$transaction(async (tx) => {
    const last = await tx.tipMessage.aggregate({ where: { tipId }, _max: { seq: true } });
    await tx.tipMessage.create({
      data: {
        id,
        tipId,
        author,
        bodyCipher: encryptText(body, aad.tipMessage(tipId, id)),
        createdAt,
        seq: (last._max.seq ?? 0) + 1,
      },
    });
    if (author === "reporter" && alertsEnabled()) {
      const tip = await tx.tip.findUnique({
        where: { id: tipId },
        select: { reference: true, agencyCode: true, unitCode: true, assignedToId: true },
      });
      // Only the tip's assignee can ask for this alert; it waits until the reply's coarse time step has passed, so
      // the alert's time says no more about when the reporter wrote than the stored time does (docs/decisions/016).
      if (tip?.assignedToId) {
        const notBefore = new Date(createdAt.getTime() + getEnv().REPORTER_TIME_STEP_MINUTES * 60_000);
        await enqueueAlertEvent(
          tx,
          {
            kind: "reporter_message",
            tipId,
            caseReference: tip.reference,
            agencyCode: tip.agencyCode,
            unitCode: tip.unitCode,
          },
          createdAt,
          notBefore,
        );
      }
    }
    // The transaction client has every model of the outer one; Prisma types it apart only to forbid nesting.
    await addEvidence(tx as unknown as Database, tipId, evidence, createdAt);
  });
  return id;
}

/** A message's text, for the SMS outbox (app/models/sms-outbox.server.ts). */
export function decryptTipMessage(tipId: string, messageId: string, bodyCipher: string): string {
  return decryptText(bodyCipher, aad.tipMessage(tipId, messageId));
}

/** A tip's contact, for the SMS outbox only: the reporter agreed to be texted back at it. */
export function decryptTipContact(tipId: string, contactCipher: string): string {
  return decryptText(contactCipher, aad.tipField(tipId, "contact"));
}

/**
 * A tip's history and conversation in the order they were written. Times cannot order them alone: reporter
 * times are coarse. Two staff changes at the same instant may share a number; their exact times decide.
 */
export const writtenOrder: { seq?: "asc"; createdAt?: "asc"; id?: "asc" }[] = [
  { seq: "asc" },
  { createdAt: "asc" },
  { id: "asc" },
];

/** The number for a tip's next history entry (see writtenOrder). */
export async function nextEventSeq(db: Database, tipId: string): Promise<number> {
  const last = await db.tipEvent.aggregate({ where: { tipId }, _max: { seq: true } });
  return (last._max.seq ?? 0) + 1;
}

/** The decrypted sensitive fields of a tip, for authorised staff and tests only. */
export async function readTipContent(db: Database, tipId: string) {
  const tip = await db.tip.findUnique({
    where: { id: tipId },
    select: { descriptionCipher: true, suspectsCipher: true, contactCipher: true },
  });
  if (!tip) return null;
  return {
    description: decryptText(tip.descriptionCipher, aad.tipField(tipId, "description")),
    suspects: tip.suspectsCipher ? decryptText(tip.suspectsCipher, aad.tipField(tipId, "suspects")) : null,
    contact: tip.contactCipher ? decryptText(tip.contactCipher, aad.tipField(tipId, "contact")) : null,
  };
}

// ---- A reporter's follow-up visit (/:lang/follow-up): what the routes call. Nothing here writes anything about
// the reporter beyond the coarse visit time (docs/decisions/016, 017) and, for an ended visit, a hash of the
// link's id (docs/decisions/019). ----

/**
 * Opens a case from its receipt: records the visit and answers a new follow-up link, or null for an unknown
 * receipt and for one unused longer than the idle period (whose access ends here).
 */
export async function startFollowUpVisit(
  receipt: string,
  options: { now: Date; policy: RetentionPolicy },
): Promise<string | null> {
  const db = await getDb();
  const tipId = await openTipForReporter(db, receipt, options);
  return tipId ? followUpTokens.issue(db, { tipId }) : null;
}

/** The visit a follow-up link grants (its tip and a renewed link), or null when the link no longer opens. */
export async function openFollowUpVisit(token: string | null | undefined) {
  return followUpTokens.open(await getDb(), token);
}

/** Ends a follow-up visit on every server; a link that does not open writes nothing. */
export async function endFollowUpVisit(token: string | null | undefined): Promise<void> {
  await followUpTokens.end(await getDb(), token);
}

/** What the case page shows the reporter, and when their receipt stops working; null for a tip deleted meanwhile. */
export async function getReporterCase(
  tipId: string,
  policy: RetentionPolicy,
): Promise<{ view: ReporterView; accessEndsAt: Date | null } | null> {
  const db = await getDb();
  const view = await getReporterView(db, tipId);
  return view ? { view, accessEndsAt: await reporterAccessEndsAtFor(db, tipId, policy) } : null;
}

/** The reporter's reply on the case page, with its evidence files (already cleaned), stored at the coarse reporter time. */
export async function addReporterMessage(
  tipId: string,
  body: string,
  evidence: readonly CleanedEvidence[] = [],
): Promise<void> {
  const db = await getDb();
  for (let attempt = 1; ; attempt++) {
    try {
      await addTipMessage(db, tipId, "reporter", body, new Date(), evidence);
      return;
    } catch (error) {
      // Two replies with files at once (PostgreSQL, two tabs) can both take the next file position; the second
      // then meets the unique index and its whole transaction is rolled back. Again, it takes the position after.
      const positionTaken = (error as { code?: unknown } | null)?.code === "P2002";
      if (!positionTaken || attempt >= 3) throw error;
    }
  }
}

/** What decides whether a reply may carry files: the tip's category and how many files it holds already. */
export async function replyEvidenceContext(
  tipId: string,
): Promise<{ category: TipCategory; alreadyOnTip: number } | null> {
  const db = await getDb();
  const tip = await db.tip.findUnique({ where: { id: tipId }, select: { category: true } });
  return tip ? { category: tip.category as TipCategory, alreadyOnTip: await countEvidence(db, tipId) } : null;
}
