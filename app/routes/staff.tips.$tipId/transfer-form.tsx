import { useTranslation } from "react-i18next";
import { Select, TextArea } from "~/components/forms";
import { IntentFormSection } from "~/components/intent-form";

export function TransferForm({
  targets,
  errors,
  reason,
}: {
  targets: { code: string; name: string }[];
  errors: { agency?: string; reason?: string };
  reason?: string;
}) {
  const { t } = useTranslation("staff");
  return (
    <IntentFormSection
      headingId="transfer-heading"
      heading={t("case.transfer")}
      intent="transfer"
      submit={t("case.transferSubmit")}
      secondary
    >
      <Select
        name="agency"
        id="transfer-agency"
        label={t("case.transferTo")}
        error={errors.agency}
        emptyLabel="—"
        groups={[{ options: targets.map((target) => ({ value: target.code, label: target.name })) }]}
      />
      <TextArea name="reason" label={t("case.transferReason")} error={errors.reason} value={reason} rows={2} />
    </IntentFormSection>
  );
}
