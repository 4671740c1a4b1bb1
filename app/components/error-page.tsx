import { isRouteErrorResponse, useLocation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { defaultLanguage, languageFromPathname, type Language } from "~/i18n/languages";

/** The status of the error a boundary caught: a thrown Response's status, anything else is a 500. */
export function useErrorStatus(): number {
  const error = useRouteError();
  return isRouteErrorResponse(error) ? error.status : 500;
}

/**
 * The one error page of every error boundary (public root, public language layout, staff layout): a heading,
 * an optional explanation and the way back. Each boundary chooses the words and the chrome around it.
 */
export function ErrorPage({
  title,
  body,
  backHref,
  backLabel,
}: {
  title: string;
  body?: string;
  backHref: string;
  backLabel: string;
}) {
  return (
    <div className="error-page">
      <h1>{title}</h1>
      {body ? <p>{body}</p> : null}
      <p>
        <a href={backHref}>{backLabel}</a>
      </p>
    </div>
  );
}

/** The public site's error page, in the language of the address, inside the frame the boundary gives it. */
export function PublicErrorPage({ frame }: { frame: (lang: Language, page: React.ReactNode) => React.ReactNode }) {
  const notFound = useErrorStatus() === 404;
  const { t } = useTranslation("common");
  const { pathname } = useLocation();
  const lang = languageFromPathname(pathname) ?? defaultLanguage;
  const page = (
    <ErrorPage
      title={notFound ? t("errors.notFoundTitle") : t("errors.serverTitle")}
      body={notFound ? t("errors.notFoundBody") : t("errors.serverBody")}
      backHref={`/${lang}`}
      backLabel={t("errors.goHome")}
    />
  );
  return <>{frame(lang, page)}</>;
}
