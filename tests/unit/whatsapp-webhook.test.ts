// The optional WhatsApp adapter (issue 15): Meta's subscription check, the signature over the raw body, a whole
// conversation answered through a fake Graph API and filed as a "whatsapp" tip, retries not answered twice, bad
// bodies refused without a 500, and off (404) unless configured.
import "../setup/database";
import crypto from "node:crypto";
import { beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { smsLanguageQuestion, smsTexts } from "~/domain/sms-conversation";
import { findTipIdByReceipt, readTipContent } from "~/models/tip.server";
import { getDb, type Database } from "~/server/db.server";
import { parseEnv } from "~/server/env.server";
import { forgetSmsConversations } from "~/server/sms-webhook.server";
import {
  answerWhatsAppVerification,
  answerWhatsAppWebhook,
  whatsAppSettingsFrom,
  type WhatsAppSettings,
} from "~/server/whatsapp-webhook.server";
import { seedDirectory } from "../../prisma/seed";

const settings: WhatsAppSettings = {
  appSecret: "whatsapp-app-secret-for-tests",
  verifyToken: "verify-token-for-the-tests",
  accessToken: "access-token-for-the-tests",
  phoneNumberId: "1234567890",
  apiUrl: "https://graph.example.test/v21.0",
};

let db: Database;
beforeAll(async () => {
  db = await getDb();
  await seedDirectory(db);
});
beforeEach(() => forgetSmsConversations());

/** What the fake Graph API was asked to send. */
const sent: { url: string; authorization: string | null; body: { to: string; text: { body: string } } }[] = [];
const fakeGraph = (async (url: string | URL | Request, init?: RequestInit) => {
  sent.push({
    url: String(url),
    authorization: new Headers(init?.headers).get("Authorization"),
    body: JSON.parse(String(init?.body)),
  });
  return new Response(JSON.stringify({ messages: [{ id: "wamid.out" }] }), { status: 200 });
}) as typeof fetch;

const sign = (body: Buffer, secret = settings.appSecret) =>
  `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;

function notification(messages: { id: string; from: string; text?: string; type?: string }[]) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550000000", phone_number_id: settings.phoneNumberId },
              contacts: [{ profile: { name: "A Profile Name" }, wa_id: messages[0]?.from }],
              messages: messages.map((message) => ({
                id: message.id,
                from: message.from,
                timestamp: "1765000000",
                type: message.type ?? "text",
                ...(message.text === undefined ? {} : { text: { body: message.text } }),
              })),
            },
          },
        ],
      },
    ],
  };
}

function post(body: Buffer | string, signature?: string | null) {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  return answerWhatsAppWebhook(
    {
      method: "POST",
      header: (name) =>
        name === "X-Hub-Signature-256"
          ? signature === undefined
            ? sign(bytes)
            : signature
          : name === "Content-Type"
            ? "application/json"
            : null,
      bytes: async () => bytes,
    },
    settings,
    fakeGraph,
  );
}

let counter = 0;
async function message(from: string, text: string) {
  sent.length = 0;
  const answer = await post(JSON.stringify(notification([{ id: `wamid.in-${++counter}`, from, text }])));
  expect(answer.status).toBe(200);
  return sent.map((entry) => entry.body.text.body);
}

describe("off unless configured", () => {
  test("no settings: 404 for the check and for posts", async () => {
    expect(
      answerWhatsAppVerification("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1", null)
        .status,
    ).toBe(404);
    expect(
      (
        await answerWhatsAppWebhook(
          { method: "POST", header: () => null, bytes: async () => Buffer.from("{}") },
          null,
          fakeGraph,
        )
      ).status,
    ).toBe(404);
    expect(whatsAppSettingsFrom(parseEnv({ NODE_ENV: "test" }))).toBeNull();
  });

  test("all four settings or none", () => {
    expect(() => parseEnv({ NODE_ENV: "test", WHATSAPP_APP_SECRET: settings.appSecret })).toThrow(
      /WHATSAPP_VERIFY_TOKEN/,
    );
    const env = parseEnv({
      NODE_ENV: "test",
      WHATSAPP_APP_SECRET: settings.appSecret,
      WHATSAPP_VERIFY_TOKEN: settings.verifyToken,
      WHATSAPP_ACCESS_TOKEN: settings.accessToken,
      WHATSAPP_PHONE_NUMBER_ID: settings.phoneNumberId,
    });
    expect(whatsAppSettingsFrom(env)).toMatchObject({
      phoneNumberId: settings.phoneNumberId,
      apiUrl: "https://graph.facebook.com/v21.0",
    });
  });
});

describe("Meta's subscription check", () => {
  test("the right token gets the challenge back as plain text", () => {
    const answer = answerWhatsAppVerification(
      `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${settings.verifyToken}&hub.challenge=1158201444`,
      settings,
    );
    expect(answer).toMatchObject({ status: 200, body: "1158201444" });
  });
  test.each([
    ["a wrong token", `hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`],
    ["no token", `hub.mode=subscribe&hub.challenge=1`],
    ["another mode", `hub.mode=unsubscribe&hub.verify_token=${settings.verifyToken}&hub.challenge=1`],
    [
      "a challenge that is markup",
      `hub.mode=subscribe&hub.verify_token=${settings.verifyToken}&hub.challenge=%3Cscript%3E`,
    ],
  ])("%s: 403", (_name, query) => {
    expect(answerWhatsAppVerification(`/webhooks/whatsapp?${query}`, settings).status).toBe(403);
  });
});

describe("posts", () => {
  test.each([
    ["missing", null],
    ["under another secret", sign(Buffer.from("{}"), "another-app-secret-entirely")],
    ["of another body", sign(Buffer.from('{"entry":[]}'))],
    ["malformed", "sha256=zz"],
  ])("a signature %s: 401, nothing answered", async (_name, signature) => {
    sent.length = 0;
    const body = JSON.stringify(notification([{ id: "wamid.unsigned", from: "923001240001", text: "REPORT" }]));
    expect((await post(body, signature)).status).toBe(401);
    expect(sent).toEqual([]);
  });

  test("a whole conversation is answered through the Graph API and files a whatsapp tip, routed like SMS", async () => {
    const from = "923001240002";
    expect(await message(from, "REPORT")).toEqual([smsLanguageQuestion]);
    expect(sent[0]).toMatchObject({
      url: "https://graph.example.test/v21.0/1234567890/messages",
      authorization: `Bearer ${settings.accessToken}`,
      body: { to: from },
    });
    for (const answer of ["3", "3", "2", "2", "Families kept at a brick kiln near Hyderabad", "done"])
      await message(from, answer);
    const [final] = await message(from, "1");
    const receipt = /[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}/.exec(final ?? "")?.[0];
    const tipId = await findTipIdByReceipt(db, receipt!);
    const tip = await db.tip.findUniqueOrThrow({ where: { id: tipId! } });
    expect(tip).toMatchObject({ channel: "whatsapp", agencyCode: "police-sindh", category: "bonded_labour" });
    // With consent, the number is the contact, encrypted, marked as WhatsApp; the profile name is never read.
    expect((await readTipContent(db, tipId!))?.contact).toBe("+923001240002 (WhatsApp)");
    expect(JSON.stringify(tip)).not.toContain("A Profile Name");
  });

  test("a retried notification is not answered twice", async () => {
    const body = JSON.stringify(notification([{ id: "wamid.retried", from: "923001240003", text: "REPORT" }]));
    sent.length = 0;
    await post(body);
    await post(body);
    expect(sent).toHaveLength(1);
  });

  test("SMS and WhatsApp conversations of one number are apart", async () => {
    await message("923001240004", "REPORT");
    const { handleInboundSms } = await import("~/server/sms-webhook.server");
    expect(await handleInboundSms({ id: "sms-apart", from: "+923001240004", text: "3" })).not.toBe(
      smsTexts.en.askCategory,
    );
  });

  test("statuses and media are ignored without a reply", async () => {
    sent.length = 0;
    const statuses = {
      object: "whatsapp_business_account",
      entry: [{ changes: [{ value: { statuses: [{ id: "wamid.x", status: "delivered" }] } }] }],
    };
    expect((await post(JSON.stringify(statuses))).status).toBe(200);
    expect(
      (await post(JSON.stringify(notification([{ id: "wamid.image", from: "923001240005", type: "image" }])))).status,
    ).toBe(200);
    expect(sent).toEqual([]);
  });

  test.each([
    ["malformed JSON", '{"entry": ['],
    ["not the expected shape", JSON.stringify({ entry: "nope" })],
    ["bad UTF-8", Buffer.from([0x7b, 0xff, 0x7d])],
    [
      "a body over 64 KB",
      JSON.stringify(notification([{ id: "big", from: "923001240006", text: "x".repeat(70_000) }])),
    ],
  ])("%s: 400, never a 500", async (_name, body) => {
    const before = await db.tip.count();
    expect((await post(body)).status).toBe(400);
    expect(await db.tip.count()).toBe(before);
  });

  test("a Graph API that fails loses only that reply, and says so without the number", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const failing = (async () =>
      new Response('{"error":{"message":"Recipient 923001240007 not valid"}}', { status: 400 })) as typeof fetch;
    const body = Buffer.from(
      JSON.stringify(notification([{ id: "wamid.fail", from: "923001240007", text: "REPORT" }])),
    );
    const answer = await answerWhatsAppWebhook(
      {
        method: "POST",
        header: (name) => (name === "X-Hub-Signature-256" ? sign(body) : null),
        bytes: async () => body,
      },
      settings,
      failing,
    );
    expect(answer.status).toBe(200);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]?.[0])).not.toContain("1240007");
    errors.mockRestore();
  });
});
