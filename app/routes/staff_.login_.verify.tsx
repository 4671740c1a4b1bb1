import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/forms";
import { getFixedT } from "~/i18n/i18n.server";
import { audit } from "~/models/audit.server";
import { attemptSecondFactor, secondFactorLooksValid } from "~/models/staff-user.server";
import { getDb } from "~/utils/db.server";
import { readFormData, type FormRejection } from "~/utils/forms";
import type { RouteHandle } from "~/utils/route-handle";
import { staffHeaders } from "~/utils/staff-page.server";
import { endSession, getSession, startSession } from "~/utils/staff-session.server";
import { recordStaffFailure, staffAttemptsOverLimit } from "~/utils/staff-login-limit.server";
import { clientKeyOf } from "~/utils/rate-limit.server";
import { safeNext } from "./staff_.login";

export const handle: RouteHandle = { i18n: ["staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  if (!session) throw redirect("/staff/login");
  if (session.stage === "full") throw redirect("/staff");
  return { next: safeNext(new URL(request.url).searchParams.get("next")), title: getFixedT(session.user.language, "staff")("verify.title") };
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
  const db = await getDb();
  // Over the connection or site-wide limit, only a code that would pass is checked (and counted).
  if (staffAttemptsOverLimit(clientKey) && !(await secondFactorLooksValid(db, { id: session.user.id }, code))) {
    return data<FormRejection>({ fieldErrors: { code: "login.errors.slowDown" }, values: {} }, { status: 429, headers: staffHeaders });
  }
  const attempt = await attemptSecondFactor(db, session.user.id, code);
  if (attempt.result === "paused") {
    // Too many wrong codes: this half-signed-in session ends, and the account waits before any code counts
    // again (the password alone never signs in, so whoever guessed it starts over and waits).
    recordStaffFailure(clientKey);
    await audit(db, { actor, action: "sign_in_failed", details: { reason: "second_factor_paused" } });
    const headers = new Headers(staffHeaders);
    headers.append("Set-Cookie", await endSession(request));
    return redirect("/staff/login?stopped=codes", { headers });
  }
  if (attempt.result === "wrong") {
    recordStaffFailure(clientKey);
    await audit(db, { actor, action: "sign_in_failed", details: { reason: "second_factor", failures: attempt.failures } });
    return data<FormRejection>({ fieldErrors: { code: "verify.errors.invalid" }, values: {} }, { status: 400, headers: staffHeaders });
  }
  // A new session id once both factors are done (no fixation from the half-signed-in session).
  const headers = new Headers(staffHeaders);
  headers.append("Set-Cookie", await startSession(session.user.id, "full", request));
  await audit(db, { actor, action: "sign_in", details: { secondFactor: true } });
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
        <div className="form-group">
          <label className="label" htmlFor="code">
            {t("verify.code")}
          </label>
          <input className="input input--short" id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" dir="ltr" />
        </div>
        <button className="button" type="submit">
          {t("verify.submit")}
        </button>
      </Form>
    </main>
  );
}

