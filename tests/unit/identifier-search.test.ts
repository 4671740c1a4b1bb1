import "../setup/database";
import { beforeAll, describe, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { createTip } from "~/models/tip.server";
import { getDb } from "~/server/db.server";
import { startSession } from "~/server/staff-session.server";
import { seedDemoStaff, seedDirectory } from "../../prisma/seed";
import * as queue from "~/routes/staff._index";
import * as exportCsv from "~/routes/staff_.export[.]csv";

// Issue 16 part 2: the queue's search box finds the tips in the staff member's scope that mention a phone
// number, CNIC, e-mail or agency name, through the identifier index; every search is audited by kind only.

const origin = "http://aagahi.test";
type Who = "sindhAgent" | "fiaAgent" | "fiaSupervisor" | "coordinator" | "punjabAgent";
const emails: Record<Who, string> = {
  sindhAgent: "sindh.agent@aagahi.demo",
  fiaAgent: "fia.agent@aagahi.demo",
  fiaSupervisor: "fia.supervisor@aagahi.demo",
  coordinator: "coordinator@aagahi.demo",
  punjabAgent: "punjab.agent@aagahi.demo",
};
const cookies: Partial<Record<Who, string>> = {};
const references: Record<string, string> = {};

// Values that must never reach the audit log, in the forms a search could carry them.
const fiaPhone = { typed: "+92 300 7654321", forms: ["7654321", "3007654321", "+923007654321", "0300-7654321"] };
const sindhCnic = { typed: "42101-1234567-3", forms: ["42101", "1234567", "4210112345673"] };

async function tip(name: string, input: Record<string, unknown>) {
  const db = await getDb();
  const parsed = tipSchema.parse({ category: "fake_job_offer", ...input });
  references[name] = (await createTip(db, parsed, routeTip(parsed, routingTable), "api")).reference;
}

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
  for (const [who, email] of Object.entries(emails)) {
    const user = await db.staffUser.findUniqueOrThrow({ where: { email } });
    cookies[who as Who] = (await startSession(user.id, "full", new Request(origin))).split(";")[0];
  }
  // Crosses the border: routed to the FIA. The number appears in no other tip.
  await tip("fia", {
    province: "sindh",
    crossesBorder: "yes",
    country: "AE",
    description: "Recruiter on 0300-7654321 sends women to Dubai; Sky Overseas Employment Promoters (Pvt.) Ltd.",
  });
  await tip("sindh", {
    province: "sindh",
    crossesBorder: "no",
    description: "Kiln owner, CNIC 42101-1234567-3, keeps a family. Email kiln.owner@example.pk.",
  });
  await tip("sindhSameAgency", {
    province: "sindh",
    crossesBorder: "no",
    description: "Same agency again: Sky OEP in Karachi took passports.",
  });
});

function queueRequest(who: Who, q: string) {
  return new Request(`${origin}/staff?${new URLSearchParams({ q })}`, { headers: { Cookie: cookies[who]! } });
}

async function search(who: Who, q: string) {
  const result = (await queue.loader({ request: queueRequest(who, q), params: {}, context: {} } as never)) as Awaited<
    ReturnType<typeof queue.loader>
  >;
  return { ...result, references: result.tips.map((row) => row.reference).sort() };
}

describe("who finds what", () => {
  test("a Sindh police agent searching a number that appears only in an FIA tip finds nothing", async () => {
    const result = await search("sindhAgent", fiaPhone.typed);
    expect(result.filters.searchKind).toBe("phone");
    expect(result.references).toEqual([]);
    expect(result.total).toBe(0);
  });

  test.each<[Who, string]>([
    ["fiaAgent", "+92 300 7654321"],
    ["fiaAgent", "0300-7654321"],
    ["fiaAgent", "923007654321"],
    ["fiaAgent", "۰۳۰۰۷۶۵۴۳۲۱"],
    ["fiaAgent", "٠٣٠٠ ٧٦٥ ٤٣٢١"],
    ["fiaSupervisor", "00923007654321"],
    ["coordinator", "(0300) 765 4321"],
  ])("%s finds the FIA tip by %j", async (who, q) => {
    const result = await search(who, q);
    expect(result.references).toEqual([references.fia]);
  });

  test("an agency name: each agency sees only its own tips, the coordinator sees across agencies", async () => {
    expect((await search("fiaAgent", "sky oep")).references).toEqual([references.fia]);
    expect((await search("sindhAgent", "Sky Overseas Employment Promoters")).references).toEqual([
      references.sindhSameAgency,
    ]);
    expect((await search("coordinator", "Sky OEP")).references).toEqual(
      [references.fia, references.sindhSameAgency].sort(),
    );
    expect((await search("punjabAgent", "Sky OEP")).references).toEqual([]);
  });

  test("a CNIC in either form and an e-mail in any case", async () => {
    expect((await search("sindhAgent", "4210112345673")).references).toEqual([references.sindh]);
    expect((await search("sindhAgent", sindhCnic.typed)).filters.searchKind).toBe("cnic");
    expect((await search("sindhAgent", "Kiln.Owner@Example.PK")).references).toEqual([references.sindh]);
    expect((await search("fiaAgent", "kiln.owner@example.pk")).references).toEqual([]);
  });

  test("a case reference keeps working as before", async () => {
    const result = await search("fiaAgent", references.fia!);
    expect(result.filters.searchKind).toBe("reference");
    expect(result.references).toEqual([references.fia]);
    expect((await search("fiaAgent", references.fia!.slice(-6))).references).toEqual([references.fia]);
  });

  test("an unrecognised query or several identifiers at once say so and list nothing", async () => {
    const unknown = await search("coordinator", "somebody bad");
    expect(unknown.searchProblem).toBe("unrecognised");
    expect(unknown.tips).toEqual([]);
    const several = await search("coordinator", "0300-7654321 and 0321-1112223");
    expect(several.searchProblem).toBe("several");
    expect(several.tips).toEqual([]);
    // An empty box is the plain queue.
    const empty = await search("coordinator", "   ");
    expect(empty.filters.searchKind).toBeUndefined();
    expect(empty.total).toBe(3);
  });

  test("the CSV export of a search holds the same tips, in scope", async () => {
    const csvOf = async (who: Who, q = fiaPhone.typed) => {
      const response = (await exportCsv.loader({
        request: new Request(`${origin}/staff/export.csv?q=${encodeURIComponent(q)}`, {
          headers: { Cookie: cookies[who]! },
        }),
        params: {},
        context: {},
      } as never)) as Response;
      return response.text();
    };
    const fia = await csvOf("fiaAgent");
    expect(fia).toContain(references.fia!);
    expect(fia.trim().split("\r\n")).toHaveLength(2);
    // The search's row is the same line the plain export writes for that tip: the same columns, nothing more.
    expect((await csvOf("fiaAgent", "")).trim().split("\r\n")).toContain(fia.trim().split("\r\n")[1]);
    const sindh = await csvOf("sindhAgent");
    expect(sindh.trim().split("\r\n")).toHaveLength(1);
  });
});

test.each([
  "0".repeat(5_000),
  "+92 ".repeat(300),
  "\u0000\u0007<script>alert(1)</script>",
  "\u202e0300-1234567\u202c",
  "🙂 0300 🙂",
  "a@".repeat(200),
  "Travels ".repeat(100),
  "%E0%A4%A",
  "۰".repeat(400),
])("hostile search text never fails the queue (%#)", async (q) => {
  const result = await search("coordinator", q);
  expect(Array.isArray(result.tips)).toBe(true);
  expect(result.q.length).toBeLessThanOrEqual(200);
});

test("many tips mentioning one number page in queue order, newest first or oldest first", async () => {
  const db = await getDb();
  const created: string[] = [];
  for (let index = 0; index < 27; index++) {
    const parsed = tipSchema.parse({
      category: "bonded_labour",
      province: "punjab",
      crossesBorder: "no",
      description: `Kiln ${index}, munshi on 0345-2223334.`,
    });
    created.push((await createTip(db, parsed, routeTip(parsed, routingTable), "api")).reference);
  }
  const newest = [...created].reverse();
  const pageOf = async (params: Record<string, string>) =>
    (await queue.loader({
      request: new Request(`${origin}/staff?${new URLSearchParams({ q: "03452223334", ...params })}`, {
        headers: { Cookie: cookies.punjabAgent! },
      }),
      params: {},
      context: {},
    } as never)) as Awaited<ReturnType<typeof queue.loader>>;
  const first = await pageOf({});
  expect(first.total).toBe(27);
  expect(first.hasNextPage).toBe(true);
  expect(first.tips.map((row) => row.reference)).toEqual(newest.slice(0, 25));
  const second = await pageOf({ page: "2" });
  expect(second.tips.map((row) => row.reference)).toEqual(newest.slice(25));
  expect(second.hasNextPage).toBe(false);
  expect((await pageOf({ sort: "oldest" })).tips.map((row) => row.reference)).toEqual(created.slice(0, 25));
  // Another filter narrows the search: none of them is acknowledged.
  expect((await pageOf({ status: "acknowledged" })).total).toBe(0);
});

test("every search is audited with its kind, never the value searched", async () => {
  const db = await getDb();
  const before = await db.auditEntry.count({ where: { action: "queue_searched" } });
  await search("sindhAgent", fiaPhone.typed);
  await search("sindhAgent", sindhCnic.typed);
  await search("sindhAgent", "Sky OEP");
  await search("sindhAgent", "kiln.owner@example.pk");
  await search("sindhAgent", "nothing we know");
  const rows = await db.auditEntry.findMany({
    where: { action: "queue_searched" },
    orderBy: { at: "asc" },
    select: { details: true, actorEmail: true, tipId: true },
  });
  const mine = rows.slice(before);
  expect(mine.map((row) => JSON.parse(row.details).kind)).toEqual(["phone", "cnic", "name", "email", "unrecognised"]);
  expect(mine.every((row) => row.actorEmail === emails.sindhAgent && row.tipId === null)).toBe(true);
  // No form of any searched value anywhere in the audit log.
  const everything = (await db.auditEntry.findMany({ select: { details: true } }))
    .map((row) => row.details)
    .join("\n")
    .toLowerCase();
  for (const needle of [...fiaPhone.forms, ...sindhCnic.forms, "kiln.owner", "example.pk", "sky", "nothing we know"]) {
    expect(everything, needle).not.toContain(needle.toLowerCase());
  }
});
