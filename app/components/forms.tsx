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

/** What a control inside a Field carries: its element id, its name, and what describes it (hint, error). */
interface ControlProps {
  id: string;
  name: string;
  "aria-describedby": string | undefined;
}

/** A labelled control with its hint and error, GOV.UK style; `children` draws the control from its props. */
function Field({
  name,
  id = name,
  label,
  hint,
  error,
  children,
}: FieldProps & { children: (control: ControlProps) => React.ReactNode }) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      {children({ id, name, "aria-describedby": describedBy(id, hint, error) })}
    </div>
  );
}

/** A control's classes: its kind, a size, and the kind's error variant when the answer was refused. */
const controlClass = (kind: string, error: string | undefined, size?: string) =>
  [kind, size, error ? `${kind}--error` : null].filter(Boolean).join(" ");

export function TextArea({
  value,
  rows = 6,
  maxLength,
  ...field
}: Omit<FieldProps, "id"> & {
  value?: string;
  rows?: number;
  maxLength?: number;
}) {
  return (
    <Field {...field}>
      {(control) => (
        <textarea
          {...control}
          className={controlClass("textarea", field.error)}
          rows={rows}
          defaultValue={value}
          maxLength={maxLength}
          dir="auto"
        />
      )}
    </Field>
  );
}

export function TextInput({
  value,
  inputMode,
  type = "text",
  width = "full",
  autoComplete = "off",
  ...field
}: FieldProps & {
  value?: string;
  inputMode?: "numeric" | "text";
  /** An e-mail address is typed left to right whatever the page's direction. */
  type?: "text" | "email";
  width?: "full" | "short";
  autoComplete?: "off" | "username";
}) {
  return (
    <Field {...field}>
      {(control) => (
        <input
          {...control}
          className={controlClass("input", field.error, `input--${width}`)}
          type={type}
          inputMode={inputMode}
          defaultValue={value}
          autoComplete={autoComplete}
          dir={type === "email" ? "ltr" : "auto"}
        />
      )}
    </Field>
  );
}

/** A two-step sign-in code (or a recovery code): digits typed left to right, offered by the authenticator. */
export function OneTimeCodeInput(field: Pick<FieldProps, "label" | "hint" | "error">) {
  return (
    <Field name="code" {...field}>
      {(control) => (
        <input
          {...control}
          className={controlClass("input", field.error, "input--short")}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          dir="ltr"
        />
      )}
    </Field>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function Select({
  value,
  emptyLabel,
  groups,
  ...field
}: FieldProps & {
  value?: string;
  /** The first, empty choice; without it the first option is chosen. */
  emptyLabel?: string;
  groups: { label?: string; options: SelectOption[] }[];
}) {
  return (
    <Field {...field}>
      {(control) => (
        <select
          {...control}
          className={controlClass("select", field.error)}
          defaultValue={value ?? (emptyLabel === undefined ? undefined : "")}
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
      )}
    </Field>
  );
}

/** A password field. It never takes a value back: a rejected form asks for the passwords again. */
export function PasswordInput({
  autoComplete,
  ...field
}: FieldProps & {
  autoComplete: "current-password" | "new-password";
}) {
  return (
    <Field {...field}>
      {(control) => (
        <input
          {...control}
          className={controlClass("input", field.error, "input--full")}
          type="password"
          autoComplete={autoComplete}
          spellCheck={false}
          dir="ltr"
        />
      )}
    </Field>
  );
}
