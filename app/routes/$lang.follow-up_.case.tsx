import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NoticePanel } from "~/components/notice-panel";
import { CaseHistory, MessageList } from "~/components/case-history";
import { EvidenceUpload } from "~/components/evidence-upload";
import { ErrorSummary, TextArea } from "~/components/forms";
import { evidenceMessageNumbers } from "~/domain/evidence-intake";
import { cleanText, limits } from "~/domain/tip";
import { getFixedT } from "~/i18n/i18n.server";
import { intlLocaleOf } from "~/i18n/languages";
import { getDirectory } from "~/models/directory.server";
import {
  addReporterMessage,
  endFollowUpVisit,
  getReporterCase,
  openFollowUpVisit,
  replyEvidenceContext,
} from "~/models/tip.server";
import type { FormRejection } from "~/utils/forms";
import { pageMeta } from "~/utils/meta";
import { readUploadForm } from "~/server/multipart.server";
import { clientKeyOf, tipSubmissionLimiter } from "~/server/rate-limit.server";
import { noStoreHeaders } from "~/utils/no-store.mjs";
import { requireLanguage } from "~/server/public-page.server";
import { getRetentionPolicy } from "~/server/retention.server";
import { cleanSubmittedEvidence } from "~/models/tip-intake.server";
import type { RouteHandle } from "~/utils/route-handle";
import { followUpRenewAfterMs } from "~/server/tokens.server";

export const handle: RouteHandle = { i18n: ["follow-up", "report"] };

export async function loader({ params, request }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const t = getFixedT(lang, "follow-up");
  const url = new URL(request.url);
  const visit = await openFollowUpVisit(url.searchParams.get("t"));
  const base = { lang, title: t("case.title"), description: t("meta.description"), sent: url.searchParams.has("sent") };
  if (!visit) return { ...base, token: null, view: null };
  // The visit slides: the page's forms carry a renewed link, and an older link in the address bar is swapped
  // for a renewed one, so a reload keeps the visit alive too (any server can seal it: docs/decisions/019).
  if (Date.now() - visit.issuedAt >= followUpRenewAfterMs) {
    throw redirect(`/${lang}/follow-up/case?t=${visit.renewed}`, { headers: noStoreHeaders });
  }
  const reporterCase = await getReporterCase(visit.value.tipId, getRetentionPolicy());
  if (!reporterCase) return { ...base, token: null, view: null };
  const { view, accessEndsAt } = reporterCase;
  const directory = await getDirectory();
  const when = new Intl.DateTimeFormat(intlLocaleOf(lang), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Karachi",
  });
  return {
    ...base,
    token: visit.renewed,
    view: {
      reference: view.reference,
      accessEnds: accessEndsAt
        ? new Intl.DateTimeFormat(intlLocaleOf(lang), { dateStyle: "long", timeZone: "Asia/Karachi" }).format(
            accessEndsAt,
          )
        : null,
      status: view.status,
      agency: directory.agencyName(view.agencyCode, lang),
      history: view.history.map((event) => ({
        ...event,
        agency: directory.agencyName(event.agencyCode, lang),
        at: when.format(event.at),
      })),
      messages: view.messages.map((message) => ({ ...message, at: when.format(message.at) })),
      evidenceCount: view.evidenceCount,
    },
  };
}

export async function action({ params, request, context: loadContext }: ActionFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const { form, files, truncated, broken } = await readUploadForm(request);
  const token = typeof form.get("t") === "string" ? String(form.get("t")) : "";
  const intent = form.get("intent");
  if (intent === "end") {
    // Ended on every server: only a hash of the visit's id is written, with a coarse expiry.
    await endFollowUpVisit(token);
    return redirect(`/${lang}/follow-up?ended=1`, { headers: noStoreHeaders });
  }
  if (intent !== "reply") throw new Response("Bad Request", { status: 400 });
  const visit = await openFollowUpVisit(token);
  if (!visit) return redirect(`/${lang}/follow-up/case?t=`, { headers: noStoreHeaders });
  const raw = typeof form.get("message") === "string" ? String(form.get("message")) : "";
  const message = cleanText(raw);
  const problem = !message
    ? "errors.message.required"
    : message.length > limits.descriptionMax
      ? "errors.message.tooLong"
      : null;
  const values = { message: raw.slice(0, limits.descriptionMax + 100) };
  // Not well-formed (cut short, no boundary): part of the reply or its files may be missing, so nothing is stored.
  if (broken)
    return data<ReplyRejection>(
      { fieldErrors: { message: "report:errors.form.notSent" }, values, filesDropped: true },
      { status: 400, headers: noStoreHeaders },
    );
  if (problem)
    return data<ReplyRejection>(
      { fieldErrors: { message: problem }, values, filesDropped: files.length > 0 },
      { status: 400, headers: noStoreHeaders },
    );
  const context = await replyEvidenceContext(visit.value.tipId);
  if (!context) return redirect(`/${lang}/follow-up/case?t=`, { headers: noStoreHeaders });
  // Files cost the decoder seconds each: replies with files count against the connection's tip limit, before
  // cleaning, like a report (tip-intake.server.ts). A reply without files is not limited.
  if (files.length > 0 && !truncated) {
    const clientKey = clientKeyOf(loadContext);
    if (tipSubmissionLimiter.isOverLimit(clientKey)) {
      return data<ReplyRejection>(
        { fieldErrors: { evidence: "report:evidence.errors.connectionBusy" }, values, filesDropped: true },
        { status: 429, headers: noStoreHeaders },
      );
    }
    tipSubmissionLimiter.record(clientKey);
  }
  // Cleaned before anything is written: a refused file leaves no half reply behind.
  const evidence = truncated
    ? ({ ok: false, refusal: "submissionTooLarge", position: null } as const)
    : await cleanSubmittedEvidence(files, context);
  if (!evidence.ok) {
    return data<ReplyRejection>(
      {
        fieldErrors: { evidence: `report:evidence.errors.${evidence.refusal}` },
        values,
        evidencePosition: evidence.position,
        filesDropped: true,
      },
      { status: 400, headers: noStoreHeaders },
    );
  }
  await addReporterMessage(visit.value.tipId, message, evidence.files);
  return redirect(`/${lang}/follow-up/case?t=${visit.renewed}&sent=1`, { headers: noStoreHeaders });
}

type ReplyRejection = FormRejection & { evidencePosition?: number | null; filesDropped?: boolean };

export const headers: HeadersFunction = () => noStoreHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) => [
  ...pageMeta(data, location.pathname, matches),
  { name: "robots", content: "noindex" },
];

export default function FollowUpCasePage() {
  const { lang, token, view, sent } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("follow-up");
  if (!view) {
    return (
      <>
        <h1>{t("case.expiredTitle")}</h1>
        <p>{t("case.expiredBody")}</p>
        <p>
          <a className="button" href={`/${lang}/follow-up`}>
            {t("case.enterAgain")}
          </a>
        </p>
      </>
    );
  }
  const errors = rejection?.fieldErrors ?? {};
  const messageValues = {
    position: rejection && "evidencePosition" in rejection ? rejection.evidencePosition : undefined,
    ...evidenceMessageNumbers,
  };
  return (
    <>
      <span hidden data-forget-on-back />
      <ErrorSummary errors={errors} namespace="follow-up" fieldOrder={["message", "evidence"]} values={messageValues} />
      {sent ? <NoticePanel>{t("case.replySent")}</NoticePanel> : null}
      <h1>{t("case.title")}</h1>
      <p>
        {t("case.referenceLabel")} <span dir="ltr">{view.reference}</span>
      </p>
      <div className="status-box" data-status={view.status}>
        <p className="status-box__label">{t("case.statusLabel")}</p>
        <p className="status-box__value">{t(`statuses.${view.status}`)}</p>
        <p>{t("case.withAgency", { agency: view.agency })}</p>
      </div>
      {view.accessEnds ? <p data-access-ends="">{t("case.accessEnds", { date: view.accessEnds })}</p> : null}
      <CaseHistory heading={t("case.historyHeading")} events={view.history} namespace="follow-up" />
      <section className="section" aria-labelledby="messages-heading">
        <h2 id="messages-heading">{t("case.messagesHeading")}</h2>
        {view.messages.length === 0 ? <p>{t("case.noMessages")}</p> : null}
        <MessageList
          messages={view.messages.map((message) => ({
            ...message,
            who: message.author === "agency" ? view.agency : t("case.you"),
          }))}
        />
        {view.evidenceCount > 0 ? (
          // The number only: a receipt must never turn into a way to fetch files (issue 14).
          <p data-evidence-count={view.evidenceCount}>
            {t("case.filesAttached", { count: view.evidenceCount })} {t("case.filesNotShown")}
          </p>
        ) : null}
      </section>
      <Form method="post" action={`/${lang}/follow-up/case`} encType="multipart/form-data" noValidate className="form">
        <input type="hidden" name="t" value={token ?? ""} />
        <input type="hidden" name="intent" value="reply" />
        <TextArea
          name="message"
          label={t("case.replyLabel")}
          hint={t("case.replyHint")}
          rows={5}
          maxLength={limits.descriptionMax}
          value={rejection?.values.message}
          error={errors.message ? t(errors.message) : undefined}
        />
        <EvidenceUpload
          error={errors.evidence ? t(errors.evidence, messageValues) : undefined}
          reselect={Boolean(rejection && "filesDropped" in rejection && rejection.filesDropped)}
        />
        <button className="button" type="submit">
          {t("case.send")}
        </button>
      </Form>
      <Form method="post" action={`/${lang}/follow-up/case`} className="form">
        <input type="hidden" name="t" value={token ?? ""} />
        <input type="hidden" name="intent" value="end" />
        <p>{t("case.endHint")}</p>
        <button className="button button--secondary" type="submit">
          {t("case.end")}
        </button>
      </Form>
    </>
  );
}
