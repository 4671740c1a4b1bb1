import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseHistory, MessageList } from "~/components/case-history";
import { DeletionSchedule } from "~/components/deletion-schedule";
import { EvidenceList } from "~/components/evidence-list";
import { ErrorSummary, FieldError, TextArea } from "~/components/forms";
import { districtName } from "~/content/districts";
import { can, triageDeskCode, type Permission } from "~/domain/permissions";
import { deletionDueAt, isDeletionDueSoon, isPostponementChoice, mayPostponeDeletion } from "~/domain/retention";
import { allowedTransitions, closeOutcomes, type TipStatus } from "~/domain/tip-status";
import { cleanText, limits } from "~/domain/tip";
import { intlLocaleOf } from "~/i18n/languages";
import { getDirectory } from "~/models/directory.server";
import {
  addCaseNote,
  assignCase,
  changeCaseStatus,
  findCaseFacts,
  messageReporter,
  openCase,
  postponeCaseDeletion,
  sendFromTriageDesk,
  transferCase,
} from "~/models/staff-case.server";
import { readFormData, type FormRejection } from "~/utils/forms";
import { getRetentionPolicy } from "~/utils/retention.server";
import type { RouteHandle } from "~/utils/route-handle";
import { staffHeaders } from "~/utils/staff-page.server";
import { requireStaff, requireTipPermission, type StaffUser } from "~/utils/staff-session.server";

export const handle: RouteHandle = { i18n: ["staff", "report"] };

async function loadScopedTip(user: StaffUser, tipId: string | undefined, permission: Permission) {
  const facts = await findCaseFacts(tipId);
  requireTipPermission(user, permission, facts);
  return { facts, tipId: tipId! };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "tip:read");
  const { facts, tipId } = await loadScopedTip(user, params.tipId, "tip:read");
  const { tip, retention, linked, evidence, directory, triageDesk, assignable, triageChoices } = await openCase(user, tipId, facts);
  const lang = user.language;
  const when = new Intl.DateTimeFormat(intlLocaleOf(lang), { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Karachi" });
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
      events: tip.events.map((event) => ({ ...event, agency: agencyName(event.agencyCode, lang), at: when.format(event.createdAt) })),
      messages: tip.messages.map((message) => ({ ...message, at: when.format(message.at) })),
      notes: tip.notes.map((note) => ({ ...note, at: when.format(note.at) })),
      destinationPlaces: tip.routing.destinationHints.map((hint) => `${hint.place === "abroad" ? "—" : (regions.of(hint.place) ?? hint.place)} (“${hint.term}”)`),
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
            on: deletionOn ? new Intl.DateTimeFormat(intlLocaleOf(lang), { dateStyle: "long", timeZone: "Asia/Karachi" }).format(deletionOn) : null,
            soon: isDeletionDueSoon(retention, new Date(), policy),
            postponed: Boolean(deletionOn && retention.retainUntil?.getTime() === deletionOn.getTime()),
          }
        : null,
    transitions: allowedTransitions(tip.status as TipStatus),
    assignable,
    triageTargets: triageChoices.map(({ agency, staff }) => ({ code: agency.code, name: agency.name[lang], staff })),
    triageDesk,
    transferTargets: directory.agencies.filter((agency) => agency.code !== tip.agencyCode).map((agency) => ({ code: agency.code, name: agency.name[lang] })),
  };
}

type CaseRejection = FormRejection & { intent: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "tip:read");
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const text = (name: string) => cleanText(String(form.get(name) ?? "")).slice(0, limits.descriptionMax + 1);
  const reject = (field: string, key: string) =>
    data<CaseRejection>({ intent, fieldErrors: { [field]: key }, values: { [field]: String(form.get(field) ?? "").slice(0, limits.descriptionMax) } }, { status: 400, headers: staffHeaders });
  const done = (what: string) => redirect(`/staff/tips/${params.tipId}?done=${what}`, { headers: staffHeaders });

  switch (intent) {
    case "status": {
      const { facts, tipId } = await loadScopedTip(user, params.tipId, "tip:update-status");
      const to = String(form.get("status") ?? "");
      const outcome = String(form.get("outcome") ?? "") || undefined;
      const result = await changeCaseStatus(user, tipId, facts, to, outcome);
      if (!result.ok) return reject("status", `case.errors.${result.problem}`);
      return done("status");
    }
    case "message": {
      const { facts, tipId } = await loadScopedTip(user, params.tipId, "tip:message");
      const body = text("message");
      if (!body) return reject("message", "case.errors.messageRequired");
      if (body.length > limits.descriptionMax) return reject("message", "case.errors.tooLong");
      await messageReporter(user, tipId, facts, body);
      return done("message");
    }
    case "note": {
      const { facts, tipId } = await loadScopedTip(user, params.tipId, "tip:note");
      const body = text("note");
      if (!body) return reject("note", "case.errors.noteRequired");
      if (body.length > limits.descriptionMax) return reject("note", "case.errors.tooLong");
      await addCaseNote(user, tipId, facts, body);
      return done("note");
    }
    case "assign": {
      const { facts, tipId } = await loadScopedTip(user, params.tipId, "tip:assign");
      if (facts.agencyCode === triageDeskCode) {
        // The triage desk's tips go to the agency that should handle them ("code"), or straight to a person
        // there who will see it in their queue ("code/staffId").
        const [toAgency = "", toPerson = ""] = String(form.get("agency") ?? "").split("/");
        if (!(await getDirectory()).hasAgency(toAgency) || toAgency === triageDeskCode) return reject("assign-agency", "case.errors.agencyRequired");
        const problem = await sendFromTriageDesk(user, tipId, facts, { toAgency, toPerson });
        if (problem) return reject("assign-agency", `case.errors.${problem}`);
        return done("assign");
      }
      if (!(await assignCase(user, tipId, facts, String(form.get("assignee") ?? "")))) return reject("assignee", "case.errors.assigneeInvalid");
      return done("assign");
    }
    case "transfer": {
      const { facts, tipId } = await loadScopedTip(user, params.tipId, "tip:transfer");
      const toAgency = String(form.get("agency") ?? "");
      const reason = text("reason");
      if (!(await getDirectory()).hasAgency(toAgency) || toAgency === facts.agencyCode) return reject("transfer-agency", "case.errors.agencyRequired");
      if (!reason) return reject("reason", "case.errors.reasonRequired");
      if (reason.length > 2_000) return reject("reason", "case.errors.tooLong");
      if (!(await transferCase(user, tipId, facts, toAgency, reason))) return reject("transfer-agency", "case.errors.alreadyMoved");
      // The tip has left this person's queue (unless they can see everything).
      return redirect(can(user, "tip:read", { agencyCode: toAgency, unitCode: null }) ? `/staff/tips/${tipId}?done=transfer` : "/staff?done=transfer", {
        headers: staffHeaders,
      });
    }
    case "postpone-deletion": {
      const { facts, tipId } = await loadScopedTip(user, params.tipId, "tip:postpone-deletion");
      const days = Number(form.get("postponeDays"));
      const reason = text("postponeReason");
      // Keeps the typed reason whichever field is wrong.
      const refuse = (field: string, key: string) =>
        data<CaseRejection>({ intent, fieldErrors: { [field]: key }, values: { postponeReason: String(form.get("postponeReason") ?? "").slice(0, 2_000) } }, { status: 400, headers: staffHeaders });
      if (!isPostponementChoice(days)) return refuse("postponeDays", "case.errors.postponeDays");
      if (!reason) return refuse("postponeReason", "case.errors.postponeReason");
      if (reason.length > 2_000) return refuse("postponeReason", "case.errors.tooLong");
      if (!(await postponeCaseDeletion(user, tipId, facts, { days, reason }))) return refuse("postponeDays", "case.errors.nothingToPostpone");
      return done("postpone");
    }
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

export const headers: HeadersFunction = () => staffHeaders;

export default function CasePage() {
  const { tip, tipId, evidence, linked, permissions, transitions, assignable, triageTargets, transferTargets, triageDesk, done, deletion } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const { t: tr } = useTranslation("report");
  const errors = rejection?.fieldErrors ?? {};
  const errorText = (field: string) => (errors[field] ? t(errors[field]!) : undefined);
  const facts: [string, React.ReactNode][] = [
    [t("case.category"), tr(`fields.category.options.${tip.category}`)],
    [t("case.received"), tip.createdAt],
    [t("case.priority"), t(`priorities.${tip.priority}`)],
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
    <>
      <ErrorSummary errors={errors} namespace="staff" fieldOrder={["status", "message", "note", "assignee", "assign-agency", "transfer-agency", "reason", "postponeDays", "postponeReason"]} />
      {done ? (
        <div className="panel panel--notice" role="status">
          <p>{t(`case.done.${done}`, { defaultValue: t("case.done.status") })}</p>
        </div>
      ) : null}
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
      <div className="case-grid">
        <section className="section" aria-labelledby="facts-heading">
          <h2 id="facts-heading">{t("case.facts")}</h2>
          <dl className="facts">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
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
                  <li key={`${referral.kind}-${referral.place}`}>{t(`referrals.${referral.kind}`)}: {referral.place}</li>
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
                  · {t(`statuses.${other.status}`)} · {other.agency} · {other.kinds.map((kind) => t(`identifierKinds.${kind}`)).join(", ")}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <EvidenceList tipId={tipId} reference={tip.reference} files={evidence} />

      <CaseHistory heading={t("case.history")} events={tip.events} namespace="staff" />

      <section className="section" aria-labelledby="conversation-heading">
        <h2 id="conversation-heading">{t("case.conversation")}</h2>
        <MessageList messages={tip.messages.map((message) => ({ ...message, who: message.author === "agency" ? t("case.fromAgency") : t("case.fromReporter") }))} />
        {permissions.message ? (
          <Form method="post" noValidate className="form">
            <input type="hidden" name="intent" value="message" />
            <TextArea
              name="message"
              label={t("case.messageLabel")}
              hint={t(tip.channel === "sms" && tip.hasContact ? "case.messageHintSms" : "case.messageHint")}
              error={errorText("message")}
              value={rejection?.intent === "message" ? rejection.values.message : undefined}
              rows={4}
            />
            <button className="button" type="submit">
              {t("case.sendMessage")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="section" aria-labelledby="notes-heading">
        <h2 id="notes-heading">{t("case.notes")}</h2>
        <MessageList messages={tip.notes.map((note) => ({ author: "note", who: note.author, at: note.at, body: note.body }))} />
        {permissions.note ? (
          <Form method="post" noValidate className="form">
            <input type="hidden" name="intent" value="note" />
            <TextArea name="note" label={t("case.noteLabel")} error={errorText("note")} value={rejection?.intent === "note" ? rejection.values.note : undefined} rows={3} />
            <button className="button button--secondary" type="submit">
              {t("case.addNote")}
            </button>
          </Form>
        ) : null}
      </section>

      {deletion ? (
        <DeletionSchedule
          schedule={deletion}
          canPostpone={permissions.postponeDeletion}
          errors={{ days: errorText("postponeDays"), reason: errorText("postponeReason") }}
          reason={rejection?.intent === "postpone-deletion" ? rejection.values.postponeReason : undefined}
        />
      ) : null}

      <div className="case-grid">
        {permissions.status && transitions.length > 0 ? (
          <section className="section" aria-labelledby="status-heading">
            <h2 id="status-heading">{t("case.changeStatus")}</h2>
            <Form method="post" noValidate className="form">
              <input type="hidden" name="intent" value="status" />
              {errorText("status") ? <p className="field-error">{errorText("status")}</p> : null}
              <label className="label" htmlFor="status">
                {t("case.newStatus")}
              </label>
              <select className="select" id="status" name="status">
                {transitions.map((status) => (
                  <option key={status} value={status}>
                    {t(`statuses.${status}`)}
                  </option>
                ))}
              </select>
              <label className="label" htmlFor="outcome">
                {t("case.outcome")}
              </label>
              <select className="select" id="outcome" name="outcome" defaultValue="">
                <option value="">—</option>
                {closeOutcomes.map((outcome) => (
                  <option key={outcome} value={outcome}>
                    {t(`outcomes.${outcome}`)}
                  </option>
                ))}
              </select>
              <button className="button" type="submit">
                {t("case.saveStatus")}
              </button>
            </Form>
          </section>
        ) : null}
        {permissions.assign ? (
          <section className="section" aria-labelledby="assign-heading">
            <h2 id="assign-heading">{t("case.assign")}</h2>
            <Form method="post" noValidate className="form">
              <input type="hidden" name="intent" value="assign" />
              {!triageDesk ? (
                <>
                  <label className="label" htmlFor="assignee">
                    {t("case.assignee")}
                  </label>
                  <FieldError id="assignee" message={errorText("assignee")} />
                  <select className="select" id="assignee" name="assignee" defaultValue="" aria-describedby={errorText("assignee") ? "assignee-error" : undefined}>
                    <option value="">{t("case.nobody")}</option>
                    {assignable.map((member) => (
                      <option key={member.id} value={member.id}>
                        {member.name}
                      </option>
                    ))}
                  </select>
                </>
              ) : (
                <>
                  <label className="label" htmlFor="assign-agency">
                    {t("case.assignAgency")}
                  </label>
                  <p className="hint" id="assign-agency-hint">
                    {t("case.assignAgencyHint")}
                  </p>
                  <FieldError id="assign-agency" message={errorText("assign-agency")} />
                  <select
                    className="select"
                    id="assign-agency"
                    name="agency"
                    defaultValue=""
                    aria-describedby={errorText("assign-agency") ? "assign-agency-hint assign-agency-error" : "assign-agency-hint"}
                  >
                    <option value="">—</option>
                    {triageTargets.map((target) => (
                      <optgroup key={target.code} label={target.name}>
                        <option value={target.code}>{t("case.agencyQueue", { agency: target.name })}</option>
                        {target.staff.map((member) => (
                          <option key={member.id} value={`${target.code}/${member.id}`}>
                            {member.name}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                </>
              )}
              <button className="button" type="submit">
                {t("case.saveAssign")}
              </button>
            </Form>
          </section>
        ) : null}
        {permissions.transfer ? (
          <section className="section" aria-labelledby="transfer-heading">
            <h2 id="transfer-heading">{t("case.transfer")}</h2>
            <Form method="post" noValidate className="form">
              <input type="hidden" name="intent" value="transfer" />
              <label className="label" htmlFor="transfer-agency">
                {t("case.transferTo")}
              </label>
              <FieldError id="transfer-agency" message={errorText("transfer-agency")} />
              <select className="select" id="transfer-agency" name="agency" defaultValue="" aria-describedby={errorText("transfer-agency") ? "transfer-agency-error" : undefined}>
                <option value="">—</option>
                {transferTargets.map((target) => (
                  <option key={target.code} value={target.code}>
                    {target.name}
                  </option>
                ))}
              </select>
              <TextArea name="reason" label={t("case.transferReason")} error={errorText("reason")} value={rejection?.intent === "transfer" ? rejection.values.reason : undefined} rows={2} />
              <button className="button button--secondary" type="submit">
                {t("case.transferSubmit")}
              </button>
            </Form>
          </section>
        ) : null}
      </div>
    </>
  );
}
