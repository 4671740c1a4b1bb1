import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, PasswordInput, Select } from "~/components/forms";
import { staffRoles } from "~/domain/permissions";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory, type Directory } from "~/models/directory.server";
import { addStaffMember, disableStaffMember, listStaffMembers, setStaffPassword } from "~/models/staff-user.server";
import { fieldErrorsFromZod, type FormRejection, readFormData } from "~/utils/forms";
import { passwordLimits } from "~/utils/password.server";
import { isPublishedPassword } from "~/domain/published-passwords";
import type { RouteHandle } from "~/utils/route-handle";
import { staffHeaders } from "~/utils/staff-page.server";
import { requireStaff } from "~/utils/staff-session.server";

export const handle: RouteHandle = { i18n: ["staff"] };


/** One schema for the "new staff member" form; agencies and units are checked against the directory. */
export const newStaffSchema = (directory: Pick<Directory, "hasAgency" | "agencyOfUnit">) =>
  z
  .object({
    email: z.string().trim().toLowerCase().email({ message: "users.errors.email" }).max(200, { message: "users.errors.email" }),
    name: z.string().trim().min(1, { message: "users.errors.name" }).max(120, { message: "users.errors.name" }),
    role: z.enum(staffRoles, { errorMap: () => ({ message: "users.errors.role" }) }),
    agencyCode: z.string().optional(),
    unitCode: z.string().optional(),
    password: z
      .string()
      .min(passwordLimits.min, { message: "users.errors.password" })
      .max(passwordLimits.max, { message: "users.errors.password" })
      .refine((password) => !isPublishedPassword(password), { message: "users.errors.published" }),
  })
  .superRefine((value, context) => {
    const needsAgency = value.role === "agent" || value.role === "supervisor";
    if (needsAgency && !directory.hasAgency(value.agencyCode ?? "")) {
      context.addIssue({ code: "custom", path: ["agencyCode"], message: "users.errors.agency" });
    }
    // A unit belongs to one agency: an FIA circle cannot be given to a police officer.
    if (value.unitCode && directory.agencyOfUnit(value.unitCode) !== value.agencyCode) {
      context.addIssue({ code: "custom", path: ["unitCode"], message: "users.errors.unit" });
    }
  });

/** One schema for the "set a new password" form (an administrator's reset for a staff member). */
export const passwordResetSchema = z.object({
  staffUserId: z.string().min(1, { message: "users.errors.member" }).max(64, { message: "users.errors.member" }),
  newPassword: z
    .string()
    .min(passwordLimits.min, { message: "users.errors.password" })
    .max(passwordLimits.max, { message: "users.errors.password" })
    .refine((password) => !isPublishedPassword(password), { message: "users.errors.published" }),
});

const resetFields = ["staffUserId", "newPassword"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "staff:manage");
  const staff = await listStaffMembers();
  const directory = await getDirectory();
  return {
    title: getFixedT(user.language, "staff")("users.title"),
    passwordSet: new URL(request.url).searchParams.get("done") === "password",
    agencies: directory.agencies.map((agency) => ({ code: agency.code, name: agency.name[user.language], units: agency.units.map((unit) => ({ code: unit.code, name: unit.name[user.language] })) })),
    staff: staff.map((member) => ({
      ...member,
      agency: member.agencyCode ? directory.agencyName(member.agencyCode, user.language) : "—",
      unit: directory.unitName(member.unitCode, user.language),
      totp: member.totpEnabledAt !== null,
      disabled: member.disabledAt !== null,
      self: member.id === user.id,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireStaff(request, "staff:manage");
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "disable") {
    const id = String(form.get("id") ?? "");
    if (id === admin.id) throw new Response("Bad Request", { status: 400 });
    if (!(await disableStaffMember(admin, id))) throw new Response("Not Found", { status: 404 });
    return redirect("/staff/users", { headers: staffHeaders });
  }
  if (intent === "password") {
    const raw = { staffUserId: String(form.get("staffUserId") ?? ""), newPassword: String(form.get("newPassword") ?? "") };
    // The password is never sent back to the page.
    const reject = (fieldErrors: FormRejection["fieldErrors"]) =>
      data<FormRejection>({ fieldErrors, values: { staffUserId: raw.staffUserId.slice(0, 64) } }, { status: 400, headers: staffHeaders });
    const parsed = passwordResetSchema.safeParse(raw);
    if (!parsed.success) return reject(fieldErrorsFromZod(parsed.error));
    // Administrators change their own password under "My account", where the current one is asked for.
    if (!(await setStaffPassword(admin, parsed.data.staffUserId, parsed.data.newPassword))) return reject({ staffUserId: "users.errors.member" });
    return redirect("/staff/users?done=password", { headers: staffHeaders });
  }
  if (intent !== "create") throw new Response("Bad Request", { status: 400 });
  const raw = Object.fromEntries(["email", "name", "role", "agencyCode", "unitCode", "password"].map((field) => [field, String(form.get(field) ?? "") || undefined]));
  const parsed = newStaffSchema(await getDirectory()).safeParse(raw);
  const values = { email: raw.email ?? "", name: raw.name ?? "", role: raw.role ?? "", agencyCode: raw.agencyCode ?? "", unitCode: raw.unitCode ?? "" };
  if (!parsed.success) return data<FormRejection>({ fieldErrors: fieldErrorsFromZod(parsed.error), values }, { status: 400, headers: staffHeaders });
  if (!(await addStaffMember(admin, { ...parsed.data, agencyCode: parsed.data.agencyCode ?? null, unitCode: parsed.data.unitCode ?? null }))) {
    return data<FormRejection>({ fieldErrors: { email: "users.errors.exists" }, values }, { status: 400, headers: staffHeaders });
  }
  return redirect("/staff/users", { headers: staffHeaders });
}

export const headers: HeadersFunction = () => staffHeaders;

export default function UsersPage() {
  const { staff, agencies, passwordSet } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const errors = rejection?.fieldErrors ?? {};
  const resetError = (name: (typeof resetFields)[number]) => (errors[name] ? t(errors[name]!) : undefined);
  const resettable = staff.filter((member) => !member.self && !member.disabled);
  const field = (name: string, label: string, control: React.ReactNode) => (
    <div className={`form-group${errors[name] ? " form-group--error" : ""}`}>
      <label className="label" htmlFor={`new-${name}`}>
        {label}
      </label>
      {errors[name] ? <p className="field-error">{t(errors[name]!)}</p> : null}
      {control}
    </div>
  );
  return (
    <>
      <ErrorSummary errors={errors} namespace="staff" fieldOrder={resetFields} />
      {passwordSet ? (
        <div className="panel panel--notice" role="status" data-password-set="">
          <p>{t("users.resetPassword.done")}</p>
        </div>
      ) : null}
      <h1>{t("users.title")}</h1>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("users.email")}</th>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.agency")}</th>
              <th scope="col">{t("users.totp")}</th>
              <th scope="col">{t("users.state")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id}>
                <td dir="ltr">{member.email}</td>
                <td>{member.name}</td>
                <td>{t(`roles.${member.role}`)}</td>
                <td>
                  {member.agency}
                  {member.unit ? ` · ${member.unit}` : ""}
                </td>
                <td>{member.totp ? t("yes") : t("no")}</td>
                <td>
                  {member.disabled ? (
                    t("users.disabled")
                  ) : member.self ? (
                    t("users.active")
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="disable" />
                      <input type="hidden" name="id" value={member.id} />
                      <button className="button button--secondary" type="submit">
                        {t("users.disable")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="section" aria-labelledby="new-heading">
        <h2 id="new-heading">{t("users.new")}</h2>
        <Form method="post" noValidate className="form">
          <input type="hidden" name="intent" value="create" />
          {field("email", t("users.email"), <input className="input" id="new-email" name="email" type="email" dir="ltr" defaultValue={rejection?.values.email} />)}
          {field("name", t("users.name"), <input className="input" id="new-name" name="name" defaultValue={rejection?.values.name} />)}
          {field(
            "role",
            t("users.role"),
            <select className="select" id="new-role" name="role" defaultValue={rejection?.values.role ?? "agent"}>
              {staffRoles.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>,
          )}
          {field(
            "agencyCode",
            t("users.agency"),
            <select className="select" id="new-agencyCode" name="agencyCode" defaultValue={rejection?.values.agencyCode ?? ""}>
              <option value="">—</option>
              {agencies.map((agency) => (
                <option key={agency.code} value={agency.code}>
                  {agency.name}
                </option>
              ))}
            </select>,
          )}
          {field(
            "unitCode",
            t("users.unit"),
            <select className="select" id="new-unitCode" name="unitCode" defaultValue={rejection?.values.unitCode ?? ""}>
              <option value="">—</option>
              {agencies.flatMap((agency) =>
                agency.units.map((unit) => (
                  <option key={unit.code} value={unit.code}>
                    {unit.name}
                  </option>
                )),
              )}
            </select>,
          )}
          {field("password", t("users.password"), <input className="input" id="new-password" name="password" type="password" autoComplete="new-password" dir="ltr" />)}
          <button className="button" type="submit">
            {t("users.create")}
          </button>
        </Form>
      </section>
      <section className="section" aria-labelledby="reset-heading">
        <h2 id="reset-heading">{t("users.resetPassword.title")}</h2>
        <p>{t("users.resetPassword.lead")}</p>
        <Form method="post" noValidate className="form">
          <input type="hidden" name="intent" value="password" />
          <Select
            name="staffUserId"
            label={t("users.resetPassword.member")}
            error={resetError("staffUserId")}
            value={rejection?.values.staffUserId}
            emptyLabel={t("users.resetPassword.choose")}
            groups={[{ options: resettable.map((member) => ({ value: member.id, label: `${member.name} (${member.email})` })) }]}
          />
          <PasswordInput name="newPassword" label={t("users.resetPassword.password")} error={resetError("newPassword")} autoComplete="new-password" />
          <button className="button" type="submit">
            {t("users.resetPassword.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
