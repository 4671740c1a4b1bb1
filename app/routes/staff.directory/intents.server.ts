import { redirect } from "@remix-run/node";
import { alertEmailFormSchema } from "~/domain/alerts";
import { agencyNamesSchema, unitSchema } from "~/domain/directory";
import { addUnit, renameAgency, renameUnit, setAlertAddress } from "~/models/directory.server";
import { type FieldErrors, fieldErrorsFromZod, formValues } from "~/utils/forms";
import { rejectStaffForm } from "~/server/staff-forms.server";
import { staffHeaders } from "~/server/staff-page.server";
import type { StaffUser } from "~/server/staff-session.server";
import { directoryFields } from "./directory-form";

/**
 * What a form on the page does: add a unit, rename the agency or unit named by `code`, or set its duty address
 * (a second form, shown with the rename form).
 */
type Intent = "add-unit" | "rename-agency" | "rename-unit" | "alert-email-agency" | "alert-email-unit";

const notFound = () => new Response("Not Found", { status: 404, headers: staffHeaders });

/** A `switch` on the posted intent; the caller checked the permission. */
export async function handleDirectoryIntent(admin: StaffUser, form: FormData) {
  const intent = String(form.get("intent") ?? "") as Intent;
  const values: Record<string, string> = { intent, ...formValues(form, directoryFields, 500) };
  const reject = (fieldErrors: FieldErrors) => rejectStaffForm(fieldErrors, values);
  const done = (what: string) => redirect(`/staff/directory?done=${what}`, { headers: staffHeaders });
  switch (intent) {
    case "add-unit": {
      const parsed = unitSchema.safeParse(values);
      if (!parsed.success) return reject(fieldErrorsFromZod(parsed.error));
      const added = await addUnit(admin, parsed.data);
      if (!added.ok)
        return reject(
          added.problem === "exists"
            ? { code: "directory.errors.unitExists" }
            : { agencyCode: "directory.errors.agency" },
        );
      return done("added");
    }
    case "rename-agency":
    case "rename-unit": {
      const parsed = agencyNamesSchema.safeParse(values);
      if (!parsed.success) return reject(fieldErrorsFromZod(parsed.error));
      const name = { en: parsed.data.nameEn, ur: parsed.data.nameUr };
      const renamed =
        intent === "rename-agency"
          ? await renameAgency(admin, parsed.data.code, name)
          : await renameUnit(admin, parsed.data.code, name);
      if (!renamed) throw notFound();
      return done("renamed");
    }
    case "alert-email-agency":
    case "alert-email-unit": {
      const parsed = alertEmailFormSchema.safeParse(values);
      if (!parsed.success) return reject(fieldErrorsFromZod(parsed.error));
      const target = {
        kind: intent === "alert-email-agency" ? ("agency" as const) : ("unit" as const),
        code: parsed.data.code,
      };
      if (!(await setAlertAddress(admin, target, parsed.data.alertEmail))) throw notFound();
      return done("alertEmail");
    }
    default:
      throw new Response("Bad Request", { status: 400, headers: staffHeaders });
  }
}
