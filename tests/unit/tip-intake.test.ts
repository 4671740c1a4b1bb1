import { sqliteOnly, testDatabaseFile, testDataDir } from "../setup/database";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { action as reportAction } from "~/routes/$lang.report/route";
import { action as followUpAction } from "~/routes/$lang.follow-up";
import { action as apiAction } from "~/routes/api.v1.tips";
import { addTipMessage, findTipIdByReceipt, getReporterView, readTipContent } from "~/models/tip.server";
import { getDb } from "~/server/db.server";
import { seedDirectory } from "../../prisma/seed";
import { receiptFailureLimiter, tipSubmissionLimiter } from "~/server/rate-limit.server";

const origin = "http://aagahi.test";

beforeAll(async () => {
  await seedDirectory(await getDb());
});

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(`${origin}${path}`, { method: "POST", body, headers });
}

function api(body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return apiAction({
    request: post("/api/v1/tips", text, { "Content-Type": "application/json", "Accept-Language": "en", ...headers }),
    params: {},
    context: { clientKey: `api-${Math.random()}` },
  } as never);
}

function form(entries: Record<string, string>) {
  const data = new URLSearchParams(entries);
  return data;
}

async function submitReport(lang: "ur" | "en", entries: Record<string, string>, clientKey = `form-${Math.random()}`) {
  return (await reportAction({
    request: post(`/${lang}/report`, form(entries)),
    params: { lang },
    context: { clientKey },
  } as never)) as
    | Response
    | { data: { fieldErrors: Record<string, string>; values: Record<string, string> }; init: { status: number } };
}

describe("the partner API routes each tip and says why", () => {
  test("a cross-border fake job offer goes to the FIA", async () => {
    const response = await api({
      category: "fake_job_offer",
      description: "Agent took fees for jobs in Dubai and keeps passports.",
      crossesBorder: "yes",
      country: "AE",
      province: "punjab",
      district: "gujranwala",
      language: "en",
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.reference).toMatch(/^AG-\d{4}-\d{6}$/);
    expect(body.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(body.routing).toMatchObject({ jurisdiction: "external", agency: "fia", unit: "fia-ahtc-gujranwala" });
    expect(body.routing.reasons).toEqual([
      "border_crossing_reported",
      "foreign_country_named",
      "fia_unit_for_district",
    ]);
  });

  test("a brick-kiln bonded labour case in Sindh goes to the Sindh police, with the labour department told", async () => {
    const response = await api({
      category: "bonded_labour",
      description: "Families at a brick kiln cannot leave until the peshgi is paid back.",
      crossesBorder: "no",
      province: "sindh",
      district: "hyderabad",
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.routing).toMatchObject({ jurisdiction: "internal", agency: "police-sindh", unit: null });
    expect(body.routing.reasons).toEqual(["reporter_says_no_border", "province_known"]);
    expect(body.routing.alsoNotify).toEqual(["labour_department:sindh", "vigilance_committee:hyderabad"]);
  });

  test("a tip with no province and no hint of a border goes to the triage desk", async () => {
    const response = await api({ category: "other", description: "Something is wrong in the house next door." });
    const body = await response.json();
    expect(response.status).toBe(201);
    expect(body.routing).toMatchObject({ jurisdiction: "undetermined", agency: "triage-desk" });
    expect(body.routing.reasons).toEqual(["no_province_no_border_hint"]);
  });

  test.each<[string, string | unknown, string, string]>([
    ["malformed JSON", "{ category: ", "body", "not valid JSON"],
    ["a JSON array", "[1,2]", "body", "JSON object"],
    ["a wrong type", { category: "other", description: 12345678901 }, "description", "Tell us what is happening"],
    ["an oversized field", { category: "other", description: "x".repeat(5_001) }, "description", "5,000"],
    [
      "an unknown enum value",
      { category: "organ_trade", description: "Something serious is happening here." },
      "category",
      "Choose what is happening",
    ],
    [
      "an unknown field",
      { category: "other", description: "Something serious is happening here.", ip: "1.2.3.4" },
      "ip",
      "Unknown field",
    ],
    ["a missing description", { category: "other" }, "description", "Tell us what is happening"],
  ])("%s gets a 400 with a clear message", async (_, body, field, fragment) => {
    const response = await api(body);
    expect(response.status).toBe(400);
    const payload = await response.json();
    expect(payload.error).toBe("invalid_request");
    expect(payload.errors[field]).toContain(fragment);
  });

  test("errors come in the requested language", async () => {
    const response = await api({ category: "nope", description: "Something serious is happening.", language: "ur" });
    const payload = await response.json();
    expect(payload.errors.category).toMatch(/[\u0600-\u06ff]/);
  });

  test("a body over 64 KB is refused with 400", async () => {
    const response = await api(JSON.stringify({ category: "other", description: "y".repeat(70_000) }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors.body).toMatch(/too large/);
  });

  test("a body that is not JSON gets 415", async () => {
    const response = await apiAction({
      request: post("/api/v1/tips", "category=other", { "Content-Type": "application/x-www-form-urlencoded" }),
      params: {},
      context: {},
    } as never);
    expect(response.status).toBe(415);
  });

  test("rejected input writes no row", async () => {
    const db = await getDb();
    const before = await db.tip.count();
    await api({ category: "other", description: "short" });
    await api("not json");
    expect(await db.tip.count()).toBe(before);
  });
});

describe("the report form", () => {
  test.skipIf(sqliteOnly("reads the SQLite file's bytes"))(
    "a valid report redirects to the confirmation page and stores the tip encrypted",
    async () => {
      const response = (await submitReport("en", {
        category: "bonded_labour",
        crossesBorder: "no",
        province: "punjab",
        district: "kasur",
        description: "ZEBRA-UNIQUE-7731 families kept at the kiln near the canal",
        suspects: "Owner phone 0300-7654321",
        contactConsent: "yes",
        contact: "SAFE-CONTACT-4410 call after 6",
        immediateDanger: "no",
        victimAgeGroup: "adult",
        website: "",
      })) as Response;
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/en\/report\/sent\?t=[\w-]+$/);
      expect(response.headers.get("Cache-Control")).toBe("no-store");

      const raw = fs.readFileSync(testDatabaseFile);
      const wal = fs.existsSync(`${testDatabaseFile}-wal`)
        ? fs.readFileSync(`${testDatabaseFile}-wal`)
        : Buffer.alloc(0);
      for (const secret of ["ZEBRA-UNIQUE-7731", "SAFE-CONTACT-4410", "0300-7654321"]) {
        expect(raw.includes(secret), `${secret} in the database file`).toBe(false);
        expect(wal.includes(secret), `${secret} in the write-ahead log`).toBe(false);
      }
      const db = await getDb();
      const stored = await db.tip.findFirst({ orderBy: { createdAt: "desc" }, select: { id: true, agencyCode: true } });
      expect(stored?.agencyCode).toBe("police-punjab");
      const content = await readTipContent(db, stored!.id);
      expect(content?.description).toContain("ZEBRA-UNIQUE-7731");
      expect(content?.contact).toContain("SAFE-CONTACT-4410");
    },
  );

  test("an incomplete report comes back with errors in Urdu and every answer kept", async () => {
    const result = (await submitReport("ur", { province: "sindh", description: "kam", suspects: "agent Ali" })) as {
      data: { fieldErrors: Record<string, string>; values: Record<string, string> };
      init: { status: number };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors).toEqual({
      category: "errors.category.required",
      description: "errors.description.tooShort",
    });
    expect(result.data.values).toMatchObject({ province: "sindh", description: "kam", suspects: "agent Ali" });
  });

  test("the honeypot catches bots without storing anything", async () => {
    const db = await getDb();
    const before = await db.tip.count();
    const result = (await submitReport("en", {
      category: "other",
      description: "Buy cheap watches now!!!",
      website: "http://spam",
    })) as {
      init: { status: number };
    };
    expect(result.init.status).toBe(400);
    expect(await db.tip.count()).toBe(before);
  });

  test("too many reports from one connection are slowed down with a clear message, not lost silently", async () => {
    tipSubmissionLimiter.clear();
    const clientKey = "one-busy-address";
    for (let i = 0; i < 20; i++) tipSubmissionLimiter.record(clientKey);
    const result = (await submitReport(
      "en",
      { category: "other", description: "Something is happening here." },
      clientKey,
    )) as {
      data: { fieldErrors: Record<string, string>; values: Record<string, string> };
      init: { status: number };
    };
    expect(result.init.status).toBe(429);
    expect(result.data.fieldErrors.form).toBe("errors.form.rateLimited");
    expect(result.data.values.description).toBe("Something is happening here.");
    tipSubmissionLimiter.clear();
  });
});

describe("follow-up with the receipt", () => {
  test("the receipt opens the tip, shows agency messages, and takes a reply", async () => {
    const response = await api({
      category: "other",
      description: "A boy works all day in a workshop.",
      province: "ict",
    });
    const { receipt } = await response.json();
    const db = await getDb();
    const tipId = (await findTipIdByReceipt(db, receipt))!;
    await addTipMessage(db, tipId, "agency", "We have read your report. Which street?");

    const opened = (await followUpAction({
      request: post("/en/follow-up", form({ receipt: receipt.toLowerCase().replace(/-/g, " ") })),
      params: { lang: "en" },
      context: { clientKey: "reader" },
    } as never)) as Response;
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toMatch(/^\/en\/follow-up\/case\?t=/);

    const view = await getReporterView(db, tipId);
    expect(view?.agencyCode).toBe("police-ict");
    expect(view?.messages.map((message) => [message.author, message.body])).toEqual([
      ["agency", "We have read your report. Which street?"],
    ]);
  });

  test("a typo is caught before any lookup and does not count as a guess", async () => {
    receiptFailureLimiter.clear();
    const result = (await followUpAction({
      request: post("/en/follow-up", form({ receipt: "7KQ2-M9XD-4RTB-HC8P-2WNA" })),
      params: { lang: "en" },
      context: { clientKey: "typist" },
    } as never)) as { data: { fieldErrors: Record<string, string> }; init: { status: number } };
    expect(result.init.status).toBe(400);
    expect(["errors.receipt.typo", "errors.receipt.notFound"]).toContain(result.data.fieldErrors.receipt);
    if (result.data.fieldErrors.receipt === "errors.receipt.typo")
      expect(receiptFailureLimiter.count("typist")).toBe(0);
  });
});

describe.skipIf(sqliteOnly("times the answers with fake timers, which network I/O to PostgreSQL outlasts"))(
  "guessing receipts (suite 6): slowed and then refused per connection, never a lock-out for others",
  () => {
    type FollowUpResult =
      | Response
      | { data: { fieldErrors: Record<string, string>; retryAfterMinutes?: number }; init: { status: number } };

    /** Posts a receipt with setTimeout under the test's control; returns the answer and how long it was held. */
    async function followUpTimed(receipt: string, clientKey: string) {
      vi.useFakeTimers({ toFake: ["setTimeout"] });
      try {
        let settled = false;
        const pending = (
          followUpAction({
            request: post("/en/follow-up", form({ receipt })),
            params: { lang: "en" },
            context: { clientKey },
          } as never) as Promise<FollowUpResult>
        ).finally(() => {
          settled = true;
        });
        let heldMs = 0;
        while (!settled && heldMs < 20_000) {
          await vi.advanceTimersByTimeAsync(250);
          heldMs += 250;
        }
        return { result: await pending, heldMs };
      } finally {
        vi.useRealTimers();
      }
    }
    const statusOf = (result: FollowUpResult) => (result instanceof Response ? result.status : result.init.status);
    const errorOf = (result: FollowUpResult) => (result instanceof Response ? null : result.data.fieldErrors.receipt);

    let realReceipt = "";
    let wrongReceipt = "";
    beforeAll(async () => {
      realReceipt = (
        await (await api({ category: "other", description: "A cousin is kept in a house in Rawalpindi." })).json()
      ).receipt;
      const { receiptFromRandomBytes } = await import("~/domain/receipt");
      wrongReceipt = receiptFromRandomBytes(new Uint8Array(12).fill(9));
    });
    afterEach(() => receiptFailureLimiter.clear());

    test.each([
      [0, 0],
      [2, 0],
      [3, 500],
      [5, 2_000],
      [20, 8_000],
    ])("after %i recent wrong codes the next answer waits %i ms", async (failures, delay) => {
      const key = `counted-${failures}`;
      for (let i = 0; i < failures; i++) receiptFailureLimiter.record(key);
      const { result, heldMs } = await followUpTimed(wrongReceipt, key);
      expect(errorOf(result)).toBe("errors.receipt.notFound");
      expect(heldMs).toBeGreaterThanOrEqual(delay);
      expect(heldMs).toBeLessThanOrEqual(delay + 500);
      expect(receiptFailureLimiter.count(key)).toBe(failures + 1);
    });

    test("past the limit a wrong code is refused for a while, with the wait in minutes", async () => {
      for (let i = 0; i < 30; i++) receiptFailureLimiter.record("guesser");
      const { result, heldMs } = await followUpTimed(wrongReceipt, "guesser");
      expect(statusOf(result)).toBe(429);
      expect(errorOf(result)).toBe("errors.receipt.tooManyTries");
      expect(result instanceof Response ? null : result.data.retryAfterMinutes).toBe(15);
      expect(heldMs).toBeGreaterThanOrEqual(8_000);
    });

    test("the right code still opens its case from a connection that is over the limit (a shared carrier address)", async () => {
      for (let i = 0; i < 30; i++) receiptFailureLimiter.record("shared-carrier-address");
      const { result, heldMs } = await followUpTimed(realReceipt, "shared-carrier-address");
      expect(statusOf(result)).toBe(302);
      expect((result as Response).headers.get("Location")).toMatch(/^\/en\/follow-up\/case\?t=/);
      // Slowed, not locked: the longest wait, then in.
      expect(heldMs).toBeGreaterThanOrEqual(8_000);
      expect(heldMs).toBeLessThanOrEqual(8_500);
    });

    test("one noisy connection neither slows nor locks out another", async () => {
      for (let i = 0; i < 30; i++) receiptFailureLimiter.record("noisy");
      const wrong = await followUpTimed(wrongReceipt, "quiet");
      expect(statusOf(wrong.result)).toBe(400);
      expect(errorOf(wrong.result)).toBe("errors.receipt.notFound");
      expect(wrong.heldMs).toBeLessThanOrEqual(250);
      const right = await followUpTimed(realReceipt, "quiet");
      expect(statusOf(right.result)).toBe(302);
      expect(right.heldMs).toBeLessThanOrEqual(250);
    });

    test("a flood of wrong codes keeps the limiter small and fast", () => {
      for (let i = 0; i < 100_000; i++) receiptFailureLimiter.record("flood");
      expect(receiptFailureLimiter.count("flood")).toBe(60);
      expect(receiptFailureLimiter.isOverLimit("flood")).toBe(true);
      expect(receiptFailureLimiter.isOverLimit("bystander")).toBe(false);
    });
  },
);

test.skipIf(sqliteOnly("SQLite PRAGMAs"))(
  "the database runs in WAL mode with synchronous=FULL and foreign keys on",
  async () => {
    const db = await getDb();
    const [journal] = (await db.$queryRawUnsafe("PRAGMA journal_mode")) as { journal_mode: string }[];
    const [sync] = (await db.$queryRawUnsafe("PRAGMA synchronous")) as { synchronous: bigint | number }[];
    const [foreignKeys] = (await db.$queryRawUnsafe("PRAGMA foreign_keys")) as { foreign_keys: bigint | number }[];
    expect(journal?.journal_mode).toBe("wal");
    expect(Number(sync?.synchronous)).toBe(2);
    expect(Number(foreignKeys?.foreign_keys)).toBe(1);
  },
);

test("the demo secrets file is readable only by its owner", () => {
  const mode = fs.statSync(path.join(testDataDir, "secrets.json")).mode & 0o777;
  expect(mode).toBe(0o600);
});
