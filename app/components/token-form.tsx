import { Form } from "@remix-run/react";

/**
 * A one-button form of a reporter's page: it posts the page's short-lived link (`t`) and what to do with it
 * ("saved" on the receipt, "end" on the follow-up page), with a line that says what the button does.
 */
export function TokenActionForm({
  action,
  token,
  intent,
  hint,
  submit,
  secondary = false,
  ...attributes
}: {
  action: string;
  token: string | null;
  intent: string;
  hint: string;
  submit: string;
  secondary?: boolean;
  /** Marks the form for tests and the page script, e.g. data-receipt-saved="". */
  [data: `data-${string}`]: string;
}) {
  return (
    <Form method="post" action={action} className="form" {...attributes}>
      <input type="hidden" name="t" value={token ?? ""} />
      <input type="hidden" name="intent" value={intent} />
      <p>{hint}</p>
      <button className={secondary ? "button button--secondary" : "button"} type="submit">
        {submit}
      </button>
    </Form>
  );
}
