// The SMS webhook over HTTP (issue 15): the gateway secret, repeated ids, whole conversations that create tips
// routed as the partner API routes the same facts, bad bodies, and the canary: the sender's number is nowhere
// on disk or in the log unless the reporter agreed to be texted back, and then only encrypted.
import { sqliteOnly, testDatabaseFile, testEngine } from "../setup/database";
import fs from "node:fs";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";

const secret = vi.hoisted(() => {
  const value = "test-gateway-secret-0123456789";
  process.env.SMS_GATEWAY_SECRET = value;
  return value;
});

import { smsHelpText, smsLanguageQuestion, smsTexts } from "~/domain/sms-conversation";
import type { StaffRole } from "~/domain/permissions";
import { findCaseFacts, messageReporter, type CaseActor } from "~/models/staff-case.server";
import { findTipIdByReceipt, readTipContent } from "~/models/tip.server";
import { action as apiAction } from "~/routes/api.v1.tips";
import { action as webhookAction, loader as webhookLoader } from "~/routes/webhooks.sms.generic";
import { loader as outboxLoader } from "~/routes/webhooks.sms.generic_.outbox";
import { getDb, type Database } from "~/server/db.server";
import { answerSmsWebhook, forgetSmsConversations } from "~/server/sms-webhook.server";
import { seedDemoStaff, seedDirectory } from "../../prisma/seed";

const origin = "http://aagahi.test";
let db: Database;
let messageCounter = 0;

beforeAll(async () => {
  db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
});

beforeEach(() => forgetSmsConversations());

function webhook(body: string | object, headers: Record<string, string> = {}) {
  return webhookAction({
    request: new Request(`${origin}/webhooks/sms/generic`, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-Gateway-Secret": secret, ...headers },
    }),
    params: {},
    context: {},
  } as never) as Promise<Response>;
}

/** One text from a number; answers the reply. */
async function text(from: string, message: string, id = `gw-${++messageCounter}`): Promise<string | null> {
  const response = await webhook({ id, from, text: message, receivedAt: new Date().toISOString() });
  expect(response.status).toBe(200);
  return ((await response.json()) as { reply: string | null }).reply;
}

async function conversation(from: string, messages: string[]): Promise<(string | null)[]> {
  const replies: (string | null)[] = [];
  for (const message of messages) replies.push(await text(from, message));
  return replies;
}

function receiptIn(reply: string | null) {
  const match = /(AG-\d{4}-\d{6}).*?([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})/s.exec(reply ?? "");
  expect(match, `a reference and a receipt in: ${reply}`).not.toBeNull();
  return { reference: match![1]!, receipt: match![2]! };
}

async function storedTip(receipt: string) {
  const id = await findTipIdByReceipt(db, receipt);
  expect(id).not.toBeNull();
  const tip = await db.tip.findUniqueOrThrow({
    where: { id: id! },
    select: {
      channel: true,
      agencyCode: true,
      unitCode: true,
      jurisdiction: true,
      routingReasons: true,
      alsoNotify: true,
      category: true,
      province: true,
      crossesBorder: true,
      language: true,
      contactCipher: true,
    },
  });
  return { id: id!, ...tip };
}

async function apiRouting(body: object) {
  const response = await apiAction({
    request: new Request(`${origin}/api/v1/tips`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json" },
    }),
    params: {},
    context: { clientKey: `sms-compare-${Math.random()}` },
  } as never);
  expect(response.status).toBe(201);
  const { receipt } = (await response.json()) as { receipt: string };
  return storedTip(receipt);
}

describe("the gateway secret", () => {
  test.each([
    ["missing", {}],
    ["wrong", { "X-Gateway-Secret": "not-the-gateway-secret-at-all" }],
    ["a prefix of the right one", { "X-Gateway-Secret": secret.slice(0, -1) }],
    ["empty", { "X-Gateway-Secret": "" }],
  ])("%s: 401, and nothing is answered or kept", async (_name, headers) => {
    const request = new Request(`${origin}/webhooks/sms/generic`, {
      method: "POST",
      body: JSON.stringify({ id: "x1", from: "+923001112233", text: "REPORT" }),
      headers: { "Content-Type": "application/json", ...headers },
    });
    const response = (await webhookAction({ request, params: {}, context: {} } as never)) as Response;
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthorized" });
    // The number was not remembered: its next (authenticated) text is a first text.
    expect(await text("+923001112233", "1")).toBe(smsHelpText);
  });

  test("no secret configured: the endpoint does not exist (404), whatever is sent", async () => {
    const answer = await answerSmsWebhook(
      {
        method: "POST",
        header: (name) => (name === "X-Gateway-Secret" ? secret : name === "Content-Type" ? "application/json" : null),
        text: async () => "{}",
      },
      { secret: undefined },
    );
    expect(answer.status).toBe(404);
  });

  test("GET is not a way in: 405 with the secret configured", async () => {
    expect((webhookLoader() as Response).status).toBe(405);
  });
});

describe("whole conversations", () => {
  test("a cross-border fake job offer in Urdu becomes an SMS tip routed like the same facts through the API (FIA)", async () => {
    const description = "ایجنٹ نے دبئی میں نوکری کے لیے پیسے لیے اور پاسپورٹ رکھ لیے";
    const replies = await conversation("+923001230001", ["رپورٹ", "۱", "۱", "۱", "۱", description, "ختم", "۲"]);
    expect(replies.slice(0, 2)).toEqual([smsLanguageQuestion, smsTexts.ur.askCategory]);
    const { reference, receipt } = receiptIn(replies.at(-1)!);
    expect(replies.at(-1)).toContain("مٹا دیں");
    const sms = await storedTip(receipt);
    const api = await apiRouting({
      category: "fake_job_offer",
      crossesBorder: "yes",
      province: "punjab",
      description,
      language: "ur",
    });
    expect(sms.channel).toBe("sms");
    expect(sms.agencyCode).toBe("fia");
    expect({ ...sms, id: 0, channel: 0 }).toEqual({ ...api, id: 0, channel: 0 });
    expect(sms.contactCipher).toBeNull();
    expect((await readTipContent(db, sms.id))?.description).toBe(description);
    expect((await db.tip.findUniqueOrThrow({ where: { id: sms.id } })).reference).toBe(reference);
  });

  test("a Sindh brick kiln in Roman Urdu goes to the Sindh police, like the API", async () => {
    const replies = await conversation("03001230002", [
      "report",
      "2",
      "3",
      "2",
      "2",
      "Bhatte par khandan qaid hain",
      "peshgi wapis karne tak",
      "DONE",
      "2",
    ]);
    expect(replies[5]).toBe(smsTexts.roman.received);
    const sms = await storedTip(receiptIn(replies.at(-1)!).receipt);
    const api = await apiRouting({
      category: "bonded_labour",
      crossesBorder: "no",
      province: "sindh",
      description: "Bhatte par khandan qaid hain\npeshgi wapis karne tak",
      language: "ur",
    });
    expect(sms).toMatchObject({ channel: "sms", agencyCode: "police-sindh", jurisdiction: "internal", language: "ur" });
    expect({ ...sms, id: 0, channel: 0 }).toEqual({ ...api, id: 0, channel: 0 });
  });

  test("with consent the number is the tip's contact, encrypted, in one form", async () => {
    const replies = await conversation("0300 1230003", [
      "REPORT",
      "3",
      "2",
      "3",
      "8",
      "My cousin was married off and sold",
      "done",
      "1",
    ]);
    const tip = await storedTip(receiptIn(replies.at(-1)!).receipt);
    expect(tip.contactCipher).not.toBeNull();
    expect(tip.contactCipher).not.toContain("1230003");
    expect((await readTipContent(db, tip.id))?.contact).toBe("+923001230003");
  });

  test("the forms of one number are one conversation", async () => {
    await text("+923001230004", "report");
    expect(await text("03001230004", "3")).toBe(smsTexts.en.askCategory);
    expect(await text("923001230004", "1")).toBe(smsTexts.en.askBorder);
  });

  test("STOP forgets the conversation; the next text starts from the help", async () => {
    await conversation("+923001230005", ["report", "3", "1"]);
    expect(await text("+923001230005", "STOP")).toBe(smsTexts.en.stopped);
    expect(await text("+923001230005", "1")).toBe(smsHelpText);
  });

  test("30 minutes of silence forgets it", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-06T10:00:00Z") });
    try {
      await conversation("+923001230006", ["report", "3"]);
      vi.setSystemTime(new Date("2026-12-06T10:31:00Z"));
      expect(await text("+923001230006", "1")).toBe(smsHelpText);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("repeated gateway ids", () => {
  test("the same id gets the same reply and never a second tip", async () => {
    const from = "+923001230007";
    await conversation(from, ["report", "3", "5", "1", "4", "Men taken across the border in a truck at night", "done"]);
    const before = await db.tip.count();
    const first = await text(from, "2", "gateway-retry-1");
    const again = await text(from, "2", "gateway-retry-1");
    const concurrent = await Promise.all([
      webhook({ id: "gateway-retry-1", from, text: "2" }),
      webhook({ id: "gateway-retry-1", from, text: "2" }),
    ]);
    expect(again).toBe(first);
    for (const response of concurrent) expect(((await response.json()) as { reply: string }).reply).toBe(first);
    receiptIn(first);
    expect(await db.tip.count()).toBe(before + 1);
  });

  test("two posts of one id at the same moment make one tip", async () => {
    const from = "+923001230008";
    await conversation(from, ["report", "3", "6", "3", "8", "Something is wrong in the house next door", "done"]);
    const before = await db.tip.count();
    const answers = await Promise.all([1, 2, 3].map(() => webhook({ id: "same-moment", from, text: "2" })));
    const replies = await Promise.all(
      answers.map(async (response) => ((await response.json()) as { reply: string }).reply),
    );
    expect(new Set(replies).size).toBe(1);
    expect(await db.tip.count()).toBe(before + 1);
  });
});

describe("bad bodies get 400, never 500, and keep nothing", () => {
  test.each([
    ["malformed JSON", '{"id": "1", "from": '],
    ["not an object", "[1,2]"],
    ["null", "null"],
    ["no id", JSON.stringify({ from: "+923001230009", text: "report" })],
    ["no from", JSON.stringify({ id: "b1", text: "report" })],
    ["text not a string", JSON.stringify({ id: "b2", from: "+923001230009", text: 5 })],
    ["a huge text", JSON.stringify({ id: "b3", from: "+923001230009", text: "ٹ".repeat(1_601) })],
    ["a sender that is no number", JSON.stringify({ id: "b4", from: "<script>", text: "report" })],
    ["a bad receivedAt", JSON.stringify({ id: "b5", from: "+923001230009", text: "report", receivedAt: "yesterday" })],
    ["a body over 16 KB", JSON.stringify({ id: "b6", from: "+923001230009", text: "x", padding: "x".repeat(17_000) })],
  ])("%s", async (_name, body) => {
    const before = await db.tip.count();
    const response = await webhook(body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: string; message: string };
    expect(answer.error).toBe("invalid_request");
    expect(answer.message).not.toContain("923001230009");
    expect(await db.tip.count()).toBe(before);
    // Nothing was remembered for the number.
    expect(await text("+923001230009", "3")).toBe(smsHelpText);
  });

  test("a text within the limit but not JSON's content type: 415", async () => {
    expect(
      (await webhook("id=1&from=%2B923001230009&text=report", { "Content-Type": "application/x-www-form-urlencoded" }))
        .status,
    ).toBe(415);
  });
});

describe("per-number limit", () => {
  test("a flood from one number is cut off without replies; another number is not affected", async () => {
    const replies: (string | null)[] = [];
    for (let i = 0; i < 105; i++) replies.push(await text("+923001230010", i % 2 ? "report" : "STOP"));
    expect(
      replies
        .slice(0, 100)
        .filter((_, i) => i % 2)
        .every((reply) => reply === smsLanguageQuestion),
    ).toBe(true);
    expect(replies.slice(100)).toEqual([null, null, null, null, null]);
    expect(await text("+923001230011", "report")).toBe(smsLanguageQuestion);
  });
});

// ---- The canary: a distinctive number must be nowhere but, with consent, inside one ciphertext. ----

const canaryForms = ["+923009876543", "923009876543", "03009876543", "3009876543"];

/** Every table's every row as text. */
async function everythingStored(): Promise<string> {
  const tables = (await db.$queryRawUnsafe(
    testEngine === "postgresql"
      ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
      : `SELECT name FROM sqlite_master WHERE type = 'table'`,
  )) as { name: string }[];
  const dumps: string[] = [];
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe(`SELECT * FROM "${name.replace(/"/g, '""')}"`);
    dumps.push(
      JSON.stringify(rows, (_key, value: unknown) =>
        typeof value === "bigint"
          ? value.toString()
          : value instanceof Uint8Array
            ? Buffer.from(value).toString("latin1")
            : value,
      ),
    );
  }
  return dumps.join("\n");
}

function databaseFileBytes(): string {
  return Buffer.concat(
    [testDatabaseFile, `${testDatabaseFile}-wal`]
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.readFileSync(file)),
  ).toString("latin1");
}

describe("the canary number", () => {
  const logged: string[] = [];
  afterEach(() => vi.restoreAllMocks());

  /** Everything the process writes to its log while the conversation runs. */
  function captureLog() {
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void logged.push(args.map(String).join(" ")),
      );
    }
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return write(chunk as string, ...(rest as []));
    }) as typeof process.stdout.write);
  }

  test("without consent: in no row, and not in the log", async () => {
    captureLog();
    const replies = [
      ...(await conversation("+923009876543", ["report", "3", "1", "1", "2"])),
      ...(await conversation("03009876543", ["An agent in Karachi takes fees for jobs in Oman", "done"])),
      ...(await conversation("923009876543", ["2"])),
    ];
    const { reference, receipt } = receiptIn(replies.at(-1)!);
    // Not even encrypted: no contact at all.
    expect((await storedTip(receipt)).contactCipher).toBeNull();
    const stored = await everythingStored();
    expect(stored, "the scan reads what is stored").toContain(reference);
    for (const form of canaryForms) {
      expect(stored).not.toContain(form);
      expect(logged.join("\n")).not.toContain(form);
    }
  });

  test.skipIf(sqliteOnly("reads the SQLite file's bytes"))(
    "without consent: nowhere in the database file or its write-ahead log",
    async () => {
      const replies = await conversation("+923009876543", [
        "report",
        "3",
        "1",
        "1",
        "2",
        "Another agent sends girls to Muscat on visit visas",
        "done",
        "2",
      ]);
      const { reference } = receiptIn(replies.at(-1)!);
      const bytes = databaseFileBytes();
      expect(bytes, "the scan reads the files").toContain(reference);
      for (const form of canaryForms) expect(bytes).not.toContain(form);
    },
  );

  test("with consent: only inside the tip's encrypted contact", async () => {
    const replies = await conversation("+923009876543", [
      "report",
      "3",
      "1",
      "1",
      "2",
      "A third agent keeps passports in an office in Sukkur",
      "done",
      "1",
    ]);
    const tip = await storedTip(receiptIn(replies.at(-1)!).receipt);
    expect((await readTipContent(db, tip.id))?.contact).toBe("+923009876543");
    const stored = await everythingStored();
    for (const form of canaryForms) expect(stored).not.toContain(form);
    if (testEngine === "sqlite") for (const form of canaryForms) expect(databaseFileBytes()).not.toContain(form);
  });
});

// ---- Staff messages back, through the outbox the gateway polls ----

async function staff(email: string): Promise<CaseActor> {
  const member = await db.staffUser.findUniqueOrThrow({
    where: { email },
    select: { id: true, email: true, role: true, agencyCode: true, unitCode: true },
  });
  return { ...member, role: member.role as StaffRole };
}

async function outbox(headers: Record<string, string> = { "X-Gateway-Secret": secret }, query = "") {
  const response = (await outboxLoader({
    request: new Request(`${origin}/webhooks/sms/generic/outbox${query}`, { headers }),
    params: {},
    context: {},
  } as never)) as Response;
  return {
    status: response.status,
    body: (await response.json()) as { messages?: { id: string; to: string; text: string }[]; error?: string },
  };
}

describe("the outbox", () => {
  test("a staff message to an SMS reporter who agreed is fetched once by the gateway, with the number and the text", async () => {
    const replies = await conversation("+923001239001", [
      "report",
      "3",
      "3",
      "2",
      "1",
      "Children kept at a kiln near Kasur, not allowed out",
      "done",
      "1",
    ]);
    const tip = await storedTip(receiptIn(replies.at(-1)!).receipt);
    const agent = await staff("punjab.agent@aagahi.demo");
    await messageReporter(agent, tip.id, (await findCaseFacts(tip.id))!, "Thank you. Is the kiln on the Raiwind road?");
    const stored = await db.smsOutbox.findMany({ where: { tipId: tip.id } });
    expect(stored).toHaveLength(1);
    // The row itself holds no number and no text.
    expect(JSON.stringify(stored)).not.toMatch(/1239001|Raiwind/);

    const first = await outbox();
    expect(first.status).toBe(200);
    const mine = first.body.messages!.filter((message) => message.to === "+923001239001");
    expect(mine).toEqual([
      {
        id: stored[0]!.id,
        to: "+923001239001",
        text: expect.stringMatching(/^Aagahi AG-\d{4}-\d{6}: Thank you\. Is the kiln on the Raiwind road\?$/),
      },
    ]);
    expect((await outbox()).body.messages).toEqual([]);
    expect(await db.auditEntry.count({ where: { action: "tip_sms_fetched", tipId: tip.id } })).toBe(1);
  });

  test("without consent, or for a web tip, nothing is queued: the message waits on the website only", async () => {
    const replies = await conversation("+923001239002", [
      "report",
      "3",
      "3",
      "2",
      "1",
      "Children kept at a kiln near Kasur, not allowed out",
      "done",
      "2",
    ]);
    const tip = await storedTip(receiptIn(replies.at(-1)!).receipt);
    await messageReporter(
      await staff("punjab.agent@aagahi.demo"),
      tip.id,
      (await findCaseFacts(tip.id))!,
      "Thank you.",
    );
    expect(await db.smsOutbox.count({ where: { tipId: tip.id } })).toBe(0);
    expect(await db.tipMessage.count({ where: { tipId: tip.id } })).toBe(1);
  });

  test.each([
    ["no secret", {}, "", 401],
    ["a wrong secret", { "X-Gateway-Secret": "wrong-wrong-wrong-wrong" }, "", 401],
    ["a bad limit", { "X-Gateway-Secret": secret }, "?limit=0", 400],
    ["a huge limit", { "X-Gateway-Secret": secret }, "?limit=5000", 400],
  ])("%s: %i, nothing handed out", async (_name, headers, query, status) => {
    expect((await outbox(headers as Record<string, string>, query)).status).toBe(status);
  });

  test("no secret configured: 404", async () => {
    const { answerSmsOutbox } = await import("~/server/sms-webhook.server");
    expect(
      (
        await answerSmsOutbox(
          { method: "GET", url: "/", header: () => secret, text: async () => "" },
          { secret: undefined },
        )
      ).status,
    ).toBe(404);
  });
});
