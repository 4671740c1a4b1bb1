import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Select, TextArea } from "~/components/forms";

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
    <section className="section" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">{t("case.transfer")}</h2>
      <Form method="post" noValidate className="form">
        <input type="hidden" name="intent" value="transfer" />
        <Select
          name="agency"
          id="transfer-agency"
          label={t("case.transferTo")}
          error={errors.agency}
          emptyLabel="—"
          groups={[{ options: targets.map((target) => ({ value: target.code, label: target.name })) }]}
        />
        <TextArea name="reason" label={t("case.transferReason")} error={errors.reason} value={reason} rows={2} />
        <button className="button button--secondary" type="submit">
          {t("case.transferSubmit")}
        </button>
      </Form>
    </section>
  );
}
