import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { articlePages, topicPages } from "~/content/pages";
import { pathInLanguage, type Language } from "~/i18n/languages";

const otherLanguage = { ur: "en", en: "ur" } as const;
/** Each language names itself in its own script, so a reader finds it whatever language the page is in. */
const languageSelfName = { ur: "اردو", en: "English" } as const;

export function SiteHeader({ lang, quickExitUrl }: { lang: Language; quickExitUrl: string }) {
  const { t } = useTranslation("common");
  const { pathname, search } = useLocation();
  const other = otherLanguage[lang];
  return (
    <header className="site-header">
      <div className="container site-header__bar">
        <a className="brand" href={`/${lang}`}>
          <span className="brand__name">{t("siteName")}</span>
          <span className="brand__tagline">{t("tagline")}</span>
        </a>
        <a className="quick-exit" href={quickExitUrl} rel="noreferrer" data-quick-exit="">
          {t("quickExit.label")}
          <span className="visually-hidden"> {t("quickExit.hint")}</span>
        </a>
      </div>
      <nav className="container site-header__nav" aria-label={t("nav.primary")}>
        <ul>
          <li>
            <a href={`/${lang}/report`}>{t("nav.report")}</a>
          </li>
          <li>
            <a href={`/${lang}/get-help`}>{t("nav.getHelp")}</a>
          </li>
          <li className="site-header__language">
            <a href={pathInLanguage(pathname, search, other)} lang={other} hrefLang={other} rel="alternate">
              {languageSelfName[other]}
            </a>
          </li>
        </ul>
      </nav>
    </header>
  );
}

export function SiteFooter({ lang }: { lang: Language }) {
  const { t } = useTranslation("common");
  return (
    <footer className="site-footer">
      <div className="container">
        <nav aria-label={t("nav.all")}>
          <h2 className="site-footer__heading">{t("nav.topicsHeading")}</h2>
          <ul className="site-footer__links">
            {topicPages.map((page) => (
              <li key={page.slug}>
                <a href={`/${lang}/${page.slug}`}>{t("meta.title", { ns: page.namespace })}</a>
              </li>
            ))}
          </ul>
          <h2 className="site-footer__heading">{t("nav.moreHeading")}</h2>
          <ul className="site-footer__links">
            <li>
              <a href={`/${lang}/job-check`}>{t("meta.title", { ns: "job-check" })}</a>
            </li>
            {articlePages
              .filter((page) => page.kind === "info")
              .map((page) => (
                <li key={page.slug}>
                  <a href={`/${lang}/${page.slug}`}>{t("meta.title", { ns: page.namespace })}</a>
                </li>
              ))}
            <li>
              <a href={`/${lang}/get-help`}>{t("meta.title", { ns: "get-help" })}</a>
            </li>
            <li>
              <a href={`/${lang}/report`}>{t("nav.pages.report")}</a>
            </li>
          </ul>
        </nav>
        <p className="site-footer__note">{t("footer.privacy")}</p>
        <p className="site-footer__note">{t("footer.sources")}</p>
      </div>
    </footer>
  );
}
