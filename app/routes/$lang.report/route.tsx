import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/forms";
import { EmergencyCallout } from "~/components/helplines";
import { TextList } from "~/components/lists";
import { SmsReportNote } from "~/components/sms-number";
import { checkSubmittedFiles, evidenceMessageNumbers, type EvidenceProblem } from "~/domain/evidence-intake";
import { tipCategories, tipFieldOrder, tipSchema } from "~/domain/tip";
import { tipFormValues, tipInputFromForm } from "~/domain/tip-form";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory } from "~/models/directory.server";
import { receiptDisplayLinks } from "~/models/tip.server";
import { fieldErrorsFromZod, type FormRejection } from "~/utils/forms";
import { pageMeta } from "~/utils/meta";
import { readUploadForm } from "~/server/multipart.server";
import { noStoreHeaders } from "~/utils/no-store.mjs";
import { requireLanguage } from "~/server/public-page.server";
import { getEnv } from "~/server/env.server";
import { clientKeyOf } from "~/server/rate-limit.server";
import { takeTip } from "~/models/tip-intake.server";
import type { RouteHandle } from "~/utils/route-handle";
import { honeypotField, ReportForm } from "./report-form";

export const handle: RouteHandle = { i18n: ["report"] };

export async function loader({ params, request }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const t = getFixedT(lang, "report");
  const requested = new URL(request.url).searchParams.get("category");
  const category = tipCategories.find((value) => value === requested);
  const { emergencyHelpline } = await getDirectory();
  // Even the empty form is never kept (no-store): a kept copy on a shared phone shows someone meant to report.
  return data(
    {
      lang,
      category,
      emergencyHelpline,
      smsNumber: getEnv().SMS_NUMBER ?? null,
      title: t("meta.title"),
      description: t("meta.description"),
    },
    { headers: noStoreHeaders },
  );
}

type ReportRejection = FormRejection & {
  formError?: "spam" | "rateLimited";
  retryAfterMinutes?: number;
  /** Which file a refusal is about (1-based), for the message. */
  evidencePosition?: number | null;
  /** Files came with a form sent back: they must be chosen again. */
  filesDropped?: boolean;
};

/** The form's error for refused evidence: the files are gone, the answers are kept. */
const evidenceError = (problem: EvidenceProblem) => ({
  fieldErrors: { evidence: `evidence.errors.${problem.refusal}` },
  evidencePosition: problem.position,
  filesDropped: true,
});

export async function action({ params, request, context }: ActionFunctionArgs) {
  const lang = requireLanguage(params.lang);
  // Files are read as they arrive and only within the limits; the answers survive a refused file.
  const { form, files, truncated, broken } = await readUploadForm(request);
  const values = tipFormValues(form);
  const reject = (rejection: Omit<ReportRejection, "values">, status: number) =>
    data<ReportRejection>({ ...rejection, values }, { status, headers: noStoreHeaders });

  // Not well-formed (cut short, no boundary): some answers or files may be missing, so nothing is stored.
  if (broken) return reject({ fieldErrors: { form: "errors.form.notSent" }, filesDropped: files.length > 0 }, 400);
  if (String(form.get(honeypotField) ?? "") !== "") {
    return reject({ fieldErrors: { form: "errors.form.notSent" }, formError: "spam" }, 400);
  }
  const parsed = tipSchema.safeParse(tipInputFromForm(form, lang));
  if (!parsed.success) {
    // Files are never kept for a form sent back: say what is wrong with them now too, and ask for them again.
    const fileProblem = truncated
      ? { refusal: "submissionTooLarge" as const, position: null }
      : checkSubmittedFiles(files, {});
    const fileErrors = fileProblem ? evidenceError(fileProblem) : { fieldErrors: {}, evidencePosition: null };
    return reject(
      {
        ...fileErrors,
        fieldErrors: { ...fieldErrorsFromZod(parsed.error), ...fileErrors.fieldErrors },
        filesDropped: files.length > 0,
      },
      400,
    );
  }
  if (truncated) return reject(evidenceError({ refusal: "submissionTooLarge", position: null }), 400);

  const result = await takeTip(parsed.data, "web", clientKeyOf(context), files);
  if (!result.ok && result.problem === "evidence") return reject(evidenceError(result), 400);
  if (!result.ok) {
    return reject(
      {
        fieldErrors: { form: "errors.form.rateLimited" },
        formError: "rateLimited",
        retryAfterMinutes: Math.ceil(result.retryAfterSeconds / 60),
      },
      429,
    );
  }
  const { decision } = result;
  const token = await receiptDisplayLinks.issue({
    reference: result.reference,
    receipt: result.receipt,
    agency: decision.agency,
    unit: decision.unit,
    jurisdiction: decision.jurisdiction,
    reasons: decision.reasons,
    destinationPlaces: decision.destinationHints.map((hint) => hint.place),
    alsoNotify: decision.alsoNotify,
    urgent: decision.urgent,
  });
  // POST, redirect, GET: the receipt is shown by a page that a refresh cannot send twice.
  return redirect(`/${lang}/report/sent?t=${token}`, { headers: noStoreHeaders });
}

// The form, every answer to a POST and every error: `no-store`, so none of them is ever kept.
export const headers: HeadersFunction = () => noStoreHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) =>
  pageMeta(data, location.pathname, matches);

export default function ReportPage() {
  const { lang, category, emergencyHelpline, smsNumber } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("report");
  const errors = rejection?.fieldErrors ?? {};
  const values: Record<string, string | undefined> = rejection?.values ?? { category };
  const messageValues = {
    minutes: rejection?.retryAfterMinutes,
    position: rejection?.evidencePosition,
    ...evidenceMessageNumbers,
  };

  return (
    <>
      <ErrorSummary
        errors={errors}
        namespace="report"
        fieldOrder={["form", ...tipFieldOrder, "evidence"]}
        values={messageValues}
      />
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <TextList items={[t("promises.noName"), t("promises.receipt"), t("promises.routing")]} />
      <p>
        <a href={`/${lang}/safety`}>{t("promises.safetyLink")}</a>
      </p>
      <EmergencyCallout helpline={emergencyHelpline} lang={lang} />
      <SmsReportNote number={smsNumber} text={(values) => t("smsReport", values)} />
      <ReportForm
        lang={lang}
        values={values}
        errors={errors}
        messageValues={messageValues}
        reselectFiles={Boolean(rejection?.filesDropped)}
      />
    </>
  );
}
