// Bad input, SMS webhook: generated gateway posts, most of them well-formed messages that walk real
// conversations (keywords, answers in three digit scripts, hostile and huge texts) and the rest broken: wrong
// secrets, wrong types, malformed JSON, bad UTF-8, bodies over the limit. The answer is always 200, 400, 401 or
// 415, never a 5xx; a reply fits two SMS parts and never quotes the sender's number; only a reply with a receipt
// wrote rows (one tip); nothing else writes any. The WhatsApp adapter gets generated notifications, signed and
// not: 200, 400 or 401, never a 5xx, never the number in an answer.
import "../setup/database";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test, vi } from "vitest";

const secret = vi.hoisted(() => {
  const value = "fuzz-gateway-secret-0123456789";
  process.env.SMS_GATEWAY_SECRET = value;
  return value;
});

import { smsParts } from "~/domain/sms-conversation";
import { action as webhookAction } from "~/routes/webhooks.sms.generic";
import { getDb } from "~/server/db.server";
import { seedDirectory } from "../../prisma/seed";
import {
  FuzzTally,
  expectRowChanges,
  fuzzParameters,
  hostileText,
  hugeText,
  origin,
  outcomeOf,
  plausibleDescription,
  rowCounter,
  rowDelta,
} from "./fuzz-harness";

const numRuns = 1_500;

beforeAll(async () => {
  await seedDirectory(await getDb());
});

// Thirty numbers in their usual forms: enough that the per-number limit (100 messages in 30 minutes) still
// leaves conversations to finish.
const senders = Array.from({ length: 30 }, (_, n) => {
  const local = `3005550${String(100 + n)}`;
  return [`+92${local}`, `0${local}`, `92${local}`, `+92 ${local.slice(0, 3)} ${local.slice(3)}`][n % 4]!;
});
const digitsIn = (digit: number) => [
  String(digit),
  String.fromCharCode(0x06f0 + digit),
  String.fromCharCode(0x0660 + digit),
];

const messageText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("report", "REPORT", "رپورٹ", "اطلاع"),
  },
  {
    weight: 8,
    arbitrary: fc.integer({ min: 0, max: 9 }).chain((digit) => fc.constantFrom(...digitsIn(digit))),
  },
  { weight: 3, arbitrary: fc.constantFrom("done", "DONE", "ختم") },
  { weight: 1, arbitrary: fc.constantFrom("STOP", "بند") },
  { weight: 3, arbitrary: plausibleDescription },
  { weight: 2, arbitrary: hostileText },
  { weight: 1, arbitrary: hugeText },
);

const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), {
    maxKeys: 2,
  }),
);

let idCounter = 0;
const message = fc.record({
  id: fc.oneof(
    {
      weight: 12,
      arbitrary: fc.constant<unknown>(null).map(() => `fuzz-${++idCounter}`),
    },
    { weight: 2, arbitrary: fc.constantFrom<unknown>("repeat-1", "repeat-2") },
    {
      weight: 1,
      arbitrary: fc.oneof(wrongType, fc.constant("x".repeat(201)), fc.constant("")),
    },
  ),
  from: fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom<unknown>(...senders) },
    { weight: 1, arbitrary: fc.oneof(wrongType, hostileText, fc.constant("")) },
  ),
  text: fc.oneof({ weight: 16, arbitrary: messageText }, { weight: 1, arbitrary: wrongType }),
  receivedAt: fc.oneof(
    { weight: 6, arbitrary: fc.constant<unknown>("2026-12-06T10:00:00Z") },
    { weight: 1, arbitrary: fc.oneof(wrongType, hostileText) },
  ),
});

type Kind = "message" | "malformed" | "not-an-object" | "bad-utf8" | "too-large" | "wrong-secret" | "wrong-type";
type Post = {
  kind: Kind;
  bytes: Uint8Array<ArrayBuffer>;
  secret: string | null;
  contentType: string;
};

const post: fc.Arbitrary<Post> = fc.oneof(
  {
    weight: 20,
    arbitrary: message.map((value) => ({
      kind: "message" as const,
      bytes: utf8(JSON.stringify(value)),
      secret,
      contentType: "application/json",
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        message.chain((value) =>
          fc.nat().map((cut) => JSON.stringify(value).slice(0, cut % JSON.stringify(value).length)),
        ),
        fc.string({ unit: "binary", maxLength: 20 }),
        fc.constantFrom("{", "NaN", "{'id':1}"),
      )
      .map((text) => ({
        kind: "malformed" as const,
        bytes: utf8(text),
        secret,
        contentType: "application/json",
      })),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.array(fc.jsonValue(), { maxLength: 2 }), fc.string(), fc.constant(null)).map((value) => ({
      kind: "not-an-object" as const,
      bytes: utf8(JSON.stringify(value)),
      secret,
      contentType: "application/json",
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80]).map((bad) => ({
      kind: "bad-utf8" as const,
      bytes: new Uint8Array(
        Buffer.concat([
          Buffer.from('{"id":"u1","from":"+923005550101","text":"ab'),
          Buffer.from(bad),
          Buffer.from('cd"}'),
        ]),
      ),
      secret,
      contentType: "application/json",
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("x", "ٹ").map((unit) => ({
      kind: "too-large" as const,
      bytes: utf8(
        JSON.stringify({
          id: "big",
          from: senders[0],
          text: unit.repeat(20_000),
        }),
      ),
      secret,
      contentType: "application/json",
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | null>(null, "", "wrong", secret.slice(1), `${secret} `).map((given) => ({
      kind: "wrong-secret" as const,
      bytes: utf8(JSON.stringify({ id: "s", from: senders[0], text: "report" })),
      secret: given,
      contentType: "application/json",
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "").map((type) => ({
      kind: "wrong-type" as const,
      bytes: utf8('{"id":"t","from":"+923005550101","text":"report"}'),
      secret,
      contentType: type,
    })),
  },
);

/** A whole conversation from a new number: every answer in any digit script, some of them wrong, some texts hostile. */
let scriptSender = 0;
const answer = (count: number) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.integer({ min: 1, max: count }).chain((digit) => fc.constantFrom(...digitsIn(digit))),
    },
    { weight: 1, arbitrary: hostileText },
  );
const script: fc.Arbitrary<Post[]> = fc
  .tuple(
    fc.constantFrom("report", "رپورٹ", "اطلاع"),
    answer(3),
    answer(6),
    answer(3),
    answer(8),
    fc.array(fc.oneof(plausibleDescription, hostileText), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.constantFrom("done", "DONE", "ختم"),
    answer(2),
  )
  .map(([start, language, category, border, province, description, done, consent]) => {
    const from = `+92300555${String(1000 + (scriptSender++ % 9000))}`;
    return [start, language, category, border, province, ...description, done, done, consent, consent].map((text) => ({
      kind: "message" as const,
      bytes: utf8(JSON.stringify({ id: `script-${++idCounter}`, from, text })),
      secret,
      contentType: "application/json",
    }));
  });

const posts: fc.Arbitrary<Post[]> = fc.oneof(
  { weight: 4, arbitrary: post.map((one) => [one]) },
  { weight: 1, arbitrary: script },
);

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(text, "utf8"));
}

const tally = new FuzzTally("sms-webhook");
afterAll(() => {
  tally.report();
});

test(
  "the SMS webhook never fails, replies briefly, never quotes the number, and stores only finished tips",
  { timeout: 180_000 },
  async () => {
    const rows = rowCounter();
    await fc.assert(
      fc.asyncProperty(posts, async (sequence) => {
        for (const input of sequence) await checkPost(input);
      }),
      fuzzParameters(numRuns),
    );
    expect(tally.serverErrors).toBe(0);
    expect(tally.kinds.get("tip") ?? 0, "the generator also finishes conversations").toBeGreaterThan(0);

    async function checkPost(input: Post) {
      const headers: Record<string, string> = {
        "Content-Type": input.contentType,
      };
      if (input.secret !== null) headers["X-Gateway-Secret"] = input.secret;
      const request = new Request(`${origin}/webhooks/sms/generic`, {
        method: "POST",
        body: input.bytes,
        headers,
      });
      const before = await rows();
      const outcome = await outcomeOf(() => webhookAction({ request, params: {}, context: {} } as never));
      const changed = rowDelta(before, await rows());
      const answer = JSON.stringify(outcome.data);
      expect(answer).not.toMatch(/5550\d{3}/);

      if (outcome.status === 200) {
        const reply = (outcome.data as { reply: unknown }).reply;
        expect(reply === null || typeof reply === "string").toBe(true);
        if (typeof reply === "string") expect(smsParts(reply).parts, reply).toBeLessThanOrEqual(2);
        const madeTip = typeof reply === "string" && /AG-\d{4}-\d{6}/.test(reply);
        // A repeated id gets the earlier reply again, receipt included, without a second tip.
        if (madeTip && Object.keys(changed).length > 0) expectRowChanges(changed, { Tip: 1, TipEvent: 1 });
        else expect(changed, "a message that made no tip wrote rows").toEqual({});
        tally.record(outcome, madeTip ? "tip" : "reply");
        return;
      }
      expect(changed, "a rejected post wrote rows").toEqual({});
      const expected = { "wrong-secret": 401, "wrong-type": 415 } as Record<Kind, number>;
      expect(outcome.status).toBe(expected[input.kind] ?? 400);
      tally.record(outcome, `${input.kind}-${outcome.status}`);
    }
  },
);

// ---- The WhatsApp adapter: generated notifications, signed or not, never a 5xx ----

const whatsAppSettings = {
  appSecret: "fuzz-whatsapp-app-secret",
  verifyToken: "fuzz-whatsapp-verify-token",
  accessToken: "fuzz-whatsapp-access-token",
  phoneNumberId: "1234567890",
  apiUrl: "https://graph.example.test/v21.0",
};

const whatsAppMessage = fc.record({
  id: fc.oneof(
    { weight: 8, arbitrary: fc.constant(null).map(() => `wamid.fuzz-${++idCounter}`) },
    { weight: 1, arbitrary: wrongType },
  ),
  from: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("923005551001", "923005551002") },
    { weight: 1, arbitrary: fc.oneof(wrongType, hostileText) },
  ),
  type: fc.oneof(
    { weight: 8, arbitrary: fc.constant<unknown>("text") },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom("image", "audio"), wrongType) },
  ),
  text: fc.oneof({ weight: 8, arbitrary: messageText.map((body) => ({ body })) }, { weight: 1, arbitrary: wrongType }),
});

const whatsAppBody = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(whatsAppMessage, { maxLength: 3 })
      .map((messages) =>
        JSON.stringify({ object: "whatsapp_business_account", entry: [{ changes: [{ value: { messages } }] }] }),
      ),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
);

test("the WhatsApp webhook never fails and never quotes the number", { timeout: 120_000 }, async () => {
  const { answerWhatsAppWebhook } = await import("~/server/whatsapp-webhook.server");
  const crypto = await import("node:crypto");
  const sent: string[] = [];
  const fakeGraph = (async (_url: unknown, init?: RequestInit) => {
    sent.push(String(init?.body));
    return new Response("{}", { status: 200 });
  }) as typeof fetch;
  const whatsAppTally = new FuzzTally("whatsapp-webhook");
  await fc.assert(
    fc.asyncProperty(whatsAppBody, fc.boolean(), async (text, signed) => {
      const bytes = Buffer.from(text, "utf8");
      const signature = signed
        ? `sha256=${crypto.createHmac("sha256", whatsAppSettings.appSecret).update(bytes).digest("hex")}`
        : "sha256=0";
      const outcome = await outcomeOf(async () => {
        const answer = await answerWhatsAppWebhook(
          {
            method: "POST",
            header: (name) => (name === "X-Hub-Signature-256" ? signature : null),
            bytes: async () => bytes,
          },
          whatsAppSettings,
          fakeGraph,
        );
        return new Response(answer.body, { status: answer.status, headers: answer.headers });
      });
      expect(outcome.status).toBeLessThan(500);
      // A body over 64 KB is refused (400) before its signature is even computed.
      expect(signed ? [200, 400] : bytes.length > 64 * 1024 ? [400] : [401]).toContain(outcome.status);
      expect(JSON.stringify(outcome.data)).not.toMatch(/555100\d/);
      whatsAppTally.record(outcome, signed ? `signed-${outcome.status}` : "unsigned");
    }),
    fuzzParameters(500),
  );
  whatsAppTally.report();
  expect(whatsAppTally.kinds.get("signed-200") ?? 0).toBeGreaterThan(0);
  for (const body of sent) expect(JSON.parse(body).text.body.length).toBeGreaterThan(0);
});
