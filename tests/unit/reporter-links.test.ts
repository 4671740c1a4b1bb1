// Reporter links across several servers on one database (issue 12; docs/decisions/019). Each "instance" is a
// fresh copy of the app's modules (vi.resetModules), so it has its own database client, its own key cache and
// no memory shared with the other: what one server sealed or ended, the other must see through the database
// and RECEIPT_KEY alone. Runs on SQLite and PostgreSQL; the file-bytes check is SQLite's only.
import { testDatabaseFile, testEngine, sqliteOnly } from "../setup/database";
import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { ReporterLinkKind } from "~/server/reporter-links.server";

const origin = "http://aagahi.test";
const post = (path: string, form: Record<string, string>) =>
  new Request(`${origin}${path}`, { method: "POST", body: new URLSearchParams(form) });
const tokenOf = (response: Response) => new URL(response.headers.get("Location")!, origin).searchParams.get("t")!;

/** One server: its own copy of every module, hence its own database client and caches. */
async function startInstance() {
  vi.resetModules();
  const [report, sent, followUp, followUpCase, db, tokens, endedLinks] = await Promise.all([
    import("~/routes/$lang.report/route"),
    import("~/routes/$lang.report_.sent"),
    import("~/routes/$lang.follow-up"),
    import("~/routes/$lang.follow-up_.case/route"),
    import("~/server/db.server"),
    import("~/server/tokens.server"),
    import("~/models/reporter-link.server"),
  ]);
  const client = await db.getDb();
  return {
    db: client,
    tokens,
    endedLinks,
    async sendReport(description: string) {
      const response = (await report.action({
        request: post("/en/report", { category: "other", description, province: "ict", website: "" }),
        params: { lang: "en" },
        context: { clientKey: `links-${Math.random()}` },
      } as never)) as Response;
      expect(response.status).toBe(302);
      return tokenOf(response);
    },
    async receiptPage(token: string) {
      return (await sent.loader({
        request: new Request(`${origin}/en/report/sent?t=${encodeURIComponent(token)}`),
        params: { lang: "en" },
        context: {},
      } as never)) as {
        sent: { receipt: string; reference: string } | null;
      };
    },
    async saved(token: string) {
      return (await sent.action({
        request: post("/en/report/sent", { t: token, intent: "saved" }),
        params: { lang: "en" },
        context: {},
      } as never)) as Response;
    },
    async signIn(receipt: string) {
      const response = (await followUp.action({
        request: post("/en/follow-up", { receipt }),
        params: { lang: "en" },
        context: { clientKey: "links" },
      } as never)) as Response;
      expect(response.status).toBe(302);
      return tokenOf(response);
    },
    async casePage(token: string) {
      return (await followUpCase.loader({
        request: new Request(`${origin}/en/follow-up/case?t=${encodeURIComponent(token)}`),
        params: { lang: "en" },
        context: {},
      } as never)) as {
        view: { reference: string } | null;
        token: string | null;
      };
    },
    async caseAction(form: Record<string, string>) {
      return (await followUpCase.action({
        request: post("/en/follow-up/case", form),
        params: { lang: "en" },
        context: {},
      } as never)) as Response;
    },
  };
}

type Instance = Awaited<ReturnType<typeof startInstance>>;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  a = await startInstance();
  const { seedDirectory } = await import("../../prisma/seed");
  await seedDirectory(a.db);
  b = await startInstance();
});

afterAll(async () => {
  await a.db.$disconnect();
  await b.db.$disconnect();
});

afterEach(() => {
  vi.useRealTimers();
});

test("the two instances are independent: two clients, two copies of the token module", () => {
  expect(a.db).not.toBe(b.db);
  expect(a.tokens).not.toBe(b.tokens);
  expect(a.tokens.receiptDisplayTokens).not.toBe(b.tokens.receiptDisplayTokens);
});

describe("a link made on one server works on another", () => {
  test("the report is sent to one server and the redirected receipt page is served by the other", async () => {
    const token = await a.sendReport("LINKS-1001 a boy is made to work in a kiln");
    const page = await b.receiptPage(token);
    expect(page.sent?.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(page.sent?.reference).toMatch(/^AG-\d{4}-\d{6}$/);
  });

  test("a follow-up visit opened on one server is read, replied to and renewed on the other, and back", async () => {
    const receipt = (await b.receiptPage(await a.sendReport("LINKS-1002 a girl is kept in a house")))!.sent!.receipt;
    const visit = await a.signIn(receipt);
    const page = await b.casePage(visit);
    expect(page.view).not.toBeNull();
    const replied = await b.caseAction({ t: page.token!, intent: "reply", message: "More about the house." });
    expect(replied.status).toBe(302);
    expect((await a.casePage(tokenOf(replied))).view?.reference).toBe(page.view!.reference);
  });

  test('"I have saved my code" pressed on one server closes the receipt page on the other', async () => {
    const token = await a.sendReport("LINKS-1003 an agent keeps passports");
    expect((await b.receiptPage(token)).sent).not.toBeNull();
    expect((await a.saved(token)).headers.get("Location")).toBe("/en/report/sent?saved=1");
    expect((await b.receiptPage(token)).sent).toBeNull();
    expect((await a.receiptPage(token)).sent).toBeNull();
  });

  test('"leave" on one server ends the visit on the other, renewed links included', async () => {
    const receipt = (await a.receiptPage(await b.sendReport("LINKS-1004 workers locked in a farmhouse")))!.sent!
      .receipt;
    const visit = await b.signIn(receipt);
    const renewed = (await a.casePage(visit)).token!;
    const left = await b.caseAction({ t: renewed, intent: "end" });
    expect(left.headers.get("Location")).toBe("/en/follow-up?ended=1");
    for (const server of [a, b]) {
      expect((await server.casePage(visit)).view).toBeNull();
      expect((await server.casePage(renewed)).view).toBeNull();
      const refused = await server.caseAction({ t: renewed, intent: "reply", message: "Too late." });
      expect(refused.headers.get("Location")).toBe("/en/follow-up/case?t=");
    }
  });

  test("a token sealed through one database client opens through a second one made by createDatabase", async () => {
    const { createDatabase } = await import("~/server/db.server");
    const second = createDatabase(process.env.DATABASE_URL);
    await second.ready;
    try {
      const token = await a.tokens.followUpTokens.issue(a.db, { tipId: "tip-on-one-server" });
      expect((await b.tokens.followUpTokens.open(second.db, token))?.value).toEqual({ tipId: "tip-on-one-server" });
      await a.tokens.followUpTokens.end(a.db, token);
      expect(await b.tokens.followUpTokens.open(second.db, token)).toBeNull();
    } finally {
      await second.db.$disconnect();
    }
  });
});

describe("a bad link shows the expired page, never an error", () => {
  const flip = (token: string, at: number) =>
    token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);

  test("tampered, truncated, lengthened or garbage receipt links", async () => {
    const token = await a.sendReport("LINKS-2001 a man is held for a debt");
    const bad = [
      flip(token, 1),
      flip(token, Math.floor(token.length / 2)),
      flip(token, token.length - 1),
      token.slice(0, -4),
      token.slice(0, 20),
      `${token}AAAA`,
      "",
      "expired-token",
      "%00%ff",
      "A".repeat(5_000),
      "☃".repeat(40),
    ];
    for (const link of bad) expect((await b.receiptPage(link)).sent, link.slice(0, 40)).toBeNull();
    expect((await b.receiptPage(token)).sent).not.toBeNull();
  });

  test("tampered and garbage follow-up links, and ending them writes nothing", async () => {
    const visit = await a.tokens.followUpTokens.issue(a.db, { tipId: "no-such-tip" });
    const before = await a.db.endedReporterLink.count();
    for (const link of [flip(visit, 3), visit.slice(0, -1), "", "x".repeat(3_000)]) {
      expect((await b.casePage(link)).view).toBeNull();
      expect((await b.caseAction({ t: link, intent: "end" })).headers.get("Location")).toBe("/en/follow-up?ended=1");
    }
    expect(await a.db.endedReporterLink.count()).toBe(before);
  });

  test("a link of one kind does not open as the other, nor one sealed under another RECEIPT_KEY", async () => {
    const receiptLink = await a.sendReport("LINKS-2002 children begging at a signal");
    expect((await b.casePage(receiptLink)).view).toBeNull();
    const visit = await a.signIn((await a.receiptPage(receiptLink)).sent!.receipt);
    expect((await b.receiptPage(visit)).sent).toBeNull();
    const otherKey = { encryptionKeys: [], receiptKey: crypto.randomBytes(32), origin: "environment" as const };
    const foreign = await new ReporterLinkKind("follow-up", 60_000, z.object({ tipId: z.string() })).issue(
      b.db,
      { tipId: "x" },
      { secrets: otherKey },
    );
    expect((await b.casePage(foreign)).view).toBeNull();
  });

  test("an expired receipt link and an idle visit show the expired page on either server", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-03T09:00:00Z") });
    const token = await a.sendReport("LINKS-2003 a maid not allowed out");
    const receipt = (await b.receiptPage(token)).sent!.receipt;
    const visit = await b.signIn(receipt);
    vi.setSystemTime(new Date("2026-12-03T09:20:00Z"));
    for (const server of [a, b]) {
      expect((await server.receiptPage(token)).sent).toBeNull();
      expect((await server.casePage(visit)).view).toBeNull();
    }
  });
});

describe("what the database holds", () => {
  /** Every table's every row, as text (bytes as hex and as Latin-1, so text inside them is found too). */
  async function everythingStored(db: Instance["db"]): Promise<string> {
    const tables = (await db.$queryRawUnsafe(
      testEngine === "postgresql"
        ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
        : `SELECT name FROM sqlite_master WHERE type = 'table'`,
    )) as { name: string }[];
    expect(tables.map(({ name }) => name)).toContain("Tip");
    const dumps: string[] = [];
    for (const { name } of tables) {
      const rows = await db.$queryRawUnsafe(`SELECT * FROM "${name.replace(/"/g, '""')}"`);
      dumps.push(
        JSON.stringify(rows, (_key, value: unknown) => {
          if (typeof value === "bigint") return value.toString();
          if (value instanceof Uint8Array)
            return `${Buffer.from(value).toString("hex")} ${Buffer.from(value).toString("latin1")}`;
          return value;
        }),
      );
    }
    return dumps.join("\n");
  }

  const forms = (receipt: string) => [
    receipt,
    receipt.replace(/-/g, ""),
    receipt.toLowerCase(),
    receipt.replace(/-/g, "").toLowerCase(),
  ];

  test("after sending, showing, saving, signing in, replying and leaving on two servers, no row holds the receipt", async () => {
    const token = await a.sendReport("LINKS-3001 a family in bonded labour");
    const page = (await b.receiptPage(token)).sent!;
    await b.saved(token);
    const visit = await a.signIn(page.receipt);
    const renewed = (await b.casePage(visit)).token!;
    await a.caseAction({ t: renewed, intent: "reply", message: "They moved the family yesterday." });
    await b.caseAction({ t: renewed, intent: "end" });

    const stored = await everythingStored(a.db);
    // The scan does see what is stored: the reference, and the hash of an ended link.
    expect(stored).toContain(page.reference);
    expect(stored).toContain((await a.db.endedReporterLink.findFirstOrThrow()).idHash);
    for (const form of forms(page.receipt)) expect(stored.toLowerCase()).not.toContain(form.toLowerCase());
    // Nor the links themselves, nor their random ids: only hashes.
    for (const link of [token, visit, renewed]) expect(stored).not.toContain(link.slice(0, 24));
  });

  test.skipIf(sqliteOnly("reads the SQLite file's bytes"))(
    "nor do the database file's bytes (main file and write-ahead log)",
    async () => {
      const token = await b.sendReport("LINKS-3002 a girl taken to the Gulf for a job");
      const { receipt, reference } = (await a.receiptPage(token)).sent!;
      await a.saved(token);
      const bytes = Buffer.concat(
        [testDatabaseFile, `${testDatabaseFile}-wal`]
          .filter((file) => fs.existsSync(file))
          .map((file) => fs.readFileSync(file)),
      ).toString("latin1");
      expect(bytes, "the scan reads what is stored").toContain(reference);
      for (const form of forms(receipt)) expect(bytes.toLowerCase()).not.toContain(form.toLowerCase());
    },
  );

  test("an ended link is a hash and an expiry on the reporter time step, and rows go once expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-03T10:47:13.250Z") });
    const token = await a.sendReport("LINKS-4001 a boy sent to a seminary and not returned");
    await b.saved(token);
    const rows = await a.db.endedReporterLink.findMany({
      where: { expiresAt: { gt: new Date() } },
      orderBy: { expiresAt: "desc" },
    });
    const mine = rows.filter((row) => row.expiresAt.toISOString() === "2026-12-03T11:00:00.000Z");
    expect(mine.length).toBeGreaterThanOrEqual(1);
    for (const row of rows) {
      expect(row.idHash).toMatch(/^[\w-]{43}$/);
      expect(row.expiresAt.getUTCMinutes()).toBe(0);
      expect(row.expiresAt.getUTCSeconds()).toBe(0);
    }
    expect(Object.keys(rows[0]!).sort()).toEqual(["expiresAt", "idHash"]);

    // Two hours on, the next link ended clears the rows nothing needs.
    vi.setSystemTime(new Date("2026-12-03T12:47:00Z"));
    const later = await a.sendReport("LINKS-4002 workers kept without pay");
    await a.saved(later);
    const left = await b.db.endedReporterLink.findMany();
    expect(left.every((row) => row.expiresAt > new Date("2026-12-03T12:47:00Z"))).toBe(true);
    expect(left.map((row) => row.expiresAt.toISOString())).toContain("2026-12-03T13:00:00.000Z");
  });
});

test("an ended link counts until its row's expiry, to the millisecond, read without the ORM", async () => {
  const { isReporterLinkEnded, recordEndedReporterLink } = a.endedLinks;
  const now = new Date("2026-12-07T10:00:00.000Z");
  const until = new Date("2026-12-07T11:00:00.000Z");
  await recordEndedReporterLink(a.db, "probe-ended-link", until, now);
  expect(await isReporterLinkEnded(a.db, "probe-ended-link", now)).toBe(true);
  expect(await b.endedLinks.isReporterLinkEnded(b.db, "probe-ended-link", new Date(until.getTime() - 1))).toBe(true);
  expect(await isReporterLinkEnded(a.db, "probe-ended-link", until)).toBe(false);
  expect(await isReporterLinkEnded(a.db, "probe-other-link", now)).toBe(false);
  // Never half of another request's transaction: on SQLite (one connection) the read waits for its turn, on
  // PostgreSQL it reads committed rows. A row written and then rolled back was never there.
  let seen: Promise<boolean> | null = null;
  await expect(
    a.db.$transaction(async (tx) => {
      await tx.endedReporterLink.create({ data: { idHash: "probe-rolled-back", expiresAt: until } });
      seen = isReporterLinkEnded(a.db, "probe-rolled-back", now);
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error("rolled back");
    }),
  ).rejects.toThrow("rolled back");
  expect(await seen).toBe(false);
});

test.each([
  ["2026-12-07T11:00:00.000+00:00", Date.UTC(2026, 11, 7, 11)],
  ["2026-12-07T11:00:00.000Z", Date.UTC(2026, 11, 7, 11)],
  ["2026-12-07T16:00:00.000+05:00", Date.UTC(2026, 11, 7, 11)],
  ["2026-12-07 11:00:00", Date.UTC(2026, 11, 7, 11)],
  ["2026-12-07 11:00:00.250", Date.UTC(2026, 11, 7, 11, 0, 0, 250)],
  [Date.UTC(2026, 11, 7, 11), Date.UTC(2026, 11, 7, 11)],
  [`${Date.UTC(2026, 11, 7, 11)}n`, Date.UTC(2026, 11, 7, 11)],
])("an ended link's expiry as SQLite may hold it (%s) is read as UTC", (given, expected) => {
  // Integers come back as bigint from a statement with safe integers on.
  const stored = typeof given === "string" && given.endsWith("n") ? BigInt(given.slice(0, -1)) : given;
  expect(a.endedLinks.sqliteDateTime(stored)).toBe(expected);
});

test.each([["not a date"], [null], [{}]])("an unreadable expiry (%s) reads as NaN, which counts as ended", (stored) => {
  expect(a.endedLinks.sqliteDateTime(stored)).toBeNaN();
});

describe("the hourly link keys", () => {
  test("two servers sealing the first links of an hour at once agree on its secret, and it is one row, not one per link", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-04T08:00:00.500Z") });
    const hour = Math.floor(Date.now() / 3_600_000);
    const tokens = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 ? a : b).tokens.followUpTokens.issue((index % 2 ? a : b).db, { tipId: `race-${index}` }),
      ),
    );
    for (const [index, token] of tokens.entries()) {
      expect((await (index % 2 ? b : a).tokens.followUpTokens.open((index % 2 ? b : a).db, token))?.value.tipId).toBe(
        `race-${index}`,
      );
    }
    expect(await a.db.reporterLinkKey.count({ where: { epoch: hour } })).toBe(1);
  });

  test("a second insert of an hour's secret meets the primary key as P2002 on this engine (what the racing server catches)", async () => {
    const epoch = 1;
    await a.db.reporterLinkKey.create({ data: { epoch, secret: "first" } });
    const second = await b.db.reporterLinkKey
      .create({ data: { epoch, secret: "second" } })
      .catch((error: unknown) => error);
    expect((second as { code?: string }).code).toBe("P2002");
    const { reporterLinkSecretFor } = await import("~/models/reporter-link.server");
    expect(await reporterLinkSecretFor(b.db, epoch, "third")).toBe("first");
    await a.db.reporterLinkKey.delete({ where: { epoch } });
  });

  test("links sealed near the end of six hours in a row open in the next hour, on both servers (each hour's key derived once)", async () => {
    const start = new Date("2026-12-06T00:50:00Z").getTime();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    for (let hour = 0; hour < 6; hour++) {
      vi.setSystemTime(start + hour * 3_600_000);
      const token = await a.tokens.followUpTokens.issue(a.db, { tipId: `hour-${hour}` });
      expect((await b.tokens.followUpTokens.open(b.db, token))?.value.tipId).toBe(`hour-${hour}`);
      vi.setSystemTime(start + hour * 3_600_000 + 15 * 60_000);
      for (const server of [a, b, a])
        expect((await server.tokens.followUpTokens.open(server.db, token))?.value.tipId).toBe(`hour-${hour}`);
    }
  });

  test("a server opens links of two hours in either order, each with its own hour's key", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-06T06:50:00Z") });
    const earlier = await a.tokens.followUpTokens.issue(a.db, { tipId: "sealed-06:50" });
    vi.setSystemTime(new Date("2026-12-06T07:01:00Z"));
    const later = await a.tokens.followUpTokens.issue(a.db, { tipId: "sealed-07:01" });
    const fresh = await startInstance();
    try {
      for (const [server, order] of [
        [fresh, [later, earlier]],
        [a, [earlier, later]],
        [b, [later, earlier, later]],
      ] as const) {
        for (const token of order)
          expect((await server.tokens.followUpTokens.open(server.db, token))?.value.tipId).toBe(
            token === earlier ? "sealed-06:50" : "sealed-07:01",
          );
      }
    } finally {
      await fresh.db.$disconnect();
    }
  });

  test("once its hour's secret is deleted, a link cannot be opened again, not even with RECEIPT_KEY and a clock set back", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-05T08:10:00Z") });
    const sealedAt = Date.now();
    const token = await a.tokens.followUpTokens.issue(a.db, { tipId: "kept-in-a-proxy-log" });
    expect(await b.tokens.followUpTokens.open(b.db, token, { now: sealedAt + 1_000 })).not.toBeNull();
    // The hour after next: the first link sealed then clears the secrets no link can need.
    vi.setSystemTime(new Date("2026-12-05T10:00:00Z"));
    await b.tokens.receiptDisplayTokens.issue(b.db, {
      reference: "AG-2026-000009",
      receipt: "0000-0000-0000-0000-0000",
      agency: "police-ict",
      unit: null,
      jurisdiction: "internal",
      reasons: [],
      destinationPlaces: [],
      alsoNotify: [],
      urgent: false,
    });
    const hours = (await a.db.reporterLinkKey.findMany({ select: { epoch: true } })).map(({ epoch }) => epoch);
    expect(Math.min(...hours)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 3_600_000) - 1);
    for (const server of [a, b])
      expect(await server.tokens.followUpTokens.open(server.db, token, { now: sealedAt + 1_000 })).toBeNull();
  });
});
