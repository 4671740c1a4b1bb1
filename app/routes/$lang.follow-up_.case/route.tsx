import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NoticePanel } from "~/components/notice-panel";
import { CaseHistory, MessageList } from "~/components/case-history";
import { ErrorSummary } from "~/components/forms";
import { evidenceMessageNumbers } from "~/domain/evidence-intake";
import { getFixedT } from "~/i18n/i18n.server";
import { pakistanDate } from "~/i18n/languages";
import { timeFormats } from "~/server/reporter-time.server";
import { getDirectory } from "~/models/directory.server";
import { getReporterCase, openFollowUpVisit } from "~/models/tip.server";
import { pageMeta } from "~/utils/meta";
import { noStoreHeaders } from "~/utils/no-store.mjs";
import { requireLanguage } from "~/server/public-page.server";
import { getRetentionPolicy } from "~/server/retention.server";
import type { RouteHandle } from "~/utils/route-handle";
import { followUpRenewAfterMs } from "~/server/tokens.server";
import { handleFollowUpIntent } from "./intents.server";
import { ReplyForms } from "./reply-forms";

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
  const when = timeFormats(lang);
  return {
    ...base,
    token: visit.renewed,
    view: {
      reference: view.reference,
      accessEnds: accessEndsAt ? pakistanDate(lang).format(accessEndsAt) : null,
      status: view.status,
      agency: directory.agencyName(view.agencyCode, lang),
      history: view.history.map((event) => ({
        ...event,
        agency: directory.agencyName(event.agencyCode, lang),
        at: when.event(event.kind, event.at),
      })),
      messages: view.messages.map((message) => ({ ...message, at: when.message(message) })),
      evidenceCount: view.evidenceCount,
    },
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleFollowUpIntent(requireLanguage(params.lang), request, context);
}

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
    position: rejection?.evidencePosition,
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
      <ReplyForms lang={lang} token={token} rejection={rejection} messageValues={messageValues} />
    </>
  );
}
