import type { LoaderFunctionArgs } from "@remix-run/node";
import { smallCountThreshold, type PublishedCount } from "~/domain/small-counts";
import { exportStatistics } from "~/models/statistics.server";
import { requireStaff } from "~/server/staff-session.server";
import { csvField } from "~/server/csv.server";
import { noStoreHeaders } from "~/utils/no-store.mjs";

// The statistics page as CSV, for oversight reports: the same published counts (a small count is "<5", never
// the number: app/domain/small-counts.ts), codes rather than translated names so that files from different
// staff compare. The tips export (staff_.export[.]csv.ts) is rows of tips, not counts: see docs/decisions/029.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "stats:read");
  const stats = await exportStatistics(user);
  const count = (value: PublishedCount) => (value === null ? `<${smallCountThreshold}` : value);
  const lines = [["measure", "key", "count"].join(",")];
  const add = (measure: string, key: string, value: PublishedCount | string) =>
    lines.push([measure, key, typeof value === "string" ? value : count(value)].map(csvField).join(","));
  add("total", "", stats.total);
  add("overdue", "", stats.overdue);
  add("acknowledged_last_13_weeks", "", stats.acknowledgedCount);
  add(
    "median_hours_to_acknowledge",
    "",
    stats.medianHoursToAcknowledge === null ? "" : stats.medianHoursToAcknowledge.toFixed(1),
  );
  for (const row of stats.byWeek) add("week", row.start.toISOString().slice(0, 10), row.value);
  for (const [measure, rows] of [
    ["category", stats.byCategory],
    ["province", stats.byProvince],
    ["agency", stats.byAgency],
    ["status", stats.byStatus],
  ] as const) {
    for (const row of rows) add(measure, row.key, row.value);
  }
  return new Response(`\ufeff${lines.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="aagahi-statistics-${new Date().toISOString().slice(0, 10)}.csv"`,
      ...noStoreHeaders,
    },
  });
}
