import type { LoaderFunctionArgs } from "@remix-run/node";
import { can, tipScopeOf } from "~/domain/permissions";
import { isoMinute } from "~/domain/reporter-time";
import { audit } from "~/models/audit.server";
import { queueOrder, queueWhere } from "~/models/staff-tips.server";
import { readTipContent } from "~/models/tip.server";
import { getDb } from "~/utils/db.server";
import { getRetentionPolicy } from "~/utils/retention.server";
import { getSlaConfig } from "~/utils/sla.server";
import { requireStaff } from "~/utils/staff-session.server";
import { filtersFromSearch } from "./staff._index";

const maxRows = 20_000;

/** RFC 4180 field; a leading =, +, - or @ is prefixed so spreadsheets never run it as a formula. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// The queue the staff member can see, with the same filters. Contact details only with the permission to
// read them; free text (description) is left out entirely: exports travel, so they carry the minimum (and the
// time received to the minute, never the second: docs/decisions/016).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "tips:export");
  const filters = filtersFromSearch(new URL(request.url).searchParams);
  const db = await getDb();
  const scope = tipScopeOf(user);
  const tips = await db.tip.findMany({
    where: queueWhere(scope, filters, user.id, new Date(), getSlaConfig(), getRetentionPolicy()),
    orderBy: queueOrder("newest"),
    take: maxRows,
    select: {
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
      jurisdiction: true,
      victimCount: true,
      victimAgeGroup: true,
      immediateDanger: true,
    },
  });
  const withContact = tips.length > 0 && tips.every((tip) => can(user, "tip:read-contact", tip));
  const header = ["reference", "received", "category", "province", "district", "status", "priority", "agency", "unit", "jurisdiction", "victims", "age_group", "immediate_danger", ...(withContact ? ["contact"] : [])];
  const lines = [header.join(",")];
  for (const tip of tips) {
    const row = [tip.reference, isoMinute(tip.createdAt), tip.category, tip.province, tip.district, tip.status, tip.priority, tip.agencyCode, tip.unitCode, tip.jurisdiction, tip.victimCount, tip.victimAgeGroup, tip.immediateDanger];
    if (withContact) row.push((await readTipContent(db, tip.id))?.contact ?? "");
    lines.push(row.map(csvField).join(","));
  }
  await audit(db, { actor: user, action: "queue_exported", details: { rows: tips.length, contact: withContact } });
  return new Response(`\ufeff${lines.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="aagahi-tips-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
