// Re-encrypts every stored secret under the current (first) key, so an old key can then be retired.
// Each row is rewritten in its own small transaction: a crash part-way leaves every row readable, because
// a row holds either the old ciphertext (old key still configured) or the new one.
import { aad } from "~/server/aad.server";
import { decryptBytes, decryptText, encryptBytes, encryptText, keyIdOf, keyIdOfBytes } from "~/server/crypto.server";
import type { Database } from "~/server/db.server";
import { getSecrets } from "~/server/secrets.server";

export interface ReencryptionReport {
  tipsChecked: number;
  messagesChecked: number;
  evidencePagesChecked: number;
  valuesRewritten: number;
}

export async function reencryptAll(db: Database, batchSize = 200): Promise<ReencryptionReport> {
  const currentKeyId = getSecrets().encryptionKeys[0]!.id;
  const rewrap = (stored: string | null, context: string) =>
    stored === null || keyIdOf(stored) === currentKeyId ? stored : encryptText(decryptText(stored, context), context);
  const report: ReencryptionReport = {
    tipsChecked: 0,
    messagesChecked: 0,
    evidencePagesChecked: 0,
    valuesRewritten: 0,
  };

  for (let cursor: string | undefined; ;) {
    const tips = await db.tip.findMany({
      take: batchSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      orderBy: { id: "asc" },
      select: { id: true, descriptionCipher: true, suspectsCipher: true, contactCipher: true },
    });
    if (tips.length === 0) break;
    for (const tip of tips) {
      const next = {
        descriptionCipher: rewrap(tip.descriptionCipher, aad.tipField(tip.id, "description"))!,
        suspectsCipher: rewrap(tip.suspectsCipher, aad.tipField(tip.id, "suspects")),
        contactCipher: rewrap(tip.contactCipher, aad.tipField(tip.id, "contact")),
      };
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((field) => next[field] !== tip[field]);
      if (changed.length > 0) {
        await db.tip.update({ where: { id: tip.id }, data: next });
        report.valuesRewritten += changed.length;
      }
    }
    report.tipsChecked += tips.length;
    cursor = tips.at(-1)!.id;
  }

  for (let cursor: string | undefined; ;) {
    const messages = await db.tipMessage.findMany({
      take: batchSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      orderBy: { id: "asc" },
      select: { id: true, tipId: true, bodyCipher: true },
    });
    if (messages.length === 0) break;
    for (const message of messages) {
      const next = rewrap(message.bodyCipher, aad.tipMessage(message.tipId, message.id))!;
      if (next !== message.bodyCipher) {
        await db.tipMessage.update({ where: { id: message.id }, data: { bodyCipher: next } });
        report.valuesRewritten += 1;
      }
    }
    report.messagesChecked += messages.length;
    cursor = messages.at(-1)!.id;
  }
  // Evidence images: a few at a time (each may be megabytes), the key id read from the stored header before
  // anything is decrypted, so a second run after a crash only touches what is left.
  const evidenceBatch = Math.max(1, Math.min(batchSize, 20));
  for (let cursor: string | undefined; ;) {
    const pages = await db.evidencePage.findMany({
      take: evidenceBatch,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      orderBy: { id: "asc" },
      select: { id: true, tipId: true, position: true, page: true, cipher: true },
    });
    if (pages.length === 0) break;
    for (const page of pages) {
      if (keyIdOfBytes(page.cipher) === currentKeyId) continue;
      const context = aad.evidencePage(page.tipId, page.position, page.page);
      await db.evidencePage.update({
        where: { id: page.id },
        data: { cipher: encryptBytes(decryptBytes(page.cipher, context), context) },
      });
      report.valuesRewritten += 1;
    }
    report.evidencePagesChecked += pages.length;
    cursor = pages.at(-1)!.id;
  }
  const notes = await db.tipNote.findMany({ select: { id: true, tipId: true, bodyCipher: true } });
  for (const note of notes) {
    const next = rewrap(note.bodyCipher, aad.tipNote(note.tipId, note.id))!;
    if (next !== note.bodyCipher) {
      await db.tipNote.update({ where: { id: note.id }, data: { bodyCipher: next } });
      report.valuesRewritten += 1;
    }
  }
  const staff = await db.staffUser.findMany({
    where: { totpSecretCipher: { not: null } },
    select: { id: true, totpSecretCipher: true },
  });
  for (const member of staff) {
    const next = rewrap(member.totpSecretCipher, aad.staffTotp(member.id))!;
    if (next !== member.totpSecretCipher) {
      await db.staffUser.update({ where: { id: member.id }, data: { totpSecretCipher: next } });
      report.valuesRewritten += 1;
    }
  }
  return report;
}
