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

/** A field's hint and inline error, under its label or legend: `id` is the field's, for aria-describedby. */
function HintAndError({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} message={error} />
    </>
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
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className="fieldset__legend">{legend}</legend>
        <HintAndError id={name} hint={hint} error={error} />
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

/** What every labelled control takes: `id` is the element id, when two forms on a page share a field name. */
interface FieldProps {
  name: string;
  id?: string;
  label: string;
  hint?: string;
  error?: string;
}

function describedBy(name: string, hint?: string, error?: string) {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A labelled control with its hint and error, GOV.UK style. `name` is the control's element id. */
function Field({ name, label, hint, error, children }: Omit<FieldProps, "id"> & { children: React.ReactNode }) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <label className="label" htmlFor={name}>
        {label}
      </label>
      <HintAndError id={name} hint={hint} error={error} />
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
}: Omit<FieldProps, "id"> & {
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
  autoComplete = "off",
}: FieldProps & {
  value?: string;
  inputMode?: "numeric" | "text";
  /** An e-mail address is typed left to right whatever the page's direction. */
  type?: "text" | "email";
  width?: "full" | "short";
  autoComplete?: "off" | "username";
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
        autoComplete={autoComplete}
        dir={type === "email" ? "ltr" : "auto"}
        aria-describedby={describedBy(id, hint, error)}
      />
    </Field>
  );
}

/** A two-step sign-in code (or a recovery code): digits typed left to right, offered by the authenticator. */
export function OneTimeCodeInput({ label, hint, error }: Pick<FieldProps, "label" | "hint" | "error">) {
  return (
    <Field name="code" label={label} hint={hint} error={error}>
      <input
        className={`input input--short${error ? " input--error" : ""}`}
        id="code"
        name="code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        dir="ltr"
        aria-describedby={describedBy("code", hint, error)}
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
}: FieldProps & {
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
}: FieldProps & {
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
