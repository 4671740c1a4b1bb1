import { useTranslation } from "react-i18next";
import { ReferralList, TextList } from "./lists";

export interface CaseFactsView {
  category: string;
  createdAt: string;
  priority: string;
  status: string;
  closeOutcome: string | null;
  crossesBorder: string;
  country: string | null | undefined;
  province: string;
  district: string | null | undefined;
  victimCount: number | null;
  victimAgeGroup: string;
  immediateDanger: boolean;
  channel: string;
  assignedTo: string | null;
}

/** A tip's facts as a definition list: the case page and the case file (which adds the status) show the same. */
export function CaseFacts({ tip, withStatus = false }: { tip: CaseFactsView; withStatus?: boolean }) {
  const { t } = useTranslation("staff");
  const { t: tr } = useTranslation("report");
  const status = `${t(`statuses.${tip.status}`)}${tip.closeOutcome ? ` (${t(`outcomes.${tip.closeOutcome}`)})` : ""}`;
  const facts: [string, React.ReactNode][] = [
    [t("case.category"), tr(`fields.category.options.${tip.category}`)],
    [t("case.received"), tip.createdAt],
    [t("case.priority"), t(`priorities.${tip.priority}`)],
    ...(withStatus ? [[t("caseFile.status"), status] as [string, React.ReactNode]] : []),
    [t("case.crossesBorder"), tr(`fields.crossesBorder.options.${tip.crossesBorder}`)],
    [t("case.country"), tip.country ?? "—"],
    [t("case.province"), tr(`provinces.${tip.province}`)],
    [t("case.district"), tip.district ?? "—"],
    [t("case.victims"), tip.victimCount ?? "—"],
    [t("case.ageGroup"), tr(`fields.victimAgeGroup.options.${tip.victimAgeGroup}`)],
    [t("case.danger"), tip.immediateDanger ? t("yes") : t("no")],
    [t("case.channel"), t(`channels.${tip.channel}`)],
    [t("case.assignedTo"), tip.assignedTo ?? "—"],
  ];
  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface CaseRoutingView {
  agency: string;
  unit: string | null;
  jurisdiction: string;
  routing: { reasons: readonly string[]; legalBasis: readonly string[] };
  /** The places the reporter named abroad, as "Oman (“Muscat”)": see destinationPlacesOf. */
  destinationPlaces: readonly string[];
  alsoNotify: readonly { kind: string; place: string }[];
}

/** Where a tip was routed and why, with its legal basis: the case page and the case file show the same. */
export function CaseRouting({ tip }: { tip: CaseRoutingView }) {
  const { t } = useTranslation("staff");
  return (
    <>
      <p data-agency="">
        {tip.agency}
        {tip.unit ? ` · ${tip.unit}` : ""} · {t(`jurisdictions.${tip.jurisdiction}`)}
      </p>
      <TextList
        items={tip.routing.reasons.map((reason) =>
          t(`reasons.${reason}`, { places: tip.destinationPlaces.join(", ") }),
        )}
      />
      <p data-legal-basis="">
        {t("case.legalBasis")}:{" "}
        {tip.routing.legalBasis.length > 0
          ? tip.routing.legalBasis.map((basis) => t(`legalBasis.${basis}`)).join("; ")
          : "—"}
      </p>
      <ReferralList
        heading={t("case.alsoNotify")}
        referrals={tip.alsoNotify}
        describe={(referral) => (
          <>
            {t(`referrals.${referral.kind}`)}: {referral.place}
          </>
        )}
      />
    </>
  );
}

/**
 * What the reporter wrote: description, suspects and contact. `contactHiddenText` stands for a contact this role
 * may not read (the case page and the case file word it differently); `contactState` marks the contact for tests.
 */
export function TipTexts({
  tip,
  contactHiddenText,
  contactState = "",
}: {
  tip: { description: string; suspects: string | null; contact: string | null; hasContact: boolean };
  contactHiddenText: string;
  contactState?: string;
}) {
  const { t } = useTranslation("staff");
  return (
    <>
      <h3>{t("case.description")}</h3>
      <p className="message__body" dir="auto" data-description="">
        {tip.description}
      </p>
      <h3>{t("case.suspects")}</h3>
      <p className="message__body" dir="auto">
        {tip.suspects ?? "—"}
      </p>
      <h3>{t("case.contact")}</h3>
      <p className="message__body" dir="auto" data-contact={contactState}>
        {tip.contact ?? (tip.hasContact ? contactHiddenText : t("case.noContact"))}
      </p>
    </>
  );
}
