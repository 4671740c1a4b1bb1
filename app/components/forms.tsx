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
  values,
  fieldIds = {},
}: {
  errors: FieldErrors;
  namespace: string;
  fieldOrder: readonly string[];
  /** Interpolation values for the messages, e.g. minutes to wait. */
  values?: Record<string, unknown>;
  /** The element id of a field when it is not the field's name (two forms on a page with the same names). */
  fieldIds?: Record<string, string>;
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
            <a href={`#${fieldIds[field] ?? field}`}>{t(errors[field]!, { ns: namespace, ...values })}</a>
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
  options: { value: string; label: string; hint?: string }[];
  value?: string;
  error?: string;
}) {
  const describedByIds = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <fieldset className="fieldset" aria-describedby={describedByIds || undefined}>
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
                  {option.hint ? <span className="radios__hint">{option.hint}</span> : null}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function describedBy(name: string, hint?: string, error?: string) {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A labelled control with its hint and error, GOV.UK style. `name` is the control's element id. */
function Field({
  name,
  label,
  hint,
  error,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <label className="label" htmlFor={name}>
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={name} message={error} />
      {children}
    </div>
  );
}

export function TextArea({
  name,
  label,
  hint,
  error,
  value,
  rows = 6,
  maxLength,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  rows?: number;
  maxLength?: number;
}) {
  return (
    <Field name={name} label={label} hint={hint} error={error}>
      <textarea
        className={`textarea${error ? " textarea--error" : ""}`}
        id={name}
        name={name}
        rows={rows}
        defaultValue={value}
        maxLength={maxLength}
        dir="auto"
        aria-describedby={describedBy(name, hint, error)}
      />
    </Field>
  );
}

export function TextInput({
  name,
  id = name,
  label,
  hint,
  error,
  value,
  inputMode,
  type = "text",
  width = "full",
}: {
  name: string;
  /** The element id, when two forms on a page share a field name. */
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  inputMode?: "numeric" | "text";
  /** An e-mail address is typed left to right whatever the page's direction. */
  type?: "text" | "email";
  width?: "full" | "short";
}) {
  return (
    <Field name={id} label={label} hint={hint} error={error}>
      <input
        className={`input input--${width}${error ? " input--error" : ""}`}
        id={id}
        name={name}
        type={type}
        inputMode={inputMode}
        defaultValue={value}
        autoComplete="off"
        dir={type === "email" ? "ltr" : "auto"}
        aria-describedby={describedBy(id, hint, error)}
      />
    </Field>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function Select({
  name,
  id = name,
  label,
  hint,
  error,
  value,
  emptyLabel,
  groups,
}: {
  name: string;
  /** The element id, when two selects on a page share a name (the case page's two "agency" selects). */
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  /** The first, empty choice; without it the first option is chosen. */
  emptyLabel?: string;
  groups: { label?: string; options: SelectOption[] }[];
}) {
  return (
    <Field name={id} label={label} hint={hint} error={error}>
      <select
        className={`select${error ? " select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={value ?? (emptyLabel === undefined ? undefined : "")}
        aria-describedby={describedBy(id, hint, error)}
      >
        {emptyLabel === undefined ? null : <option value="">{emptyLabel}</option>}
        {groups.map((group, index) =>
          group.label ? (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          ) : (
            group.options.map((option) => (
              <option key={`${index}-${option.value}`} value={option.value}>
                {option.label}
              </option>
            ))
          ),
        )}
      </select>
    </Field>
  );
}

/** A password field. It never takes a value back: a rejected form asks for the passwords again. */
export function PasswordInput({
  name,
  id = name,
  label,
  hint,
  error,
  autoComplete,
}: {
  name: string;
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  autoComplete: "current-password" | "new-password";
}) {
  return (
    <Field name={id} label={label} hint={hint} error={error}>
      <input
        className={`input input--full${error ? " input--error" : ""}`}
        id={id}
        name={name}
        type="password"
        autoComplete={autoComplete}
        spellCheck={false}
        dir="ltr"
        aria-describedby={describedBy(id, hint, error)}
      />
    </Field>
  );
}
