import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/utils/forms";

/**
 * GOV.UK error summary: first thing in the page, takes focus (autofocus works without JavaScript),
 * and links to each field with a problem.
 */
export function ErrorSummary({
  errors,
  namespace,
  fieldOrder,
}: {
  errors: FieldErrors;
  namespace: string;
  fieldOrder: readonly string[];
}) {
  const { t } = useTranslation([namespace, "common"]);
  const fields = fieldOrder.filter((field) => errors[field]);
  if (fields.length === 0) return null;
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- GOV.UK pattern: move focus to the summary
    <div className="error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} autoFocus>
      <h2 id="error-summary-title">{t("common:forms.errorSummaryTitle")}</h2>
      <ul>
        {fields.map((field) => (
          <li key={field}>
            <a href={`#${field}`}>{t(errors[field]!, { ns: namespace })}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  const { t } = useTranslation("common");
  if (!message) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      <span className="visually-hidden">{t("forms.errorPrefix")} </span>
      {message}
    </p>
  );
}

/** A question answered by one of several options (radios in a fieldset). */
export function RadioQuestion({
  name,
  legend,
  hint,
  options,
  value,
  error,
}: {
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  value?: string;
  error?: string;
}) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <fieldset className="fieldset" aria-describedby={describedBy || undefined}>
        <legend className="fieldset__legend">{legend}</legend>
        {hint ? (
          <p className="hint" id={`${name}-hint`}>
            {hint}
          </p>
        ) : null}
        <FieldError id={name} message={error} />
        <div className="radios">
          {options.map((option, index) => {
            // The first radio carries the field's id so the error summary can link to it.
            const id = index === 0 ? name : `${name}-${option.value}`;
            return (
              <div className="radios__item" key={option.value}>
                <input
                  className="radios__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={option.value}
                  defaultChecked={value === option.value}
                />
                <label className="radios__label" htmlFor={id}>
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
