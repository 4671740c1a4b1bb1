import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmergencyCallout } from "~/components/helplines";
import { ReferralList, TextList } from "~/components/lists";
import { TokenActionForm } from "~/components/token-form";
import { districtName } from "~/domain/reference-data";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory } from "~/models/directory.server";
import { receiptDisplayLinks } from "~/models/tip.server";
import { conjunctionList, regionNames } from "~/i18n/languages";
import { readFormData } from "~/utils/forms";
import { pageMeta } from "~/utils/meta";
import { noStoreHeaders } from "~/utils/no-store.mjs";
import { requireLanguage } from "~/server/public-page.server";
import type { RouteHandle } from "~/utils/route-handle";

export const handle: RouteHandle = { i18n: ["report"] };

export async function loader({ params, request }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const t = getFixedT(lang, "report");
  const url = new URL(request.url);
  const token = url.searchParams.get("t");
  // Not extended on view: the receipt is shown for a short while after sending, then never again. Any server
  // opens the link (docs/decisions/019); a bad or old one shows the "expired" page.
  const sent = await receiptDisplayLinks.open(token);
  const directory = await getDirectory();
  const base = {
    lang,
    title: t("sent.title"),
    description: t("meta.description"),
    emergencyHelpline: directory.emergencyHelpline,
    saved: url.searchParams.has("saved"),
  };
  if (!sent) return { ...base, token: null, sent: null };
  const regions = regionNames(lang);
  return {
    ...base,
    token,
    sent: {
      reference: sent.reference,
      receipt: sent.receipt,
      agency: directory.agencyName(sent.agency, lang),
      unit: directory.unitName(sent.unit, lang),
      jurisdiction: sent.jurisdiction,
      reasons: sent.reasons,
      places: conjunctionList(lang).format(
        sent.destinationPlaces.map((place) => (place === "abroad" ? t("sent.abroad") : (regions.of(place) ?? place))),
      ),
      alsoNotify: sent.alsoNotify.map((referral) => ({
        kind: referral.kind,
        place:
          referral.kind === "vigilance_committee"
            ? (districtName(referral.place, lang) ?? referral.place)
            : t(`provinces.${referral.place}`),
      })),
      urgent: sent.urgent,
    },
  };
}

/** "I have saved my code": the receipt is not shown again, even from the phone's history (issue 10, item 8). */
export async function action({ params, request }: ActionFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const form = await readFormData(request);
  if (form.get("intent") !== "saved") throw new Response("Bad Request", { status: 400 });
  const token = form.get("t");
  await receiptDisplayLinks.end(typeof token === "string" ? token : null);
  return redirect(`/${lang}/report/sent?saved=1`, { headers: noStoreHeaders });
}

export const headers: HeadersFunction = () => noStoreHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) => [
  ...pageMeta(data, location.pathname, matches),
  { name: "robots", content: "noindex" },
];

export default function ReportSentPage() {
  const { lang, sent, token, saved, emergencyHelpline } = useLoaderData<typeof loader>();
  const { t } = useTranslation("report");
  if (!sent) {
    return (
      <>
        <h1>{t(saved ? "sent.savedTitle" : "sent.expiredTitle")}</h1>
        <p>{t(saved ? "sent.savedBody" : "sent.expiredBody")}</p>
        <p>
          <a href={`/${lang}/follow-up`}>{t("sent.followUpLink")}</a>
        </p>
      </>
    );
  }
  return (
    <>
      <div className="panel panel--confirmation" data-forget-on-back>
        <h1 className="panel__title">{t("sent.title")}</h1>
        <p>{t("sent.referenceLabel")}</p>
        <p className="panel__reference" dir="ltr" data-reference="">
          {sent.reference}
        </p>
      </div>
      {sent.urgent ? <EmergencyCallout helpline={emergencyHelpline} lang={lang} /> : null}
      <section className="section section--warning" aria-labelledby="receipt-heading">
        <h2 id="receipt-heading">{t("sent.receiptHeading")}</h2>
        <p className="receipt" dir="ltr" data-receipt="">
          {sent.receipt}
        </p>
        <p>
          <strong>{t("sent.receiptSave")}</strong>
        </p>
        <p>{t("sent.receiptNobody")}</p>
        <p>{t("sent.receiptUse")}</p>
        <TokenActionForm
          action={`/${lang}/report/sent`}
          token={token}
          intent="saved"
          hint={t("sent.savedHint")}
          submit={t("sent.savedButton")}
          data-receipt-saved=""
        />
      </section>
      <section className="section" aria-labelledby="where-heading">
        <h2 id="where-heading">{t("sent.whereHeading")}</h2>
        <p data-agency="">
          {t(`sent.jurisdiction.${sent.jurisdiction}`, { agency: sent.agency })}
          {sent.unit ? ` (${sent.unit})` : ""}
        </p>
        <h3>{t("sent.whyHeading")}</h3>
        <TextList items={sent.reasons.map((reason) => t(`reasons.${reason}`, { places: sent.places }))} />
        <ReferralList
          heading={t("sent.alsoHeading")}
          referrals={sent.alsoNotify}
          describe={(referral) => t(`referrals.${referral.kind}`, { place: referral.place })}
        />
      </section>
      <section className="section" aria-labelledby="next-heading">
        <h2 id="next-heading">{t("sent.nextHeading")}</h2>
        <TextList items={[t("sent.next.read"), t("sent.next.reply"), t("sent.next.noPromise")]} />
        <p>
          <a className="button" href={`/${lang}/follow-up`}>
            {t("sent.followUpLink")}
          </a>
        </p>
      </section>
    </>
  );
}
