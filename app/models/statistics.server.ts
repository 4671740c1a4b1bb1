// Counts for the statistics page, within the staff member's scope. Only structured fields: no tip text.
import type { TipScope } from "~/domain/permissions";
import type { Database } from "~/utils/db.server";
import { getSlaConfig } from "~/utils/sla.server";
import { overdueWhere } from "./staff-tips.server";
import { scopeWhere } from "./tip-identifiers.server";

const weekMs = 7 * 24 * 3_600_000;

export async function tipStatistics(db: Database, scope: TipScope, now = new Date(), weeks = 12) {
  const where = scopeWhere(scope);
  const count = (field: "category" | "province" | "agencyCode" | "status") =>
    db.tip.groupBy({ by: [field], where, _count: { _all: true } }).then((groups) =>
      groups.map((group) => ({ key: String((group as Record<string, unknown>)[field]), value: group._count._all })).sort((a, b) => b.value - a.value),
    );
  const since = new Date(now.getTime() - weeks * weekMs);
  const [byCategory, byProvince, byAgency, byStatus, total, overdue, recent, acknowledged] = await Promise.all([
    count("category"),
    count("province"),
    count("agencyCode"),
    count("status"),
    db.tip.count({ where }),
    db.tip.count({ where: { AND: [where, overdueWhere(now, getSlaConfig())] } }),
    db.tip.findMany({ where: { AND: [where, { createdAt: { gte: since } }] }, select: { createdAt: true } }),
    db.tip.findMany({
      where: { AND: [where, { acknowledgedAt: { not: null } }, { createdAt: { gte: new Date(now.getTime() - 13 * weekMs) } }] },
      select: { createdAt: true, acknowledgedAt: true },
      take: 50_000,
    }),
  ]);
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
  return { total, overdue, byCategory, byProvince, byAgency, byStatus, byWeek, medianHoursToAcknowledge: median, acknowledgedCount: hoursToAcknowledge.length };
}
