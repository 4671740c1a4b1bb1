import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseHistory, MessageList } from "~/components/case-history";
import { DeletionSchedule } from "~/components/deletion-schedule";
import { EvidenceList } from "~/components/evidence-list";
import { ErrorSummary } from "~/components/forms";
import { NoticePanel } from "~/components/notice-panel";
import { districtName } from "~/domain/reference-data";
import { can } from "~/domain/permissions";
import { deletionDueAt, isDeletionDueSoon, mayPostponeDeletion } from "~/domain/retention";
import { allowedTransitions, type TipStatus } from "~/domain/tip-status";
import { intlLocaleOf } from "~/i18n/languages";
import { openCase } from "~/models/staff-case.server";
import { readFormData } from "~/utils/forms";
import { getRetentionPolicy } from "~/server/retention.server";
import type { RouteHandle } from "~/utils/route-handle";
import { destinationPlacesOf, staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";
import { AssignForm } from "./assign-form";
import { CaseSummary } from "./case-summary";
import { caseErrorFields, handleCaseIntent, loadScopedTip } from "./intents.server";
import { StatusForm } from "./status-form";
import { TransferForm } from "./transfer-form";
import { CaseTextForm } from "./text-form";

export const handle: RouteHandle = { i18n: ["staff", "report"] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "tip:read");
  const { facts, tipId } = await loadScopedTip(user, params.tipId, "tip:read");
  const { tip, retention, linked, evidence, directory, triageDesk, assignable, triageChoices } = await openCase(
    user,
    tipId,
    facts,
  );
  const lang = user.language;
  const when = new Intl.DateTimeFormat(intlLocaleOf(lang), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Karachi",
  });
  const regions = new Intl.DisplayNames(intlLocaleOf(lang), { type: "region" });
  const { agencyName, unitName } = directory;
  const policy = getRetentionPolicy();
  const deletionOn = deletionDueAt(retention, policy);
  return {
    title: tip.reference,
    done: new URL(request.url).searchParams.get("done"),
    tip: {
      ...tip,
      createdAt: when.format(tip.createdAt),
      country: tip.country ? regions.of(tip.country) : null,
      district: districtName(tip.district, lang),
      agency: agencyName(tip.agencyCode, lang),
      unit: unitName(tip.unitCode, lang),
      events: tip.events.map((event) => ({
        ...event,
        agency: agencyName(event.agencyCode, lang),
        at: when.format(event.createdAt),
      })),
      messages: tip.messages.map((message) => ({ ...message, at: when.format(message.at) })),
      notes: tip.notes.map((note) => ({ ...note, at: when.format(note.at) })),
      destinationPlaces: destinationPlacesOf(tip.routing.destinationHints, regions),
    },
    linked: linked.map((other) => ({ ...other, agency: agencyName(other.agencyCode, lang) })),
    tipId,
    evidence,
    permissions: {
      status: can(user, "tip:update-status", facts),
      message: can(user, "tip:message", facts),
      note: can(user, "tip:note", facts),
      assign: can(user, "tip:assign", facts),
      transfer: can(user, "tip:transfer", facts),
      postponeDeletion: mayPostponeDeletion(user, { ...facts, ...retention }, policy),
    },
    // Closed tips only: when their content is deleted (docs/decisions/017).
    deletion:
      retention.status === "closed"
        ? {
            on: deletionOn
              ? new Intl.DateTimeFormat(intlLocaleOf(lang), { dateStyle: "long", timeZone: "Asia/Karachi" }).format(
                  deletionOn,
                )
              : null,
            soon: isDeletionDueSoon(retention, new Date(), policy),
            postponed: Boolean(deletionOn && retention.retainUntil?.getTime() === deletionOn.getTime()),
          }
        : null,
    transitions: allowedTransitions(tip.status as TipStatus),
    assignable,
    triageTargets: triageChoices.map(({ agency, staff }) => ({ code: agency.code, name: agency.name[lang], staff })),
    triageDesk,
    transferTargets: directory.agencies
      .filter((agency) => agency.code !== tip.agencyCode)
      .map((agency) => ({ code: agency.code, name: agency.name[lang] })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "tip:read");
  const form = await readFormData(request);
  return handleCaseIntent(user, params.tipId, String(form.get("intent") ?? ""), form);
}

export const headers: HeadersFunction = () => staffHeaders;

export default function CasePage() {
  const {
    tip,
    tipId,
    evidence,
    linked,
    permissions,
    transitions,
    assignable,
    triageTargets,
    transferTargets,
    triageDesk,
    done,
    deletion,
  } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const errors = rejection?.fieldErrors ?? {};
  const errorText = (field: string) => (errors[field] ? t(errors[field]!) : undefined);
  // Only the form that was rejected takes its typed text back.
  const kept = (intent: string, field: string) => (rejection?.intent === intent ? rejection.values[field] : undefined);
  return (
    <>
      <ErrorSummary errors={errors} namespace="staff" fieldOrder={caseErrorFields} />
      {done ? <NoticePanel>{t(`case.done.${done}`, { defaultValue: t("case.done.status") })}</NoticePanel> : null}
      <h1>
        <span dir="ltr">{tip.reference}</span> · {t(`statuses.${tip.status}`)}
        {tip.closeOutcome ? ` (${t(`outcomes.${tip.closeOutcome}`)})` : ""}
      </h1>
      {tip.urgent ? <p className="tag tag--urgent">{t("case.urgent")}</p> : null}
      <p>
        <a href={`/staff/tips/${tip.id}/case-file`} data-case-file-link="">
          {t("case.caseFile")}
        </a>
      </p>
      <CaseSummary tip={tip} linked={linked} />

      <EvidenceList tipId={tipId} reference={tip.reference} files={evidence} />

      <CaseHistory heading={t("case.history")} events={tip.events} namespace="staff" />

      <section className="section" aria-labelledby="conversation-heading">
        <h2 id="conversation-heading">{t("case.conversation")}</h2>
        <MessageList
          messages={tip.messages.map((message) => ({
            ...message,
            who: message.author === "agency" ? t("case.fromAgency") : t("case.fromReporter"),
          }))}
        />
        {permissions.message ? (
          <CaseTextForm
            intent="message"
            label={t("case.messageLabel")}
            hint={t(tip.channel === "sms" && tip.hasContact ? "case.messageHintSms" : "case.messageHint")}
            error={errorText("message")}
            value={kept("message", "message")}
            rows={4}
            submit={t("case.sendMessage")}
          />
        ) : null}
      </section>

      <section className="section" aria-labelledby="notes-heading">
        <h2 id="notes-heading">{t("case.notes")}</h2>
        <MessageList
          messages={tip.notes.map((note) => ({ author: "note", who: note.author, at: note.at, body: note.body }))}
        />
        {permissions.note ? (
          <CaseTextForm
            intent="note"
            label={t("case.noteLabel")}
            error={errorText("note")}
            value={kept("note", "note")}
            rows={3}
            submit={t("case.addNote")}
            secondary
          />
        ) : null}
      </section>

      {deletion ? (
        <DeletionSchedule
          schedule={deletion}
          canPostpone={permissions.postponeDeletion}
          errors={{ days: errorText("postponeDays"), reason: errorText("postponeReason") }}
          reason={kept("postpone-deletion", "postponeReason")}
        />
      ) : null}

      <div className="case-grid">
        {permissions.status && transitions.length > 0 ? (
          <StatusForm transitions={transitions} error={errorText("status")} />
        ) : null}
        {permissions.assign ? (
          <AssignForm
            triageDesk={triageDesk}
            assignable={assignable}
            triageTargets={triageTargets}
            errors={{ assignee: errorText("assignee"), agency: errorText("assign-agency") }}
          />
        ) : null}
        {permissions.transfer ? (
          <TransferForm
            targets={transferTargets}
            errors={{ agency: errorText("transfer-agency"), reason: errorText("reason") }}
            reason={kept("transfer", "reason")}
          />
        ) : null}
      </div>
    </>
  );
}
