import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminTable } from "~/components/admin-table";
import { getFixedT } from "~/i18n/i18n.server";
import { pakistanDateTime } from "~/i18n/languages";
import { listAuditPage } from "~/models/audit.server";
import type { RouteHandle } from "~/utils/route-handle";
import { pageParam } from "~/domain/queue-filters";
import { staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";

export const handle: RouteHandle = { i18n: ["staff"] };
const pageSize = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "audit:read");
  const url = new URL(request.url);
  const page = pageParam(url.searchParams.get("page"));
  const tipId = url.searchParams.get("tip")?.slice(0, 64) || undefined;
  const { entries, total, references } = await listAuditPage({ tipId, page, pageSize });
  const when = pakistanDateTime(user.language, "medium");
  return {
    title: getFixedT(user.language, "staff")("audit.title"),
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    entries: entries.map((entry) => ({
      id: entry.id,
      at: when.format(entry.at),
      actor: entry.actorEmail ?? "—",
      action: entry.action,
      tipId: entry.tipId,
      reference: entry.tipId ? (references.get(entry.tipId) ?? entry.tipId) : null,
      details: entry.details === "{}" ? "" : entry.details,
    })),
  };
}

export const headers: HeadersFunction = () => staffHeaders;

export default function AuditPage() {
  const { entries, page, pages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.lead")}</p>
      <AdminTable
        data-audit=""
        columns={[t("audit.when"), t("audit.who"), t("audit.what"), t("audit.tip"), t("audit.details")]}
      >
        {entries.map((entry) => (
          <tr key={entry.id} data-action={entry.action}>
            <td>{entry.at}</td>
            <td dir="ltr">{entry.actor}</td>
            <td>{t(`audit.actions.${entry.action}`)}</td>
            <td dir="ltr">{entry.tipId ? <a href={`/staff/audit?tip=${entry.tipId}`}>{entry.reference}</a> : "—"}</td>
            <td dir="ltr">
              <code>{entry.details}</code>
            </td>
          </tr>
        ))}
      </AdminTable>
      <nav className="pagination" aria-label={t("queue.pagination")}>
        {page > 1 ? <a href={`/staff/audit?page=${page - 1}`}>{t("queue.previous")}</a> : null}
        <span>{t("queue.pageOf", { page, pages })}</span>
        {page < pages ? <a href={`/staff/audit?page=${page + 1}`}>{t("queue.next")}</a> : null}
      </nav>
    </>
  );
}
