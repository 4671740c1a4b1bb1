import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmergencyCallout, HelplineList } from "~/components/helplines";
import { emergencyHelpline, helplines } from "~/content/helplines";
import { getFixedT } from "~/i18n/i18n.server";
import { pageMeta } from "~/utils/meta";
import { publicPageHeaders, requireLanguage } from "~/utils/public-page.server";

// Online reporting (issue 3) is not built yet. Until it is, this page says so plainly and gives the
// phone channels, rather than a form that would pretend to send a tip.
export function loader({ params }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const t = getFixedT(lang);
  return { lang, helplines, emergencyHelpline, title: t("reportSoon.title"), description: t("reportSoon.body") };
}

export const headers: HeadersFunction = () => publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageMeta(data, location.pathname);

export default function ReportPage() {
  const { lang, helplines, emergencyHelpline } = useLoaderData<typeof loader>();
  const { t } = useTranslation("common");
  return (
    <>
      <h1>{t("reportSoon.title")}</h1>
      <p className="lead">{t("reportSoon.body")}</p>
      <EmergencyCallout helpline={emergencyHelpline} lang={lang} />
      <h2>{t("reportSoon.channelsHeading")}</h2>
      <HelplineList helplines={helplines} lang={lang} />
    </>
  );
}
