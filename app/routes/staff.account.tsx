import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/forms";
import { NoticePanel } from "~/components/notice-panel";
import { AlertsForm, LanguageForm, PasswordChangeForm, TotpSection } from "~/components/staff-account-forms";
import { alertPreferencesSchema } from "~/domain/alerts";
import { getFixedT } from "~/i18n/i18n.server";
import { isLanguage } from "~/i18n/languages";
import { getAlertPreferences, setAlertPreferences } from "~/models/alerts.server";
import {
  beginTotpEnrolment,
  changeOwnPassword,
  confirmTotpEnrolment,
  pendingTotpSecret,
  setStaffLanguage,
} from "~/models/staff-user.server";
import { type FieldErrors, fieldErrorsFromZod, parseForm, readFormData } from "~/utils/forms";
import { alertsEnabled } from "~/server/alerts.server";
import { clientKeyOf } from "~/server/rate-limit.server";
import type { RouteHandle } from "~/utils/route-handle";
import { rejectStaffForm } from "~/server/staff-forms.server";
import { staffHeaders } from "~/server/staff-page.server";
import { languageCookie, newSession, requireStaff, sessionIdOf } from "~/server/staff-session.server";
import { recordStaffFailure, staffAttemptsOverLimit } from "~/server/staff-login-limit.server";
import { passwordChangeSchema, passwordFields } from "~/server/staff-user-forms.server";
import { generateTotpSecret, totpUri } from "~/server/totp.server";

export const handle: RouteHandle = { i18n: ["staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "account:manage");
  const enrolling = new URL(request.url).searchParams.has("enrol") && !user.totpEnabled;
  let enrolment: { secret: string; qrSvg: string } | null = null;
  if (enrolling) {
    const secret = await pendingTotpSecret(user.id);
    if (secret) {
      const qrSvg = await QRCode.toString(totpUri(secret, user.email), {
        type: "svg",
        margin: 1,
        errorCorrectionLevel: "M",
      });
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
      if (!parsed.success) return rejectStaffForm(fieldErrorsFromZod(parsed.error));
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
      const recoveryCodes = await confirmTotpEnrolment(user, String(form.get("code") ?? "").slice(0, 20), {
        keepSessionId: sessionIdOf(request),
      });
      if (!recoveryCodes)
        return data({ error: "account.totp.invalid", recoveryCodes: null }, { status: 400, headers: staffHeaders });
      // Shown once, in this response only; only their hashes are stored.
      return data({ error: null, recoveryCodes }, { headers: staffHeaders });
    }
    case "password": {
      // Passwords are never sent back to the page: a rejected form asks for them again.
      const reject = (fieldErrors: FieldErrors, status = 400) => rejectStaffForm(fieldErrors, {}, {}, status);
      const parsed = await parseForm(passwordChangeSchema, form, passwordFields, []);
      if (!parsed.ok) return reject(parsed.errors);
      // The same limits and per-account delay as sign-in: a session left open on a shared computer must not
      // become a way to guess the password.
      const clientKey = clientKeyOf(context);
      if (staffAttemptsOverLimit(clientKey)) return reject({ currentPassword: "login.errors.slowDown" }, 429);
      // Every other session ends (ASVS 7.4.3); this one continues under a new id.
      const session = newSession(request);
      const result = await changeOwnPassword(
        user,
        parsed.value.currentPassword,
        parsed.value.newPassword,
        session.record,
      );
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
  const { email, language, totpEnabled, enrolment, passwordChanged, alerts, alertsOn, alertsSaved } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  const rejection = actionData && "fieldErrors" in actionData ? actionData : null;
  const result = actionData && "recoveryCodes" in actionData ? actionData : null;
  const errors = rejection?.fieldErrors ?? {};
  return (
    <>
      <ErrorSummary errors={errors} namespace="staff" fieldOrder={[...passwordFields, "alertLanguage"]} />
      {passwordChanged ? <NoticePanel data-password-changed="">{t("account.password.changed")}</NoticePanel> : null}
      <h1>{t("account.title")}</h1>
      <p dir="ltr">{email}</p>
      <LanguageForm language={language} />
      <AlertsForm
        email={email}
        alerts={alerts}
        alertsOn={alertsOn}
        alertsSaved={alertsSaved}
        languageError={errors.alertLanguage ? t(errors.alertLanguage) : undefined}
      />
      <TotpSection totpEnabled={totpEnabled} enrolment={enrolment} result={result} />
      <PasswordChangeForm errors={errors} />
    </>
  );
}
