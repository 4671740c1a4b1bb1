// Tips as agency staff see and work them. Every function takes the staff member's scope; callers have
// already checked the permission (app/server/staff-session.server.ts).
import crypto from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";
import { jurisdictionOfAgency, unitOnArrival, type RoutingTable } from "~/domain/routing";
import { getDirectory } from "./directory.server";
import {
  agencyRoles,
  can,
  isStaffRole,
  isTipInScope,
  tipScopeOf,
  type StaffPrincipal,
  type TipScope,
  type TipScopeFacts,
} from "~/domain/permissions";
import { defaultSla, priorities, slaState, type Priority, type SlaConfig } from "~/domain/priority";
import { defaultRetentionPolicy, isDeletionDueSoon, type RetentionPolicy } from "~/domain/retention";
import { transitionTip, type CloseOutcome, type TipStatus } from "~/domain/tip-status";
import { aad } from "~/server/aad.server";
import { decryptText, encryptText } from "~/server/crypto.server";
import { getDb, type Database } from "~/server/db.server";
import { getRetentionPolicy } from "~/server/retention.server";
import { getSlaConfig } from "~/server/sla.server";
import { recordAuditEvent } from "./audit.server";
import { deletionDueSoonWhere } from "./retention.server";
import { queueSmsToReporter } from "./sms-outbox.server";
import { identifierSearchCap, scopeWhere, tipIdsMentioning } from "./tip-identifiers.server";
import type { QueueFilters } from "~/domain/queue-filters";
import { addTipMessage, nextEventSeq, readTipContent, writtenOrder } from "./tip.server";

export const queuePageSize = 25;
/** Beyond this many tips the queue says "more than 10,000" instead of counting them all (docs/decisions/023). */
export const queueCountCap = 10_000;
const exportMaxRows = 20_000;
const actStatuses = ["acknowledged", "under_investigation", "referred"];

/** The SLA state of a tip row as read from the database (its status and priority are stored as text). */
function slaOfRow(
  tip: { status: string; priority: string; createdAt: Date; acknowledgedAt: Date | null },
  now: Date,
  sla: SlaConfig,
) {
  return slaState(
    {
      status: tip.status as TipStatus,
      priority: tip.priority as Priority,
      createdAt: tip.createdAt,
      acknowledgedAt: tip.acknowledgedAt,
    },
    now,
    sla,
  );
}

/** Tips past their SLA deadline, as a database condition (same rules as slaState in app/domain/priority.ts). */
export function overdueWhere(now: Date, sla: SlaConfig = defaultSla): Prisma.TipWhereInput {
  const hours = (h: number) => new Date(now.getTime() - h * 3_600_000);
  return {
    OR: priorities.flatMap((priority) => [
      { priority, status: "new", createdAt: { lt: hours(sla.acknowledgeWithinHours[priority]) } },
      { priority, status: { in: actStatuses }, createdAt: { lt: hours(sla.actWithinDays[priority] * 24) } },
    ]),
  };
}

export function queueWhere(
  scope: TipScope,
  filters: QueueFilters,
  userId: string,
  now: Date,
  sla: SlaConfig = defaultSla,
  retention: RetentionPolicy = defaultRetentionPolicy,
): Prisma.TipWhereInput {
  const conditions: Prisma.TipWhereInput[] = [scopeWhere(scope)];
  // An identifier search is answered by tipsMentioning, never here; nor does an unrecognised search match anything.
  if (filters.identifier || filters.searchKind === "unrecognised") conditions.push({ id: { in: [] } });
  if (filters.status) conditions.push({ status: filters.status });
  if (filters.category) conditions.push({ category: filters.category });
  if (filters.province) conditions.push({ province: filters.province });
  if (filters.priority) conditions.push({ priority: filters.priority });
  if (filters.mine) conditions.push({ assignedToId: userId });
  if (filters.search) conditions.push(referenceSearch(filters.search));
  if (filters.overdue) conditions.push(overdueWhere(now, sla));
  if (filters.deletionDue) conditions.push(deletionDueSoonWhere(now, retention));
  return { AND: conditions };
}

/**
 * A reference typed from its start ("AG-2026-0001") becomes a range on the unique index; anything else
 * (say the last digits) falls back to a substring match.
 */
function referenceSearch(text: string): Prisma.TipWhereInput {
  const prefix = text.trim().toUpperCase();
  if (/^AG-/.test(prefix)) {
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return { reference: { gte: prefix, lt: upper } };
  }
  return { reference: { contains: prefix } };
}

/**
 * Tips received in the same step share one coarse time (docs/decisions/016); the reference, numbered as tips
 * arrive, puts them in their real order.
 */
export function queueOrder(sort: QueueFilters["sort"]): Prisma.TipOrderByWithRelationInput[] {
  if (sort === "oldest") return [{ createdAt: "asc" }, { reference: "asc" }];
  if (sort === "priority") return [{ priorityRank: "asc" }, { createdAt: "asc" }, { reference: "asc" }];
  return [{ createdAt: "desc" }, { reference: "desc" }];
}

/**
 * The order the capped count walks in. Prisma's count with `take` orders by id when given none, which walks
 * every tip. In queue order the count walks the scope's index (prisma/schema.prisma), which carries the filters'
 * columns, and stops after queueCountCap + 1 matches; "assigned to me" and a reference search have narrower
 * indexes of their own (an order on a column the filter fixes costs nothing).
 */
function countOrder(filters: QueueFilters): Prisma.TipOrderByWithRelationInput {
  if (filters.mine) return { assignedToId: "asc" };
  if (filters.search) return { reference: "asc" };
  return { createdAt: "desc" };
}

export async function listQueue(
  db: Database,
  scope: TipScope,
  filters: QueueFilters,
  userId: string,
  now = new Date(),
  sla: SlaConfig = defaultSla,
  retention: RetentionPolicy = defaultRetentionPolicy,
  countCap = queueCountCap,
) {
  const page = Math.max(1, filters.page ?? 1);
  if (filters.identifier)
    return identifierQueuePage(
      db,
      scope,
      { ...filters, identifier: filters.identifier },
      userId,
      now,
      sla,
      retention,
      page,
    );
  const where = queueWhere(scope, filters, userId, now, sla, retention);
  const orderBy = queueOrder(filters.sort);
  const [pageReferences, counted] = await Promise.all([
    // The page's references first: the columns of the scope's index only, so the walk past tips that do not
    // match (the newest ones, for "overdue only") and past the offset never reads a row on either engine
    // (docs/decisions/023). One more than a page: whether there is a next page when the count stopped at the cap.
    db.tip.findMany({
      where,
      orderBy,
      skip: (page - 1) * queuePageSize,
      take: queuePageSize + 1,
      select: { reference: true },
    }),
    // An exact count reads every matching tip: a million for a coordinator.
    db.tip.count({ where, orderBy: countOrder(filters), take: countCap + 1 }),
  ]);
  const references = pageReferences.slice(0, queuePageSize).map((tip) => tip.reference);
  // The same conditions again: a tip moved out of this scope in between is left out, never shown.
  const rows = references.length
    ? await db.tip.findMany({
        where: { AND: [where, { reference: { in: references } }] },
        orderBy,
        select: queueRowColumns,
      })
    : [];
  const moreThanCap = counted > countCap;
  const total = Math.min(counted, countCap);
  return queuePage(
    { total, moreThanCap, page, hasNextPage: pageReferences.length > queuePageSize, rows },
    now,
    sla,
    retention,
  );
}

/** What identifies a tip in a list of tips: the queue's rows and the export's share it. */
const tipListColumns = {
  id: true,
  reference: true,
  createdAt: true,
  category: true,
  province: true,
  district: true,
  status: true,
  priority: true,
  agencyCode: true,
  unitCode: true,
} as const satisfies Prisma.TipSelect;

const queueRowColumns = {
  ...tipListColumns,
  acknowledgedAt: true,
  closeOutcome: true,
  closedAt: true,
  retainUntil: true,
  assignedTo: { select: { name: true } },
} as const satisfies Prisma.TipSelect;

function queuePage(
  found: {
    total: number;
    moreThanCap: boolean;
    page: number;
    hasNextPage: boolean;
    rows: Prisma.TipGetPayload<{ select: typeof queueRowColumns }>[];
  },
  now: Date,
  sla: SlaConfig,
  retention: RetentionPolicy,
) {
  const { total, moreThanCap, page, hasNextPage, rows } = found;
  return {
    /** Exact unless moreThanCap: then there are more than this many. */
    total,
    moreThanCap,
    page,
    /** Null when the count stopped at the cap. */
    pages: moreThanCap ? null : Math.max(1, Math.ceil(total / queuePageSize)),
    hasNextPage,
    tips: rows.map(({ closeOutcome, closedAt, retainUntil, ...tip }) => ({
      ...tip,
      deletionDueSoon: isDeletionDueSoon({ status: tip.status, closeOutcome, closedAt, retainUntil }, now, retention),
      assignedTo: tip.assignedTo?.name ?? null,
      sla: slaOfRow(tip, now, sla),
    })),
  };
}

/** The queue page for an identifier search: its tips are few (identifierSearchCap), read by id. */
async function identifierQueuePage(
  db: Database,
  scope: TipScope,
  filters: QueueFilters & { identifier: NonNullable<QueueFilters["identifier"]> },
  userId: string,
  now: Date,
  sla: SlaConfig,
  retention: RetentionPolicy,
  page: number,
) {
  const { tips, moreThanCap } = await tipsMentioning(db, scope, filters, userId, now, sla, retention, queueRowColumns);
  const start = (page - 1) * queuePageSize;
  const rows = tips.slice(start, start + queuePageSize).map(({ assignedToId, priorityRank, ...row }) => row);
  return queuePage(
    { total: tips.length, moreThanCap, page, hasNextPage: tips.length > start + queuePageSize, rows },
    now,
    sla,
    retention,
  );
}

// An identifier search reads its few tips by id alone and applies the scope and the queue's filters here, with
// the domain's own rules (isTipInScope, slaState, isDeletionDueSoon: the ones queueWhere's conditions mirror).
// In SQL, "agencyCode = ? AND id IN (…)" lets SQLite's planner walk the whole agency's index instead of looking
// the ids up, and for a rare identifier that is the whole scope (docs/decisions/029).

const identifierChunk = 500;

/** Tips by id, a chunk at a time: each statement's only condition is the primary key. */
async function tipsById<Select extends Prisma.TipSelect>(db: Database, ids: readonly string[], select: Select) {
  const rows: Prisma.TipGetPayload<{ select: Select }>[] = [];
  for (let start = 0; start < ids.length; start += identifierChunk) {
    rows.push(
      ...((await db.tip.findMany({
        where: { id: { in: ids.slice(start, start + identifierChunk) } },
        select,
      })) as Prisma.TipGetPayload<{ select: Select }>[]),
    );
  }
  return rows;
}

const filterColumns = {
  agencyCode: true,
  unitCode: true,
  status: true,
  category: true,
  province: true,
  priority: true,
  priorityRank: true,
  assignedToId: true,
  createdAt: true,
  acknowledgedAt: true,
  closeOutcome: true,
  closedAt: true,
  retainUntil: true,
  reference: true,
} as const satisfies Prisma.TipSelect;
type FilterFacts = Prisma.TipGetPayload<{ select: typeof filterColumns }>;

/** queueWhere's conditions on one tip already read. */
function matchesQueue(
  tip: FilterFacts,
  scope: TipScope,
  filters: QueueFilters,
  userId: string,
  now: Date,
  sla: SlaConfig,
  retention: RetentionPolicy,
): boolean {
  if (!isTipInScope(scope, tip)) return false;
  if (filters.status && tip.status !== filters.status) return false;
  if (filters.category && tip.category !== filters.category) return false;
  if (filters.province && tip.province !== filters.province) return false;
  if (filters.priority && tip.priority !== filters.priority) return false;
  if (filters.mine && tip.assignedToId !== userId) return false;
  if (filters.overdue && !slaOfRow(tip, now, sla).overdue) return false;
  if (filters.deletionDue && !isDeletionDueSoon(tip, now, retention)) return false;
  return true;
}

/** queueOrder's orders on tips already read. */
function sortLikeQueue<Tip extends Pick<FilterFacts, "createdAt" | "reference" | "priorityRank">>(
  tips: Tip[],
  sort: QueueFilters["sort"],
): Tip[] {
  const byTime = (a: Tip, b: Tip) =>
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0);
  if (sort === "oldest") return tips.sort(byTime);
  if (sort === "priority") return tips.sort((a, b) => a.priorityRank - b.priorityRank || byTime(a, b));
  return tips.sort((a, b) => byTime(b, a));
}

/** The tips in the scope that mention the identifier and pass the filters, in queue order, with `select`'s columns. */
async function tipsMentioning<Select extends Prisma.TipSelect>(
  db: Database,
  scope: TipScope,
  filters: QueueFilters & { identifier: NonNullable<QueueFilters["identifier"]> },
  userId: string,
  now: Date,
  sla: SlaConfig,
  retention: RetentionPolicy,
  select: Select,
) {
  const ids = await tipIdsMentioning(db, filters.identifier, scope);
  const moreThanCap = ids.length > identifierSearchCap;
  const tips = await tipsById(db, ids.slice(0, identifierSearchCap), { ...filterColumns, ...select });
  const matching = tips.filter((tip) =>
    matchesQueue(tip as unknown as FilterFacts, scope, filters, userId, now, sla, retention),
  );
  return { tips: sortLikeQueue(matching as ((typeof matching)[number] & FilterFacts)[], filters.sort), moreThanCap };
}

/**
 * The queue page: the tips this staff member can see, with the app's SLA and retention settings. A search is
 * recorded in the audit log as `queue_searched` with its kind and how many tips it found, never what was
 * searched (a read changes nothing else, so the row is its own transaction, as for `tip_viewed`).
 */
export async function listQueueFor(user: StaffPrincipal & { email: string }, filters: QueueFilters, now = new Date()) {
  const queue = await listQueue(
    await getDb(),
    tipScopeOf(user),
    filters,
    user.id,
    now,
    getSlaConfig(),
    getRetentionPolicy(),
  );
  if (filters.searchKind) {
    await recordAuditEvent({
      actor: user,
      action: "queue_searched",
      details: { kind: filters.searchKind, found: queue.total, moreThan: queue.moreThanCap },
    });
  }
  return queue;
}

const exportColumns = {
  ...tipListColumns,
  jurisdiction: true,
  victimCount: true,
  victimAgeGroup: true,
  immediateDanger: true,
  // The number of evidence files (one row per file has page 1), never the files.
  _count: { select: { evidence: { where: { page: 1 } } } },
} as const satisfies Prisma.TipSelect;

/** A row read with more columns than `select` (a search reads the filter columns too) cut back to `select`'s. */
function onlyColumns<Row extends object, Select extends object>(row: Row, select: Select) {
  return Object.fromEntries(Object.keys(select).map((column) => [column, row[column as keyof Row]])) as Pick<
    Row,
    keyof Select & keyof Row
  >;
}

/**
 * The queue as rows for a CSV export (same filters, newest first), recorded in the audit log as
 * `queue_exported`: an export changes nothing else, so the row is its own transaction. Contact details only
 * when the staff member may read them on every row; never the description (exports travel).
 */
export async function exportQueue(user: StaffPrincipal & { email: string }, filters: QueueFilters, now = new Date()) {
  const db = await getDb();
  const scope = tipScopeOf(user);
  const sla = getSlaConfig();
  const retention = getRetentionPolicy();
  const tips = filters.identifier
    ? (
        await tipsMentioning(
          db,
          scope,
          { ...filters, identifier: filters.identifier, sort: "newest" },
          user.id,
          now,
          sla,
          retention,
          exportColumns,
        )
      ).tips
        .slice(0, exportMaxRows)
        .map((tip) => onlyColumns(tip, exportColumns))
    : await db.tip.findMany({
        where: queueWhere(scope, filters, user.id, now, sla, retention),
        orderBy: queueOrder("newest"),
        take: exportMaxRows,
        select: exportColumns,
      });
  const withContact = tips.length > 0 && tips.every((tip) => can(user, "tip:read-contact", tip));
  const rows = [];
  for (const { id, _count, ...tip } of tips) {
    rows.push({
      ...tip,
      files: _count.evidence,
      contact: withContact ? ((await readTipContent(db, id))?.contact ?? "") : null,
    });
  }
  await recordAuditEvent({
    actor: user,
    action: "queue_exported",
    details: { rows: tips.length, contact: withContact, ...(filters.searchKind ? { search: filters.searchKind } : {}) },
  });
  return { rows, withContact };
}

/** Everything about one tip for an authorised staff member; contact details only with that permission. */
export async function getTipForStaff(db: Database, tipId: string, options: { withContact: boolean }) {
  const tip = await db.tip.findUnique({
    where: { id: tipId },
    select: {
      id: true,
      reference: true,
      category: true,
      crossesBorder: true,
      country: true,
      province: true,
      district: true,
      victimCount: true,
      victimAgeGroup: true,
      immediateDanger: true,
      language: true,
      channel: true,
      jurisdiction: true,
      agencyCode: true,
      unitCode: true,
      routingReasons: true,
      alsoNotify: true,
      urgent: true,
      priority: true,
      status: true,
      closeOutcome: true,
      acknowledgedAt: true,
      assignedToId: true,
      assignedTo: { select: { name: true } },
      createdAt: true,
      events: { select: { kind: true, status: true, agencyCode: true, createdAt: true }, orderBy: writtenOrder },
      messages: { select: { id: true, author: true, bodyCipher: true, createdAt: true }, orderBy: writtenOrder },
      notes: {
        select: { id: true, bodyCipher: true, createdAt: true, staffUser: { select: { name: true } } },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!tip) return null;
  const content = (await readTipContent(db, tipId))!;
  const routing = JSON.parse(tip.routingReasons) as {
    reasons: string[];
    destinationHints: { place: string; term: string }[];
    legalBasis: string[];
  };
  return {
    ...tip,
    description: content.description,
    suspects: content.suspects,
    contact: options.withContact ? content.contact : null,
    hasContact: content.contact !== null,
    routing,
    alsoNotify: JSON.parse(tip.alsoNotify) as { kind: string; place: string }[],
    assignedTo: tip.assignedTo?.name ?? null,
    messages: tip.messages.map((message) => ({
      author: message.author,
      body: decryptText(message.bodyCipher, aad.tipMessage(tipId, message.id)),
      at: message.createdAt,
    })),
    notes: tip.notes.map((note) => ({
      author: note.staffUser.name,
      body: decryptText(note.bodyCipher, aad.tipNote(tipId, note.id)),
      at: note.createdAt,
    })),
  };
}

/** The tip's scope facts, for permission checks before anything else is read. */
export function getTipScopeFacts(db: Database, tipId: string) {
  return db.tip.findUnique({ where: { id: tipId }, select: { agencyCode: true, unitCode: true, status: true } });
}

export type StatusChange = { ok: true; status: TipStatus } | { ok: false; problem: string };

export async function changeTipStatus(
  db: Database,
  tipId: string,
  to: string,
  outcome: string | undefined,
  now = new Date(),
): Promise<StatusChange> {
  const tip = await db.tip.findUnique({
    where: { id: tipId },
    select: { status: true, agencyCode: true, acknowledgedAt: true },
  });
  if (!tip) return { ok: false, problem: "unknown_status" };
  const result = transitionTip(tip.status as TipStatus, {
    to: to as TipStatus,
    outcome: outcome as CloseOutcome | undefined,
  });
  if (!result.ok) return result;
  const seq = await nextEventSeq(db, tipId);
  await db.tip.update({
    where: { id: tipId },
    data: {
      status: result.status,
      closeOutcome: result.outcome,
      closedAt: result.status === "closed" ? now : null,
      acknowledgedAt: tip.acknowledgedAt ?? (result.status === "new" ? null : now),
      events: { create: { kind: "status", status: result.status, agencyCode: tip.agencyCode, createdAt: now, seq } },
    },
  });
  return { ok: true, status: result.status };
}

export async function addStaffNote(db: Database, tipId: string, staffUserId: string, body: string, now = new Date()) {
  const id = crypto.randomUUID();
  await db.tipNote.create({
    data: { id, tipId, staffUserId, bodyCipher: encryptText(body, aad.tipNote(tipId, id)), createdAt: now },
  });
}

export async function sendMessageToReporter(db: Database, tipId: string, body: string, now = new Date()) {
  const messageId = await addTipMessage(db, tipId, "agency", body, now);
  // An SMS reporter who agreed to be texted back also gets it by SMS, through the gateway's outbox.
  await queueSmsToReporter(db, tipId, messageId, now);
}

/**
 * Who can be given a tip: active agents and supervisors who would see it in their own queue (an agent of one
 * FIA circle is not offered another circle's tip).
 */
export async function listAssignableStaff(db: Database, tip: TipScopeFacts) {
  return (await listAssignableStaffForEach(db, [tip]))[0]!;
}

/** The same for several places a tip could go (the triage desk's choices), in one query. */
export async function listAssignableStaffForEach(db: Database, tips: readonly TipScopeFacts[]) {
  const staff = await db.staffUser.findMany({
    where: {
      agencyCode: { in: tips.map((tip) => tip.agencyCode) },
      disabledAt: null,
      role: { in: [...agencyRoles] },
    },
    select: { id: true, name: true, role: true, agencyCode: true, unitCode: true },
    orderBy: { name: "asc" },
  });
  return tips.map((tip) =>
    staff
      .filter((member) => isStaffRole(member.role) && isTipInScope(tipScopeOf({ ...member, role: member.role }), tip))
      .map(({ id, name, unitCode }) => ({ id, name, unitCode })),
  );
}

export async function assignTip(db: Database, tipId: string, staffUserId: string | null) {
  await db.tip.update({ where: { id: tipId }, data: { assignedToId: staffUserId } });
}

/**
 * Moves a tip to another agency: it leaves the sender's queue and starts again as new, assigned to nobody (or to
 * the person the coordinator chose for a triage-desk tip). The reporter's history shows the agency it went to
 * (never who moved it). The reason is kept as an encrypted internal note.
 *
 * Only moves a tip that is still where the caller saw it (`from`): when two people move the same tip at once,
 * the second gets null instead of silently undoing the first. A caller that already chose a person for the
 * tip passes the unit it checked them against, so the tip lands where that person will see it.
 */
export async function transferTip(
  db: Database,
  tipId: string,
  move: {
    from: string;
    toAgency: string;
    reason: string;
    staffUserId: string;
    assignee?: string | null;
    unitCode?: string | null;
    /** Required when `db` is a transaction's client and `unitCode` is not given (see below). */
    routingTable?: RoutingTable;
    now?: Date;
  },
): Promise<{ from: string; to: string } | null> {
  const { from, toAgency, reason, staffUserId, assignee = null, now = new Date() } = move;
  const tip = await db.tip.findUnique({ where: { id: tipId }, select: { province: true, district: true } });
  if (!tip) return null;
  // getDirectory() may load through the outer client: inside a caller's transaction on SQLite that waits for
  // the transaction's own turn on the connection (docs/decisions/022), so such callers pass the routing table.
  const unitCode =
    move.unitCode !== undefined
      ? move.unitCode
      : unitOnArrival(move.routingTable ?? (await getDirectory()).routingTable, toAgency, tip.province, tip.district);
  const noteId = crypto.randomUUID();
  // An interactive transaction, never the array form: inside a caller's transaction (the case page writes its
  // audit row with this) PostgreSQL would run an array as a transaction of its own, kept if the caller's fails.
  return db.$transaction(async (tx) => {
    // A conditional update, not an exception: a failed statement would abort a PostgreSQL caller's transaction.
    const moved = await tx.tip.updateMany({
      where: { id: tipId, agencyCode: from },
      data: {
        agencyCode: toAgency,
        unitCode,
        status: "new",
        closeOutcome: null,
        closedAt: null,
        acknowledgedAt: null,
        assignedToId: assignee,
        jurisdiction: jurisdictionOfAgency(toAgency),
      },
    });
    if (moved.count === 0) return null;
    const seq = await nextEventSeq(tx as unknown as Database, tipId);
    await tx.tipEvent.create({
      data: { tipId, kind: "transferred", status: "new", agencyCode: toAgency, createdAt: now, seq },
    });
    await tx.tipNote.create({
      data: {
        id: noteId,
        tipId,
        staffUserId,
        bodyCipher: encryptText(`→ ${toAgency}: ${reason}`, aad.tipNote(tipId, noteId)),
        createdAt: now,
      },
    });
    return { from, to: toAgency };
  });
}
