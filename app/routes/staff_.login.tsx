import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NoticePanel } from "~/components/notice-panel";
import { ErrorSummary, OneTimeCodeInput, PasswordInput, TextInput } from "~/components/forms";
import { getFixedT } from "~/i18n/i18n.server";
import { defaultLanguage } from "~/i18n/languages";
import { secondFactorLooksValid, signInWithPassword } from "~/models/staff-user.server";
import { readFormData, type FormRejection } from "~/utils/forms";
import { passwordLimits } from "~/server/password.server";
import { clientKeyOf } from "~/server/rate-limit.server";
import type { RouteHandle } from "~/utils/route-handle";
import { safeNext, staffHeaders } from "~/server/staff-page.server";
import { getSession, languageCookie, newSession, staffLanguageFromRequest } from "~/server/staff-session.server";
import { recordStaffFailure, staffAttemptsOverLimit } from "~/server/staff-login-limit.server";

export const handle: RouteHandle = { i18n: ["staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  if (session?.stage === "full") throw redirect("/staff");
  const lang = staffLanguageFromRequest(request) ?? defaultLanguage;
  const url = new URL(request.url);
  return {
    next: safeNext(url.searchParams.get("next")),
    // After too many wrong two-step codes the half-signed-in session was ended (see staff_.login_.verify.tsx).
    stopped: url.searchParams.get("stopped") === "codes",
    title: getFixedT(lang, "staff")("login.title"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const email = String(form.get("email") ?? "").slice(0, 200);
  const password = String(form.get("password") ?? "");
  // Optional: the two-step code lets the right password through while the e-mail has to wait (ADR 014).
  const code = String(form.get("code") ?? "").slice(0, 40);
  const next = safeNext(form.get("next"));
  // Every refusal depends only on what was sent and on the e-mail's own count, never on whether an account
  // exists: the same status and body for a known and an unknown e-mail.
  const reject = (key: string, status = 400) =>
    data<FormRejection>({ fieldErrors: { email: key }, values: { email } }, { status, headers: staffHeaders });

  if (!email || !password) return reject("login.errors.missing");
  // Cap the input before the slow hash: nobody can make the server hash megabytes.
  if (password.length > passwordLimits.max) return reject("login.errors.invalid");
  const clientKey = clientKeyOf(context);
  if (staffAttemptsOverLimit(clientKey) && !(await secondFactorLooksValid({ email }, code)))
    return reject("login.errors.slowDown", 429);

  const session = newSession(request);
  const result = await signInWithPassword(email, password, { code, session: session.record });
  if (!result.ok) {
    recordStaffFailure(clientKey);
    return result.problem === "wait" ? reject("login.errors.wait", 429) : reject("login.errors.invalid");
  }
  const headers = new Headers(staffHeaders);
  headers.append("Set-Cookie", session.cookie);
  headers.append("Set-Cookie", languageCookie(result.language));
  return redirect(result.fullySignedIn ? next : `/staff/login/verify?next=${encodeURIComponent(next)}`, { headers });
}

export const headers: HeadersFunction = () => staffHeaders;

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export default function StaffLoginPage() {
  const { next, stopped } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  return (
    <main id="main" className="container">
      <ErrorSummary errors={rejection?.fieldErrors ?? {}} namespace="staff" fieldOrder={["email"]} />
      {stopped && !rejection ? <NoticePanel data-sign-in-stopped="">{t("login.stoppedCodes")}</NoticePanel> : null}
      <h1>{t("login.title")}</h1>
      <p>{t("login.lead")}</p>
      <Form method="post" action="/staff/login" noValidate className="form">
        <input type="hidden" name="next" value={next} />
        <TextInput
          name="email"
          type="email"
          label={t("login.email")}
          value={rejection?.values.email}
          autoComplete="username"
        />
        <PasswordInput name="password" label={t("login.password")} autoComplete="current-password" />
        {/* Always shown, for every e-mail: its presence says nothing about any account. */}
        <OneTimeCodeInput label={t("login.code")} hint={t("login.codeHint")} />
        <button className="button" type="submit">
          {t("login.submit")}
        </button>
      </Form>
    </main>
  );
}
