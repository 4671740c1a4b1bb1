// Alerts by e-mail (docs/decisions/028-staff-alerts.md): the outbox. A change that should alert someone writes an
// event row in its own transaction (enqueueAlertEvent); the sender, one process at a time under a lease, turns
// each event into one delivery row per recipient, sends the due deliveries, and marks each sent in one
// transaction with its audit row. A failed send waits longer each time (app/domain/alerts.ts). Nothing here
// ever reads tip content.
import crypto from "node:crypto";
import {
  composeAlert,
  dueEscalations,
  isAlertKind,
  maxAttempts,
  preferenceFor,
  retryDelayMs,
  type AlertKind,
  type AlertLanguage,
  type AlertPreferences,
} from "~/domain/alerts";
import { isStaffRole, isTipInScope, tipScopeOf, type TipScopeFacts } from "~/domain/permissions";
import { defaultSla, type Priority, type SlaConfig } from "~/domain/priority";
import type { TipStatus } from "~/domain/tip-status";
import { getFixedT } from "~/i18n/i18n.server";
import { getDb, type Database } from "~/server/db.server";
import { audit, type AuditEntryInput } from "./audit.server";
import { acquireJobLease, releaseJobLease, renewJobLease } from "./retention.server";
import { overdueWhere } from "./staff-tips.server";

export interface AlertEvent {
  kind: AlertKind;
  tipId: string;
  caseReference: string;
  agencyCode: string;
  unitCode: string | null;
  /** The staff member the event is about (the assignee), if any. */
  staffUserId?: string | null;
}

/** A new outbox row about the event's tip: an event row, or (with an address) one delivery of it. */
function outboxRow(
  event: { kind: string; tipId: string; caseReference: string; agencyCode: string; unitCode: string | null },
  row: {
    staffUserId: string | null;
    toAddress?: string;
    language?: string;
    nextAttemptAt: Date;
    createdAt: Date;
  },
) {
  return {
    id: crypto.randomUUID(),
    kind: event.kind,
    tipId: event.tipId,
    caseReference: event.caseReference,
    agencyCode: event.agencyCode,
    unitCode: event.unitCode,
    ...row,
  };
}

/**
 * Writes an event row with the caller's transaction client, so the alert exists exactly when the change does.
 * `notBefore` holds an alert back (a reporter's message waits out its coarse time step, docs/decisions/016).
 */
export async function enqueueAlertEvent(
  tx: Pick<Database, "alertOutbox">,
  event: AlertEvent,
  at: Date,
  notBefore: Date = at,
) {
  await tx.alertOutbox.create({
    data: outboxRow(event, { staffUserId: event.staffUserId ?? null, nextAttemptAt: notBefore, createdAt: at }),
  });
}

// ---- Addressing: who an event alerts ----

interface Recipient {
  toAddress: string;
  language: AlertLanguage;
  staffUserId: string | null;
}

const alertStaffSelect = {
  id: true,
  email: true,
  role: true,
  agencyCode: true,
  unitCode: true,
  alertLanguage: true,
} as const;
type AlertStaff = {
  id: string;
  email: string;
  role: string;
  agencyCode: string | null;
  unitCode: string | null;
  alertLanguage: string;
};

const staffRecipient = (member: AlertStaff): Recipient => ({
  toAddress: member.email,
  language: member.alertLanguage === "en" ? "en" : "ur",
  staffUserId: member.id,
});

/** Only staff who would see the tip in their own queue are ever alerted about it. */
const seesTip = (member: AlertStaff, tip: TipScopeFacts) =>
  isStaffRole(member.role) && isTipInScope(tipScopeOf({ ...member, role: member.role }), tip);

async function recipientsFor(
  db: Database,
  event: { kind: string; tipId: string; agencyCode: string; unitCode: string | null; staffUserId: string | null },
): Promise<Recipient[]> {
  const kind = event.kind;
  if (!isAlertKind(kind)) return [];
  const where = { agencyCode: event.agencyCode, unitCode: event.unitCode };
  const active = { disabledAt: null };
  switch (kind) {
    case "urgent_tip": {
      const [unit, agency, optedIn] = await Promise.all([
        event.unitCode
          ? db.agencyUnit.findUnique({ where: { code: event.unitCode }, select: { alertEmail: true } })
          : null,
        db.agency.findUnique({ where: { code: event.agencyCode }, select: { alertEmail: true } }),
        db.staffUser.findMany({
          where: { ...active, alertUrgent: true, OR: [{ agencyCode: event.agencyCode }, { role: "coordinator" }] },
          select: alertStaffSelect,
        }),
      ]);
      const duty = unit?.alertEmail ?? agency?.alertEmail;
      return [
        ...(duty ? [{ toAddress: duty, language: "both" as const, staffUserId: null }] : []),
        ...optedIn.filter((member) => seesTip(member, where)).map(staffRecipient),
      ];
    }
    case "assigned":
    case "reporter_message": {
      // Whoever holds the tip now, if they asked for this kind of alert and still see it.
      const tip = await db.tip.findUnique({
        where: { id: event.tipId },
        select: { agencyCode: true, unitCode: true, assignedToId: true },
      });
      if (!tip?.assignedToId || (kind === "assigned" && tip.assignedToId !== event.staffUserId)) return [];
      const member = await db.staffUser.findFirst({
        where: { id: tip.assignedToId, ...active, [preferenceFor(kind)!]: true },
        select: alertStaffSelect,
      });
      return member && seesTip(member, tip) ? [staffRecipient(member)] : [];
    }
    case "overdue_supervisor": {
      const supervisors = await db.staffUser.findMany({
        where: { ...active, role: "supervisor", agencyCode: event.agencyCode },
        select: alertStaffSelect,
      });
      return supervisors.filter((member) => seesTip(member, where)).map(staffRecipient);
    }
    case "overdue_coordinator": {
      const coordinators = await db.staffUser.findMany({
        where: { ...active, role: "coordinator" },
        select: alertStaffSelect,
      });
      return coordinators.map(staffRecipient);
    }
  }
}

/** Turns waiting event rows into delivery rows, one transaction per event. Answers how many deliveries it made. */
export async function addressAlertEvents(db: Database, now: Date, batch = 100): Promise<number> {
  const events = await db.alertOutbox.findMany({
    where: { toAddress: null, sentAt: null, nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: batch,
  });
  let made = 0;
  for (const event of events) {
    const recipients = await recipientsFor(db, event);
    // One address gets one alert, even when a duty address is also someone's own.
    const unique = [...new Map(recipients.map((recipient) => [recipient.toAddress.toLowerCase(), recipient])).values()];
    await db.$transaction(async (tx) => {
      const claimed = await tx.alertOutbox.updateMany({ where: { id: event.id, sentAt: null }, data: { sentAt: now } });
      if (claimed.count !== 1) return;
      for (const recipient of unique) {
        await tx.alertOutbox.create({
          data: outboxRow(event, { ...recipient, nextAttemptAt: now, createdAt: now }),
        });
      }
      made += unique.length;
    });
  }
  return made;
}

// ---- Escalations: computed from the SLA at read time, so a periodic scan records each one once ----

const openStatuses: TipStatus[] = ["new", "acknowledged", "under_investigation", "referred"];

/**
 * Enqueues one alert per tip, SLA stage and level (supervisor, then coordinator) as each becomes due; the
 * TipEscalationAlert row, written in the same transaction, keeps it from being enqueued again. Only tips young
 * enough to still escalate are read.
 */
export async function enqueueDueEscalations(
  db: Database,
  now: Date,
  sla: SlaConfig = defaultSla,
  pageSize = 500,
): Promise<number> {
  const longestDays = Math.max(...Object.values(sla.actWithinDays)) * (1 + sla.coordinatorEscalationFactor) + 1;
  const since = new Date(now.getTime() - longestDays * 24 * 3_600_000);
  let enqueued = 0;
  let cursor: string | undefined;
  for (;;) {
    const tips = await db.tip.findMany({
      where: { AND: [overdueWhere(now, sla), { createdAt: { gte: since }, status: { in: openStatuses } }] },
      select: {
        id: true,
        reference: true,
        agencyCode: true,
        unitCode: true,
        status: true,
        priority: true,
        createdAt: true,
        acknowledgedAt: true,
      },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (tips.length === 0) break;
    cursor = tips[tips.length - 1]!.id;
    const done = await db.tipEscalationAlert.findMany({
      where: { tipId: { in: tips.map((tip) => tip.id) } },
      select: { tipId: true, stage: true, level: true },
    });
    const recorded = new Set(done.map((row) => `${row.tipId}/${row.stage}/${row.level}`));
    for (const tip of tips) {
      const due = dueEscalations(
        { ...tip, status: tip.status as TipStatus, priority: tip.priority as Priority },
        now,
        sla,
      );
      if (!due) continue;
      for (const level of due.levels.filter((level) => !recorded.has(`${tip.id}/${due.stage}/${level}`))) {
        await db.$transaction(async (tx) => {
          await tx.tipEscalationAlert.create({ data: { tipId: tip.id, stage: due.stage, level, at: now } });
          await enqueueAlertEvent(
            tx,
            {
              kind: level === "coordinator" ? "overdue_coordinator" : "overdue_supervisor",
              tipId: tip.id,
              caseReference: tip.reference,
              agencyCode: tip.agencyCode,
              unitCode: tip.unitCode,
            },
            now,
          );
        });
        enqueued += 1;
      }
    }
    if (tips.length < pageSize) break;
  }
  return enqueued;
}

// ---- Sending ----

export interface OutgoingAlert {
  to: string;
  subject: string;
  text: string;
}

export interface AlertRunOptions {
  now: Date;
  /** Hands one message to the mail server; throws when it is not accepted. */
  deliver: (alert: OutgoingAlert) => Promise<void>;
  /** The case page's absolute address. */
  caseLink: (tipId: string) => string;
  sla?: SlaConfig;
  /** Scan for newly due escalations in this run (the schedule does it about once a minute). */
  scanEscalations?: boolean;
  batch?: number;
}

export interface AlertRunReport {
  /** False when another process held the lease: it is sending, this one did nothing. */
  ran: boolean;
  escalations: number;
  addressed: number;
  sent: number;
  failed: number;
}

export const alertLeaseName = "alerts";
const sentKeptMs = 7 * 24 * 3_600_000;
/** Longer than one send can take (nodemailer's timeouts, app/server/alerts.server.ts); renewed after each. */
const alertLeaseMs = 2 * 60 * 1000;

/** A failure's code or the server's reply code, never a message that might quote anything back. */
function errorSummary(error: unknown): string {
  if (error && typeof error === "object") {
    const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
    return (
      [typeof code === "string" ? code : null, typeof responseCode === "number" ? String(responseCode) : null]
        .filter(Boolean)
        .join(" ") || "error"
    );
  }
  return "error";
}

/**
 * One turn of the sender: take the lease (or leave it to the process that has it), address new events, scan
 * for escalations, send what is due. Answers quickly when there is nothing to do.
 */
export async function runAlerts(options: AlertRunOptions, database?: Database): Promise<AlertRunReport> {
  const { now, deliver, caseLink, sla = defaultSla, scanEscalations = false, batch = 20 } = options;
  const db = database ?? (await getDb());
  const report: AlertRunReport = { ran: false, escalations: 0, addressed: 0, sent: 0, failed: 0 };
  const due = { sentAt: null, nextAttemptAt: { lte: now }, attempts: { lt: maxAttempts } };
  // Most turns find nothing: one indexed read, and no write, before taking the lease.
  if (!scanEscalations && !(await db.alertOutbox.findFirst({ where: due, select: { id: true } }))) return report;
  const holder = crypto.randomUUID();
  if (!(await acquireJobLease(db, alertLeaseName, holder, now, alertLeaseMs))) return report;
  report.ran = true;
  try {
    if (scanEscalations) {
      report.escalations = await enqueueDueEscalations(db, now, sla);
      // Sent alerts are in the audit log; the outbox keeps them a week for whoever looks into a delivery, and
      // keeps a delivery it gave up on (maxAttempts failures) a week past its last attempt, then forgets it too.
      const keptSince = new Date(now.getTime() - sentKeptMs);
      await db.alertOutbox.deleteMany({
        where: {
          OR: [
            { sentAt: { lt: keptSince } },
            { sentAt: null, attempts: { gte: maxAttempts }, nextAttemptAt: { lt: keptSince } },
          ],
        },
      });
    }
    report.addressed = await addressAlertEvents(db, now);
    const deliveries = await db.alertOutbox.findMany({
      where: { ...due, toAddress: { not: null } },
      orderBy: { nextAttemptAt: "asc" },
      take: batch,
    });
    const agencyNames = new Map<string, { ur: string; en: string }>();
    const translate = { ur: getFixedT("ur", "staff"), en: getFixedT("en", "staff") } as const;
    for (const delivery of deliveries) {
      if (!agencyNames.has(delivery.agencyCode)) {
        const agency = await db.agency.findUnique({
          where: { code: delivery.agencyCode },
          select: { nameUr: true, nameEn: true },
        });
        agencyNames.set(delivery.agencyCode, {
          ur: agency?.nameUr ?? delivery.agencyCode,
          en: agency?.nameEn ?? delivery.agencyCode,
        });
      }
      const language: AlertLanguage =
        delivery.language === "ur" || delivery.language === "en" ? delivery.language : "both";
      const message = composeAlert(
        {
          kind: delivery.kind as AlertKind,
          reference: delivery.caseReference,
          agencyName: agencyNames.get(delivery.agencyCode)!,
          link: caseLink(delivery.tipId),
        },
        language,
        translate,
      );
      try {
        await deliver({ to: delivery.toAddress!, ...message });
      } catch (error) {
        const attempts = delivery.attempts + 1;
        await db.alertOutbox.update({
          where: { id: delivery.id },
          data: {
            attempts,
            nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
            lastError: errorSummary(error),
          },
        });
        report.failed += 1;
        // No answer from the mail server at all: the rest would wait for the same timeout. The next turn tries again.
        if (!(error && typeof error === "object" && "responseCode" in error)) break;
        continue;
      }
      const sentEntry: AuditEntryInput = {
        actor: null,
        action: "alert_sent",
        tipId: delivery.tipId,
        agencyCode: delivery.agencyCode,
        details: {
          kind: delivery.kind,
          to: delivery.staffUserId ? "staff" : "duty",
          staffUserId: delivery.staffUserId,
          attempts: delivery.attempts + 1,
        },
      };
      await db.$transaction(async (tx) => {
        await tx.alertOutbox.update({
          where: { id: delivery.id },
          data: { sentAt: now, attempts: delivery.attempts + 1, lastError: null },
        });
        await audit(tx, sentEntry, now);
      });
      report.sent += 1;
      // From the clock, not the turn's start: a turn slowed by the mail server must not let its lease lapse.
      if (
        !(await renewJobLease(db, alertLeaseName, holder, new Date(Math.max(now.getTime(), Date.now())), alertLeaseMs))
      )
        break;
    }
  } finally {
    await releaseJobLease(db, alertLeaseName, holder);
  }
  return report;
}

// ---- Preferences and duty addresses ----

export async function getAlertPreferences(userId: string): Promise<AlertPreferences> {
  const member = await (
    await getDb()
  ).staffUser.findUniqueOrThrow({
    where: { id: userId },
    select: { alertUrgent: true, alertAssigned: true, alertMessages: true, alertLanguage: true },
  });
  return { ...member, alertLanguage: member.alertLanguage === "en" ? "en" : "ur" };
}

/** Saves a staff member's own alert choices with their audit row. */
export async function setAlertPreferences(
  actor: { id: string; email: string },
  preferences: AlertPreferences,
): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: actor.id }, data: preferences });
    await audit(tx, { actor, action: "alert_preferences_changed", details: { ...preferences } });
  });
}
