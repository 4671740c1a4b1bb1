// One tip's case page (app/routes/staff.tips.$tipId.tsx): what a staff member sees of it, and each change they
// make, written in one transaction with the audit row that records it (issue 12). A change that is refused (a
// stale form, a tip someone else moved first) writes nothing, so no audit row names a change that did not happen.
// Callers check the permission against findCaseFacts first (app/server/staff-session.server.ts).
import { can, tipScopeOf, triageDeskCode, type StaffPrincipal, type TipScopeFacts } from "~/domain/permissions";
import type { PostponementDays } from "~/domain/retention";
import { unitOnArrival } from "~/domain/routing";
import { getDb, type Database } from "~/server/db.server";
import { getRetentionPolicy } from "~/server/retention.server";
import { alertsEnabled } from "~/server/alerts.server";
import { enqueueAlertEvent } from "./alerts.server";
import { audit, changeWithAudit, recordAuditEvent, type AuditEntryInput } from "./audit.server";
import { getDirectory, type Directory } from "./directory.server";
import { listEvidence, readEvidence } from "./evidence.server";
import { getRetentionFacts, postponeDeletion } from "./retention.server";
import {
  addStaffNote,
  assignTip,
  changeTipStatus,
  getTipForStaff,
  getTipScopeFacts,
  listAssignableStaff,
  listAssignableStaffForEach,
  sendMessageToReporter,
  transferTip,
  type StatusChange,
} from "./staff-tips.server";
import { findLinkedTips } from "./tip-identifiers.server";

/** The staff member acting: the audit log names them by id and e-mail. */
export type CaseActor = StaffPrincipal & { email: string };
/** What the permission check read: where the tip is, and its status when the page was loaded. */
export type CaseFacts = TipScopeFacts & { status: string };

/** The tip's scope facts, for the permission check before anything else is read; null for no such tip. */
export async function findCaseFacts(tipId: string | undefined): Promise<CaseFacts | null> {
  return tipId ? getTipScopeFacts(await getDb(), tipId) : null;
}

/**
 * Everything the case page shows, and the `tip_viewed` row (a view changes nothing else, so it is its own
 * transaction). Contact details only with the permission to read them.
 */
export async function openCase(actor: CaseActor, tipId: string, facts: CaseFacts) {
  const db = await getDb();
  const tip = (await getTipForStaff(db, tipId, { withContact: can(actor, "tip:read-contact", facts) }))!;
  await recordAuditEvent({ actor, action: "tip_viewed", tipId, agencyCode: tip.agencyCode });
  const directory = await getDirectory();
  const retention = (await getRetentionFacts(db, tipId))!;
  const linked = await findLinkedTips(db, tipId, tipScopeOf(actor));
  const evidence = await listEvidence(db, tipId);
  const canAssign = can(actor, "tip:assign", facts);
  const triageDesk = tip.agencyCode === triageDeskCode;
  return {
    tip,
    retention,
    linked,
    evidence,
    directory,
    triageDesk,
    assignable: canAssign && !triageDesk ? await listAssignableStaff(db, facts) : [],
    triageChoices: canAssign && triageDesk ? await triageChoices(db, directory, tip) : [],
  };
}

/**
 * Everything a case file for prosecutors holds (app/routes/staff.tips.$tipId_.case-file.tsx), and the
 * `case_file_produced` row, written after the read as for `tip_viewed` (producing a file changes nothing else,
 * so the row is its own transaction). Contact details only with the permission to read them; linked tips only
 * those in the producer's own scope. The time returned is the one the audit row records.
 */
export async function produceCaseFile(actor: CaseActor, tipId: string, facts: CaseFacts) {
  const db = await getDb();
  const withContact = can(actor, "tip:read-contact", facts);
  const tip = (await getTipForStaff(db, tipId, { withContact }))!;
  const linked = await findLinkedTips(db, tipId, tipScopeOf(actor));
  // The cleaned files only (the originals were never kept); each page image the printed file shows is its own
  // audited request to the evidence route.
  const evidence = await listEvidence(db, tipId);
  const producedAt = new Date();
  await recordAuditEvent(
    {
      actor,
      action: "case_file_produced",
      tipId,
      agencyCode: tip.agencyCode,
      details: { contact: withContact, linked: linked.length, files: evidence.length },
    },
    producedAt,
  );
  return { tip, linked, evidence, withContact, producedAt, directory: await getDirectory() };
}

/** Where a coordinator can send a triage-desk tip: each agency's queue, and the people there who will see it. */
async function triageChoices(db: Database, directory: Directory, tip: { province: string; district: string | null }) {
  const agencies = directory.agencies.filter((agency) => agency.code !== triageDeskCode);
  const staff = await listAssignableStaffForEach(
    db,
    agencies.map((agency) => arrivalFacts(directory, agency.code, tip)),
  );
  return agencies.map((agency, index) => ({ agency, staff: staff[index]! }));
}

/** Where a tip lands in an agency: the unit its routing table gives for the tip's place. */
function arrivalFacts(
  directory: Directory,
  agencyCode: string,
  tip: { province: string; district: string | null },
): TipScopeFacts {
  return { agencyCode, unitCode: unitOnArrival(directory.routingTable, agencyCode, tip.province, tip.district) };
}

/**
 * A change that may be refused, and its audit row only when it happened, in one transaction. (changeWithAudit
 * always writes its row; these changes find out inside the transaction whether there is anything to record.)
 */
async function changeIfAllowed<T>(
  change: (tx: Database) => Promise<T>,
  entryFor: (result: T) => AuditEntryInput | null,
): Promise<T> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // The transaction client has every model of the outer one; Prisma types it apart only to forbid nesting.
    const result = await change(tx as unknown as Database);
    const entry = entryFor(result);
    if (entry) await audit(tx, entry);
    return result;
  });
}

export async function changeCaseStatus(
  actor: CaseActor,
  tipId: string,
  facts: CaseFacts,
  to: string,
  outcome: string | undefined,
): Promise<StatusChange> {
  return changeIfAllowed(
    (tx) => changeTipStatus(tx, tipId, to, outcome),
    (result) =>
      result.ok
        ? {
            actor,
            action: "tip_status_changed",
            tipId,
            agencyCode: facts.agencyCode,
            details: { from: facts.status, to: result.status, outcome: outcome ?? null },
          }
        : null,
  );
}

export async function messageReporter(actor: CaseActor, tipId: string, facts: CaseFacts, body: string): Promise<void> {
  await changeWithAudit(await getDb(), (tx) => sendMessageToReporter(tx, tipId, body), {
    actor,
    action: "tip_message_sent",
    tipId,
    agencyCode: facts.agencyCode,
  });
}

export async function addCaseNote(actor: CaseActor, tipId: string, facts: CaseFacts, body: string): Promise<void> {
  await changeWithAudit(await getDb(), (tx) => addStaffNote(tx, tipId, actor.id, body), {
    actor,
    action: "tip_note_added",
    tipId,
    agencyCode: facts.agencyCode,
  });
}

/** Gives the tip to someone in its agency who would see it, or to nobody (""). False when that person may not have it. */
export async function assignCase(
  actor: CaseActor,
  tipId: string,
  facts: CaseFacts,
  assignee: string,
): Promise<boolean> {
  const db = await getDb();
  if (assignee && !(await listAssignableStaff(db, facts)).some((member) => member.id === assignee)) return false;
  await changeWithAudit(
    db,
    async (tx) => {
      await assignTip(tx, tipId, assignee || null);
      await alertAssignee(tx, actor, tipId, assignee || null);
    },
    {
      actor,
      action: "tip_assigned",
      tipId,
      agencyCode: facts.agencyCode,
      details: { assigned: Boolean(assignee) },
    },
  );
  return true;
}

/** The assignee's alert (if they chose it: decided when it is sent), in the assignment's transaction; none for oneself. */
async function alertAssignee(tx: Database, actor: CaseActor, tipId: string, assignee: string | null) {
  if (!assignee || assignee === actor.id || !alertsEnabled()) return;
  const tip = await tx.tip.findUniqueOrThrow({
    where: { id: tipId },
    select: { reference: true, agencyCode: true, unitCode: true },
  });
  await enqueueAlertEvent(
    tx,
    {
      kind: "assigned",
      tipId,
      caseReference: tip.reference,
      agencyCode: tip.agencyCode,
      unitCode: tip.unitCode,
      staffUserId: assignee,
    },
    new Date(),
  );
}

/** A tip saying someone is in danger now, moved to another agency: that agency's duty address hears of it too. */
async function alertUrgentArrival(tx: Database, tipId: string) {
  if (!alertsEnabled()) return;
  const tip = await tx.tip.findUniqueOrThrow({
    where: { id: tipId },
    select: { immediateDanger: true, reference: true, agencyCode: true, unitCode: true },
  });
  if (tip.immediateDanger)
    await enqueueAlertEvent(
      tx,
      { kind: "urgent_tip", tipId, caseReference: tip.reference, agencyCode: tip.agencyCode, unitCode: tip.unitCode },
      new Date(),
    );
}

/**
 * Sends a triage-desk tip to the agency that should handle it, or straight to a person there (`toPerson`) who
 * will see it in their queue. The caller has checked that `toAgency` is an agency other than the triage desk.
 * Audited under the agency it went to. Null when done, else the problem.
 */
export async function sendFromTriageDesk(
  actor: CaseActor,
  tipId: string,
  facts: CaseFacts,
  target: { toAgency: string; toPerson: string },
): Promise<"assigneeInvalid" | "alreadyMoved" | null> {
  const { toAgency, toPerson } = target;
  const directory = await getDirectory();
  const db = await getDb();
  const place = await db.tip.findUniqueOrThrow({ where: { id: tipId }, select: { province: true, district: true } });
  const arrival = arrivalFacts(directory, toAgency, place);
  if (toPerson && !(await listAssignableStaff(db, arrival)).some((member) => member.id === toPerson))
    return "assigneeInvalid";
  const moved = await changeIfAllowed(
    async (tx) => {
      const result = await transferTip(tx, tipId, {
        from: facts.agencyCode,
        toAgency,
        reason: "triage",
        staffUserId: actor.id,
        assignee: toPerson || null,
        unitCode: arrival.unitCode,
      });
      if (result) {
        await alertUrgentArrival(tx, tipId);
        await alertAssignee(tx, actor, tipId, toPerson || null);
      }
      return result;
    },
    (result) =>
      result
        ? {
            actor,
            action: "tip_assigned",
            tipId,
            agencyCode: toAgency,
            details: { from: facts.agencyCode, to: toAgency, assigned: Boolean(toPerson) },
          }
        : null,
  );
  return moved ? null : "alreadyMoved";
}

/** Moves the tip to another agency with the reason as an internal note; null when someone moved it first. */
export async function transferCase(
  actor: CaseActor,
  tipId: string,
  facts: CaseFacts,
  toAgency: string,
  reason: string,
) {
  // Read before the transaction: a first load inside it would use the outer client (see transferTip).
  const { routingTable } = await getDirectory();
  return changeIfAllowed(
    async (tx) => {
      const moved = await transferTip(tx, tipId, {
        from: facts.agencyCode,
        toAgency,
        reason,
        staffUserId: actor.id,
        routingTable,
      });
      if (moved) await alertUrgentArrival(tx, tipId);
      return moved;
    },
    (moved) =>
      moved ? { actor, action: "tip_transferred", tipId, agencyCode: facts.agencyCode, details: moved } : null,
  );
}

/** Postpones the tip's scheduled deletion; the date it is now kept until, or null when nothing is scheduled. */
export async function postponeCaseDeletion(
  actor: CaseActor,
  tipId: string,
  facts: CaseFacts,
  change: { days: PostponementDays; reason: string },
  now = new Date(),
) {
  const { days, reason } = change;
  return changeIfAllowed(
    (tx) => postponeDeletion(tx, tipId, { days, reason, staffUserId: actor.id, now, policy: getRetentionPolicy() }),
    (until) =>
      until
        ? {
            actor,
            action: "tip_deletion_postponed",
            tipId,
            agencyCode: facts.agencyCode,
            details: { days, until: until.toISOString().slice(0, 10) },
          }
        : null,
  );
}

/**
 * One evidence file of the tip (or one page image of a PDF), decrypted for a staff member who may read the tip,
 * with its `tip_evidence_viewed` row written first: no file leaves without its audit row (a read changes nothing
 * else, so the row is its own transaction, as tip_viewed). Null when the tip has no such file or page.
 */
export async function openEvidence(actor: CaseActor, tipId: string, facts: CaseFacts, position: number, page?: number) {
  const db = await getDb();
  const tip = await db.tip.findUnique({ where: { id: tipId }, select: { reference: true } });
  const exists =
    tip && (await db.evidencePage.count({ where: { tipId, position, ...(page === undefined ? {} : { page }) } })) > 0;
  if (!tip || !exists) return null;
  await recordAuditEvent({
    actor,
    action: "tip_evidence_viewed",
    tipId,
    agencyCode: facts.agencyCode,
    details: { file: position, page: page ?? null },
  });
  const file = await readEvidence(tipId, position, page);
  return file ? { reference: tip.reference, file } : null;
}
