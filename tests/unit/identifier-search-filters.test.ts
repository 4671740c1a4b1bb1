import "../setup/database";
import { beforeAll, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { parseSearch } from "~/domain/identifiers";
import { tipScopeOf, type StaffPrincipal } from "~/domain/permissions";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { changeTipStatus, listQueue } from "~/models/staff-tips.server";
import type { QueueFilters } from "~/domain/queue-filters";
import { tipIdsMentioning } from "~/models/tip-identifiers.server";
import { createTip } from "~/models/tip.server";
import { getDb } from "~/server/db.server";
import { seedDirectory } from "../../prisma/seed";

// An identifier search applies the scope and the queue's filters to the tips it reads by id, in code
// (docs/decisions/029); everywhere else they are SQL conditions (queueWhere). Here every tip mentions the same
// number, so for every filter, sort and scope the two must list the same tips in the same order.

const now = new Date();
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const agentId = "identifier-filters-agent";
const identifier = (parseSearch("0300-5556667") as { identifier: NonNullable<QueueFilters["identifier"]> }).identifier;

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await db.staffUser.create({
    data: {
      id: agentId,
      email: "filters.agent@aagahi.test",
      name: "Filters Agent",
      role: "agent",
      agencyCode: "police-punjab",
      passwordHash: "x",
    },
  });
  const variants: Record<string, unknown>[] = [
    { province: "punjab", crossesBorder: "no", category: "bonded_labour" },
    { province: "punjab", crossesBorder: "no", category: "bride_trafficking", immediateDanger: true },
    { province: "punjab", crossesBorder: "yes", category: "fake_job_offer", country: "AE" },
    { province: "sindh", crossesBorder: "no", category: "bonded_labour" },
    { province: "sindh", crossesBorder: "yes", category: "other", country: "SA" },
    { province: "kp", crossesBorder: "no", category: "child_exploitation" },
    { category: "other" },
  ];
  let index = 0;
  for (const age of [0, 30, 24 * 20, 24 * 100]) {
    for (const variant of variants) {
      const tip = tipSchema.parse({ description: `Tip ${index++}: the agent's number is 0300 5556667.`, ...variant });
      const created = await createTip(db, tip, routeTip(tip, routingTable), "api", hoursAgo(age));
      if (index % 3 === 0) await changeTipStatus(db, created.id, "acknowledged", undefined, hoursAgo(age / 2));
      if (index % 5 === 0) await changeTipStatus(db, created.id, "closed", "duplicate", hoursAgo(age / 3));
      if (index % 4 === 0) await db.tip.update({ where: { id: created.id }, data: { assignedToId: agentId } });
    }
  }
});

const principals: StaffPrincipal[] = [
  { id: "c", role: "coordinator", agencyCode: null, unitCode: null },
  { id: agentId, role: "agent", agencyCode: "police-punjab", unitCode: null },
  { id: "s", role: "supervisor", agencyCode: "police-sindh", unitCode: null },
  { id: "f", role: "agent", agencyCode: "fia", unitCode: "fia-ahtc-lahore" },
];

const filterSets: QueueFilters[] = [
  {},
  { status: "new" },
  { status: "acknowledged" },
  { category: "bonded_labour" },
  { province: "sindh" },
  { priority: "urgent" },
  { overdue: true },
  { mine: true },
  { deletionDue: true },
  { status: "new", overdue: true, sort: "priority" },
  { sort: "oldest" },
  { sort: "priority" },
  { province: "punjab", category: "fake_job_offer", sort: "oldest" },
];

test.each(
  principals.flatMap((principal) =>
    filterSets.map(
      (filters) =>
        [
          principal.role,
          principal.agencyCode,
          principal.unitCode,
          JSON.stringify(filters),
          principal,
          filters,
        ] as const,
    ),
  ),
)(
  "%s of %s/%s with %s: the identifier search lists what the SQL queue lists",
  async (_role, _agency, _unit, _filters, principal, filters) => {
    const db = await getDb();
    const scope = tipScopeOf(principal);
    const sql = await listQueue(db, scope, { sort: "newest", ...filters }, principal.id, now);
    const searched = await listQueue(
      db,
      scope,
      { sort: "newest", ...filters, identifier, searchKind: "phone" },
      principal.id,
      now,
    );
    expect(searched.tips.map((tip) => tip.reference)).toEqual(sql.tips.map((tip) => tip.reference));
    expect(searched.total).toBe(sql.total);
  },
);

test("the filters do narrow: the comparisons above are not all of one list", async () => {
  const db = await getDb();
  const totals = new Set<number>();
  for (const filters of filterSets)
    totals.add(
      (await listQueue(db, { kind: "all" }, { ...filters, identifier, searchKind: "phone" }, agentId, now)).total,
    );
  expect(totals.size).toBeGreaterThan(5);
});

test("the search's cap counts only tips in the scope: its \"more than\" says nothing of other agencies' tips", async () => {
  const db = await getDb();
  const punjab = tipScopeOf(principals[1]!);
  const inScope = await tipIdsMentioning(db, identifier, punjab);
  const everywhere = await tipIdsMentioning(db, identifier, { kind: "all" });
  expect(everywhere.length).toBeGreaterThan(inScope.length);
  expect(inScope.length).toBeGreaterThan(0);
  const agencies = await db.tip.findMany({ where: { id: { in: inScope } }, select: { agencyCode: true } });
  expect(new Set(agencies.map((tip) => tip.agencyCode))).toEqual(new Set(["police-punjab"]));
  // A cap of exactly the scope's number: no "more than" (at most cap ids), though more tips name it elsewhere.
  expect(await tipIdsMentioning(db, identifier, punjab, inScope.length)).toHaveLength(inScope.length);
  expect(await tipIdsMentioning(db, identifier, { kind: "all" }, inScope.length)).toHaveLength(inScope.length + 1);
  expect(await tipIdsMentioning(db, identifier, { kind: "none" })).toEqual([]);
});
