import { IntentForm } from "./intent-form";
import { useTranslation } from "react-i18next";
import { postponementChoicesDays } from "~/domain/retention";
import { RadioQuestion, TextArea } from "./forms";

export interface DeletionScheduleView {
  /** The date the content is deleted, formatted; null when this outcome is kept. */
  on: string | null;
  /** Within 72 hours (or already due and waiting for the next run). */
  soon: boolean;
  /** The date comes from a postponement, not from the policy. */
  postponed: boolean;
}

/** When a closed tip's content is deleted (docs/decisions/017), and the form that postpones it. */
export function DeletionSchedule({
  schedule,
  canPostpone,
  errors,
  reason,
}: {
  schedule: DeletionScheduleView;
  canPostpone: boolean;
  errors: { days?: string; reason?: string };
  reason?: string;
}) {
  const { t } = useTranslation("staff");
  return (
    <section className="section" aria-labelledby="deletion-heading" data-deletion="">
      <h2 id="deletion-heading">{t("case.deletion.heading")}</h2>
      <p>
        {schedule.on
          ? t(schedule.postponed ? "case.deletion.postponedTo" : "case.deletion.due", { date: schedule.on })
          : t("case.deletion.kept")}
        {schedule.soon ? <strong className="tag tag--overdue"> {t("case.deletion.soon")}</strong> : null}
      </p>
      {canPostpone ? (
        <IntentForm intent="postpone-deletion" submit={t("case.deletion.postpone")} secondary>
          <RadioQuestion
            name="postponeDays"
            legend={t("case.deletion.postponeBy")}
            options={postponementChoicesDays.map((days) => ({
              value: String(days),
              label: t("case.deletion.days", { days }),
            }))}
            error={errors.days}
          />
          <TextArea
            name="postponeReason"
            label={t("case.deletion.reason")}
            hint={t("case.deletion.reasonHint")}
            error={errors.reason}
            value={reason}
            rows={2}
          />
        </IntentForm>
      ) : null}
    </section>
  );
}
