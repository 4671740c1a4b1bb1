// Admins keep agency and unit names right, add units (a new FIA circle, a police unit) and set each one's duty
// address for urgent-tip alerts (docs/decisions/028). Agency codes stay fixed: which agency gets a tip follows the
// PTPA 2018 (app/domain/routing.ts), not this page.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AlertEmailForm, DirectoryTable } from "~/components/directory-admin";
import { ErrorSummary, Select, TextInput } from "~/components/forms";
import { NoticePanel } from "~/components/notice-panel";
import { alertEmailFormSchema } from "~/domain/alerts";
import { agencyNamesSchema, unitSchema } from "~/domain/directory";
import { getFixedT } from "~/i18n/i18n.server";
import {
  addUnit,
  getDirectory,
  listAlertAddresses,
  renameAgency,
  renameUnit,
  setAlertAddress,
} from "~/models/directory.server";
import { type FieldErrors, fieldErrorsFromZod, readFormData } from "~/utils/forms";
import type { RouteHandle } from "~/utils/route-handle";
import { rejectStaffForm } from "~/server/staff-forms.server";
import { staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";

export const handle: RouteHandle = { i18n: ["staff"] };

const formFields = ["agencyCode", "code", "nameUr", "nameEn", "alertEmail"] as const;

/**
 * What a form on the page does: add a unit, rename the agency or unit named by `code`, or set its duty address
 * (a second form, shown with the rename form).
 */
type Intent = "add-unit" | "rename-agency" | "rename-unit" | "alert-email-agency" | "alert-email-unit";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "directory:manage");
  const url = new URL(request.url);
  const directory = await getDirectory();
  const agencyToRename = directory.agencies.find((agency) => agency.code === url.searchParams.get("agency"));
  const unitToRename = directory.agencies
    .flatMap((agency) => agency.units)
    .find((unit) => unit.code === url.searchParams.get("unit"));
  const renaming = agencyToRename
    ? {
        intent: "rename-agency" as const,
        code: agencyToRename.code,
        nameUr: agencyToRename.name.ur,
        nameEn: agencyToRename.name.en,
      }
    : unitToRename
      ? {
          intent: "rename-unit" as const,
          code: unitToRename.code,
          nameUr: unitToRename.name.ur,
          nameEn: unitToRename.name.en,
        }
      : null;
  const alertAddresses = await listAlertAddresses();
  return {
    title: getFixedT(user.language, "staff")("directory.title"),
    lang: user.language,
    done: url.searchParams.get("done"),
    agencies: directory.agencies,
    alertAddresses,
    renaming: renaming && {
      ...renaming,
      alertEmail:
        (renaming.intent === "rename-agency"
          ? alertAddresses.agencies[renaming.code]
          : alertAddresses.units[renaming.code]) ?? "",
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireStaff(request, "directory:manage");
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "") as Intent;
  const values: Record<string, string> = {
    intent,
    ...Object.fromEntries(formFields.map((field) => [field, String(form.get(field) ?? "").slice(0, 500)])),
  };
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
      if (!renamed) throw new Response("Not Found", { status: 404, headers: staffHeaders });
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
      if (!(await setAlertAddress(admin, target, parsed.data.alertEmail)))
        throw new Response("Not Found", { status: 404, headers: staffHeaders });
      return done("alertEmail");
    }
    default:
      throw new Response("Bad Request", { status: 400, headers: staffHeaders });
  }
}

export const headers: HeadersFunction = () => staffHeaders;

export default function DirectoryPage() {
  const { agencies, alertAddresses, renaming, done, lang } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const errors = rejection?.fieldErrors ?? {};
  const rejectedIntent = rejection?.values.intent;
  // A rejected duty address shows its own form again, under the rename form of the same agency or unit.
  const rejectedAlert = rejectedIntent === "alert-email-agency" || rejectedIntent === "alert-email-unit";
  const renameIntentOf = (intent: string | undefined) =>
    intent === "rename-agency" || intent === "alert-email-agency"
      ? "rename-agency"
      : intent === "rename-unit" || intent === "alert-email-unit"
        ? "rename-unit"
        : "add-unit";
  const form = rejection
    ? { ...rejection.values, intent: renameIntentOf(rejectedIntent) }
    : (renaming ?? { intent: "add-unit" as const, agencyCode: "", code: "", nameUr: "", nameEn: "", alertEmail: "" });
  const alertForm =
    form.intent === "add-unit"
      ? null
      : {
          intent: form.intent === "rename-agency" ? "alert-email-agency" : "alert-email-unit",
          code: form.code ?? "",
          alertEmail: rejectedAlert ? (rejection?.values.alertEmail ?? "") : (renaming?.alertEmail ?? ""),
        };
  const nameFormValues = rejectedAlert ? (renaming ?? form) : form;
  const error = (field: string) => (errors[field] ? t(errors[field]!) : undefined);
  return (
    <>
      <ErrorSummary errors={errors} namespace="staff" fieldOrder={formFields} />
      {done ? (
        <NoticePanel>
          {t(`directory.done.${done === "added" ? "added" : done === "alertEmail" ? "alertEmail" : "renamed"}`)}
        </NoticePanel>
      ) : null}
      <h1>{t("directory.title")}</h1>
      <p>{t("directory.intro")}</p>
      <DirectoryTable agencies={agencies} alertAddresses={alertAddresses} lang={lang} />
      <section className="section" aria-labelledby="directory-form">
        <h2 id="directory-form">
          {form.intent === "add-unit"
            ? t("directory.addUnit")
            : t(form.intent === "rename-agency" ? "directory.renameAgency" : "directory.renameUnit", {
                code: form.code,
              })}
        </h2>
        <Form method="post" noValidate className="form" action="/staff/directory">
          <input type="hidden" name="intent" value={form.intent} />
          {form.intent === "add-unit" ? (
            <>
              <Select
                name="agencyCode"
                label={t("directory.agency")}
                error={error("agencyCode")}
                value={form.agencyCode}
                emptyLabel="—"
                groups={[{ options: agencies.map((agency) => ({ value: agency.code, label: agency.name[lang] })) }]}
              />
              <TextInput
                name="code"
                label={t("directory.unitCode")}
                hint={t("directory.unitCodeHint")}
                error={error("code")}
                value={form.code}
              />
            </>
          ) : (
            <input type="hidden" name="code" value={form.code} />
          )}
          <TextInput
            name="nameUr"
            label={t("directory.nameUr")}
            error={rejectedAlert ? undefined : error("nameUr")}
            value={nameFormValues.nameUr}
          />
          <TextInput
            name="nameEn"
            label={t("directory.nameEn")}
            error={rejectedAlert ? undefined : error("nameEn")}
            value={nameFormValues.nameEn}
          />
          <div className="button-group">
            <button className="button" type="submit">
              {form.intent === "add-unit" ? t("directory.add") : t("directory.save")}
            </button>
            {form.intent === "add-unit" ? null : (
              <a className="button button--secondary" href="/staff/directory">
                {t("helplines.cancel")}
              </a>
            )}
          </div>
        </Form>
      </section>
      {alertForm ? <AlertEmailForm {...alertForm} error={error("alertEmail")} /> : null}
    </>
  );
}
