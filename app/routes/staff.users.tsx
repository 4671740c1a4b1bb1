import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/forms";
import { NoticePanel } from "~/components/notice-panel";
import { NewStaffForm, newStaffFieldIds, PasswordResetForm, StaffTable } from "~/components/staff-user-forms";
import { getFixedT } from "~/i18n/i18n.server";
import { getDirectory } from "~/models/directory.server";
import { addStaffMember, disableStaffMember, listStaffMembers, setStaffPassword } from "~/models/staff-user.server";
import { formValues, parseForm, readFormData } from "~/utils/forms";
import type { RouteHandle } from "~/utils/route-handle";
import { rejectStaffForm } from "~/server/staff-forms.server";
import { staffHeaders } from "~/server/staff-page.server";
import { requireStaff } from "~/server/staff-session.server";
import {
  newStaffFields,
  newStaffKept,
  newStaffSchema,
  passwordResetFields,
  passwordResetSchema,
} from "~/server/staff-user-forms.server";

export const handle: RouteHandle = { i18n: ["staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "staff:manage");
  const staff = await listStaffMembers();
  const directory = await getDirectory();
  return {
    title: getFixedT(user.language, "staff")("users.title"),
    passwordSet: new URL(request.url).searchParams.get("done") === "password",
    agencies: directory.agencies.map((agency) => ({
      code: agency.code,
      name: agency.name[user.language],
      units: agency.units.map((unit) => ({ code: unit.code, name: unit.name[user.language] })),
    })),
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
  switch (form.get("intent")) {
    case "disable": {
      const id = String(form.get("id") ?? "");
      if (id === admin.id) throw new Response("Bad Request", { status: 400 });
      if (!(await disableStaffMember(admin, id))) throw new Response("Not Found", { status: 404 });
      return redirect("/staff/users", { headers: staffHeaders });
    }
    case "password": {
      // The password is never sent back to the page.
      const parsed = await parseForm(passwordResetSchema, form, passwordResetFields, ["staffUserId"]);
      if (!parsed.ok) return rejectStaffForm(parsed.errors, parsed.values);
      const { staffUserId, newPassword } = parsed.value;
      // Administrators change their own password under "My account", where the current one is asked for.
      if (!(await setStaffPassword(admin, staffUserId, newPassword)))
        return rejectStaffForm({ staffUserId: "users.errors.member" }, { staffUserId });
      return redirect("/staff/users?done=password", { headers: staffHeaders });
    }
    case "create": {
      const parsed = await parseForm(newStaffSchema(await getDirectory()), form, newStaffFields, newStaffKept);
      if (!parsed.ok) return rejectStaffForm(parsed.errors, parsed.values);
      const member = {
        ...parsed.value,
        agencyCode: parsed.value.agencyCode ?? null,
        unitCode: parsed.value.unitCode ?? null,
      };
      if (!(await addStaffMember(admin, member)))
        return rejectStaffForm({ email: "users.errors.exists" }, formValues(form, newStaffKept));
      return redirect("/staff/users", { headers: staffHeaders });
    }
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

export const headers: HeadersFunction = () => staffHeaders;

export default function UsersPage() {
  const { staff, agencies, passwordSet } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const errors = rejection?.fieldErrors ?? {};
  const values = rejection?.values ?? {};
  return (
    <>
      <ErrorSummary
        errors={errors}
        namespace="staff"
        fieldOrder={[...Object.keys(newStaffFieldIds), "staffUserId", "newPassword"]}
        fieldIds={newStaffFieldIds}
      />
      {passwordSet ? <NoticePanel data-password-set="">{t("users.resetPassword.done")}</NoticePanel> : null}
      <h1>{t("users.title")}</h1>
      <StaffTable staff={staff} />
      <NewStaffForm agencies={agencies} errors={errors} values={values} />
      <PasswordResetForm
        members={staff.filter((member) => !member.self && !member.disabled)}
        errors={errors}
        staffUserId={values.staffUserId}
      />
    </>
  );
}
