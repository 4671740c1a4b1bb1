import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { getFixedT } from "~/i18n/i18n.server";
import { isLanguage } from "~/i18n/languages";
import { audit } from "~/models/audit.server";
import { beginTotpEnrolment, confirmTotpEnrolment, pendingTotpSecret } from "~/models/staff-user.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/forms";
import type { RouteHandle } from "~/utils/route-handle";
import { staffHeaders } from "~/utils/staff-page.server";
import { endOtherSessions, languageCookie, requireStaff } from "~/utils/staff-session.server";
import { generateTotpSecret, totpUri } from "~/utils/totp.server";

export const handle: RouteHandle = { i18n: ["staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "account:manage");
  const enrolling = new URL(request.url).searchParams.has("enrol") && !user.totpEnabled;
  let enrolment: { secret: string; qrSvg: string } | null = null;
  if (enrolling) {
    const secret = await pendingTotpSecret(await getDb(), user.id);
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
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "account:manage");
  const form = await readFormData(request);
  const db = await getDb();
  switch (form.get("intent")) {
    case "language": {
      const language = form.get("language");
      if (!isLanguage(language)) throw new Response("Bad Request", { status: 400 });
      await db.staffUser.update({ where: { id: user.id }, data: { language } });
      return redirect("/staff/account", { headers: { "Set-Cookie": languageCookie(language), ...staffHeaders } });
    }
    case "totp-start": {
      if (user.totpEnabled) return redirect("/staff/account", { headers: staffHeaders });
      await beginTotpEnrolment(db, user.id, generateTotpSecret());
      return redirect("/staff/account?enrol=1", { headers: staffHeaders });
    }
    case "totp-confirm": {
      const recoveryCodes = await confirmTotpEnrolment(db, user.id, String(form.get("code") ?? "").slice(0, 20));
      if (!recoveryCodes) return data({ error: "account.totp.invalid", recoveryCodes: null }, { status: 400, headers: staffHeaders });
      await endOtherSessions(user.id, request);
      await audit(db, { actor: user, action: "totp_enabled" });
      // Shown once, in this response only; only their hashes are stored.
      return data({ error: null, recoveryCodes }, { headers: staffHeaders });
    }
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

export const headers: HeadersFunction = () => staffHeaders;

export default function AccountPage() {
  const { email, language, totpEnabled, enrolment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  return (
    <>
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
    </>
  );
}
