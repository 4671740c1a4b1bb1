import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NoticePanel } from "~/components/notice-panel";
import { ErrorSummary, TextInput } from "~/components/forms";
import { normalizeReceipt } from "~/domain/receipt";
import { getFixedT } from "~/i18n/i18n.server";
import { startFollowUpVisit } from "~/models/tip.server";
import { readFormData, type FormRejection } from "~/utils/forms";
import { pageMeta } from "~/utils/meta";
import { noStoreHeaders } from "~/utils/no-store.mjs";
import { requireLanguage } from "~/server/public-page.server";
import { getRetentionPolicy } from "~/server/retention.server";
import { clientKeyOf, receiptFailureLimiter, receiptLookupDelayMs } from "~/server/rate-limit.server";
import type { RouteHandle } from "~/utils/route-handle";

export const handle: RouteHandle = { i18n: ["follow-up"] };

export function loader({ params, request }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const t = getFixedT(lang, "follow-up");
  const ended = new URL(request.url).searchParams.has("ended");
  return {
    lang,
    ended,
    idleDays: getRetentionPolicy().reporterAccessIdleDays,
    title: t("meta.title"),
    description: t("meta.description"),
  };
}

type FollowUpRejection = FormRejection & { retryAfterMinutes?: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function action({ params, request, context }: ActionFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const form = await readFormData(request);
  const typed = typeof form.get("receipt") === "string" ? String(form.get("receipt")) : "";
  const reject = (error: string, status: number, retryAfterMinutes?: number) =>
    data<FollowUpRejection>(
      { fieldErrors: { receipt: error }, values: { receipt: typed.slice(0, 100) }, retryAfterMinutes },
      { status, headers: noStoreHeaders },
    );

  // A mistyped code is caught by its check symbol before any lookup, so typos never count as guesses.
  const checked = normalizeReceipt(typed.slice(0, 200));
  if (!checked.ok) return reject(`errors.receipt.${checked.problem}`, 400);

  const clientKey = clientKeyOf(context);
  // Each recent wrong code makes the next answer slower: guessing is hopeless anyway, this makes it costly.
  // Past the limit a wrong code is refused for a while, but the right code still opens its case after the
  // longest wait: many people share one mobile-carrier address, and one guesser must not lock them all out
  // (docs/decisions/012-receipt-guessing.md).
  const overLimit = receiptFailureLimiter.isOverLimit(clientKey);
  await sleep(receiptLookupDelayMs(receiptFailureLimiter.count(clientKey)));
  // Also records the visit (coarsely) and refuses a receipt unused for the idle period (docs/decisions/017).
  const token = await startFollowUpVisit(checked.receipt, { now: new Date(), policy: getRetentionPolicy() });
  if (!token) {
    receiptFailureLimiter.record(clientKey);
    if (overLimit) {
      return reject(
        "errors.receipt.tooManyTries",
        429,
        Math.ceil(receiptFailureLimiter.retryAfterSeconds(clientKey) / 60),
      );
    }
    return reject("errors.receipt.notFound", 400);
  }
  return redirect(`/${lang}/follow-up/case?t=${token}`, { headers: noStoreHeaders });
}

export const headers: HeadersFunction = () => noStoreHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) =>
  pageMeta(data, location.pathname, matches);

export default function FollowUpPage() {
  const { lang, ended, idleDays } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("follow-up");
  const errors = rejection?.fieldErrors ?? {};
  return (
    <>
      <ErrorSummary
        errors={errors}
        namespace="follow-up"
        fieldOrder={["receipt"]}
        values={{ minutes: rejection?.retryAfterMinutes }}
      />
      {ended ? <NoticePanel>{t("ended")}</NoticePanel> : null}
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <Form
        method="post"
        action={`/${lang}/follow-up`}
        noValidate
        autoComplete="off"
        className="form"
        data-forget-on-back
      >
        <TextInput
          name="receipt"
          label={t("receipt.label")}
          hint={t("receipt.hint")}
          value={rejection?.values.receipt}
          error={errors.receipt ? t(errors.receipt, { minutes: rejection?.retryAfterMinutes }) : undefined}
        />
        <button className="button" type="submit">
          {t("open")}
        </button>
      </Form>
      <p>{t("lost")}</p>
      <p>{t("idle", { days: idleDays })}</p>
    </>
  );
}
