import "../setup/database";
import { beforeAll, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { addStaffNote, changeTipStatus, sendMessageToReporter } from "~/models/staff-tips.server";
import { createTip } from "~/models/tip.server";
import { getDb } from "~/server/db.server";
import { startSession } from "~/server/staff-session.server";
import { seedDemoStaff, seedDirectory } from "../../prisma/seed";
import * as auditRoute from "~/routes/staff.audit";
import * as caseFile from "~/routes/staff.tips.$tipId_.case-file";

// Issue 16 part 3: the case file carries the whole record, contact details only for roles that may read them,
// and producing it is in the audit log.

const origin = "http://aagahi.test";
type Who = "punjabAgent" | "coordinator";
const emails: Record<Who, string> = { punjabAgent: "punjab.agent@aagahi.demo", coordinator: "coordinator@aagahi.demo" };
const cookies: Partial<Record<Who, string>> = {};
const contactCanary = "contact-canary-0345-1112223";
let tipId = "";
let linkedReference = "";

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
  for (const [who, email] of Object.entries(emails)) {
    const user = await db.staffUser.findUniqueOrThrow({ where: { email } });
    cookies[who as Who] = (await startSession(user.id, "full", new Request(origin))).split(";")[0];
  }
  const create = async (input: Record<string, unknown>) => {
    const tip = tipSchema.parse({ category: "bonded_labour", province: "punjab", crossesBorder: "no", ...input });
    return createTip(db, tip, routeTip(tip, routingTable), "api");
  };
  const created = await create({
    description: "A family is kept at a brick kiln near Kasur; the munshi's number is 0300-4445556.",
    suspects: "Munshi Akram",
    contact: contactCanary,
    contactConsent: true,
  });
  tipId = created.id;
  linkedReference = (await create({ description: "Same munshi, 0300 444 5556, now at another kiln." })).reference;
  const agent = await db.staffUser.findUniqueOrThrow({ where: { email: emails.punjabAgent } });
  await changeTipStatus(db, tipId, "acknowledged", undefined);
  await sendMessageToReporter(db, tipId, "We are looking into it. Is the family still there?");
  await addStaffNote(db, tipId, agent.id, "Visited the kiln area on Monday.");
});

async function produce(who: Who) {
  const request = new Request(`${origin}/staff/tips/${tipId}/case-file`, { headers: { Cookie: cookies[who]! } });
  return (await caseFile.loader({ request, params: { tipId }, context: {} } as never)) as Awaited<
    ReturnType<typeof caseFile.loader>
  >;
}

test("the case file holds the facts, routing and legal basis, the report, history, messages, notes and linked tips", async () => {
  const file = await produce("punjabAgent");
  expect(file.tip.description).toContain("brick kiln near Kasur");
  expect(file.tip.suspects).toBe("Munshi Akram");
  expect(file.tip.routing.reasons.length).toBeGreaterThan(0);
  expect(file.tip.routing.legalBasis).toContain("blsa_1992");
  expect(file.tip.events.map((event) => event.status)).toEqual(["new", "acknowledged"]);
  expect(file.tip.messages.map((message) => message.body)).toEqual([
    "We are looking into it. Is the family still there?",
  ]);
  expect(file.tip.notes.map((note) => note.body)).toEqual(["Visited the kiln area on Monday."]);
  expect(file.linked.map((other) => other.reference)).toEqual([linkedReference]);
  expect(file.producedBy.email).toBe(emails.punjabAgent);
  // An agent may read contact details.
  expect(file.withContact).toBe(true);
  expect(file.tip.contact).toBe(contactCanary);
});

test("a coordinator, who may not read contact details, gets a case file without them", async () => {
  const file = await produce("coordinator");
  expect(file.withContact).toBe(false);
  expect(file.tip.contact).toBeNull();
  expect(file.tip.hasContact).toBe(true);
  expect(JSON.stringify(file)).not.toContain("contact-canary");
  expect(file.tip.description).toContain("brick kiln");
});

test("producing a case file is in the audit log, for the tip, with whether contact details were in it", async () => {
  const db = await getDb();
  const rows = await db.auditEntry.findMany({
    where: { action: "case_file_produced", tipId },
    orderBy: { at: "asc" },
    select: { actorEmail: true, details: true, agencyCode: true },
  });
  expect(rows.map((row) => [row.actorEmail, JSON.parse(row.details).contact])).toEqual([
    [emails.punjabAgent, true],
    [emails.coordinator, false],
  ]);
  expect(rows.every((row) => row.agencyCode === "police-punjab")).toBe(true);
  expect(rows.map((row) => row.details).join()).not.toContain("canary");
  // And the audit page shows it, with the tip's reference.
  const page = (await auditRoute.loader({
    request: new Request(`${origin}/staff/audit?tip=${tipId}`, { headers: { Cookie: cookies.coordinator! } }),
    params: {},
    context: {},
  } as never)) as Awaited<ReturnType<typeof auditRoute.loader>>;
  expect(page.entries.filter((entry) => entry.action === "case_file_produced")).toHaveLength(2);
});
