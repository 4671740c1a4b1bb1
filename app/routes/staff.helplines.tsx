// Admins keep the helplines on the public pages up to date: numbers change, and a wrong number on a page
// for people in danger is worse than none.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AdminTable } from "~/components/admin-table";
import { NoticePanel } from "~/components/notice-panel";
import { ErrorSummary, TextArea, TextInput } from "~/components/forms";
import { RowActions } from "~/components/row-actions";
import { helplineFromForm, helplineSchema } from "~/domain/directory";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory, helplinePositions, removeHelpline, saveHelpline } from "~/models/directory.server";
import { type FieldErrors, fieldErrorsFromZod, readFormData } from "~/utils/forms";
import type { RouteHandle } from "~/utils/route-handle";
import { rejectStaffForm } from "~/server/staff-forms.server";
import { staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";

export const handle: RouteHandle = { i18n: ["staff"] };

/** The form's fields, in page order (the error summary follows it). */
const helplineFields = [
  "id",
  "number",
  "nameUr",
  "nameEn",
  "descriptionUr",
  "descriptionEn",
  "sourceUr",
  "sourceEn",
  "sourceDate",
  "position",
  "emergency",
] as const;

/** "new" adds a helpline (its id must be free); "edit" changes the one named by id. */
type FormMode = "new" | "edit";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "directory:manage");
  const url = new URL(request.url);
  const { helplines, emergencyHelpline } = await getDirectory();
  const positions = await helplinePositions();
  const positionOf = (id: string) => positions.get(id) ?? 0;
  const editing = helplines.find((helpline) => helpline.id === url.searchParams.get("edit")) ?? null;
  return {
    title: getFixedT(user.language, "staff")("helplines.title"),
    lang: user.language,
    done: url.searchParams.get("done"),
    helplines: helplines.map((helpline) => ({ ...helpline, position: positionOf(helpline.id) })),
    // Without one, the "In danger right now?" callout disappears from the public pages.
    noEmergencyNumber: !emergencyHelpline,
    editing: editing
      ? {
          id: editing.id,
          number: editing.number,
          nameUr: editing.name.ur,
          nameEn: editing.name.en,
          descriptionUr: editing.description.ur,
          descriptionEn: editing.description.en,
          sourceUr: editing.source.ur,
          sourceEn: editing.source.en,
          sourceDate: editing.sourceDate ?? "",
          position: String(positionOf(editing.id)),
          emergency: editing.emergency ? "on" : "",
        }
      : null,
    nextPosition: String(Math.max(-1, ...positions.values()) + 1),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireStaff(request, "directory:manage");
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "remove") {
    const id = String(form.get("id") ?? "");
    if (!(await removeHelpline(admin, id))) throw new Response("Not Found", { status: 404, headers: staffHeaders });
    context.publicContentChanged?.();
    return redirect("/staff/helplines?done=removed", { headers: staffHeaders });
  }
  if (intent !== "save") throw new Response("Bad Request", { status: 400, headers: staffHeaders });
  const mode: FormMode = form.get("mode") === "edit" ? "edit" : "new";
  const values: Record<string, string> = {
    ...Object.fromEntries(helplineFields.map((field) => [field, String(form.get(field) ?? "").slice(0, 1_000)])),
    mode,
  };
  const reject = (fieldErrors: FieldErrors) => rejectStaffForm(fieldErrors, values);
  const parsed = helplineSchema.safeParse({ ...values, emergency: values.emergency === "on" });
  if (!parsed.success) return reject(fieldErrorsFromZod(parsed.error));
  const exists = (await getDirectory()).helplines.some((helpline) => helpline.id === parsed.data.id);
  if (mode === "new" && exists) return reject({ id: "helplines.errors.idTaken" });
  if (mode === "edit" && !exists) throw new Response("Not Found", { status: 404, headers: staffHeaders });
  await saveHelpline(admin, { ...helplineFromForm(parsed.data), position: parsed.data.position });
  context.publicContentChanged?.();
  return redirect("/staff/helplines?done=saved", { headers: staffHeaders });
}

export const headers: HeadersFunction = () => staffHeaders;

export default function HelplinesPage() {
  const { helplines, editing, nextPosition, done, lang, noEmergencyNumber } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const errors = rejection?.fieldErrors ?? {};
  const values: Record<string, string> = rejection?.values ?? editing ?? { position: nextPosition };
  const error = (field: string) => (errors[field] ? t(errors[field]!) : undefined);
  const editingId = rejection ? (rejection.values.mode === "edit" ? rejection.values.id : null) : editing?.id;
  return (
    <>
      <ErrorSummary errors={errors} namespace="staff" fieldOrder={helplineFields} />
      {done ? <NoticePanel>{t(`helplines.done.${done === "removed" ? "removed" : "saved"}`)}</NoticePanel> : null}
      <h1>{t("helplines.title")}</h1>
      <p>{t("helplines.intro")}</p>
      {noEmergencyNumber ? <NoticePanel tone="warning">{t("helplines.noEmergency")}</NoticePanel> : null}
      <AdminTable
        columns={[
          t("helplines.fields.name"),
          t("helplines.fields.number"),
          t("helplines.emergencyColumn"),
          t("helplines.fields.position"),
          t("helplines.actions"),
        ]}
      >
        {helplines.map((helpline) => (
          <tr key={helpline.id}>
            <td>{helpline.name[lang]}</td>
            <td dir="ltr">{helpline.number}</td>
            <td>{helpline.emergency ? t("yes") : t("no")}</td>
            <td>{helpline.position}</td>
            <td>
              <RowActions
                rowName={helpline.name[lang]}
                edit={{
                  href: `/staff/helplines?edit=${encodeURIComponent(helpline.id)}#helpline-form`,
                  label: t("helplines.edit"),
                }}
                remove={{ label: t("helplines.remove"), fields: { id: helpline.id } }}
              />
            </td>
          </tr>
        ))}
      </AdminTable>
      <section className="section" aria-labelledby="helpline-form">
        <h2 id="helpline-form">{editingId ? t("helplines.editTitle") : t("helplines.newTitle")}</h2>
        <Form method="post" noValidate className="form" action="/staff/helplines">
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="mode" value={editingId ? "edit" : "new"} />
          {editingId ? (
            <input type="hidden" name="id" value={editingId} />
          ) : (
            <TextInput
              name="id"
              label={t("helplines.fields.id")}
              hint={t("helplines.hints.id")}
              error={error("id")}
              value={values.id}
            />
          )}
          <TextInput
            name="number"
            label={t("helplines.fields.number")}
            hint={t("helplines.hints.number")}
            error={error("number")}
            value={values.number}
          />
          <TextInput name="nameUr" label={t("helplines.fields.nameUr")} error={error("nameUr")} value={values.nameUr} />
          <TextInput name="nameEn" label={t("helplines.fields.nameEn")} error={error("nameEn")} value={values.nameEn} />
          <TextArea
            name="descriptionUr"
            label={t("helplines.fields.descriptionUr")}
            hint={t("helplines.hints.description")}
            error={error("descriptionUr")}
            value={values.descriptionUr}
            rows={3}
            maxLength={600}
          />
          <TextArea
            name="descriptionEn"
            label={t("helplines.fields.descriptionEn")}
            error={error("descriptionEn")}
            value={values.descriptionEn}
            rows={3}
            maxLength={600}
          />
          <TextInput
            name="sourceUr"
            label={t("helplines.fields.sourceUr")}
            hint={t("helplines.hints.source")}
            error={error("sourceUr")}
            value={values.sourceUr}
          />
          <TextInput
            name="sourceEn"
            label={t("helplines.fields.sourceEn")}
            error={error("sourceEn")}
            value={values.sourceEn}
          />
          <TextInput
            name="sourceDate"
            label={t("helplines.fields.sourceDate")}
            hint={t("helplines.hints.sourceDate")}
            error={error("sourceDate")}
            value={values.sourceDate}
            width="short"
          />
          <TextInput
            name="position"
            label={t("helplines.fields.position")}
            hint={t("helplines.hints.position")}
            error={error("position")}
            value={values.position}
            inputMode="numeric"
            width="short"
          />
          <div className={`form-group${errors.emergency ? " form-group--error" : ""}`}>
            <div className="radios__item">
              <input
                className="radios__input"
                type="checkbox"
                id="emergency"
                name="emergency"
                defaultChecked={values.emergency === "on"}
                aria-describedby="emergency-hint"
              />
              <label className="radios__label" htmlFor="emergency">
                {t("helplines.fields.emergency")}
              </label>
            </div>
            <p className="hint" id="emergency-hint">
              {t("helplines.hints.emergency")}
            </p>
          </div>
          <div className="button-group">
            <button className="button" type="submit">
              {t("helplines.save")}
            </button>
            {editingId ? (
              <a className="button button--secondary" href="/staff/helplines">
                {t("helplines.cancel")}
              </a>
            ) : null}
          </div>
        </Form>
      </section>
    </>
  );
}
