import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, isRouteErrorResponse, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDirectory } from "~/models/directory.server";
import { staffHeaders, staffNavigation } from "~/utils/staff-page.server";
import { requireStaff } from "~/utils/staff-session.server";
import type { RouteHandle } from "~/utils/route-handle";

export const handle: RouteHandle = { i18n: ["staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const directory = await getDirectory();
  return {
    user: {
      name: user.name,
      role: user.role,
      agency: user.agencyCode ? directory.agencyName(user.agencyCode, user.language) : null,
    },
    nav: staffNavigation(user),
  };
}

export const headers: HeadersFunction = () => staffHeaders;

export default function StaffLayout() {
  const { user, nav } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  return (
    <>
      <a className="skip-link" href="#main">
        {t("common:skipToContent")}
      </a>
      <header className="site-header staff-header">
        <div className="container container--wide site-header__bar">
          <a className="brand" href="/staff">
            <span className="brand__name">{t("brand")}</span>
            <span className="brand__tagline">
              {user.name} · {t(`roles.${user.role}`)}
              {user.agency ? ` · ${user.agency}` : ""}
            </span>
          </a>
          <Form method="post" action="/staff/logout">
            <button className="button button--secondary" type="submit">
              {t("signOut")}
            </button>
          </Form>
        </div>
        <nav className="container container--wide site-header__nav" aria-label={t("nav.label")}>
          <ul>
            {nav.queue ? (
              <li>
                <a href="/staff">{t("nav.queue")}</a>
              </li>
            ) : null}
            {nav.stats ? (
              <li>
                <a href="/staff/stats">{t("nav.stats")}</a>
              </li>
            ) : null}
            {nav.audit ? (
              <li>
                <a href="/staff/audit">{t("nav.audit")}</a>
              </li>
            ) : null}
            {nav.users ? (
              <li>
                <a href="/staff/users">{t("nav.users")}</a>
              </li>
            ) : null}
            {nav.directory ? (
              <>
                <li>
                  <a href="/staff/directory">{t("nav.directory")}</a>
                </li>
                <li>
                  <a href="/staff/routing">{t("nav.routing")}</a>
                </li>
                <li>
                  <a href="/staff/helplines">{t("nav.helplines")}</a>
                </li>
              </>
            ) : null}
            <li>
              <a href="/staff/account">{t("nav.account")}</a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" className="container container--wide" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("staff");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <main id="main" className="container error-page">
      <h1>{status === 404 ? t("errors.notFound") : status === 403 ? t("errors.forbidden") : t("errors.server")}</h1>
      <p>
        <a href="/staff">{t("nav.queue")}</a>
      </p>
    </main>
  );
}
