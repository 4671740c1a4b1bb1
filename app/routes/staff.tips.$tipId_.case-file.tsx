// The case file for prosecutors: one tip's complete record as a printable page (saving it as PDF from the
// browser's print dialogue is enough). Same scope as the case page (404 outside it); producing it is audited;
// contact details only for staff whose role may read them (app/domain/permissions.ts). The trailing "_" in the
// file name keeps it out of the case page's layout: it is a document of its own inside the staff workspace.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseFacts, CaseRouting, TipTexts } from "~/components/case-facts";
import { CaseHistory, MessageList } from "~/components/case-history";
import { CaseFileEvidence } from "~/components/evidence-list";
import { districtName } from "~/domain/reference-data";
import { getFixedT } from "~/i18n/i18n.server";
import { regionNames } from "~/i18n/languages";
import { timeFormats } from "~/server/reporter-time.server";
import { findCaseFacts, produceCaseFile } from "~/models/staff-case.server";
import type { RouteHandle } from "~/utils/route-handle";
import { destinationPlacesOf, staffHeaders } from "~/server/staff-page.server";
import { requireStaff, requireTipPermission } from "~/server/staff-session.server";

export const handle: RouteHandle = { i18n: ["staff", "report"] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "tip:read");
  const facts = await findCaseFacts(params.tipId);
  requireTipPermission(user, "tip:read", facts);
  const { tip, linked, evidence, withContact, producedAt, directory } = await produceCaseFile(
    user,
    params.tipId!,
    facts,
  );
  const lang = user.language;
  const when = timeFormats(lang);
  const regions = regionNames(lang);
  const { agencyName, unitName } = directory;
  return {
    title: `${getFixedT(lang, "staff")("caseFile.title")} ${tip.reference}`,
    producedBy: { name: user.name, email: user.email, at: when.exact.format(producedAt) },
    withContact,
    tip: {
      id: tip.id,
      reference: tip.reference,
      status: tip.status,
      closeOutcome: tip.closeOutcome,
      urgent: tip.urgent,
      category: tip.category,
      createdAt: when.reporter.format(tip.createdAt),
      priority: tip.priority,
      crossesBorder: tip.crossesBorder,
      country: tip.country ? regions.of(tip.country) : null,
      province: tip.province,
      district: districtName(tip.district, lang),
      victimCount: tip.victimCount,
      victimAgeGroup: tip.victimAgeGroup,
      immediateDanger: tip.immediateDanger,
      channel: tip.channel,
      assignedTo: tip.assignedTo,
      jurisdiction: tip.jurisdiction,
      agency: agencyName(tip.agencyCode, lang),
      unit: unitName(tip.unitCode, lang),
      routing: tip.routing,
      destinationPlaces: destinationPlacesOf(tip.routing.destinationHints, regions),
      alsoNotify: tip.alsoNotify,
      description: tip.description,
      suspects: tip.suspects,
      // Null for a role without the permission: the value never reaches the page.
      contact: withContact ? tip.contact : null,
      hasContact: tip.hasContact,
      events: tip.events.map((event) => ({
        kind: event.kind,
        status: event.status,
        agency: agencyName(event.agencyCode, lang),
        at: when.event(event.kind, event.createdAt),
      })),
      messages: tip.messages.map((message) => ({ ...message, at: when.message(message) })),
      notes: tip.notes.map((note) => ({ ...note, at: when.exact.format(note.at) })),
    },
    evidence,
    linked: linked.map((other) => ({
      id: other.id,
      reference: other.reference,
      status: other.status,
      agency: agencyName(other.agencyCode, lang),
      kinds: other.kinds,
    })),
  };
}

export const headers: HeadersFunction = () => staffHeaders;

export default function CaseFilePage() {
  const { tip, linked, evidence, producedBy, withContact } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  return (
    <article className="case-file" data-case-file="">
      <p className="case-file__actions">
        <a href={`/staff/tips/${tip.id}`}>{t("caseFile.back")}</a> · {t("caseFile.printHint")}
      </p>
      <header className="case-file__header">
        <p className="case-file__confidential" data-confidential="">
          {t("caseFile.confidential")}
        </p>
        <h1>
          {t("caseFile.title")} <span dir="ltr">{tip.reference}</span>
        </h1>
        <p data-produced-by="">
          {t("caseFile.producedBy", { name: producedBy.name, email: producedBy.email, at: producedBy.at })}
        </p>
        {tip.urgent ? <p className="tag tag--urgent">{t("case.urgent")}</p> : null}
      </header>

      <section className="section" aria-labelledby="cf-facts">
        <h2 id="cf-facts">{t("case.facts")}</h2>
        <CaseFacts tip={tip} withStatus />
      </section>

      <section className="section" aria-labelledby="cf-routing">
        <h2 id="cf-routing">{t("case.routing")}</h2>
        <CaseRouting tip={tip} />
      </section>

      <section className="section" aria-labelledby="cf-report">
        <h2 id="cf-report">{t("caseFile.report")}</h2>
        <TipTexts
          tip={tip}
          contactHiddenText={t("caseFile.contactWithheld")}
          contactState={withContact ? "shown" : "withheld"}
        />
      </section>

      <CaseHistory heading={t("caseFile.statusHistory")} events={tip.events} namespace="staff" />

      <section className="section" aria-labelledby="cf-messages">
        <h2 id="cf-messages">{t("case.conversation")}</h2>
        {tip.messages.length === 0 ? <p>{t("caseFile.none")}</p> : null}
        <MessageList
          messages={tip.messages.map((message) => ({
            ...message,
            who: message.author === "agency" ? t("case.fromAgency") : t("case.fromReporter"),
          }))}
        />
      </section>

      <section className="section" aria-labelledby="cf-notes">
        <h2 id="cf-notes">{t("case.notes")}</h2>
        {tip.notes.length === 0 ? <p>{t("caseFile.none")}</p> : null}
        <MessageList
          messages={tip.notes.map((note) => ({ author: "note", who: note.author, at: note.at, body: note.body }))}
        />
      </section>

      <section className="section" aria-labelledby="cf-linked">
        <h2 id="cf-linked">{t("case.linked")}</h2>
        {linked.length === 0 ? (
          <p>{t("case.noLinked")}</p>
        ) : (
          <ul className="section__list" data-linked="">
            {linked.map((other) => (
              <li key={other.id}>
                <span dir="ltr">{other.reference}</span> · {t(`statuses.${other.status}`)} · {other.agency} ·{" "}
                {other.kinds.map((kind) => t(`identifierKinds.${kind}`)).join(", ")}
              </li>
            ))}
          </ul>
        )}
      </section>

      <CaseFileEvidence tipId={tip.id} reference={tip.reference} files={evidence} />

      <footer className="case-file__footer">
        <p>{t("caseFile.confidential")}</p>
        <p>{t("caseFile.producedBy", { name: producedBy.name, email: producedBy.email, at: producedBy.at })}</p>
      </footer>
    </article>
  );
}
