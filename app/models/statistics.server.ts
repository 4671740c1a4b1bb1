// Counts for the statistics page, within the staff member's scope. Only structured fields: no tip text.
// Tips whose content was deleted under the retention policy still count, from their DeletedTip rows
// (docs/decisions/017); they are closed, so never overdue, and their day-precision dates stay out of the median.
import type { Prisma } from "../../generated/prisma/client";
import type { StaffPrincipal, TipScope } from "~/domain/permissions";
import { tipScopeOf } from "~/domain/permissions";
import { publishStatistics } from "~/domain/small-counts";
import { provinceAnswers, tipCategories } from "~/domain/tip";
import { tipStatuses } from "~/domain/tip-status";
import { recordAuditEvent } from "./audit.server";
import { type Database, getDb } from "~/server/db.server";
import { getSlaConfig } from "~/server/sla.server";
import { overdueWhere } from "./staff-tips.server";
import { scopeWhere } from "./tip-identifiers.server";

const weekMs = 7 * 24 * 3_600_000;

export async function tipStatistics(db: Database, scope: TipScope, now = new Date(), weeks = 12) {
  const where = scopeWhere(scope);
  // The same scope fits DeletedTip: it names only id, agencyCode and unitCode, which both tables have.
  const deletedWhere = where as Prisma.DeletedTipWhereInput;
  // `known` values with no tip count as 0, so a hidden cell may be empty too and "fewer than 5" never means "1 to 4".
  const count = async (field: "category" | "province" | "agencyCode" | "status", known: readonly string[] = []) => {
    const [live, deleted] = await Promise.all([
      db.tip.groupBy({ by: [field], where, _count: { _all: true } }),
      db.deletedTip.groupBy({ by: [field], where: deletedWhere, _count: { _all: true } }),
    ]);
    const totals = new Map<string, number>(known.map((key) => [key, 0]));
    for (const group of [...live, ...deleted]) {
      const key = String((group as Record<string, unknown>)[field]);
      totals.set(key, (totals.get(key) ?? 0) + group._count._all);
    }
    return [...totals].map(([key, value]) => ({ key, value })).sort((a, b) => b.value - a.value);
  };
  const since = new Date(now.getTime() - weeks * weekMs);
  const [
    byCategory,
    byProvince,
    byAgency,
    byStatus,
    liveTotal,
    deletedTotal,
    overdue,
    liveRecent,
    deletedRecent,
    acknowledged,
  ] = await Promise.all([
    count("category", tipCategories),
    count("province", provinceAnswers),
    count("agencyCode"),
    count("status", tipStatuses),
    db.tip.count({ where }),
    db.deletedTip.count({ where: deletedWhere }),
    db.tip.count({ where: { AND: [where, overdueWhere(now, getSlaConfig())] } }),
    db.tip.findMany({ where: { AND: [where, { createdAt: { gte: since } }] }, select: { createdAt: true } }),
    db.deletedTip.findMany({
      where: { AND: [deletedWhere, { createdAt: { gte: since } }] },
      select: { createdAt: true },
    }),
    db.tip.findMany({
      where: {
        AND: [where, { acknowledgedAt: { not: null } }, { createdAt: { gte: new Date(now.getTime() - 13 * weekMs) } }],
      },
      select: { createdAt: true, acknowledgedAt: true },
      take: 50_000,
    }),
  ]);
  const total = liveTotal + deletedTotal;
  const recent = [...liveRecent, ...deletedRecent];
  const byWeek = Array.from({ length: weeks }, (_, index) => {
    const start = new Date(since.getTime() + index * weekMs);
    return { start, value: 0 };
  });
  for (const tip of recent) {
    const index = Math.min(weeks - 1, Math.floor((tip.createdAt.getTime() - since.getTime()) / weekMs));
    if (index >= 0) byWeek[index]!.value += 1;
  }
  const hoursToAcknowledge = acknowledged
    .map((tip) => (tip.acknowledgedAt!.getTime() - tip.createdAt.getTime()) / 3_600_000)
    .sort((a, b) => a - b);
  const median = hoursToAcknowledge.length ? hoursToAcknowledge[Math.floor(hoursToAcknowledge.length / 2)]! : null;
  return {
    total,
    overdue,
    byCategory,
    byProvince,
    byAgency,
    byStatus,
    byWeek,
    medianHoursToAcknowledge: median,
    acknowledgedCount: hoursToAcknowledge.length,
  };
}

/**
 * The statistics page's counts on the app's database (routes never hold a database client), as they may be
 * published: small counts shown as "fewer than 5" (app/domain/small-counts.ts). The exact counts never leave
 * this module for a page or an export.
 */
export async function statisticsForScope(scope: TipScope, now = new Date()) {
  return publishStatistics(await tipStatistics(await getDb(), scope, now));
}

/**
 * The same for the statistics CSV, recorded in the audit log as `statistics_exported` (an export changes
 * nothing else, so the row is its own transaction, as for `queue_exported`).
 */
export async function exportStatistics(user: StaffPrincipal & { email: string }, now = new Date()) {
  const published = await statisticsForScope(tipScopeOf(user), now);
  await recordAuditEvent({
    actor: user,
    action: "statistics_exported",
    agencyCode: user.role === "coordinator" ? null : user.agencyCode,
  });
  return published;
}
