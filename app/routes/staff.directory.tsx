// Admins keep agency and unit names right and add units (a new FIA circle, a police unit). Agency codes stay
// fixed: which agency gets a tip follows the PTPA 2018 (app/domain/routing.ts), not this page.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Select, TextInput } from "~/components/forms";
import { agencyNamesSchema, unitSchema } from "~/domain/directory";
import { getFixedT } from "~/i18n/i18n.server";
import { addUnit, getDirectory, renameAgency, renameUnit } from "~/models/directory.server";
import { fieldErrorsFromZod, readFormData, type FormRejection } from "~/utils/forms";
import type { RouteHandle } from "~/utils/route-handle";
import { staffHeaders } from "~/utils/staff-page.server";
import { requireStaff } from "~/utils/staff-session.server";

export const handle: RouteHandle = { i18n: ["staff"] };

const formFields = ["agencyCode", "code", "nameUr", "nameEn"] as const;

/** What the one form on the page does: add a unit, or rename the agency or unit named by `code`. */
type Intent = "add-unit" | "rename-agency" | "rename-unit";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "directory:manage");
  const url = new URL(request.url);
  const directory = await getDirectory();
  const agencyToRename = directory.agencies.find((agency) => agency.code === url.searchParams.get("agency"));
  const unitToRename = directory.agencies.flatMap((agency) => agency.units).find((unit) => unit.code === url.searchParams.get("unit"));
  const renaming = agencyToRename
    ? { intent: "rename-agency" as const, code: agencyToRename.code, nameUr: agencyToRename.name.ur, nameEn: agencyToRename.name.en }
    : unitToRename
      ? { intent: "rename-unit" as const, code: unitToRename.code, nameUr: unitToRename.name.ur, nameEn: unitToRename.name.en }
      : null;
  return {
    title: getFixedT(user.language, "staff")("directory.title"),
    lang: user.language,
    done: url.searchParams.get("done"),
    agencies: directory.agencies,
    renaming,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireStaff(request, "directory:manage");
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "") as Intent;
  const values: Record<string, string> = { intent, ...Object.fromEntries(formFields.map((field) => [field, String(form.get(field) ?? "").slice(0, 500)])) };
  const reject = (fieldErrors: FormRejection["fieldErrors"]) => data<FormRejection>({ fieldErrors, values }, { status: 400, headers: staffHeaders });
  const done = (what: string) => redirect(`/staff/directory?done=${what}`, { headers: staffHeaders });
  switch (intent) {
    case "add-unit": {
      const parsed = unitSchema.safeParse(values);
      if (!parsed.success) return reject(fieldErrorsFromZod(parsed.error));
      const added = await addUnit(admin, parsed.data);
      if (!added.ok) return reject(added.problem === "exists" ? { code: "directory.errors.unitExists" } : { agencyCode: "directory.errors.agency" });
      return done("added");
    }
    case "rename-agency":
    case "rename-unit": {
      const parsed = agencyNamesSchema.safeParse(values);
      if (!parsed.success) return reject(fieldErrorsFromZod(parsed.error));
      const name = { en: parsed.data.nameEn, ur: parsed.data.nameUr };
      const renamed = intent === "rename-agency" ? await renameAgency(admin, parsed.data.code, name) : await renameUnit(admin, parsed.data.code, name);
      if (!renamed) throw new Response("Not Found", { status: 404, headers: staffHeaders });
      return done("renamed");
    }
    default:
      throw new Response("Bad Request", { status: 400, headers: staffHeaders });
  }
}

export const headers: HeadersFunction = () => staffHeaders;

export default function DirectoryPage() {
  const { agencies, renaming, done, lang } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const errors = rejection?.fieldErrors ?? {};
  const rejectedIntent = rejection?.values.intent;
  const form = rejection
    ? { ...rejection.values, intent: rejectedIntent === "rename-agency" || rejectedIntent === "rename-unit" ? rejectedIntent : "add-unit" }
    : (renaming ?? { intent: "add-unit" as const, agencyCode: "", code: "", nameUr: "", nameEn: "" });
  const error = (field: string) => (errors[field] ? t(errors[field]!) : undefined);
  const renameLink = (kind: "agency" | "unit", code: string, name: string) => (
    <a href={`/staff/directory?${kind}=${encodeURIComponent(code)}#directory-form`}>
      {t("directory.rename")}
      <span className="visually-hidden">: {name}</span>
    </a>
  );
  return (
    <>
      <ErrorSummary errors={errors} namespace="staff" fieldOrder={formFields} />
      {done ? (
        <div className="panel panel--notice" role="status">
          <p>{t(`directory.done.${done === "added" ? "added" : "renamed"}`)}</p>
        </div>
      ) : null}
      <h1>{t("directory.title")}</h1>
      <p>{t("directory.intro")}</p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("directory.agency")}</th>
              <th scope="col">{t("directory.otherLanguage")}</th>
              <th scope="col">{t("directory.units")}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((agency) => (
              <tr key={agency.code}>
                <td>
                  {agency.name[lang]} <span dir="ltr">({agency.code})</span>
                  <br />
                  {renameLink("agency", agency.code, agency.name[lang])}
                </td>
                <td>{agency.name[lang === "ur" ? "en" : "ur"]}</td>
                <td>
                  {agency.units.length === 0 ? (
                    "—"
                  ) : (
                    <ul>
                      {agency.units.map((unit) => (
                        <li key={unit.code}>
                          {unit.name[lang]} · {renameLink("unit", unit.code, unit.name[lang])}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="section" aria-labelledby="directory-form">
        <h2 id="directory-form">
          {form.intent === "add-unit" ? t("directory.addUnit") : t(form.intent === "rename-agency" ? "directory.renameAgency" : "directory.renameUnit", { code: form.code })}
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
              <TextInput name="code" label={t("directory.unitCode")} hint={t("directory.unitCodeHint")} error={error("code")} value={form.code} />
            </>
          ) : (
            <input type="hidden" name="code" value={form.code} />
          )}
          <TextInput name="nameUr" label={t("directory.nameUr")} error={error("nameUr")} value={form.nameUr} />
          <TextInput name="nameEn" label={t("directory.nameEn")} error={error("nameEn")} value={form.nameEn} />
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
    </>
  );
}
