import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, OneTimeCodeInput } from "~/components/forms";
import { getFixedT } from "~/i18n/i18n.server";
import { completeSecondStep, secondFactorLooksValid } from "~/models/staff-user.server";
import { readFormData, type FormRejection } from "~/utils/forms";
import type { RouteHandle } from "~/utils/route-handle";
import { safeNext, staffHeaders } from "~/server/staff-page.server";
import { endedSessionCookie, getSession, newSession } from "~/server/staff-session.server";
import { recordStaffFailure, staffAttemptsOverLimit } from "~/server/staff-login-limit.server";
import { clientKeyOf } from "~/server/rate-limit.server";

export const handle: RouteHandle = { i18n: ["staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  if (!session) throw redirect("/staff/login");
  if (session.stage === "full") throw redirect("/staff");
  return {
    next: safeNext(new URL(request.url).searchParams.get("next")),
    title: getFixedT(session.user.language, "staff")("verify.title"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await getSession(request);
  if (!session) throw redirect("/staff/login");
  if (session.stage === "full") throw redirect("/staff");
  const actor = { id: session.user.id, email: session.user.email };
  const clientKey = clientKeyOf(context);
  const form = await readFormData(request);
  const code = String(form.get("code") ?? "").slice(0, 40);
  const next = safeNext(form.get("next"));
  // Over the connection or site-wide limit, only a code that would pass is checked (and counted).
  if (staffAttemptsOverLimit(clientKey) && !(await secondFactorLooksValid({ id: session.user.id }, code))) {
    return data<FormRejection>(
      { fieldErrors: { code: "login.errors.slowDown" }, values: {} },
      { status: 429, headers: staffHeaders },
    );
  }
  // A new session id once both factors are done (no fixation from the half-signed-in session).
  const fullSession = newSession(request);
  const attempt = await completeSecondStep(actor, code, fullSession.record);
  if (attempt.result === "paused") {
    // Too many wrong codes: this half-signed-in session ended, and the account waits before any code counts
    // again (the password alone never signs in, so whoever guessed it starts over and waits).
    recordStaffFailure(clientKey);
    const headers = new Headers(staffHeaders);
    headers.append("Set-Cookie", endedSessionCookie());
    return redirect("/staff/login?stopped=codes", { headers });
  }
  if (attempt.result === "wrong") {
    recordStaffFailure(clientKey);
    return data<FormRejection>(
      { fieldErrors: { code: "verify.errors.invalid" }, values: {} },
      { status: 400, headers: staffHeaders },
    );
  }
  const headers = new Headers(staffHeaders);
  headers.append("Set-Cookie", fullSession.cookie);
  return redirect(next, { headers });
}

export const headers: HeadersFunction = () => staffHeaders;

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export default function StaffVerifyPage() {
  const { next } = useLoaderData<typeof loader>();
  const rejection = useActionData<typeof action>();
  const { t } = useTranslation("staff");
  return (
    <main id="main" className="container">
      <ErrorSummary errors={rejection?.fieldErrors ?? {}} namespace="staff" fieldOrder={["code"]} />
      <h1>{t("verify.title")}</h1>
      <p>{t("verify.lead")}</p>
      <Form method="post" action="/staff/login/verify" noValidate className="form">
        <input type="hidden" name="next" value={next} />
        <OneTimeCodeInput label={t("verify.code")} />
        <button className="button" type="submit">
          {t("verify.submit")}
        </button>
      </Form>
    </main>
  );
}
