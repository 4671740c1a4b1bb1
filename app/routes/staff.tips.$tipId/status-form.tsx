import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Select } from "~/components/forms";
import { closeOutcomes } from "~/domain/tip-status";

export function StatusForm({ transitions, error }: { transitions: readonly string[]; error?: string }) {
  const { t } = useTranslation("staff");
  return (
    <section className="section" aria-labelledby="status-heading">
      <h2 id="status-heading">{t("case.changeStatus")}</h2>
      <Form method="post" noValidate className="form">
        <input type="hidden" name="intent" value="status" />
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
        <button className="button" type="submit">
          {t("case.saveStatus")}
        </button>
      </Form>
    </section>
  );
}
