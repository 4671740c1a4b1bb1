import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Outlet, useLoaderData, useMatches, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorPage, useErrorStatus } from "~/components/error-page";
import { getDirectory } from "~/models/directory.server";
import { staffHeaders, staffNavigation } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";
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

type StaffLayoutData = Awaited<ReturnType<typeof loader>>;

/** The skip link, the signed-in person and the navigation their role allows. */
function StaffHeader({ user, nav }: StaffLayoutData) {
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
    </>
  );
}

export default function StaffLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <StaffHeader {...data} />
      <main id="main" className="container container--wide" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/**
 * A 403 or 404 thrown by a staff page keeps the staff header and navigation: the layout's own data is there
 * whenever the error came from a page below it. Without it (the layout itself failed) the page stands alone.
 */
export function ErrorBoundary() {
  const status = useErrorStatus();
  const layout = useRouteLoaderData<typeof loader>("routes/staff");
  // An address no staff page claims (staff.$.tsx) is a missing page, not a missing or hidden tip.
  const matchedUnknownAddress = useMatches().some((match) => match.id === "routes/staff.$");
  // Only its 404: a failure of the layout's own loader there (a database outage) is still a server error.
  const unknownPage = status === 404 && matchedUnknownAddress;
  const { t } = useTranslation("staff");
  return (
    <>
      {layout ? <StaffHeader {...layout} /> : null}
      <main id="main" className="container container--wide" tabIndex={-1} data-staff-error={status}>
        <ErrorPage
          title={
            unknownPage
              ? t("common:errors.notFoundTitle")
              : status === 404
                ? t("errors.notFound")
                : status === 403
                  ? t("errors.forbidden")
                  : t("errors.server")
          }
          body={unknownPage ? t("common:errors.notFoundBody") : undefined}
          backHref="/staff"
          backLabel={t("nav.queue")}
        />
      </main>
    </>
  );
}
