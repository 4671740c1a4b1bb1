import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, FieldError, PasswordInput } from "~/components/forms";
import { alertPreferencesSchema } from "~/domain/alerts";
import { getFixedT } from "~/i18n/i18n.server";
import { isLanguage } from "~/i18n/languages";
import { getAlertPreferences, setAlertPreferences } from "~/models/alerts.server";
import { beginTotpEnrolment, changeOwnPassword, confirmTotpEnrolment, pendingTotpSecret, setStaffLanguage } from "~/models/staff-user.server";
import { fieldErrorsFromZod, type FormRejection, readFormData } from "~/utils/forms";
import { alertsEnabled } from "~/utils/alerts.server";
import { passwordLimits } from "~/utils/password.server";
import { isPublishedPassword } from "~/domain/published-passwords";
import { clientKeyOf } from "~/utils/rate-limit.server";
import type { RouteHandle } from "~/utils/route-handle";
import { staffHeaders } from "~/utils/staff-page.server";
import { languageCookie, newSession, requireStaff, sessionIdOf } from "~/utils/staff-session.server";
import { recordStaffFailure, staffAttemptsOverLimit } from "~/utils/staff-login-limit.server";
import { generateTotpSecret, totpUri } from "~/utils/totp.server";

/** One schema for the "change your password" form. Passwords are never trimmed. */
export const passwordChangeSchema = z
  .object({
    currentPassword: z
      .string()
      .min(1, { message: "account.password.errors.currentMissing" })
      // Nobody's password is longer; refusing here keeps the slow hash away from megabytes.
      .max(passwordLimits.max, { message: "account.password.errors.currentWrong" }),
    newPassword: z
      .string()
      .min(1, { message: "account.password.errors.newMissing" })
      .min(passwordLimits.min, { message: "account.password.errors.newTooShort" })
      .max(passwordLimits.max, { message: "account.password.errors.newTooLong" })
      .refine((password) => !isPublishedPassword(password), { message: "account.password.errors.published" }),
    confirmPassword: z.string().min(1, { message: "account.password.errors.confirmMissing" }),
  })
  .superRefine((value, context) => {
    if (value.confirmPassword && value.newPassword !== value.confirmPassword) {
      context.addIssue({ code: "custom", path: ["confirmPassword"], message: "account.password.errors.mismatch" });
    }
  });

const passwordFields = ["currentPassword", "newPassword", "confirmPassword"] as const;

export const handle: RouteHandle = { i18n: ["staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "account:manage");
  const enrolling = new URL(request.url).searchParams.has("enrol") && !user.totpEnabled;
  let enrolment: { secret: string; qrSvg: string } | null = null;
  if (enrolling) {
    const secret = await pendingTotpSecret(user.id);
    if (secret) {
      const qrSvg = await QRCode.toString(totpUri(secret, user.email), { type: "svg", margin: 1, errorCorrectionLevel: "M" });
      enrolment = { secret: secret.replace(/(.{4})/g, "$1 ").trim(), qrSvg };
    }
  }
  return {
    title: getFixedT(user.language, "staff")("account.title"),
    email: user.email,
    language: user.language,
    totpEnabled: user.totpEnabled,
    enrolment,
    passwordChanged: new URL(request.url).searchParams.get("done") === "password",
    alertsSaved: new URL(request.url).searchParams.get("done") === "alerts",
    alerts: await getAlertPreferences(user.id),
    alertsOn: alertsEnabled(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "account:manage");
  const form = await readFormData(request);
  switch (form.get("intent")) {
    case "language": {
      const language = form.get("language");
      if (!isLanguage(language)) throw new Response("Bad Request", { status: 400 });
      await setStaffLanguage(user.id, language);
      return redirect("/staff/account", { headers: { "Set-Cookie": languageCookie(language), ...staffHeaders } });
    }
    case "alerts": {
      // Unticked checkboxes send nothing; the language comes from a fixed list, so only a forged form fails.
      const parsed = alertPreferencesSchema.safeParse({
        alertUrgent: form.get("alertUrgent") === "on",
        alertAssigned: form.get("alertAssigned") === "on",
        alertMessages: form.get("alertMessages") === "on",
        alertLanguage: String(form.get("alertLanguage") ?? ""),
      });
      if (!parsed.success) return data<FormRejection>({ fieldErrors: fieldErrorsFromZod(parsed.error), values: {} }, { status: 400, headers: staffHeaders });
      await setAlertPreferences(user, parsed.data);
      return redirect("/staff/account?done=alerts", { headers: staffHeaders });
    }
    case "totp-start": {
      if (user.totpEnabled) return redirect("/staff/account", { headers: staffHeaders });
      await beginTotpEnrolment(user.id, generateTotpSecret());
      return redirect("/staff/account?enrol=1", { headers: staffHeaders });
    }
    case "totp-confirm": {
      // Every other session ends (ASVS 7.4.3); this one continues.
      const recoveryCodes = await confirmTotpEnrolment(user, String(form.get("code") ?? "").slice(0, 20), { keepSessionId: sessionIdOf(request) });
      if (!recoveryCodes) return data({ error: "account.totp.invalid", recoveryCodes: null }, { status: 400, headers: staffHeaders });
      // Shown once, in this response only; only their hashes are stored.
      return data({ error: null, recoveryCodes }, { headers: staffHeaders });
    }
    case "password": {
      // Passwords are never sent back to the page: a rejected form asks for them again.
      const reject = (fieldErrors: FormRejection["fieldErrors"], status = 400) =>
        data<FormRejection>({ fieldErrors, values: {} }, { status, headers: staffHeaders });
      const parsed = passwordChangeSchema.safeParse(Object.fromEntries(passwordFields.map((field) => [field, String(form.get(field) ?? "")])));
      if (!parsed.success) return reject(fieldErrorsFromZod(parsed.error));
      // The same limits and per-account delay as sign-in: a session left open on a shared computer must not
      // become a way to guess the password.
      const clientKey = clientKeyOf(context);
      if (staffAttemptsOverLimit(clientKey)) return reject({ currentPassword: "login.errors.slowDown" }, 429);
      // Every other session ends (ASVS 7.4.3); this one continues under a new id.
      const session = newSession(request);
      const result = await changeOwnPassword(user, parsed.data.currentPassword, parsed.data.newPassword, session.record);
      if (!result.ok) {
        if (result.problem === "same") return reject({ newPassword: "account.password.errors.same" });
        recordStaffFailure(clientKey);
        return result.problem === "locked"
          ? reject({ currentPassword: "account.password.errors.locked" }, 429)
          : reject({ currentPassword: "account.password.errors.currentWrong" });
      }
      return redirect("/staff/account?done=password", { headers: { "Set-Cookie": session.cookie, ...staffHeaders } });
    }
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

export const headers: HeadersFunction = () => staffHeaders;

export default function AccountPage() {
  const { email, language, totpEnabled, enrolment, passwordChanged, alerts, alertsOn, alertsSaved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const rejection = actionData && "fieldErrors" in actionData ? actionData : null;
  const result = actionData && "recoveryCodes" in actionData ? actionData : null;
  const passwordErrors = rejection?.fieldErrors ?? {};
  const passwordError = (field: (typeof passwordFields)[number]) => (passwordErrors[field] ? t(passwordErrors[field]!) : undefined);
  return (
    <>
      <ErrorSummary errors={passwordErrors} namespace="staff" fieldOrder={[...passwordFields, "alertLanguage"]} />
      {passwordChanged ? (
        <div className="panel panel--notice" role="status" data-password-changed="">
          <p>{t("account.password.changed")}</p>
        </div>
      ) : null}
      <h1>{t("account.title")}</h1>
      <p dir="ltr">{email}</p>
      <section className="section" aria-labelledby="language-heading">
        <h2 id="language-heading">{t("account.language")}</h2>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="language" />
          <select className="select" name="language" defaultValue={language} aria-labelledby="language-heading">
            <option value="ur">اردو</option>
            <option value="en">English</option>
          </select>
          <button className="button button--secondary" type="submit">
            {t("account.saveLanguage")}
          </button>
        </Form>
      </section>
      <section className="section" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">{t("account.alerts.title")}</h2>
        {alertsSaved ? (
          <div className="panel panel--notice" role="status" data-alerts-saved="">
            <p>{t("account.alerts.saved")}</p>
          </div>
        ) : null}
        <p>{t("account.alerts.intro", { email })}</p>
        {alertsOn ? null : <p data-alerts-off="">{t("account.alerts.off")}</p>}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="alerts" />
          {(["alertUrgent", "alertAssigned", "alertMessages"] as const).map((name) => (
            <div className="radios__item" key={name}>
              <input className="radios__input" type="checkbox" id={name} name={name} defaultChecked={alerts[name]} />
              <label className="radios__label" htmlFor={name}>
                {t(`account.alerts.${name === "alertUrgent" ? "urgent" : name === "alertAssigned" ? "assigned" : "messages"}`)}
              </label>
            </div>
          ))}
          <div className={`form-group${passwordErrors.alertLanguage ? " form-group--error" : ""}`}>
            <label className="label" htmlFor="alertLanguage">
              {t("account.alerts.language")}
            </label>
            <FieldError id="alertLanguage" message={passwordErrors.alertLanguage ? t(passwordErrors.alertLanguage) : undefined} />
            <select className="select" id="alertLanguage" name="alertLanguage" defaultValue={alerts.alertLanguage}>
              <option value="ur">اردو</option>
              <option value="en">English</option>
            </select>
          </div>
          <button className="button button--secondary" type="submit">
            {t("account.alerts.save")}
          </button>
        </Form>
      </section>
      <section className="section" aria-labelledby="totp-heading">
        <h2 id="totp-heading">{t("account.totp.title")}</h2>
        {result?.recoveryCodes ? (
          <div className="panel panel--notice" role="status">
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
          </div>
        ) : totpEnabled ? (
          <p data-totp-enabled="">{t("account.totp.on")}</p>
        ) : enrolment ? (
          <>
            <p>{t("account.totp.scan")}</p>
            <div className="qr" role="img" aria-label={t("account.totp.qrLabel")} dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
            <p>
              {t("account.totp.manual")} <code dir="ltr" data-totp-secret="">{enrolment.secret}</code>
            </p>
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="totp-confirm" />
              {result?.error ? <p className="field-error">{t(result.error)}</p> : null}
              <label className="label" htmlFor="code">
                {t("account.totp.code")}
              </label>
              <input className="input input--short" id="code" name="code" inputMode="numeric" autoComplete="one-time-code" dir="ltr" />
              <button className="button" type="submit">
                {t("account.totp.confirm")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <p>{t("account.totp.off")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="totp-start" />
              <button className="button" type="submit">
                {t("account.totp.start")}
              </button>
            </Form>
          </>
        )}
      </section>
      <section className="section" aria-labelledby="password-heading">
        <h2 id="password-heading">{t("account.password.title")}</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="password" />
          <PasswordInput name="currentPassword" label={t("account.password.current")} error={passwordError("currentPassword")} autoComplete="current-password" />
          <PasswordInput
            name="newPassword"
            label={t("account.password.new")}
            hint={t("account.password.newHint")}
            error={passwordError("newPassword")}
            autoComplete="new-password"
          />
          <PasswordInput name="confirmPassword" label={t("account.password.confirm")} error={passwordError("confirmPassword")} autoComplete="new-password" />
          <button className="button" type="submit">
            {t("account.password.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
