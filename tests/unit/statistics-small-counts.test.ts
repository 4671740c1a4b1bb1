import "../setup/database";
import { beforeAll, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { createTip } from "~/models/tip.server";
import { getDb } from "~/server/db.server";
import { startSession } from "~/server/staff-session.server";
import { seedDemoStaff, seedDirectory } from "../../prisma/seed";
import * as stats from "~/routes/staff.stats";
import * as statsCsv from "~/routes/staff_.stats[.]csv";

// Issue 16 part 4: small counts on the statistics page and in its CSV are "fewer than 5", and a lone hidden
// cell is not recoverable from the total shown next to it.

const origin = "http://aagahi.test";
let coordinatorCookie = "";
let supervisorCookie = "";

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
  const cookieOf = async (email: string) =>
    (
      await startSession((await db.staffUser.findUniqueOrThrow({ where: { email } })).id, "full", new Request(origin))
    ).split(";")[0]!;
  coordinatorCookie = await cookieOf("coordinator@aagahi.demo");
  supervisorCookie = await cookieOf("punjab.supervisor@aagahi.demo");
  const add = async (province: string, count: number) => {
    for (let index = 0; index < count; index++) {
      const tip = tipSchema.parse({
        category: "bonded_labour",
        province,
        crossesBorder: "no",
        description: `Kiln tip ${province} ${index}.`,
      });
      await createTip(db, tip, routeTip(tip, routingTable), "api");
    }
  };
  await add("punjab", 6);
  await add("kp", 7);
  await add("sindh", 2);
});

const load = async (cookie: string) =>
  (await stats.loader({
    request: new Request(`${origin}/staff/stats`, { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  } as never)) as Awaited<ReturnType<typeof stats.loader>>;

test("the coordinator's page hides Sindh's 2 among the provinces with none, so the total cannot single it out", async () => {
  const page = await load(coordinatorCookie);
  expect(page.total).toBe(15);
  const byProvince = Object.fromEntries(page.byProvince.map((row) => [row.key, row.value]));
  // Provinces without a tip are listed too, hidden like any count below 5: "fewer than 5" may be none, and
  // the 2 that subtraction from the total leaves could be in any of six provinces.
  expect(byProvince).toEqual({
    kp: 7,
    punjab: 6,
    sindh: null,
    balochistan: null,
    ict: null,
    gb: null,
    ajk: null,
    unknown: null,
  });
  // Every tip arrived this week: one week of 15, eleven of none (hidden like any count below 5).
  expect(page.byWeek.filter((week) => week.value !== null).map((week) => week.value)).toEqual([15]);
  expect(page.byWeek.filter((week) => week.value === null)).toHaveLength(11);
  // The exact small numbers never reach the page's data.
  expect(JSON.stringify(page.byProvince)).not.toMatch(/"value":[0-4]\b/);
});

test("a Punjab supervisor's own six tips are shown; their status breakdown has no lone hidden cell", async () => {
  const page = await load(supervisorCookie);
  expect(page.total).toBe(6);
  expect(page.byStatus.filter((row) => row.value !== null)).toEqual([{ key: "new", value: 6 }]);
  expect(page.byStatus.filter((row) => row.value === null)).toHaveLength(5);
});

test("the statistics CSV carries <5 for small counts, and the export is in the audit log", async () => {
  const response = (await statsCsv.loader({
    request: new Request(`${origin}/staff/stats.csv`, { headers: { Cookie: coordinatorCookie } }),
    params: {},
    context: {},
  } as never)) as Response;
  const lines = (await response.text())
    .replace(/^\ufeff/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe("measure,key,count");
  expect(lines).toContain("total,,15");
  expect(lines).toContain("province,kp,7");
  expect(lines).toContain("province,sindh,<5");
  expect(lines).toContain("province,punjab,6");
  expect(lines).toContain("province,ajk,<5");
  expect(lines.filter((line) => /^province,/.test(line))).toHaveLength(8);
  const db = await getDb();
  const audited = await db.auditEntry.findMany({
    where: { action: "statistics_exported" },
    select: { actorEmail: true },
  });
  expect(audited.map((row) => row.actorEmail)).toEqual(["coordinator@aagahi.demo"]);
});
