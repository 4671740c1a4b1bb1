import { useTranslation } from "react-i18next";
import { staffRoles } from "~/domain/permissions";
import type { FieldErrors } from "~/utils/forms";
import { AdminTable } from "./admin-table";
import { PasswordInput, Select, TextInput } from "./forms";
import { IntentForm, IntentFormSection } from "./intent-form";

/** The "new staff member" form's element ids: its fields would otherwise clash with the page's other forms. */
export const newStaffFieldIds = {
  email: "new-email",
  name: "new-name",
  role: "new-role",
  agencyCode: "new-agencyCode",
  unitCode: "new-unitCode",
  password: "new-password",
} as const;

interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: string;
  agency: string;
  unit: string | null;
  totp: boolean;
  disabled: boolean;
  self: boolean;
}

/** Every staff account, with a button to disable each (not one's own). */
export function StaffTable({ staff }: { staff: StaffRow[] }) {
  const { t } = useTranslation("staff");
  return (
    <AdminTable
      columns={[
        t("users.email"),
        t("users.name"),
        t("users.role"),
        t("users.agency"),
        t("users.totp"),
        t("users.state"),
      ]}
    >
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
              <IntentForm intent="disable" submit={t("users.disable")} secondary>
                <input type="hidden" name="id" value={member.id} />
              </IntentForm>
            )}
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}

interface AgencyChoice {
  code: string;
  name: string;
  units: { code: string; name: string }[];
}

export function NewStaffForm({
  agencies,
  errors,
  values,
}: {
  agencies: AgencyChoice[];
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { t } = useTranslation("staff");
  const error = (field: keyof typeof newStaffFieldIds) => (errors[field] ? t(errors[field]!) : undefined);
  const ids = newStaffFieldIds;
  return (
    <IntentFormSection headingId="new-heading" heading={t("users.new")} intent="create" submit={t("users.create")}>
      <TextInput
        name="email"
        id={ids.email}
        type="email"
        label={t("users.email")}
        error={error("email")}
        value={values.email}
      />
      <TextInput name="name" id={ids.name} label={t("users.name")} error={error("name")} value={values.name} />
      <Select
        name="role"
        id={ids.role}
        label={t("users.role")}
        error={error("role")}
        value={values.role || "agent"}
        groups={[{ options: staffRoles.map((role) => ({ value: role, label: t(`roles.${role}`) })) }]}
      />
      <Select
        name="agencyCode"
        id={ids.agencyCode}
        label={t("users.agency")}
        error={error("agencyCode")}
        value={values.agencyCode}
        emptyLabel="—"
        groups={[{ options: agencies.map((agency) => ({ value: agency.code, label: agency.name })) }]}
      />
      <Select
        name="unitCode"
        id={ids.unitCode}
        label={t("users.unit")}
        error={error("unitCode")}
        value={values.unitCode}
        emptyLabel="—"
        groups={[
          {
            options: agencies.flatMap((agency) => agency.units.map((unit) => ({ value: unit.code, label: unit.name }))),
          },
        ]}
      />
      <PasswordInput
        name="password"
        id={ids.password}
        label={t("users.password")}
        error={error("password")}
        autoComplete="new-password"
      />
    </IntentFormSection>
  );
}

export function PasswordResetForm({
  members,
  errors,
  staffUserId,
}: {
  members: { id: string; name: string; email: string }[];
  errors: FieldErrors;
  staffUserId?: string;
}) {
  const { t } = useTranslation("staff");
  const error = (field: "staffUserId" | "newPassword") => (errors[field] ? t(errors[field]!) : undefined);
  return (
    <IntentFormSection
      headingId="reset-heading"
      heading={t("users.resetPassword.title")}
      intro={<p>{t("users.resetPassword.lead")}</p>}
      intent="password"
      submit={t("users.resetPassword.submit")}
    >
      <Select
        name="staffUserId"
        label={t("users.resetPassword.member")}
        error={error("staffUserId")}
        value={staffUserId}
        emptyLabel={t("users.resetPassword.choose")}
        groups={[
          { options: members.map((member) => ({ value: member.id, label: `${member.name} (${member.email})` })) },
        ]}
      />
      <PasswordInput
        name="newPassword"
        label={t("users.resetPassword.password")}
        error={error("newPassword")}
        autoComplete="new-password"
      />
    </IntentFormSection>
  );
}
