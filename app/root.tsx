import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { useContext } from "react";
import { useTranslation } from "react-i18next";
import { PublicErrorPage } from "~/components/error-page";
import { UNSAFE_DataRouterStateContext } from "react-router-dom";
import { enhanceScriptPath } from "./browser-scripts/enhance-script";
import { webManifestPath } from "./utils/web-manifest";
import { I18N_BOOTSTRAP_ID } from "./i18n/bootstrap";
import { defaultLanguage, directionOf, languageFromPathname, type Language } from "./i18n/languages";
import type { Namespace } from "./i18n/namespaces";
import stylesHref from "./styles/app.css";
import { isFormRejection } from "./utils/forms";
import { useNonce } from "./utils/nonce";
import { publicOrigin } from "./server/public-page.server";
import { staffLanguageFromRequest } from "./server/staff-session.server";
import type { RouteHandle } from "./utils/route-handle";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function loader({ request }: LoaderFunctionArgs) {
  const { pathname } = new URL(request.url);
  // Public pages carry the language in the path; staff pages use the staff member's choice.
  const lang: Language =
    languageFromPathname(pathname) ??
    (pathname.startsWith("/staff") ? staffLanguageFromRequest(request) : null) ??
    defaultLanguage;
  return { lang, origin: publicOrigin(request) };
}

// The language lives in the first path segment: re-run the root loader when it changes, or a
// client-side switch would keep the old <html lang dir>.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  languageFromPathname(currentUrl.pathname) !== languageFromPathname(nextUrl.pathname) || defaultShouldRevalidate;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const { pathname } = useLocation();
  const lang = data?.lang ?? languageFromPathname(pathname) ?? defaultLanguage;
  const nonce = useNonce();
  const matches = useMatches();
  const handles = matches.map((match) => (match.handle ?? {}) as RouteHandle);
  const hydrate = handles.some((handle) => handle.hydrate);

  return (
    <html lang={lang} dir={directionOf(lang)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b3d5c" />
        <DocumentTitle />
        <Meta />
        <Links />
        <link rel="manifest" href={webManifestPath(lang)} />
      </head>
      <body>
        {children}
        {hydrate ? (
          <>
            <I18nBootstrap lang={lang} namespaces={handles.flatMap((handle) => handle.i18n ?? [])} nonce={nonce} />
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : (
          // No nonce: `script-src 'self'` allows this file, and without a per-response attribute the page's
          // bytes are the same for every reader, so the server can cache them (server/page-cache.mjs).
          <script src={enhanceScriptPath} defer />
        )}
      </body>
    </html>
  );
}

/**
 * The title comes from the deepest route's loader data (`title`, `siteName`). It lives here rather than in
 * route `meta` because a rejected form must prefix it with "Error:" (GOV.UK), and only the router state knows
 * about action results. Remix offers no supported hook for another route's action data (useActionData is the
 * calling route's own; meta functions get loader data only), hence the UNSAFE context: docs/decisions/032.
 */
function DocumentTitle() {
  const { t } = useTranslation("common");
  const matches = useMatches();
  const routerState = useContext(UNSAFE_DataRouterStateContext);
  const leafData = [...matches].reverse().find((match) => {
    const data = match.data as { title?: unknown } | undefined;
    return typeof data?.title === "string";
  })?.data as { title: string; siteName?: string } | undefined;
  const siteName = t("siteName");
  const pageTitle = leafData && leafData.title !== siteName ? `${leafData.title} | ${siteName}` : siteName;
  const rejected = Object.values(routerState?.actionData ?? {}).some(isFormRejection);
  return <title>{rejected ? `${t("forms.errorPrefix")} ${pageTitle}` : pageTitle}</title>;
}

/** Embeds the translations a hydrated page needs, so the browser does not fetch them. */
function I18nBootstrap({ lang, namespaces, nonce }: { lang: Language; namespaces: Namespace[]; nonce?: string }) {
  const { i18n } = useTranslation();
  const resources = Object.fromEntries(
    ["common", ...namespaces].map((namespace) => [namespace, i18n.getResourceBundle(lang, namespace) ?? {}]),
  );
  const json = JSON.stringify({ lang, resources }).replace(/</g, "\\u003c");
  return (
    <script id={I18N_BOOTSTRAP_ID} type="application/json" nonce={nonce} dangerouslySetInnerHTML={{ __html: json }} />
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return (
    <PublicErrorPage
      frame={(_, page) => (
        <main id="main" className="container">
          {page}
        </main>
      )}
    />
  );
}
