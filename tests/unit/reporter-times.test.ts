// Issue 10, item 7 (docs/decisions/016): what a reporter does is stored at a coarse time, and everything that
// reads those times still works: exports, SLA deadlines, and the order of the case history and conversation.
import { sqliteOnly } from "../setup/database";
import { beforeAll, describe, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { slaDeadlines } from "~/domain/priority";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { changeTipStatus, getTipForStaff, listQueue } from "~/models/staff-tips.server";
import { addTipMessage, createTip, findTipIdByReceipt, getReporterView } from "~/models/tip.server";
import { action as reportAction } from "~/routes/$lang.report/route";
import { action as followUpAction } from "~/routes/$lang.follow-up";
import { action as caseAction } from "~/routes/$lang.follow-up_.case/route";
import * as exportCsv from "~/routes/staff_.export[.]csv";
import { getDb } from "~/server/db.server";
import { startSession } from "~/server/staff-session.server";
import { receiptDisplayTokens } from "~/server/tokens.server";
import { seedDemoStaff, seedDirectory } from "../../prisma/seed";

const origin = "http://aagahi.test";
const post = (path: string, form: Record<string, string>) =>
  new Request(`${origin}${path}`, { method: "POST", body: new URLSearchParams(form) });

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
});

async function newTip(now: Date, input: Record<string, unknown> = {}) {
  const tip = tipSchema.parse({
    category: "other",
    description: "Reporter time test tip, phone 0300-1112223.",
    ...input,
  });
  return createTip(await getDb(), tip, routeTip(tip, routingTable), "api", now);
}

/** The stored text of a column, as the database file holds it (not through Prisma's Date). */
async function rawTimes(sql: string, ...values: unknown[]): Promise<string[]> {
  const rows = (await (await getDb()).$queryRawUnsafe(sql, ...values)) as { raw: string }[];
  return rows.map((row) => row.raw);
}

const onTheHour = /^\d{4}-\d\d-\d\dT\d\d:00:00\.000\+00:00$/;

describe("times a reporter's action creates are stored on the step (60 minutes by default)", () => {
  test.skipIf(sqliteOnly("reads raw time columns with SQLite SQL"))(
    "a tip sent with the form and a reply sent on the follow-up page have no minutes, seconds or milliseconds in the raw rows",
    async () => {
      const sent = (await reportAction({
        request: post("/en/report", {
          category: "other",
          description: "COARSE-TIME-5521 a worker is kept locked in",
          province: "ict",
          website: "",
        }),
        params: { lang: "en" },
        context: { clientKey: "coarse-time" },
      } as never)) as Response;
      const db = await getDb();
      const shown = (
        await receiptDisplayTokens.open(db, new URL(sent.headers.get("Location")!, origin).searchParams.get("t"))
      )?.value;
      const tipId = (await findTipIdByReceipt(db, shown!.receipt))!;

      const opened = (await followUpAction({
        request: post("/en/follow-up", { receipt: shown!.receipt }),
        params: { lang: "en" },
        context: { clientKey: "coarse-time" },
      } as never)) as Response;
      const token = new URL(opened.headers.get("Location")!, origin).searchParams.get("t")!;
      const replied = (await caseAction({
        request: post("/en/follow-up/case", { t: token, intent: "reply", message: "A reply from the reporter." }),
        params: { lang: "en" },
        context: {},
      } as never)) as Response;
      expect(replied.status).toBe(302);

      const stored = [
        ...(await rawTimes(`SELECT "createdAt" || '' AS raw FROM "Tip" WHERE "id" = ?`, tipId)),
        ...(await rawTimes(`SELECT "updatedAt" || '' AS raw FROM "Tip" WHERE "id" = ?`, tipId)),
        ...(await rawTimes(`SELECT "createdAt" || '' AS raw FROM "TipEvent" WHERE "tipId" = ?`, tipId)),
        ...(await rawTimes(
          `SELECT "createdAt" || '' AS raw FROM "TipMessage" WHERE "tipId" = ? AND "author" = 'reporter'`,
          tipId,
        )),
      ];
      expect(stored).toHaveLength(4);
      for (const time of stored) expect(time).toMatch(onTheHour);
    },
  );

  test.skipIf(sqliteOnly("reads raw rows with SQLite SQL"))(
    "rows written with a tip get random ids, never a cuid that holds the time to the millisecond",
    async () => {
      const { id } = await newTip(new Date("2026-12-02T15:47:31.123Z"));
      const ids = [
        ...(await rawTimes(`SELECT "id" AS raw FROM "TipEvent" WHERE "tipId" = ?`, id)),
        ...(await rawTimes(`SELECT "id" AS raw FROM "TipIdentifier" WHERE "tipId" = ?`, id)),
      ];
      expect(ids).toHaveLength(2);
      for (const rowId of ids) expect(rowId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    },
  );

  test.skipIf(sqliteOnly("reads raw time columns with SQLite SQL"))(
    "an agency message keeps its exact time",
    async () => {
      const { id } = await newTip(new Date("2026-12-02T15:10:00Z"));
      await addTipMessage(
        await getDb(),
        id,
        "agency",
        "Staff time is not hidden.",
        new Date("2026-12-02T15:31:07.250Z"),
      );
      expect(await rawTimes(`SELECT "createdAt" || '' AS raw FROM "TipMessage" WHERE "tipId" = ?`, id)).toEqual([
        "2026-12-02T15:31:07.250+00:00",
      ]);
    },
  );
});

test("SLA deadlines run from the coarse time: at worst one step early, never late", async () => {
  const real = new Date("2026-12-02T15:47:31Z");
  const { id, reference } = await newTip(real, { immediateDanger: true, province: "sindh", crossesBorder: "no" });
  const db = await getDb();
  const stored = (await db.tip.findUniqueOrThrow({ where: { id }, select: { createdAt: true, priority: true } }))!;
  expect(stored.priority).toBe("urgent");
  expect(stored.createdAt.toISOString()).toBe("2026-12-02T15:00:00.000Z");
  // Urgent: acknowledge within 4 hours of 15:00, so due at 19:00 (the real time would have said 19:47).
  expect(slaDeadlines(stored.createdAt, "urgent").acknowledgeBy.toISOString()).toBe("2026-12-02T19:00:00.000Z");
  const scope = { kind: "agency", agencyCode: "police-sindh", unitCode: null } as const;
  const before = await listQueue(db, scope, { search: reference }, "nobody", new Date("2026-12-02T18:59:00Z"));
  expect(before.tips.map((tip) => [tip.reference, tip.sla.dueAt?.toISOString()])).toEqual([
    [reference, "2026-12-02T19:00:00.000Z"],
  ]);
  expect(
    (await listQueue(db, scope, { search: reference, overdue: true }, "nobody", new Date("2026-12-02T18:59:00Z")))
      .total,
  ).toBe(0);
  expect(
    (await listQueue(db, scope, { search: reference, overdue: true }, "nobody", new Date("2026-12-02T19:01:00Z")))
      .total,
  ).toBe(1);
});

test("the conversation and the history keep their real order when a reporter's reply carries an earlier, coarse time", async () => {
  const db = await getDb();
  const { id } = await newTip(new Date("2026-12-02T15:10:00Z"));
  await addTipMessage(db, id, "agency", "1. Which street?", new Date("2026-12-02T15:30:00Z"));
  await addTipMessage(db, id, "reporter", "2. Near the canal.", new Date("2026-12-02T15:47:00Z")); // stored as 15:00
  await addTipMessage(db, id, "agency", "3. Thank you.", new Date("2026-12-02T15:50:00Z"));
  await addTipMessage(db, id, "reporter", "4. One more thing.", new Date("2026-12-02T15:55:00Z")); // 15:00 too
  await changeTipStatus(db, id, "acknowledged", undefined, new Date("2026-12-02T15:20:00Z"));

  const view = (await getReporterView(db, id))!;
  expect(view.messages.map((message) => message.body)).toEqual([
    "1. Which street?",
    "2. Near the canal.",
    "3. Thank you.",
    "4. One more thing.",
  ]);
  expect(view.messages[1]!.at.toISOString()).toBe("2026-12-02T15:00:00.000Z");
  expect(view.history.map((event) => event.kind)).toEqual(["received", "status"]);
  const staffView = (await getTipForStaff(db, id, { withContact: false }))!;
  expect(staffView.messages.map((message) => message.body)).toEqual(view.messages.map((message) => message.body));
  expect(staffView.events.map((event) => event.kind)).toEqual(["received", "status"]);
});

// SQLite happens to break ties by rowid (insertion order) today; the explicit tie-breaker on the reference is
// what keeps this true on another planner or database (PostgreSQL, issue 11), or after a rebuild renumbers rows.
test("tips received in the same step come out of the queue in the order they arrived", async () => {
  const db = await getDb();
  const references = [];
  for (const minute of ["05", "20", "40"])
    references.push(
      (await newTip(new Date(`2026-12-03T09:${minute}:00Z`), { province: "balochistan", crossesBorder: "no" }))
        .reference,
    );
  const scope = { kind: "agency", agencyCode: "police-balochistan", unitCode: null } as const;
  const now = new Date("2026-12-03T10:00:00Z");
  const list = async (sort: "newest" | "oldest" | "priority") =>
    (await listQueue(db, scope, { sort }, "nobody", now)).tips.map((tip) => tip.reference);
  expect(await list("oldest")).toEqual(references);
  expect(await list("newest")).toEqual([...references].reverse());
  expect(await list("priority")).toEqual(references);
});

test("the CSV export gives the time received to the minute, never seconds", async () => {
  await newTip(new Date("2026-12-02T15:47:31.123Z"));
  const db = await getDb();
  const user = await db.staffUser.findUniqueOrThrow({ where: { email: "coordinator@aagahi.demo" } });
  const cookie = (await startSession(user.id, "full", new Request(origin))).split(";")[0]!;
  const response = (await exportCsv.loader({
    request: new Request(`${origin}/staff/export.csv`, { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  } as never)) as Response;
  const rows = (await response.text()).trim().split("\r\n").slice(1);
  expect(rows.length).toBeGreaterThan(0);
  const received = rows.map((row) => row.split(",")[1]);
  for (const time of received) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
  expect(received).toContain("2026-12-02T15:00Z");
});
