import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AlertEmailForm } from "~/components/directory-admin";
import { Select, TextInput } from "~/components/forms";
import type { FormRejection } from "~/utils/forms";
import type { Language } from "~/i18n/languages";

/** The fields the page's forms post besides the intent, in page order (the error summary follows it). */
export const directoryFields = ["agencyCode", "code", "nameUr", "nameEn", "alertEmail"] as const;

export interface Renaming {
  intent: "rename-agency" | "rename-unit";
  code: string;
  nameUr: string;
  nameEn: string;
  alertEmail: string;
}

const renameIntentOf = (intent: string | undefined) =>
  intent === "rename-agency" || intent === "alert-email-agency"
    ? "rename-agency"
    : intent === "rename-unit" || intent === "alert-email-unit"
      ? "rename-unit"
      : "add-unit";

/**
 * "Add a unit", or the rename form of the agency or unit in the address with its duty-address form below it.
 * A rejected duty address shows its own form again, under the rename form of the same agency or unit.
 */
export function DirectoryForms({
  agencies,
  lang,
  renaming,
  rejection,
}: {
  agencies: { code: string; name: Record<Language, string> }[];
  lang: Language;
  renaming: Renaming | null;
  rejection: FormRejection | undefined;
}) {
  const { t } = useTranslation("staff");
  const errors = rejection?.fieldErrors ?? {};
  const rejectedIntent = rejection?.values.intent;
  const rejectedAlert = rejectedIntent === "alert-email-agency" || rejectedIntent === "alert-email-unit";
  const form = rejection
    ? { ...rejection.values, intent: renameIntentOf(rejectedIntent) }
    : (renaming ?? { intent: "add-unit" as const, agencyCode: "", code: "", nameUr: "", nameEn: "", alertEmail: "" });
  const alertForm =
    form.intent === "add-unit"
      ? null
      : {
          intent: form.intent === "rename-agency" ? "alert-email-agency" : "alert-email-unit",
          code: form.code ?? "",
          alertEmail: rejectedAlert ? (rejection?.values.alertEmail ?? "") : (renaming?.alertEmail ?? ""),
        };
  const nameFormValues = rejectedAlert ? (renaming ?? form) : form;
  const error = (field: string) => (errors[field] ? t(errors[field]!) : undefined);
  return (
    <>
      <section className="section" aria-labelledby="directory-form">
        <h2 id="directory-form">
          {form.intent === "add-unit"
            ? t("directory.addUnit")
            : t(form.intent === "rename-agency" ? "directory.renameAgency" : "directory.renameUnit", {
                code: form.code,
              })}
        </h2>
        <Form method="post" noValidate className="form" action="/staff/directory">
          <input type="hidden" name="intent" value={form.intent} />
          {form.intent === "add-unit" ? (
            <>
              <Select
                name="agencyCode"
                label={t("directory.agency")}
                error={error("agencyCode")}
                value={form.agencyCode}
                emptyLabel="—"
                groups={[{ options: agencies.map((agency) => ({ value: agency.code, label: agency.name[lang] })) }]}
              />
              <TextInput
                name="code"
                label={t("directory.unitCode")}
                hint={t("directory.unitCodeHint")}
                error={error("code")}
                value={form.code}
              />
            </>
          ) : (
            <input type="hidden" name="code" value={form.code} />
          )}
          {(["nameUr", "nameEn"] as const).map((name) => (
            <TextInput
              key={name}
              name={name}
              label={t(`directory.${name}`)}
              error={rejectedAlert ? undefined : error(name)}
              value={nameFormValues[name]}
            />
          ))}
          <div className="button-group">
            <button className="button" type="submit">
              {form.intent === "add-unit" ? t("directory.add") : t("directory.save")}
            </button>
            {form.intent === "add-unit" ? null : (
              <a className="button button--secondary" href="/staff/directory">
                {t("helplines.cancel")}
              </a>
            )}
          </div>
        </Form>
      </section>
      {alertForm ? <AlertEmailForm {...alertForm} error={error("alertEmail")} /> : null}
    </>
  );
}
