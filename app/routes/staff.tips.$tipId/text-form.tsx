import { TextArea } from "~/components/forms";
import { IntentForm } from "~/components/intent-form";

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
    <IntentForm intent={intent} submit={submit} secondary={secondary}>
      <TextArea name={intent} label={label} hint={hint} error={error} value={value} rows={rows} />
    </IntentForm>
  );
}
