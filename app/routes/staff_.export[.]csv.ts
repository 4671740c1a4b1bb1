import type { LoaderFunctionArgs } from "@remix-run/node";
import { isoMinute } from "~/domain/reporter-time";
import { exportQueue } from "~/models/staff-tips.server";
import { requireStaff } from "~/server/staff-session.server";
import { csvField } from "~/server/csv.server";
import { filtersFromSearch } from "~/domain/queue-filters";
import { noStoreHeaders } from "~/utils/no-store.mjs";

// The queue the staff member can see, with the same filters. Contact details only with the permission to
// read them; free text (description) is left out entirely: exports travel, so they carry the minimum (and the
// time received to the minute, never the second: docs/decisions/016). Evidence files are counted, never included.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "tips:export");
  const { rows, withContact } = await exportQueue(user, filtersFromSearch(new URL(request.url).searchParams));
  const header = [
    "reference",
    "received",
    "category",
    "province",
    "district",
    "status",
    "priority",
    "agency",
    "unit",
    "jurisdiction",
    "victims",
    "age_group",
    "immediate_danger",
    "files",
    ...(withContact ? ["contact"] : []),
  ];
  const lines = [header.join(",")];
  for (const tip of rows) {
    const row = [
      tip.reference,
      isoMinute(tip.createdAt),
      tip.category,
      tip.province,
      tip.district,
      tip.status,
      tip.priority,
      tip.agencyCode,
      tip.unitCode,
      tip.jurisdiction,
      tip.victimCount,
      tip.victimAgeGroup,
      tip.immediateDanger,
      tip.files,
    ];
    if (withContact) row.push(tip.contact);
    lines.push(row.map(csvField).join(","));
  }
  return new Response(`\ufeff${lines.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="aagahi-tips-${new Date().toISOString().slice(0, 10)}.csv"`,
      ...noStoreHeaders,
    },
  });
}
