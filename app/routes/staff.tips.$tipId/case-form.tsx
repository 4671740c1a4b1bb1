import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

interface IntentFormProps {
  /** Which handler in intents.server.ts takes the form. */
  intent: string;
  submit: string;
  secondary?: boolean;
  children: ReactNode;
}

/** One of the case page's forms: its fields, posted with its intent, and its button. */
export function IntentForm({ intent, submit, secondary = false, children }: IntentFormProps) {
  return (
    <Form method="post" noValidate className="form">
      <input type="hidden" name="intent" value={intent} />
      {children}
      <button className={secondary ? "button button--secondary" : "button"} type="submit">
        {submit}
      </button>
    </Form>
  );
}

/** A form with a heading of its own (status, assignment, transfer); `id` names the heading `<id>-heading`. */
export function CaseFormSection({ id, heading, ...form }: IntentFormProps & { id: string; heading: string }) {
  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <IntentForm {...form} />
    </section>
  );
}
