import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminTable } from "~/components/admin-table";
import { NoticePanel } from "~/components/notice-panel";
import { QueueFilterForm } from "~/components/queue-filters";
import { parseSearch } from "~/domain/identifiers";
import { hasPermission } from "~/domain/permissions";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory } from "~/models/directory.server";
import { priorities } from "~/domain/priority";
import { listQueueFor } from "~/models/staff-tips.server";
import type { RouteHandle } from "~/utils/route-handle";
import { filtersFromSearch, searchText } from "~/domain/queue-filters";
import { timeFormats } from "~/server/reporter-time.server";
import { staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";

export const handle: RouteHandle = { i18n: ["staff", "report"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  if (!hasPermission(user.role, "queue:read"))
    throw redirect(hasPermission(user.role, "staff:manage") ? "/staff/users" : "/staff/account");
  const url = new URL(request.url);
  const filters = filtersFromSearch(url.searchParams);
  const queue = await listQueueFor(user, filters);
  const directory = await getDirectory();
  const when = timeFormats(user.language);
  return {
    title: getFixedT(user.language, "staff")("queue.title"),
    filters: { ...filters, identifier: undefined },
    q: searchText(url.searchParams),
    searchProblem:
      filters.searchKind === "unrecognised"
        ? (parseSearch(searchText(url.searchParams)) as { problem: string }).problem
        : null,
    query: url.searchParams.toString(),
    canExport: hasPermission(user.role, "tips:export"),
    total: queue.total,
    moreThanCap: queue.moreThanCap,
    page: queue.page,
    pages: queue.pages,
    hasNextPage: queue.hasNextPage,
    tips: queue.tips.map((tip) => ({
      id: tip.id,
      reference: tip.reference,
      category: tip.category,
      province: tip.province,
      status: tip.status,
      priority: tip.priority,
      agency: directory.agencyName(tip.agencyCode, user.language),
      assignedTo: tip.assignedTo,
      received: when.reporter.format(tip.createdAt),
      overdue: tip.sla.overdue,
      escalateTo: tip.sla.escalateTo,
      dueAt: tip.sla.dueAt ? when.exact.format(tip.sla.dueAt) : null,
      deletionDueSoon: tip.deletionDueSoon,
    })),
  };
}

export const headers: HeadersFunction = () => staffHeaders;

export default function QueuePage() {
  const { filters, q, searchProblem, tips, total, moreThanCap, page, pages, hasNextPage, query, canExport } =
    useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  const { t: tr } = useTranslation("report");
  const pageLink = (target: number) => {
    const params = new URLSearchParams(query);
    params.set("page", String(target));
    return `/staff?${params}`;
  };
  return (
    <>
      <h1>{t("queue.title")}</h1>
      <QueueFilterForm filters={filters} q={q} priorities={priorities} />
      {searchProblem ? (
        <NoticePanel data-search-problem={searchProblem}>{t(`queue.searchProblem.${searchProblem}`)}</NoticePanel>
      ) : filters.searchKind && filters.searchKind !== "reference" ? (
        <p role="status" data-search-kind={filters.searchKind}>
          {t(`queue.searchedFor.${filters.searchKind}`)}
        </p>
      ) : null}
      <p>
        {moreThanCap ? t("queue.countMoreThan", { limit: total }) : t("queue.count", { count: total })}
        {canExport ? (
          <>
            {" · "}
            <a href={`/staff/export.csv?${query}`}>{t("queue.export")}</a>
          </>
        ) : null}
      </p>
      <AdminTable
        columns={[
          t("queue.reference"),
          t("queue.priority"),
          t("queue.status"),
          t("queue.category"),
          t("queue.province"),
          t("queue.agency"),
          t("queue.received"),
          t("queue.due"),
          t("queue.assignedTo"),
        ]}
      >
        {tips.map((tip) => (
          <tr key={tip.id} className={tip.overdue ? "row--overdue" : undefined} data-reference={tip.reference}>
            <td>
              <a href={`/staff/tips/${tip.id}`} dir="ltr">
                {tip.reference}
              </a>
            </td>
            <td>
              <span className={`tag tag--${tip.priority}`}>{t(`priorities.${tip.priority}`)}</span>
            </td>
            <td>{t(`statuses.${tip.status}`)}</td>
            <td>{tr(`fields.category.options.${tip.category}`)}</td>
            <td>{tr(`provinces.${tip.province}`)}</td>
            <td>{tip.agency}</td>
            <td>{tip.received}</td>
            <td>
              {tip.dueAt ?? "—"}
              {tip.overdue ? (
                <strong className="tag tag--overdue"> {t(`queue.overdue.${tip.escalateTo}`)}</strong>
              ) : null}
              {tip.deletionDueSoon ? (
                <strong className="tag tag--overdue" data-deletion-soon="">
                  {" "}
                  {t("queue.deletionSoon")}
                </strong>
              ) : null}
            </td>
            <td>{tip.assignedTo ?? "—"}</td>
          </tr>
        ))}
      </AdminTable>
      {tips.length === 0 && !searchProblem ? (
        <p>{filters.searchKind && filters.searchKind !== "reference" ? t("queue.noneMention") : t("queue.empty")}</p>
      ) : null}
      <nav className="pagination" aria-label={t("queue.pagination")}>
        {page > 1 ? <a href={pageLink(page - 1)}>{t("queue.previous")}</a> : null}
        <span>{pages === null ? t("queue.pageNumber", { page }) : t("queue.pageOf", { page, pages })}</span>
        {hasNextPage ? <a href={pageLink(page + 1)}>{t("queue.next")}</a> : null}
      </nav>
    </>
  );
}
