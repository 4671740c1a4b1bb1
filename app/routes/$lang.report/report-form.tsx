import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EvidenceUpload } from "~/components/evidence-upload";
import { RadioQuestion, Select, TextArea, TextInput, type SelectOption } from "~/components/forms";
import { countryGroups, districtGroups } from "~/components/report-options";
import { borderAnswers, limits, provinceAnswers, tipCategories, victimAgeGroups } from "~/domain/tip";
import type { Language } from "~/i18n/languages";

/** Bots fill every field; people never see this one. */
export const honeypotField = "website";

/** The report form, every question in the order of the tip schema; the files come last. */
export function ReportForm({
  lang,
  values,
  errors,
  messageValues,
  reselectFiles,
}: {
  lang: Language;
  values: Record<string, string | undefined>;
  errors: Record<string, string | undefined>;
  /** Interpolation values for the messages (minutes to wait, the refused file, the limits). */
  messageValues: Record<string, unknown>;
  /** Files came with a form sent back: they must be chosen again. */
  reselectFiles: boolean;
}) {
  const { t } = useTranslation("report");
  const error = (field: string) => (errors[field] ? t(errors[field]!, messageValues) : undefined);
  const options = (field: string, list: readonly string[]) =>
    list.map((value) => ({ value, label: t(`fields.${field}.options.${value}`) }));
  // What every question shares: its name, hint, answer and error. Most hints are fields.<name>.hint.
  const question = (name: string, hint: string | undefined) => ({
    name,
    hint,
    value: values[name],
    error: error(name),
  });
  const hintOf = (name: string) => t(`fields.${name}.hint`);
  const radios = (name: string, choices: { value: string; label: string; hint?: string }[], withHint = true) => (
    <RadioQuestion
      {...question(name, withHint ? hintOf(name) : undefined)}
      legend={t(`fields.${name}.legend`)}
      options={choices}
    />
  );
  const select = (name: string, groups: { label?: string; options: SelectOption[] }[]) => (
    <Select
      {...question(name, hintOf(name))}
      label={t(`fields.${name}.label`)}
      emptyLabel={t(`fields.${name}.empty`)}
      groups={groups}
    />
  );
  const text = (name: string, rows: number, maxLength: number, hint = hintOf(name)) => (
    <TextArea {...question(name, hint)} label={t(`fields.${name}.label`)} rows={rows} maxLength={maxLength} />
  );
  return (
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
      {radios(
        "category",
        tipCategories.map((value) => ({
          value,
          label: t(`fields.category.options.${value}`),
          hint: t(`fields.category.hints.${value}`),
        })),
      )}
      {radios("crossesBorder", options("crossesBorder", borderAnswers))}
      {select("country", countryGroups(lang, t))}
      {radios(
        "province",
        provinceAnswers.map((value) => ({ value, label: t(`provinces.${value}`) })),
      )}
      {select("district", districtGroups(lang, t))}
      <TextInput
        {...question("victimCount", hintOf("victimCount"))}
        label={t("fields.victimCount.label")}
        inputMode="numeric"
        width="short"
      />
      {radios("victimAgeGroup", options("victimAgeGroup", victimAgeGroups), false)}
      {radios("immediateDanger", options("immediateDanger", ["yes", "no"]))}
      {text("description", 8, limits.descriptionMax, t("fields.description.hint", { max: limits.descriptionMax }))}
      {text("suspects", 4, limits.suspectsMax)}
      {radios("contactConsent", options("contactConsent", ["no", "yes"]))}
      {text("contact", 3, limits.contactMax)}
      {/* Last, after every answer: the answers arrive first, so a file over the limit never costs them. */}
      <EvidenceUpload error={error("evidence")} reselect={reselectFiles} />
      <p>{t("beforeSending")}</p>
      <button className="button" type="submit">
        {t("submit")}
      </button>
    </Form>
  );
}
