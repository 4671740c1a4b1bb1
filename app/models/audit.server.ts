// The audit log: every read of a case and every change, by whom and when. Details hold codes only
// (statuses, agency codes, counts): never tip text and never anything about the reporter.
import { type Database, getDb } from "~/server/db.server";

export type AuditAction =
  | "sign_in"
  | "sign_in_failed"
  | "sign_out"
  | "totp_enabled"
  | "password_changed"
  | "password_change_failed"
  | "tip_viewed"
  | "tip_evidence_viewed"
  | "tip_status_changed"
  | "tip_message_sent"
  | "tip_sms_fetched"
  | "tip_note_added"
  | "tip_assigned"
  | "tip_transferred"
  | "queue_exported"
  | "queue_searched"
  | "case_file_produced"
  | "statistics_exported"
  | "staff_created"
  | "staff_disabled"
  | "staff_removed"
  | "agency_renamed"
  | "unit_added"
  | "unit_renamed"
  | "fia_route_set"
  | "fia_route_removed"
  | "helpline_saved"
  | "helpline_removed"
  | "staff_password_set"
  | "tip_deletion_postponed"
  | "retention_run"
  | "alert_sent"
  | "alert_email_set"
  | "alert_preferences_changed";

/** Anything that can write an audit row: the client, or the transaction client inside $transaction. */
export type AuditWriter = Pick<Database, "auditEntry">;

export async function audit(
  db: AuditWriter,
  entry: {
    actor: { id: string; email: string } | null;
    action: AuditAction;
    tipId?: string;
    agencyCode?: string | null;
    details?: Record<string, string | number | boolean | null>;
  },
  now = new Date(),
) {
  await db.auditEntry.create({
    data: {
      at: now,
      staffUserId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      tipId: entry.tipId ?? null,
      agencyCode: entry.agencyCode ?? null,
      details: JSON.stringify(entry.details ?? {}),
    },
  });
}

export async function listAuditEntries(db: Database, options: { tipId?: string; page: number; pageSize: number }) {
  const where = options.tipId ? { tipId: options.tipId } : {};
  const [entries, total] = await Promise.all([
    db.auditEntry.findMany({
      where,
      orderBy: { at: "desc" },
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
      select: { id: true, at: true, actorEmail: true, action: true, tipId: true, agencyCode: true, details: true },
    }),
    db.auditEntry.count({ where }),
  ]);
  return { entries, total };
}

export type AuditEntryInput = Parameters<typeof audit>[1];

/** Records one event that changes nothing else (sign-out, a failed attempt): its own statement is its transaction. */
export async function recordAuditEvent(entry: AuditEntryInput, now = new Date()) {
  await audit(await getDb(), entry, now);
}

/** One page of the audit log with the reference of each tip it names (tip ids mean nothing to a reader). */
export async function listAuditPage(options: { tipId?: string; page: number; pageSize: number }) {
  const db = await getDb();
  const { entries, total } = await listAuditEntries(db, options);
  const tips = await db.tip.findMany({
    where: { id: { in: entries.flatMap((entry) => (entry.tipId ? [entry.tipId] : [])) } },
    select: { id: true, reference: true },
  });
  return { entries, total, references: new Map(tips.map((tip) => [tip.id, tip.reference])) };
}

/**
 * A change and the audit row that records it, in one transaction (issue 12): if either fails, neither is kept,
 * so the log never names a change that did not happen and no change goes unrecorded.
 */
export async function changeWithAudit<T>(
  db: Database,
  change: (tx: Database) => Promise<T>,
  entry: AuditEntryInput | ((result: T) => AuditEntryInput),
  now = new Date(),
): Promise<T> {
  return db.$transaction(async (tx) => {
    // The transaction client has every model of the outer one; Prisma types it apart only to forbid nesting.
    const result = await change(tx as unknown as Database);
    await audit(tx, typeof entry === "function" ? entry(result) : entry, now);
    return result;
  });
}
