import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ArticleSections } from "~/components/article";
import { EmergencyCallout, HelplineList } from "~/components/helplines";
import { SmsReportNote } from "~/components/sms-number";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory } from "~/models/directory.server";
import { getEnv } from "~/server/env.server";
import { pageMeta } from "~/utils/meta";
import { publicPageHeaders, requireLanguage } from "~/server/public-page.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const t = getFixedT(lang, "get-help");
  const { helplines, emergencyHelpline } = await getDirectory();
  return {
    lang,
    helplines,
    emergencyHelpline,
    smsNumber: getEnv().SMS_NUMBER ?? null,
    title: t("meta.title"),
    description: t("meta.description"),
  };
}

export const headers: HeadersFunction = () => publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) =>
  pageMeta(data, location.pathname, matches);

export default function GetHelpPage() {
  const { lang, helplines, emergencyHelpline, smsNumber } = useLoaderData<typeof loader>();
  const { t } = useTranslation("get-help");
  return (
    <article className="article">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <EmergencyCallout helpline={emergencyHelpline} lang={lang} />
      <SmsReportNote number={smsNumber} text={(values) => t("smsReport", values)} />
      <ArticleSections
        namespace="get-help"
        helpHref="#channels"
        after={{ channels: <HelplineList helplines={helplines} lang={lang} /> }}
      />
      <p>
        <a className="button" href={`/${lang}/report`}>
          {t("reportButton")}
        </a>
      </p>
    </article>
  );
}
