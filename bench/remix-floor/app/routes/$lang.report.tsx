import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { randomBytes } from "node:crypto";

/** Reads the whole form and redirects to a receipt: no validation, no database, no encryption. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  if (!form.get("description")) throw new Response("Bad Request", { status: 400 });
  return redirect(`/en/report/sent?t=${randomBytes(16).toString("base64url")}`);
}

export default function ReportPage() {
  return (
    <form method="post">
      <textarea name="description" />
      <button type="submit">Send</button>
    </form>
  );
}
