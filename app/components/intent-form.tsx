import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

interface IntentFormProps {
  /** What the action's `switch` answers: the hidden "intent" field (several forms post to one route). */
  intent: string;
  /** The button's text. */
  submit: string;
  secondary?: boolean;
  /** Where to post, when not to the page itself. */
  action?: string;
  children?: ReactNode;
}

/** A staff form: its intent, its fields and one button. The server validates; the browser never does (GOV.UK). */
export function IntentForm({ intent, submit, secondary = false, action, children }: IntentFormProps) {
  return (
    <Form method="post" noValidate className="form" action={action}>
      <input type="hidden" name="intent" value={intent} />
      {children}
      <button className={secondary ? "button button--secondary" : "button"} type="submit">
        {submit}
      </button>
    </Form>
  );
}

/** An IntentForm in a section of its own under a heading; `intro` stands between the heading and the form. */
export function IntentFormSection({
  headingId,
  heading,
  intro,
  ...form
}: IntentFormProps & { headingId: string; heading: string; intro?: ReactNode }) {
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {intro}
      <IntentForm {...form} />
    </section>
  );
}
