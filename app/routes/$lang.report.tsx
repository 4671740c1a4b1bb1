import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EvidenceUpload } from "~/components/evidence-upload";
import { ErrorSummary, RadioQuestion, Select, TextArea, TextInput } from "~/components/forms";
import { EmergencyCallout } from "~/components/helplines";
import { SmsReportNote } from "~/components/sms-number";
import { countryGroups, districtGroups } from "~/components/report-options";
import { checkSubmittedFiles, evidenceMessageNumbers, type EvidenceProblem } from "~/domain/evidence-intake";
import {
  borderAnswers,
  limits,
  provinceAnswers,
  tipCategories,
  tipFieldOrder,
  tipSchema,
  victimAgeGroups,
} from "~/domain/tip";
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

export const handle: RouteHandle = { i18n: ["report"] };

/** Bots fill every field; people never see this one. */
const honeypotField = "website";

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
  const error = (field: string) => (errors[field] ? t(errors[field]!, messageValues) : undefined);
  const options = (field: string, list: readonly string[]) =>
    list.map((value) => ({ value, label: t(`fields.${field}.options.${value}`) }));

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
      <ul className="section__list">
        <li>{t("promises.noName")}</li>
        <li>{t("promises.receipt")}</li>
        <li>{t("promises.routing")}</li>
      </ul>
      <p>
        <a href={`/${lang}/safety`}>{t("promises.safetyLink")}</a>
      </p>
      <EmergencyCallout helpline={emergencyHelpline} lang={lang} />
      <SmsReportNote number={smsNumber} text={(values) => t("smsReport", values)} />
      <Form
        method="post"
        action={`/${lang}/report`}
        encType="multipart/form-data"
        noValidate
        autoComplete="off"
        className="form"
        id="form"
        data-forget-on-back
      >
        <div className="honeypot" aria-hidden="true">
          <label htmlFor={honeypotField}>{t("fields.honeypot")}</label>
          <input id={honeypotField} name={honeypotField} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <RadioQuestion
          name="category"
          legend={t("fields.category.legend")}
          hint={t("fields.category.hint")}
          options={tipCategories.map((value) => ({
            value,
            label: t(`fields.category.options.${value}`),
            hint: t(`fields.category.hints.${value}`),
          }))}
          value={values.category}
          error={error("category")}
        />
        <RadioQuestion
          name="crossesBorder"
          legend={t("fields.crossesBorder.legend")}
          hint={t("fields.crossesBorder.hint")}
          options={options("crossesBorder", borderAnswers)}
          value={values.crossesBorder}
          error={error("crossesBorder")}
        />
        <Select
          name="country"
          label={t("fields.country.label")}
          hint={t("fields.country.hint")}
          emptyLabel={t("fields.country.empty")}
          groups={countryGroups(lang, t)}
          value={values.country}
          error={error("country")}
        />
        <RadioQuestion
          name="province"
          legend={t("fields.province.legend")}
          hint={t("fields.province.hint")}
          options={provinceAnswers.map((value) => ({ value, label: t(`provinces.${value}`) }))}
          value={values.province}
          error={error("province")}
        />
        <Select
          name="district"
          label={t("fields.district.label")}
          hint={t("fields.district.hint")}
          emptyLabel={t("fields.district.empty")}
          groups={districtGroups(lang, t)}
          value={values.district}
          error={error("district")}
        />
        <TextInput
          name="victimCount"
          label={t("fields.victimCount.label")}
          hint={t("fields.victimCount.hint")}
          inputMode="numeric"
          width="short"
          value={values.victimCount}
          error={error("victimCount")}
        />
        <RadioQuestion
          name="victimAgeGroup"
          legend={t("fields.victimAgeGroup.legend")}
          options={options("victimAgeGroup", victimAgeGroups)}
          value={values.victimAgeGroup}
          error={error("victimAgeGroup")}
        />
        <RadioQuestion
          name="immediateDanger"
          legend={t("fields.immediateDanger.legend")}
          hint={t("fields.immediateDanger.hint")}
          options={options("immediateDanger", ["yes", "no"])}
          value={values.immediateDanger}
          error={error("immediateDanger")}
        />
        <TextArea
          name="description"
          label={t("fields.description.label")}
          hint={t("fields.description.hint", { max: limits.descriptionMax })}
          rows={8}
          maxLength={limits.descriptionMax}
          value={values.description}
          error={error("description")}
        />
        <TextArea
          name="suspects"
          label={t("fields.suspects.label")}
          hint={t("fields.suspects.hint")}
          rows={4}
          maxLength={limits.suspectsMax}
          value={values.suspects}
          error={error("suspects")}
        />
        <RadioQuestion
          name="contactConsent"
          legend={t("fields.contactConsent.legend")}
          hint={t("fields.contactConsent.hint")}
          options={options("contactConsent", ["no", "yes"])}
          value={values.contactConsent}
          error={error("contactConsent")}
        />
        <TextArea
          name="contact"
          label={t("fields.contact.label")}
          hint={t("fields.contact.hint")}
          rows={3}
          maxLength={limits.contactMax}
          value={values.contact}
          error={error("contact")}
        />
        {/* Last, after every answer: the answers arrive first, so a file over the limit never costs them. */}
        <EvidenceUpload error={error("evidence")} reselect={Boolean(rejection?.filesDropped)} />
        <p>{t("beforeSending")}</p>
        <button className="button" type="submit">
          {t("submit")}
        </button>
      </Form>
    </>
  );
}
