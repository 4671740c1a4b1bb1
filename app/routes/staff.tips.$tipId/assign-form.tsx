import { useTranslation } from "react-i18next";
import { Select } from "~/components/forms";
import { IntentFormSection } from "~/components/intent-form";

interface Person {
  id: string;
  name: string;
}

/**
 * Assigns the tip to a person in its agency, or, on the triage desk, sends it to an agency's queue or straight
 * to a person there ("code" or "code/staffId").
 */
export function AssignForm({
  triageDesk,
  assignable,
  triageTargets,
  errors,
}: {
  triageDesk: boolean;
  assignable: Person[];
  triageTargets: { code: string; name: string; staff: Person[] }[];
  errors: { assignee?: string; agency?: string };
}) {
  const { t } = useTranslation("staff");
  return (
    <IntentFormSection
      headingId="assign-heading"
      heading={t("case.assign")}
      intent="assign"
      submit={t("case.saveAssign")}
    >
      {!triageDesk ? (
        <Select
          name="assignee"
          label={t("case.assignee")}
          error={errors.assignee}
          emptyLabel={t("case.nobody")}
          groups={[{ options: assignable.map((member) => ({ value: member.id, label: member.name })) }]}
        />
      ) : (
        <Select
          name="agency"
          id="assign-agency"
          label={t("case.assignAgency")}
          hint={t("case.assignAgencyHint")}
          error={errors.agency}
          emptyLabel="—"
          groups={triageTargets.map((target) => ({
            label: target.name,
            options: [
              { value: target.code, label: t("case.agencyQueue", { agency: target.name }) },
              ...target.staff.map((member) => ({ value: `${target.code}/${member.id}`, label: member.name })),
            ],
          }))}
        />
      )}
    </IntentFormSection>
  );
}
