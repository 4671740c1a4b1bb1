import type { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseFacts, CaseRouting, TipTexts } from "~/components/case-facts";
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
        <TipTexts tip={tip} contactHiddenText={t("case.contactHidden")} />
      </section>
      <section className="section" aria-labelledby="routing-heading">
        <h2 id="routing-heading">{t("case.routing")}</h2>
        <CaseRouting tip={tip} />
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
