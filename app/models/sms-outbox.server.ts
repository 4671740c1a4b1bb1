// Staff messages to SMS reporters who agreed to be texted back: queued with the message, fetched by the SMS
// gateway (GET /webhooks/sms/generic/outbox; docs/decisions/027-sms-channel.md). A row holds ids and times only;
// the number and the text are decrypted from the tip and its message at the moment the gateway fetches them.
import crypto from "node:crypto";
import { smsOutboundText } from "~/domain/sms-conversation";
import { getDb, type Database } from "~/server/db.server";
import { audit } from "./audit.server";
import { decryptTipContact, decryptTipMessage } from "./tip.server";

/** Queues an agency message for SMS when the tip came by SMS with consent to text back; otherwise does nothing. */
export async function queueSmsToReporter(
  db: Database,
  tipId: string,
  messageId: string,
  now = new Date(),
): Promise<boolean> {
  const tip = await db.tip.findUnique({ where: { id: tipId }, select: { channel: true, contactCipher: true } });
  if (tip?.channel !== "sms" || !tip.contactCipher) return false;
  await db.smsOutbox.create({ data: { id: crypto.randomUUID(), tipId, messageId, createdAt: now } });
  return true;
}

export interface OutboundSms {
  id: string;
  to: string;
  text: string;
}

/**
 * The waiting messages, oldest first, each marked sent in the transaction that reads it, with its audit row
 * (the gateway is no staff member: no actor). A message is handed out once: two fetches at the same moment
 * cannot both take it (the update is conditional on it still waiting).
 */
export async function takeOutboundSms(limit: number, now = new Date()): Promise<OutboundSms[]> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const waiting = await tx.smsOutbox.findMany({
      where: { sentAt: null },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        tipId: true,
        messageId: true,
        message: { select: { bodyCipher: true } },
        tip: { select: { reference: true, language: true, agencyCode: true, contactCipher: true } },
      },
    });
    const taken: OutboundSms[] = [];
    for (const row of waiting) {
      const { count } = await tx.smsOutbox.updateMany({ where: { id: row.id, sentAt: null }, data: { sentAt: now } });
      if (count !== 1) continue;
      await audit(
        tx,
        { actor: null, action: "tip_sms_fetched", tipId: row.tipId, agencyCode: row.tip.agencyCode },
        now,
      );
      // The contact can be gone (deleted under retention between queueing and now: then the row is gone too).
      if (!row.tip.contactCipher) continue;
      taken.push({
        id: row.id,
        to: decryptTipContact(row.tipId, row.tip.contactCipher),
        text: smsOutboundText(
          row.tip.language === "en" ? "en" : "ur",
          row.tip.reference,
          decryptTipMessage(row.tipId, row.messageId, row.message.bodyCipher),
        ),
      });
    }
    return taken;
  });
}
