// Tips: writing a new one, and what a reporter may see and do with their receipt.
import crypto from "node:crypto";
import { priorityOf } from "~/domain/priority";
import type { RoutingDecision } from "~/domain/routing";
import { formatReference, receiptFromRandomBytes, receiptRandomBytes } from "~/domain/receipt";
import type { Tip } from "~/domain/tip";
import { decryptText, encryptText, hashReceipt, randomBytes } from "~/utils/crypto.server";
import type { Database } from "~/utils/db.server";
import { indexTipIdentifiers } from "./tip-identifiers.server";

export type TipChannel = "web" | "api";

const priorityRanks = { urgent: 0, high: 1, normal: 2 } as const;

const fieldContext = (tipId: string, field: "description" | "suspects" | "contact") => `tip:${tipId}:${field}`;
const messageContext = (tipId: string, messageId: string) => `tip:${tipId}:message:${messageId}`;

// Made once: building an Intl formatter costs more than the rest of choosing a reference (a CPU profile of
// the intake bench found it at 2% of the server's time).
const karachiYearFormat = new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Asia/Karachi" });

/** The year in Pakistan, for the reference number. */
function karachiYear(now: Date): number {
  return Number(karachiYearFormat.format(now));
}

export interface CreatedTip {
  id: string;
  reference: string;
  receipt: string;
}

/** Stores a routed tip in one transaction with its first history entry. Sensitive text is encrypted. */
export async function createTip(
  db: Database,
  tip: Tip,
  decision: RoutingDecision,
  channel: TipChannel,
  now = new Date(),
): Promise<CreatedTip> {
  const id = crypto.randomUUID();
  const receipt = receiptFromRandomBytes(randomBytes(receiptRandomBytes));
  const year = karachiYear(now);
  const reference = await db.$transaction(async (tx) => {
    const counter = await tx.referenceCounter.upsert({
      where: { year },
      create: { year, value: 1 },
      update: { value: { increment: 1 } },
    });
    const reference = formatReference(year, counter.value);
    const priority = priorityOf(tip);
    await tx.tip.create({
      data: {
        id,
        reference,
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
        descriptionCipher: encryptText(tip.description, fieldContext(id, "description")),
        suspectsCipher: tip.suspects ? encryptText(tip.suspects, fieldContext(id, "suspects")) : null,
        contactCipher: tip.contact ? encryptText(tip.contact, fieldContext(id, "contact")) : null,
        jurisdiction: decision.jurisdiction,
        agencyCode: decision.agency,
        unitCode: decision.unit,
        routingReasons: JSON.stringify({ reasons: decision.reasons, destinationHints: decision.destinationHints, legalBasis: decision.legalBasis }),
        alsoNotify: JSON.stringify(decision.alsoNotify),
        urgent: decision.urgent,
        priority,
        priorityRank: priorityRanks[priority],
        status: "new",
        createdAt: now,
        events: { create: { kind: "received", status: "new", agencyCode: decision.agency, createdAt: now } },
      },
    });
    await indexTipIdentifiers(tx, id, tip.description, tip.suspects);
    return reference;
  });
  return { id, reference, receipt };
}

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
      events: { select: { kind: true, status: true, agencyCode: true, createdAt: true }, orderBy: { createdAt: "asc" } },
      messages: { select: { id: true, author: true, bodyCipher: true, createdAt: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!tip) return null;
  return {
    reference: tip.reference,
    status: tip.status,
    agencyCode: tip.agencyCode,
    createdAt: tip.createdAt,
    history: tip.events.map((event) => ({ kind: event.kind, status: event.status, agencyCode: event.agencyCode, at: event.createdAt })),
    messages: tip.messages.map((message) => ({
      author: message.author === "agency" ? "agency" : "reporter",
      body: decryptText(message.bodyCipher, messageContext(tipId, message.id)),
      at: message.createdAt,
    })),
  };
}

/** Adds a message to a tip's conversation, encrypted. */
export async function addTipMessage(
  db: Database,
  tipId: string,
  author: "reporter" | "agency",
  body: string,
  now = new Date(),
): Promise<void> {
  const id = crypto.randomUUID();
  await db.tipMessage.create({
    data: { id, tipId, author, bodyCipher: encryptText(body, messageContext(tipId, id)), createdAt: now },
  });
}

/** The decrypted sensitive fields of a tip, for authorised staff and tests only. */
export async function readTipContent(db: Database, tipId: string) {
  const tip = await db.tip.findUnique({
    where: { id: tipId },
    select: { descriptionCipher: true, suspectsCipher: true, contactCipher: true },
  });
  if (!tip) return null;
  return {
    description: decryptText(tip.descriptionCipher, fieldContext(tipId, "description")),
    suspects: tip.suspectsCipher ? decryptText(tip.suspectsCipher, fieldContext(tipId, "suspects")) : null,
    contact: tip.contactCipher ? decryptText(tip.contactCipher, fieldContext(tipId, "contact")) : null,
  };
}
