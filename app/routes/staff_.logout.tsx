import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { recordAuditEvent } from "~/models/audit.server";
import { endSession, getSession } from "~/server/staff-session.server";
import { noStoreHeaders } from "~/utils/no-store.mjs";

// Sign-out is a POST (a link or image elsewhere cannot sign someone out) and deletes the session server-side.
export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  const cookie = await endSession(request);
  if (session)
    await recordAuditEvent({ actor: { id: session.user.id, email: session.user.email }, action: "sign_out" });
  return redirect("/staff/login", { headers: { "Set-Cookie": cookie, ...noStoreHeaders } });
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
