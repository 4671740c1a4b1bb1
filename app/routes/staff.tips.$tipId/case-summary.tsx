import type { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseFacts } from "~/components/case-facts";
import type { loader } from "./route";

type CaseView = ReturnType<typeof useLoaderData<typeof loader>>;

/** The tip's facts, text and routing, and the tips linked to it by a shared identifier. */
export function CaseSummary({ tip, linked }: Pick<CaseView, "tip" | "linked">) {
  const { t } = useTranslation("staff");
  return (
    <div className="case-grid">
      <section className="section" aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t("case.facts")}</h2>
        <CaseFacts tip={tip} />
        <h3>{t("case.description")}</h3>
        <p className="message__body" dir="auto" data-description="">
          {tip.description}
        </p>
        <h3>{t("case.suspects")}</h3>
        <p className="message__body" dir="auto">
          {tip.suspects ?? "—"}
        </p>
        <h3>{t("case.contact")}</h3>
        <p className="message__body" dir="auto" data-contact="">
          {tip.contact ?? (tip.hasContact ? t("case.contactHidden") : t("case.noContact"))}
        </p>
      </section>
      <section className="section" aria-labelledby="routing-heading">
        <h2 id="routing-heading">{t("case.routing")}</h2>
        <p data-agency="">
          {tip.agency}
          {tip.unit ? ` · ${tip.unit}` : ""} · {t(`jurisdictions.${tip.jurisdiction}`)}
        </p>
        <ul className="section__list">
          {tip.routing.reasons.map((reason) => (
            <li key={reason}>{t(`reasons.${reason}`, { places: tip.destinationPlaces.join(", ") })}</li>
          ))}
        </ul>
        {tip.routing.legalBasis.length > 0 ? (
          <p>
            {t("case.legalBasis")}: {tip.routing.legalBasis.map((basis) => t(`legalBasis.${basis}`)).join("; ")}
          </p>
        ) : null}
        {tip.alsoNotify.length > 0 ? (
          <>
            <h3>{t("case.alsoNotify")}</h3>
            <ul className="section__list">
              {tip.alsoNotify.map((referral) => (
                <li key={`${referral.kind}-${referral.place}`}>
                  {t(`referrals.${referral.kind}`)}: {referral.place}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>{t("case.linked")}</h3>
        {linked.length === 0 ? (
          <p>{t("case.noLinked")}</p>
        ) : (
          <ul className="section__list" data-linked="">
            {linked.map((other) => (
              <li key={other.id}>
                <a href={`/staff/tips/${other.id}`} dir="ltr">
                  {other.reference}
                </a>{" "}
                · {t(`statuses.${other.status}`)} · {other.agency} ·{" "}
                {other.kinds.map((kind) => t(`identifierKinds.${kind}`)).join(", ")}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
