import "../setup/database";
// Issue 12, the case page, queue and export (app/models/staff-case.server.ts, staff-tips.server.ts): each change
// to a tip and its audit row are one transaction. When the audit row cannot be written the change is rolled
// back; when it can, exactly one row records it, with the same codes as before the move.
import { beforeAll, expect, test } from "vitest";
import { tipSchema } from "~/domain/tip";
import { routeTip } from "~/domain/routing";
import type { StaffRole } from "~/domain/permissions";
import { getDirectory, seedDirectory } from "~/models/directory.server";
import {
  addCaseNote,
  assignCase,
  changeCaseStatus,
  findCaseFacts,
  messageReporter,
  openCase,
  postponeCaseDeletion,
  sendFromTriageDesk,
  transferCase,
  type CaseActor,
  type CaseFacts,
} from "~/models/staff-case.server";
import { changeTipStatus, exportQueue } from "~/models/staff-tips.server";
import { createTip } from "~/models/tip.server";
import { action as caseAction, loader as caseLoader } from "~/routes/staff.tips.$tipId/route";
import { loader as exportLoader } from "~/routes/staff_.export[.]csv";
import { getDb } from "~/server/db.server";
import { startSession } from "~/server/staff-session.server";
import { seedDemoStaff } from "../../prisma/seed";
import { withAuditRefused } from "../setup/refuse-audit";

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
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

/** A new tip and the facts the route's permission check reads. */
async function newTip(answers: Record<string, unknown>): Promise<{ tipId: string; facts: CaseFacts }> {
  const db = await getDb();
  const tip = tipSchema.parse({ category: "other", description: "A tip for the audited case-page tests.", ...answers });
  const { id } = await createTip(db, tip, routeTip(tip, (await getDirectory()).routingTable), "web");
  return { tipId: id, facts: (await findCaseFacts(id))! };
}

const punjabTip = () => newTip({ crossesBorder: "no", province: "punjab" });
const triageTip = () => newTip({ crossesBorder: "unknown", province: "unknown" });

/** Everything a case-page change can touch, to compare before and after. */
async function snapshot(tipId: string) {
  const db = await getDb();
  const tip = await db.tip.findUniqueOrThrow({
    where: { id: tipId },
    select: {
      status: true,
      closeOutcome: true,
      closedAt: true,
      acknowledgedAt: true,
      agencyCode: true,
      unitCode: true,
      assignedToId: true,
      retainUntil: true,
    },
  });
  const [events, notes, messages, audits] = await Promise.all([
    db.tipEvent.count({ where: { tipId } }),
    db.tipNote.count({ where: { tipId } }),
    db.tipMessage.count({ where: { tipId } }),
    db.auditEntry.count({ where: { tipId } }),
  ]);
  return { tip, events, notes, messages, audits };
}

async function auditRows(tipId: string, action: string) {
  const rows = await (
    await getDb()
  ).auditEntry.findMany({
    where: { tipId, action },
    select: { agencyCode: true, details: true, staffUserId: true, actorEmail: true },
  });
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as unknown }));
}

test("the punjab and triage fixtures land where the tests expect", async () => {
  expect((await punjabTip()).facts.agencyCode).toBe("police-punjab");
  expect((await triageTip()).facts.agencyCode).toBe("triage-desk");
});

test("a status change is rolled back when its audit row is refused, and otherwise recorded once", async () => {
  const agent = await staff("punjab.agent@aagahi.demo");
  const { tipId, facts } = await punjabTip();
  const before = await snapshot(tipId);
  await withAuditRefused(() => changeCaseStatus(agent, tipId, facts, "acknowledged", undefined));
  expect(await snapshot(tipId)).toEqual(before);

  expect(await changeCaseStatus(agent, tipId, facts, "acknowledged", undefined)).toEqual({
    ok: true,
    status: "acknowledged",
  });
  expect((await snapshot(tipId)).tip.status).toBe("acknowledged");
  expect(await auditRows(tipId, "tip_status_changed")).toEqual([
    {
      agencyCode: "police-punjab",
      staffUserId: agent.id,
      actorEmail: agent.email,
      details: { from: "new", to: "acknowledged", outcome: null },
    },
  ]);
});

test("a refused status change writes nothing, not even an audit row", async () => {
  const agent = await staff("punjab.agent@aagahi.demo");
  const { tipId, facts } = await punjabTip();
  const before = await snapshot(tipId);
  const result = await changeCaseStatus(agent, tipId, facts, "no-such-status", undefined);
  expect(result.ok).toBe(false);
  expect(await snapshot(tipId)).toEqual(before);
});

test("a message to the reporter is rolled back when its audit row is refused, and otherwise recorded once", async () => {
  const agent = await staff("punjab.agent@aagahi.demo");
  const { tipId, facts } = await punjabTip();
  const before = await snapshot(tipId);
  await withAuditRefused(() => messageReporter(agent, tipId, facts, "Please tell us more."));
  expect(await snapshot(tipId)).toEqual(before);

  await messageReporter(agent, tipId, facts, "Please tell us more.");
  expect((await snapshot(tipId)).messages).toBe(before.messages + 1);
  expect(await auditRows(tipId, "tip_message_sent")).toEqual([
    { agencyCode: "police-punjab", staffUserId: agent.id, actorEmail: agent.email, details: {} },
  ]);
});

test("a staff note is rolled back when its audit row is refused, and otherwise recorded once", async () => {
  const agent = await staff("punjab.agent@aagahi.demo");
  const { tipId, facts } = await punjabTip();
  const before = await snapshot(tipId);
  await withAuditRefused(() => addCaseNote(agent, tipId, facts, "Called the district office."));
  expect(await snapshot(tipId)).toEqual(before);

  await addCaseNote(agent, tipId, facts, "Called the district office.");
  expect((await snapshot(tipId)).notes).toBe(before.notes + 1);
  expect(await auditRows(tipId, "tip_note_added")).toEqual([
    { agencyCode: "police-punjab", staffUserId: agent.id, actorEmail: agent.email, details: {} },
  ]);
});

test("an assignment is rolled back when its audit row is refused, and otherwise recorded once", async () => {
  const supervisor = await staff("punjab.supervisor@aagahi.demo");
  const agent = await staff("punjab.agent@aagahi.demo");
  const { tipId, facts } = await punjabTip();
  const before = await snapshot(tipId);
  await withAuditRefused(() => assignCase(supervisor, tipId, facts, agent.id));
  expect(await snapshot(tipId)).toEqual(before);

  expect(await assignCase(supervisor, tipId, facts, agent.id)).toBe(true);
  expect((await snapshot(tipId)).tip.assignedToId).toBe(agent.id);
  expect(await auditRows(tipId, "tip_assigned")).toEqual([
    {
      agencyCode: "police-punjab",
      staffUserId: supervisor.id,
      actorEmail: supervisor.email,
      details: { assigned: true },
    },
  ]);
});

test("an assignment to someone who would not see the tip writes nothing", async () => {
  const supervisor = await staff("punjab.supervisor@aagahi.demo");
  const outsider = await staff("kp.agent@aagahi.demo");
  const { tipId, facts } = await punjabTip();
  const before = await snapshot(tipId);
  expect(await assignCase(supervisor, tipId, facts, outsider.id)).toBe(false);
  expect(await snapshot(tipId)).toEqual(before);
});

test("a triage-desk tip sent to an agency stays at the desk when its audit row is refused, and otherwise is recorded once", async () => {
  const coordinator = await staff("coordinator@aagahi.demo");
  const kpAgent = await staff("kp.agent@aagahi.demo");
  const { tipId, facts } = await triageTip();
  const before = await snapshot(tipId);
  await withAuditRefused(() =>
    sendFromTriageDesk(coordinator, tipId, facts, { toAgency: "police-kp", toPerson: kpAgent.id }),
  );
  expect(await snapshot(tipId)).toEqual(before);

  expect(
    await sendFromTriageDesk(coordinator, tipId, facts, { toAgency: "police-kp", toPerson: kpAgent.id }),
  ).toBeNull();
  const after = await snapshot(tipId);
  expect(after.tip).toMatchObject({ agencyCode: "police-kp", assignedToId: kpAgent.id, status: "new" });
  expect([after.events, after.notes]).toEqual([before.events + 1, before.notes + 1]);
  expect(await auditRows(tipId, "tip_assigned")).toEqual([
    {
      agencyCode: "police-kp",
      staffUserId: coordinator.id,
      actorEmail: coordinator.email,
      details: { from: "triage-desk", to: "police-kp", assigned: true },
    },
  ]);
  // A second send from the same (now stale) page is refused and recorded nowhere.
  const moved = await snapshot(tipId);
  expect(await sendFromTriageDesk(coordinator, tipId, facts, { toAgency: "police-sindh", toPerson: "" })).toBe(
    "alreadyMoved",
  );
  expect(await snapshot(tipId)).toEqual(moved);
});

test("a transfer is rolled back when its audit row is refused, and otherwise recorded once", async () => {
  const supervisor = await staff("punjab.supervisor@aagahi.demo");
  const { tipId, facts } = await punjabTip();
  await changeCaseStatus(supervisor, tipId, facts, "acknowledged", undefined);
  const before = await snapshot(tipId);
  await withAuditRefused(() => transferCase(supervisor, tipId, facts, "fia", "Crosses the border."));
  expect(await snapshot(tipId)).toEqual(before);

  expect(await transferCase(supervisor, tipId, facts, "fia", "Crosses the border.")).toEqual({
    from: "police-punjab",
    to: "fia",
  });
  const after = await snapshot(tipId);
  expect(after.tip).toMatchObject({ agencyCode: "fia", status: "new", acknowledgedAt: null, assignedToId: null });
  expect([after.events, after.notes]).toEqual([before.events + 1, before.notes + 1]);
  expect(await auditRows(tipId, "tip_transferred")).toEqual([
    {
      agencyCode: "police-punjab",
      staffUserId: supervisor.id,
      actorEmail: supervisor.email,
      details: { from: "police-punjab", to: "fia" },
    },
  ]);
  const moved = await snapshot(tipId);
  expect(await transferCase(supervisor, tipId, facts, "police-sindh", "Again, from a stale page.")).toBeNull();
  expect(await snapshot(tipId)).toEqual(moved);
});

test("a postponed deletion is rolled back when its audit row is refused, and otherwise recorded once", async () => {
  const coordinator = await staff("coordinator@aagahi.demo");
  const { tipId } = await punjabTip();
  await changeTipStatus(await getDb(), tipId, "closed", "duplicate");
  const facts = (await findCaseFacts(tipId))!;
  const before = await snapshot(tipId);
  await withAuditRefused(() =>
    postponeCaseDeletion(coordinator, tipId, facts, { days: 90, reason: "Court date set." }),
  );
  expect(await snapshot(tipId)).toEqual(before);

  const until = await postponeCaseDeletion(coordinator, tipId, facts, { days: 90, reason: "Court date set." });
  const after = await snapshot(tipId);
  expect(after.tip.retainUntil).toEqual(until);
  expect(after.notes).toBe(before.notes + 1);
  expect(await auditRows(tipId, "tip_deletion_postponed")).toEqual([
    {
      agencyCode: "police-punjab",
      staffUserId: coordinator.id,
      actorEmail: coordinator.email,
      details: { days: 90, until: until!.toISOString().slice(0, 10) },
    },
  ]);
});

test("postponing an open tip's deletion writes nothing", async () => {
  const coordinator = await staff("coordinator@aagahi.demo");
  const { tipId, facts } = await punjabTip();
  const before = await snapshot(tipId);
  expect(
    await postponeCaseDeletion(coordinator, tipId, facts, { days: 90, reason: "Nothing is scheduled." }),
  ).toBeNull();
  expect(await snapshot(tipId)).toEqual(before);
});

test("opening a case records one tip_viewed row; a refused row keeps the page from opening", async () => {
  const agent = await staff("punjab.agent@aagahi.demo");
  const { tipId, facts } = await punjabTip();
  await withAuditRefused(() => openCase(agent, tipId, facts));
  expect(await auditRows(tipId, "tip_viewed")).toEqual([]);
  const opened = await openCase(agent, tipId, facts);
  expect(opened.tip.id).toBe(tipId);
  expect(await auditRows(tipId, "tip_viewed")).toEqual([
    { agencyCode: "police-punjab", staffUserId: agent.id, actorEmail: agent.email, details: {} },
  ]);
});

test("an export records one queue_exported row with its row count, and none when the row is refused", async () => {
  const db = await getDb();
  const coordinator = await staff("coordinator@aagahi.demo");
  const exported = () =>
    db.auditEntry.findMany({
      where: { action: "queue_exported", staffUserId: coordinator.id },
      select: { details: true, tipId: true },
    });
  await withAuditRefused(() => exportQueue(coordinator, {}));
  expect(await exported()).toEqual([]);
  const { rows, withContact } = await exportQueue(coordinator, {});
  expect(rows.length).toBe(await db.tip.count());
  expect(await exported()).toEqual([
    { tipId: null, details: JSON.stringify({ rows: rows.length, contact: withContact }) },
  ]);
});

test("through the routes: the case page, a status change and an export write the same rows as before", async () => {
  const db = await getDb();
  const agent = await staff("punjab.agent@aagahi.demo");
  const cookie = (await startSession(agent.id, "full", new Request("http://aagahi.test"))).split(";")[0]!;
  const { tipId } = await punjabTip();
  const url = `http://aagahi.test/staff/tips/${tipId}`;
  const page = await caseLoader({
    request: new Request(url, { headers: { Cookie: cookie } }),
    params: { tipId },
    context: {},
  } as never);
  expect(page.permissions).toMatchObject({ status: true, message: true, note: true });
  expect(await auditRows(tipId, "tip_viewed")).toHaveLength(1);

  const post = (form: Record<string, string>) =>
    caseAction({
      request: new Request(url, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(form) }),
      params: { tipId },
      context: {},
    } as never);
  const done = (await post({ intent: "status", status: "closed", outcome: "duplicate" })) as Response;
  expect(done.status).toBe(302);
  expect(done.headers.get("Location")).toBe(`/staff/tips/${tipId}?done=status`);
  expect((await auditRows(tipId, "tip_status_changed")).map((row) => row.details)).toEqual([
    { from: "new", to: "closed", outcome: "duplicate" },
  ]);
  const refused = (await post({ intent: "status", status: "closed", outcome: "duplicate" })) as {
    data: { fieldErrors: Record<string, string> };
    init: { status: number };
  };
  expect(refused.init.status).toBe(400);
  expect(await auditRows(tipId, "tip_status_changed")).toHaveLength(1);

  const supervisor = await db.staffUser.findUniqueOrThrow({ where: { email: "punjab.supervisor@aagahi.demo" } });
  const supervisorCookie = (await startSession(supervisor.id, "full", new Request("http://aagahi.test"))).split(
    ";",
  )[0]!;
  const csv = (await exportLoader({
    request: new Request("http://aagahi.test/staff/export.csv", { headers: { Cookie: supervisorCookie } }),
    params: {},
    context: {},
  } as never)) as Response;
  expect(csv.status).toBe(200);
  const lines = (await csv.text()).trim().split("\r\n");
  const entry = await db.auditEntry.findFirstOrThrow({
    where: { action: "queue_exported", staffUserId: supervisor.id },
  });
  expect(JSON.parse(entry.details)).toEqual({ rows: lines.length - 1, contact: true });
});
