import { Form } from "@remix-run/react";
import { TextArea } from "~/components/forms";

/** The message-to-reporter and the internal-note forms: one text field, posted with its intent. */
export function CaseTextForm({
  intent,
  label,
  hint,
  error,
  value,
  rows,
  submit,
  secondary = false,
}: {
  intent: "message" | "note";
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  rows: number;
  submit: string;
  secondary?: boolean;
}) {
  return (
    <Form method="post" noValidate className="form">
      <input type="hidden" name="intent" value={intent} />
      <TextArea name={intent} label={label} hint={hint} error={error} value={value} rows={rows} />
      <button className={secondary ? "button button--secondary" : "button"} type="submit">
        {submit}
      </button>
    </Form>
  );
}
