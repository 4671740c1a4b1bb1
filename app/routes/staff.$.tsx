import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";

// Any /staff address no staff page claims. Signed out: sent to sign in like every staff page, so the answer
// says nothing about which addresses exist. Signed in: the staff 404, in the layout's error boundary (staff.tsx),
// which keeps the staff header and navigation; without this route the public 404 answered.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  throw new Response("Not Found", { status: 404, headers: staffHeaders });
}

export const headers: HeadersFunction = () => staffHeaders;

export default function StaffNotFound() {
  return null;
}
