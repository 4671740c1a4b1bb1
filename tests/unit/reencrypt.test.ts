import "../setup/database";
import crypto from "node:crypto";
import { afterAll, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { reencryptAll } from "~/models/reencrypt.server";
import { addTipMessage, createTip, getReporterView, readTipContent } from "~/models/tip.server";
import { keyIdOf } from "~/server/crypto.server";
import { getDb } from "~/server/db.server";
import { resetSecretsCache } from "~/server/secrets.server";
import { seedDirectory } from "../../prisma/seed";

const oldKey = `old:${crypto.randomBytes(32).toString("base64")}`;
const newKey = `new:${crypto.randomBytes(32).toString("base64")}`;
const receiptKey = crypto.randomBytes(32).toString("base64");

afterAll(() => {
  delete process.env.TIP_ENCRYPTION_KEYS;
  delete process.env.RECEIPT_KEY;
  resetSecretsCache();
});

test("rotating the key re-encrypts every tip and message without losing one", async () => {
  process.env.TIP_ENCRYPTION_KEYS = oldKey;
  process.env.RECEIPT_KEY = receiptKey;
  resetSecretsCache();
  const db = await getDb();
  await seedDirectory(db);
  const ids: string[] = [];
  for (let i = 0; i < 25; i++) {
    const tip = tipSchema.parse({
      category: "other",
      description: `Rotation test tip number ${i}`,
      suspects: i % 2 ? `Suspect ${i}` : undefined,
      contactConsent: i % 3 === 0,
      contact: i % 3 === 0 ? `contact ${i}` : undefined,
    });
    const created = await createTip(db, tip, routeTip(tip, routingTable), "api");
    await addTipMessage(db, created.id, "agency", `Message for ${i}`);
    ids.push(created.id);
  }

  process.env.TIP_ENCRYPTION_KEYS = `${newKey},${oldKey}`;
  resetSecretsCache();
  const report = await reencryptAll(db, 7);
  expect(report.tipsChecked).toBe(25);
  expect(report.messagesChecked).toBe(25);
  expect(report.valuesRewritten).toBe(25 + 12 + 9 + 25);

  const stored = await db.tip.findMany({ select: { descriptionCipher: true } });
  expect(stored.every((row) => keyIdOf(row.descriptionCipher) === "new")).toBe(true);

  // The old key can now go: everything still opens with the new key alone.
  process.env.TIP_ENCRYPTION_KEYS = newKey;
  resetSecretsCache();
  for (const [i, id] of ids.entries()) {
    expect((await readTipContent(db, id))?.description).toBe(`Rotation test tip number ${i}`);
    expect((await getReporterView(db, id))?.messages[0]?.body).toBe(`Message for ${i}`);
  }
  expect((await reencryptAll(db)).valuesRewritten).toBe(0);
});
