import "../setup/database";
// Issue 16 (docs/decisions/029): a search, a case file and a statistics export are reads, each recorded by one
// audit row written before anything is shown; when that row cannot be written, nothing is shown.
import { beforeAll, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { parseSearch } from "~/domain/identifiers";
import type { StaffRole } from "~/domain/permissions";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { seedDirectory } from "~/models/directory.server";
import { findCaseFacts, produceCaseFile, type CaseActor } from "~/models/staff-case.server";
import { exportQueue, listQueueFor } from "~/models/staff-tips.server";
import type { QueueFilters } from "~/domain/queue-filters";
import { exportStatistics } from "~/models/statistics.server";
import { createTip } from "~/models/tip.server";
import { getDb } from "~/server/db.server";
import { seedDemoStaff } from "../../prisma/seed";
import { withAuditRefused } from "../setup/refuse-audit";

let tipId = "";

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
  const tip = tipSchema.parse({
    category: "bonded_labour",
    province: "punjab",
    crossesBorder: "no",
    description: "Kiln munshi on 0300-9990001.",
  });
  tipId = (await createTip(db, tip, routeTip(tip, routingTable), "api")).id;
});

async function staff(email: string): Promise<CaseActor> {
  const member = await (
    await getDb()
  ).staffUser.findUniqueOrThrow({
    where: { email },
    select: { id: true, email: true, role: true, agencyCode: true, unitCode: true },
  });
  return { ...member, role: member.role as StaffRole };
}

const rowsOf = async (action: string) =>
  (
    await (
      await getDb()
    ).auditEntry.findMany({
      where: { action },
      select: { staffUserId: true, tipId: true, agencyCode: true, details: true },
    })
  ).map((row) => ({
    ...row,
    details: JSON.parse(row.details) as unknown,
  }));

const phoneSearch: QueueFilters = {
  identifier: (parseSearch("03009990001") as { identifier: NonNullable<QueueFilters["identifier"]> }).identifier,
  searchKind: "phone",
};

test("a search writes one queue_searched row with its kind and count; refused, it shows nothing", async () => {
  const agent = await staff("punjab.agent@aagahi.demo");
  expect(await withAuditRefused(() => listQueueFor(agent, phoneSearch))).toBeInstanceOf(Error);
  expect(await rowsOf("queue_searched")).toEqual([]);
  const queue = await listQueueFor(agent, phoneSearch);
  expect(queue.tips.map((tip) => tip.id)).toEqual([tipId]);
  expect(await rowsOf("queue_searched")).toEqual([
    { staffUserId: agent.id, tipId: null, agencyCode: null, details: { kind: "phone", found: 1, moreThan: false } },
  ]);
  // The plain queue is no search: no row.
  await listQueueFor(agent, {});
  expect(await rowsOf("queue_searched")).toHaveLength(1);
});

test("an export of a search records its kind; an export without one records as before", async () => {
  const agent = await staff("punjab.agent@aagahi.demo");
  await exportQueue(agent, phoneSearch);
  await exportQueue(agent, {});
  expect((await rowsOf("queue_exported")).map((row) => row.details)).toEqual([
    { rows: 1, contact: true, search: "phone" },
    { rows: 1, contact: true },
  ]);
});

test("a case file writes one case_file_produced row; refused, it is not produced", async () => {
  const coordinator = await staff("coordinator@aagahi.demo");
  const facts = (await findCaseFacts(tipId))!;
  expect(await withAuditRefused(() => produceCaseFile(coordinator, tipId, facts))).toBeInstanceOf(Error);
  expect(await rowsOf("case_file_produced")).toEqual([]);
  const file = await produceCaseFile(coordinator, tipId, facts);
  expect(file.tip.id).toBe(tipId);
  expect(await rowsOf("case_file_produced")).toEqual([
    {
      staffUserId: coordinator.id,
      tipId,
      agencyCode: "police-punjab",
      details: { contact: false, linked: 0, files: 0 },
    },
  ]);
});

test("a statistics export writes one statistics_exported row; refused, nothing is exported", async () => {
  const supervisor = await staff("punjab.supervisor@aagahi.demo");
  expect(await withAuditRefused(() => exportStatistics(supervisor))).toBeInstanceOf(Error);
  expect(await rowsOf("statistics_exported")).toEqual([]);
  const published = await exportStatistics(supervisor);
  expect(published.total).toBeNull();
  expect(await rowsOf("statistics_exported")).toEqual([
    { staffUserId: supervisor.id, tipId: null, agencyCode: "police-punjab", details: {} },
  ]);
});
