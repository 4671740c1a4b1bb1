import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmergencyCallout } from "~/components/helplines";
import { topicPages } from "~/content/pages";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory } from "~/models/directory.server";
import { pageMeta } from "~/utils/meta";
import { publicPageHeaders, requireLanguage } from "~/server/public-page.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const t = getFixedT(lang);
  const { emergencyHelpline } = await getDirectory();
  return { lang, emergencyHelpline, title: t("siteName"), description: getFixedT(lang, "home")("meta.description") };
}

export const headers: HeadersFunction = () => publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) =>
  pageMeta(data, location.pathname, matches);

export default function HomePage() {
  const { lang, emergencyHelpline } = useLoaderData<typeof loader>();
  const { t } = useTranslation("home");
  const { t: tc } = useTranslation("common");
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <ul className="action-cards">
          <li>
            <a className="action-card action-card--primary" href={`/${lang}/report`}>
              <span className="action-card__title">{t("actions.report.title")}</span>
              <span className="action-card__body">{t("actions.report.body")}</span>
            </a>
          </li>
          <li>
            <a className="action-card" href={`/${lang}/job-check`}>
              <span className="action-card__title">{t("actions.jobCheck.title")}</span>
              <span className="action-card__body">{t("actions.jobCheck.body")}</span>
            </a>
          </li>
          <li>
            <a className="action-card" href={`/${lang}/get-help`}>
              <span className="action-card__title">{t("actions.getHelp.title")}</span>
              <span className="action-card__body">{t("actions.getHelp.body")}</span>
            </a>
          </li>
        </ul>
      </section>
      <EmergencyCallout helpline={emergencyHelpline} lang={lang} />
      <section aria-labelledby="topics-heading">
        <h2 id="topics-heading">{t("topicsHeading")}</h2>
        <p>{t("topicsIntro")}</p>
        <ul className="topic-list">
          {topicPages.map((page) => (
            <li key={page.slug}>
              <a className="topic-link" href={`/${lang}/${page.slug}`}>
                <span className="topic-link__title">{tc("meta.title", { ns: page.namespace })}</span>
                <span className="topic-link__body">{t(`topics.${page.slug}`)}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="know-heading">
        <h2 id="know-heading">{t("knowHeading")}</h2>
        <ul className="topic-list">
          <li>
            <a className="topic-link" href={`/${lang}/law`}>
              <span className="topic-link__title">{tc("meta.title", { ns: "law" })}</span>
              <span className="topic-link__body">{t("know.law")}</span>
            </a>
          </li>
          <li>
            <a className="topic-link" href={`/${lang}/safety`}>
              <span className="topic-link__title">{tc("meta.title", { ns: "safety" })}</span>
              <span className="topic-link__body">{t("know.safety")}</span>
            </a>
          </li>
        </ul>
      </section>
      <section className="section" aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t("factsHeading")}</h2>
        <ul className="section__list">
          {(t("facts", { returnObjects: true }) as { text: string; source: string }[]).map((fact, index) => (
            <li key={index}>
              {fact.text}{" "}
              <small className="source-note">
                ({tc("sourceLabel")}: {fact.source})
              </small>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
