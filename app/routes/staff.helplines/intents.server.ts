import { redirect, type AppLoadContext } from "@remix-run/node";
import { helplineFromForm, helplineSchema } from "~/domain/directory";
import { getDirectory, removeHelpline, saveHelpline } from "~/models/directory.server";
import { type FieldErrors, fieldErrorsFromZod, formValues } from "~/utils/forms";
import { rejectStaffForm } from "~/server/staff-forms.server";
import { staffHeaders } from "~/server/staff-page.server";
import type { StaffUser } from "~/server/staff-session.server";
import { helplineFields } from "./helpline-form";

/** "new" adds a helpline (its id must be free); "edit" changes the one named by id. */
type FormMode = "new" | "edit";

const notFound = () => new Response("Not Found", { status: 404, headers: staffHeaders });

/** The page's two forms: "remove" (a row's button) and "save" (add or edit). The caller checked the permission. */
export async function handleHelplineIntent(admin: StaffUser, form: FormData, context: AppLoadContext) {
  const intent = form.get("intent");
  if (intent === "remove") {
    if (!(await removeHelpline(admin, String(form.get("id") ?? "")))) throw notFound();
    context.publicContentChanged?.();
    return redirect("/staff/helplines?done=removed", { headers: staffHeaders });
  }
  if (intent !== "save") throw new Response("Bad Request", { status: 400, headers: staffHeaders });
  const mode: FormMode = form.get("mode") === "edit" ? "edit" : "new";
  const values: Record<string, string> = { ...formValues(form, helplineFields, 1_000), mode };
  const reject = (fieldErrors: FieldErrors) => rejectStaffForm(fieldErrors, values);
  const parsed = helplineSchema.safeParse({ ...values, emergency: values.emergency === "on" });
  if (!parsed.success) return reject(fieldErrorsFromZod(parsed.error));
  const exists = (await getDirectory()).helplines.some((helpline) => helpline.id === parsed.data.id);
  if (mode === "new" && exists) return reject({ id: "helplines.errors.idTaken" });
  if (mode === "edit" && !exists) throw notFound();
  await saveHelpline(admin, { ...helplineFromForm(parsed.data), position: parsed.data.position });
  context.publicContentChanged?.();
  return redirect("/staff/helplines?done=saved", { headers: staffHeaders });
}
