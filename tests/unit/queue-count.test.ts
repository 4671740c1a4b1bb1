// Issue 13 (docs/decisions/023): the queue counts at most a cap of tips; beyond it the page says "more than"
// and pages on without a total. The count stays inside the staff member's scope, like the page.
import "../setup/database";
import crypto from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import type { TipScope } from "~/domain/permissions";
import { listQueue, queueCountCap, queuePageSize } from "~/models/staff-tips.server";
import { getDb } from "~/server/db.server";
import { seedDemoStaff, seedDirectory } from "../../prisma/seed";

const now = new Date("2026-12-06T12:00:00Z");
const sindh: TipScope = { kind: "agency", agencyCode: "police-sindh", unitCode: null };
const kp: TipScope = { kind: "agency", agencyCode: "police-kp", unitCode: null };
const lahoreCircle: TipScope = { kind: "agency", agencyCode: "fia", unitCode: "fia-ahtc-lahore" };
let sindhAgentId = "";

/** `count` tips straight into the table, four hours apart, the newest four hours before `now`. */
async function addTips(
  count: number,
  fields: { agencyCode: string; unitCode?: string | null; status?: string; assignedToId?: string | null },
  first: number,
) {
  const db = await getDb();
  await db.tip.createMany({
    data: Array.from({ length: count }, (_, i) => {
      const createdAt = new Date(now.getTime() - (i + 1) * 4 * 3_600_000);
      return {
        id: crypto.randomUUID(),
        reference: `AG-2026-${String(first + i).padStart(6, "0")}`,
        receiptHash: crypto.randomBytes(32).toString("hex"),
        category: "other",
        crossesBorder: "unknown",
        province: "sindh",
        victimAgeGroup: "unknown",
        immediateDanger: false,
        language: "en",
        channel: "api",
        descriptionCipher: "not read by the queue",
        jurisdiction: "internal",
        routingReasons: "{}",
        alsoNotify: "[]",
        urgent: false,
        createdAt,
        updatedAt: createdAt,
        unitCode: null,
        assignedToId: null,
        ...fields,
      };
    }),
  });
}

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
  sindhAgentId = (await db.staffUser.findUniqueOrThrow({ where: { email: "sindh.agent@aagahi.demo" } })).id;
  await addTips(30, { agencyCode: "police-sindh" }, 1);
  await addTips(4, { agencyCode: "police-sindh", status: "closed", assignedToId: sindhAgentId }, 100);
  await addTips(3, { agencyCode: "police-kp" }, 200);
  await addTips(6, { agencyCode: "fia", unitCode: "fia-ahtc-lahore" }, 300);
  await addTips(5, { agencyCode: "fia", unitCode: "fia-ahtc-karachi" }, 400);
});

test("the cap is 10,000 tips", () => {
  expect(queueCountCap).toBe(10_000);
});

test("below the cap the count is exact and the page knows how many pages there are", async () => {
  const queue = await listQueue(await getDb(), sindh, {}, sindhAgentId, now, undefined, undefined, 100);
  expect(queue).toMatchObject({ total: 34, moreThanCap: false, pages: 2, page: 1, hasNextPage: true });
  expect(queue.tips).toHaveLength(queuePageSize);
  const second = await listQueue(await getDb(), sindh, { page: 2 }, sindhAgentId, now, undefined, undefined, 100);
  expect(second).toMatchObject({ total: 34, moreThanCap: false, pages: 2, page: 2, hasNextPage: false });
  expect(second.tips).toHaveLength(34 - queuePageSize);
});

test("above the cap the count stops at the cap, there is no page total, and Next follows the rows", async () => {
  const db = await getDb();
  const first = await listQueue(db, sindh, {}, sindhAgentId, now, undefined, undefined, 10);
  expect(first).toMatchObject({ total: 10, moreThanCap: true, pages: null, hasNextPage: true });
  expect(first.tips).toHaveLength(queuePageSize);
  const second = await listQueue(db, sindh, { page: 2 }, sindhAgentId, now, undefined, undefined, 10);
  expect(second).toMatchObject({ total: 10, moreThanCap: true, pages: null, hasNextPage: false });
  expect(second.tips).toHaveLength(34 - queuePageSize);
  // Exactly at the cap is still exact.
  expect(await listQueue(db, sindh, {}, sindhAgentId, now, undefined, undefined, 34)).toMatchObject({
    total: 34,
    moreThanCap: false,
    pages: 2,
  });
});

test("the capped count never counts another agency's or another unit's tips", async () => {
  const db = await getDb();
  expect(await listQueue(db, kp, {}, sindhAgentId, now, undefined, undefined, 10)).toMatchObject({
    total: 3,
    moreThanCap: false,
  });
  expect(await listQueue(db, lahoreCircle, {}, sindhAgentId, now, undefined, undefined, 10)).toMatchObject({
    total: 6,
    moreThanCap: false,
  });
  expect(await listQueue(db, lahoreCircle, {}, sindhAgentId, now, undefined, undefined, 5)).toMatchObject({
    total: 5,
    moreThanCap: true,
  });
  const lahore = await listQueue(db, lahoreCircle, {}, sindhAgentId, now, undefined, undefined, 5);
  expect(lahore.tips.every((tip) => tip.unitCode === "fia-ahtc-lahore")).toBe(true);
  expect((await listQueue(db, { kind: "none" }, {}, sindhAgentId, now, undefined, undefined, 5)).total).toBe(0);
  expect(await listQueue(db, { kind: "all" }, {}, sindhAgentId, now, undefined, undefined, 100)).toMatchObject({
    total: 48,
    moreThanCap: false,
  });
});

test("filters are counted the same way: status, assigned to me, overdue and a reference search", async () => {
  const db = await getDb();
  const counts = async (filters: Record<string, unknown>, cap: number) => {
    const queue = await listQueue(db, sindh, filters, sindhAgentId, now, undefined, undefined, cap);
    return [queue.total, queue.moreThanCap];
  };
  expect(await counts({ status: "closed" }, 100)).toEqual([4, false]);
  expect(await counts({ status: "closed" }, 3)).toEqual([3, true]);
  expect(await counts({ mine: true }, 100)).toEqual([4, false]);
  expect(await counts({ mine: true }, 2)).toEqual([2, true]);
  // New normal-priority tips are overdue after 72 hours: the open ones 76 to 120 hours old.
  expect(await counts({ overdue: true }, 100)).toEqual([12, false]);
  expect(await counts({ overdue: true }, 5)).toEqual([5, true]);
  expect(await counts({ search: "AG-2026-00001" }, 100)).toEqual([10, false]);
  expect(await counts({ search: "AG-2026-00001" }, 5)).toEqual([5, true]);
});
