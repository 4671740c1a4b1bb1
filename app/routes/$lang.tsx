import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PublicErrorPage } from "~/components/error-page";
import { SiteFooter, SiteHeader } from "~/components/site-chrome";
import { getEnv } from "~/server/env.server";
import { defaultQuickExitUrl } from "~/utils/quick-exit";
import { requireLanguage } from "~/server/public-page.server";

export function loader({ params }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  return { lang, quickExitUrl: getEnv().QUICK_EXIT_URL };
}

export default function PublicLayout() {
  const { lang, quickExitUrl } = useLoaderData<typeof loader>();
  return (
    <PublicChrome lang={lang} quickExitUrl={quickExitUrl}>
      <Outlet />
    </PublicChrome>
  );
}

function PublicChrome({
  lang,
  quickExitUrl,
  children,
}: {
  lang: "ur" | "en";
  quickExitUrl: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation("common");
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <SiteHeader lang={lang} quickExitUrl={quickExitUrl} />
      <main id="main" className="container" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter lang={lang} />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <PublicErrorPage
      frame={(lang, page) => (
        <PublicChrome lang={lang} quickExitUrl={defaultQuickExitUrl}>
          {page}
        </PublicChrome>
      )}
    />
  );
}
