import { useTranslation } from "react-i18next";
import { Select } from "~/components/forms";
import { IntentFormSection } from "~/components/intent-form";
import { closeOutcomes } from "~/domain/tip-status";

export function StatusForm({ transitions, error }: { transitions: readonly string[]; error?: string }) {
  const { t } = useTranslation("staff");
  return (
    <IntentFormSection
      headingId="status-heading"
      heading={t("case.changeStatus")}
      intent="status"
      submit={t("case.saveStatus")}
    >
      <Select
        name="status"
        label={t("case.newStatus")}
        error={error}
        groups={[{ options: transitions.map((status) => ({ value: status, label: t(`statuses.${status}`) })) }]}
      />
      <Select
        name="outcome"
        label={t("case.outcome")}
        emptyLabel="—"
        groups={[{ options: closeOutcomes.map((outcome) => ({ value: outcome, label: t(`outcomes.${outcome}`) })) }]}
      />
    </IntentFormSection>
  );
}
