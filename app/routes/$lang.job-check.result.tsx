import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { assessJobOffer, parseJobCheckAnswers } from "~/domain/job-offer-check";
import { getFixedT } from "~/i18n/i18n.server";
import { pageMeta } from "~/utils/meta";
import { publicPageHeaders, requireLanguage } from "~/server/public-page.server";

export function loader({ params, request }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const parsed = parseJobCheckAnswers(new URL(request.url).searchParams);
  // An edited or partial address goes back to the questions rather than showing a wrong result.
  if (!parsed.success) throw redirect(`/${lang}/job-check`);
  const t = getFixedT(lang, "job-check");
  return { lang, result: assessJobOffer(parsed.data), title: t("result.title"), description: t("meta.description") };
}

export const headers: HeadersFunction = () => publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) =>
  pageMeta(data, location.pathname, matches);

export default function JobCheckResultPage() {
  const { lang, result } = useLoaderData<typeof loader>();
  const { t } = useTranslation("job-check");
  return (
    <>
      <h1>{t("result.title")}</h1>
      <div className={`risk-panel risk-panel--${result.risk}`} data-risk={result.risk}>
        <p className="risk-panel__level">{t(`result.risk.${result.risk}.heading`)}</p>
        <p>{t(`result.risk.${result.risk}.body`)}</p>
      </div>
      {result.notes.map((note) => (
        <p key={note} className="note" data-note={note}>
          {t(`result.notes.${note}`)}
        </p>
      ))}
      {result.flags.length > 0 ? (
        <section className="section section--warning" aria-labelledby="flags-heading">
          <h2 id="flags-heading">{t("result.flagsHeading")}</h2>
          <ul className="section__list">
            {result.flags.map((flag) => (
              <li key={flag.id} data-flag={flag.id}>
                <strong>{t(`result.severity.${flag.severity}`)}:</strong> {t(`flags.${flag.id}`)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="section" aria-labelledby="next-heading">
        <h2 id="next-heading">{t("result.nextHeading")}</h2>
        <ul className="section__list">
          <li>{t("result.next.talk")}</li>
          <li>{t("result.next.keepPassport")}</li>
          <li>{t("result.next.noCash")}</li>
          <li>{t("result.next.report")}</li>
        </ul>
      </section>
      <div className="article__actions">
        <a className="button" href={`/${lang}/report?category=${result.suggestedCategory}`}>
          {t("result.reportButton")}
        </a>
        <a className="button button--secondary" href={`/${lang}/job-check`}>
          {t("result.again")}
        </a>
        {result.suggestedCategory === "child_exploitation" ? (
          <a className="button button--secondary" href={`/${lang}/child-trafficking`}>
            {t("result.learnMoreChild")}
          </a>
        ) : (
          <a className="button button--secondary" href={`/${lang}/fake-job-offers`}>
            {t("result.learnMore")}
          </a>
        )}
      </div>
    </>
  );
}
