import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/utils/forms";
import { OneTimeCodeInput, PasswordInput, Select } from "./forms";
import { IntentForm, IntentFormSection } from "./intent-form";
import { NoticePanel } from "./notice-panel";

// The forms of a staff member's own account page (/staff/account).

const languageOptions = [
  { value: "ur", label: "اردو" },
  { value: "en", label: "English" },
];

type AlertPreferences = { alertUrgent: boolean; alertAssigned: boolean; alertMessages: boolean; alertLanguage: string };

export function AlertsForm({
  email,
  alerts,
  alertsOn,
  alertsSaved,
  languageError,
}: {
  email: string;
  alerts: AlertPreferences;
  alertsOn: boolean;
  alertsSaved: boolean;
  languageError?: string;
}) {
  const { t } = useTranslation("staff");
  return (
    <IntentFormSection
      headingId="alerts-heading"
      heading={t("account.alerts.title")}
      intro={
        <>
          {alertsSaved ? <NoticePanel data-alerts-saved="">{t("account.alerts.saved")}</NoticePanel> : null}
          <p>{t("account.alerts.intro", { email })}</p>
          {alertsOn ? null : <p data-alerts-off="">{t("account.alerts.off")}</p>}
        </>
      }
      intent="alerts"
      submit={t("account.alerts.save")}
      secondary
    >
      {(["alertUrgent", "alertAssigned", "alertMessages"] as const).map((name) => (
        <div className="radios__item" key={name}>
          <input className="radios__input" type="checkbox" id={name} name={name} defaultChecked={alerts[name]} />
          <label className="radios__label" htmlFor={name}>
            {t(
              `account.alerts.${name === "alertUrgent" ? "urgent" : name === "alertAssigned" ? "assigned" : "messages"}`,
            )}
          </label>
        </div>
      ))}
      <Select
        name="alertLanguage"
        label={t("account.alerts.language")}
        error={languageError}
        value={alerts.alertLanguage}
        groups={[{ options: languageOptions }]}
      />
    </IntentFormSection>
  );
}

/** Two-step sign-in: start, scan and confirm, then the recovery codes once. */
export function TotpSection({
  totpEnabled,
  enrolment,
  result,
}: {
  totpEnabled: boolean;
  enrolment: { secret: string; qrSvg: string } | null;
  result: { error: string | null; recoveryCodes: string[] | null } | null;
}) {
  const { t } = useTranslation("staff");
  return (
    <section className="section" aria-labelledby="totp-heading">
      <h2 id="totp-heading">{t("account.totp.title")}</h2>
      {result?.recoveryCodes ? (
        <NoticePanel>
          <p>{t("account.totp.enabled")}</p>
          <p>
            <strong>{t("account.totp.recoveryIntro")}</strong>
          </p>
          <ul className="recovery-codes" dir="ltr" data-recovery-codes="">
            {result.recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
        </NoticePanel>
      ) : totpEnabled ? (
        <p data-totp-enabled="">{t("account.totp.on")}</p>
      ) : enrolment ? (
        <>
          <p>{t("account.totp.scan")}</p>
          <div
            className="qr"
            role="img"
            aria-label={t("account.totp.qrLabel")}
            dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
          />
          <p>
            {t("account.totp.manual")}{" "}
            <code dir="ltr" data-totp-secret="">
              {enrolment.secret}
            </code>
          </p>
          <IntentForm intent="totp-confirm" submit={t("account.totp.confirm")}>
            <OneTimeCodeInput label={t("account.totp.code")} error={result?.error ? t(result.error) : undefined} />
          </IntentForm>
        </>
      ) : (
        <>
          <p>{t("account.totp.off")}</p>
          <IntentForm intent="totp-start" submit={t("account.totp.start")} />
        </>
      )}
    </section>
  );
}

export function PasswordChangeForm({ errors }: { errors: FieldErrors }) {
  const { t } = useTranslation("staff");
  const error = (field: string) => (errors[field] ? t(errors[field]!) : undefined);
  return (
    <IntentFormSection
      headingId="password-heading"
      heading={t("account.password.title")}
      intent="password"
      submit={t("account.password.submit")}
    >
      <PasswordInput
        name="currentPassword"
        label={t("account.password.current")}
        error={error("currentPassword")}
        autoComplete="current-password"
      />
      <PasswordInput
        name="newPassword"
        label={t("account.password.new")}
        hint={t("account.password.newHint")}
        error={error("newPassword")}
        autoComplete="new-password"
      />
      <PasswordInput
        name="confirmPassword"
        label={t("account.password.confirm")}
        error={error("confirmPassword")}
        autoComplete="new-password"
      />
    </IntentFormSection>
  );
}

export function LanguageForm({ language }: { language: string }) {
  const { t } = useTranslation("staff");
  return (
    <IntentFormSection
      headingId="language-heading"
      heading={t("account.language")}
      intent="language"
      submit={t("account.saveLanguage")}
      secondary
    >
      <select className="select" name="language" defaultValue={language} aria-labelledby="language-heading">
        {languageOptions.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </IntentFormSection>
  );
}
