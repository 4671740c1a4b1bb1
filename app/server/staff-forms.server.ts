import { data } from "@remix-run/node";
import type { FieldErrors, FormRejection } from "../utils/forms";
import { staffHeaders } from "./staff-page.server";

/**
 * The one way a staff action rejects a form: status 400, the GOV.UK errors (field to i18n key) and the answers
 * to show again, never cached. `extra` carries what a page needs to tell its forms apart (e.g. the intent).
 */
export function rejectStaffForm<Extra extends object = object>(
  fieldErrors: FieldErrors,
  values: Record<string, string> = {},
  extra?: Extra,
  status = 400,
) {
  return data<FormRejection & Extra>({ ...(extra as Extra), fieldErrors, values }, { status, headers: staffHeaders });
}
