import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextArea, TextInput } from "~/components/forms";

/** The form's fields, in page order (the error summary follows it). */
export const helplineFields = [
  "id",
  "number",
  "nameUr",
  "nameEn",
  "descriptionUr",
  "descriptionEn",
  "sourceUr",
  "sourceEn",
  "sourceDate",
  "position",
  "emergency",
] as const;

type TextField = Exclude<(typeof helplineFields)[number], "emergency">;

/** How each text field is shown: its hint (helplines.hints.*), a text area, a short numeric box. */
const textFields: { name: TextField; hint?: string; area?: true; width?: "short"; numeric?: true }[] = [
  { name: "number", hint: "number" },
  { name: "nameUr" },
  { name: "nameEn" },
  { name: "descriptionUr", hint: "description", area: true },
  { name: "descriptionEn", area: true },
  { name: "sourceUr", hint: "source" },
  { name: "sourceEn" },
  { name: "sourceDate", hint: "sourceDate", width: "short" },
  { name: "position", hint: "position", width: "short", numeric: true },
];

/** Adds a helpline, or changes the one being edited (its id is then fixed). */
export function HelplineForm({
  editingId,
  values,
  errors,
}: {
  editingId: string | null | undefined;
  values: Record<string, string | undefined>;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation("staff");
  const error = (field: string) => (errors[field] ? t(errors[field]!) : undefined);
  const text = ({ name, hint, area, width, numeric }: (typeof textFields)[number]) => {
    const common = {
      name,
      label: t(`helplines.fields.${name}`),
      hint: hint ? t(`helplines.hints.${hint}`) : undefined,
      error: error(name),
      value: values[name],
    };
    return area ? (
      <TextArea key={name} {...common} rows={3} maxLength={600} />
    ) : (
      <TextInput key={name} {...common} width={width} inputMode={numeric ? "numeric" : undefined} />
    );
  };
  return (
    <section className="section" aria-labelledby="helpline-form">
      <h2 id="helpline-form">{editingId ? t("helplines.editTitle") : t("helplines.newTitle")}</h2>
      <Form method="post" noValidate className="form" action="/staff/helplines">
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="mode" value={editingId ? "edit" : "new"} />
        {editingId ? <input type="hidden" name="id" value={editingId} /> : text({ name: "id", hint: "id" })}
        {textFields.map(text)}
        <div className={`form-group${errors.emergency ? " form-group--error" : ""}`}>
          <div className="radios__item">
            <input
              className="radios__input"
              type="checkbox"
              id="emergency"
              name="emergency"
              defaultChecked={values.emergency === "on"}
              aria-describedby="emergency-hint"
            />
            <label className="radios__label" htmlFor="emergency">
              {t("helplines.fields.emergency")}
            </label>
          </div>
          <p className="hint" id="emergency-hint">
            {t("helplines.hints.emergency")}
          </p>
        </div>
        <div className="button-group">
          <button className="button" type="submit">
            {t("helplines.save")}
          </button>
          {editingId ? (
            <a className="button button--secondary" href="/staff/helplines">
              {t("helplines.cancel")}
            </a>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
