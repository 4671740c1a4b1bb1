import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/bar-chart";
import { smallCountThreshold } from "~/domain/small-counts";
import { tipScopeOf } from "~/domain/permissions";
import { getFixedT } from "~/i18n/i18n.server";
import { oneDecimal, pakistanDayAndMonth } from "~/i18n/languages";
import { getDirectory } from "~/models/directory.server";
import { statisticsForScope } from "~/models/statistics.server";
import type { RouteHandle } from "~/utils/route-handle";
import { staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";

export const handle: RouteHandle = { i18n: ["staff", "report"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "stats:read");
  const stats = await statisticsForScope(tipScopeOf(user));
  const directory = await getDirectory();
  const day = pakistanDayAndMonth(user.language);
  const number = oneDecimal(user.language);
  return {
    title: getFixedT(user.language, "staff")("stats.title"),
    scope: user.role === "coordinator" ? "all" : directory.agencyName(user.agencyCode ?? "", user.language),
    total: stats.total,
    overdue: stats.overdue,
    median: stats.medianHoursToAcknowledge === null ? null : number.format(stats.medianHoursToAcknowledge),
    acknowledgedCount: stats.acknowledgedCount,
    byCategory: stats.byCategory,
    byProvince: stats.byProvince,
    byAgency: stats.byAgency.map((row) => ({ ...row, key: directory.agencyName(row.key, user.language) })),
    byStatus: stats.byStatus,
    byWeek: stats.byWeek.map((week) => ({ label: day.format(week.start), value: week.value })),
  };
}

export const headers: HeadersFunction = () => staffHeaders;

export default function StatisticsPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  const { t: tr } = useTranslation("report");
  const fewer = t("stats.fewerThan", { limit: smallCountThreshold });
  const count = (value: number | null) => (value === null ? fewer : value.toLocaleString());
  return (
    <>
      <h1>{t("stats.title")}</h1>
      <p>{data.scope === "all" ? t("stats.scopeAll") : t("stats.scopeAgency", { agency: data.scope })}</p>
      <ul className="stat-cards">
        <li>
          <span className="stat-cards__value">{count(data.total)}</span> {t("stats.total")}
        </li>
        <li className={data.overdue > 0 ? "stat-cards--alert" : undefined}>
          <span className="stat-cards__value">{data.overdue.toLocaleString()}</span> {t("stats.overdue")}
        </li>
        <li>
          <span className="stat-cards__value">{data.median ?? "—"}</span>{" "}
          {data.acknowledgedCount === null
            ? t("stats.medianHoursFew")
            : t("stats.medianHours", { count: data.acknowledgedCount })}
        </li>
      </ul>
      <p>
        {t("stats.smallCounts")}
        {" · "}
        <a href="/staff/stats.csv">{t("stats.export")}</a>
      </p>
      <div className="case-grid">
        <BarChart caption={t("stats.byWeek")} rows={data.byWeek} hiddenLabel={fewer} />
        <BarChart
          caption={t("stats.byCategory")}
          rows={data.byCategory.map((row) => ({ label: tr(`fields.category.options.${row.key}`), value: row.value }))}
          hiddenLabel={fewer}
        />
        <BarChart
          caption={t("stats.byProvince")}
          rows={data.byProvince.map((row) => ({ label: tr(`provinces.${row.key}`), value: row.value }))}
          hiddenLabel={fewer}
        />
        <BarChart
          caption={t("stats.byAgency")}
          rows={data.byAgency.map((row) => ({ label: row.key, value: row.value }))}
          hiddenLabel={fewer}
        />
        <BarChart
          caption={t("stats.byStatus")}
          rows={data.byStatus.map((row) => ({ label: t(`statuses.${row.key}`), value: row.value }))}
          hiddenLabel={fewer}
        />
      </div>
    </>
  );
}
