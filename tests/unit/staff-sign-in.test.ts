// Staff sign-in hardening (issue 10, ADR 014): wrong two-step codes, parallel wrong passwords, the growing
// delay, unknown e-mails, malformed and old cookies, and the password hash cost. Actions are called as Remix
// calls them, with real Requests, against a real database.
import "../setup/database";
import { beforeAll, expect, test } from "vitest";
import { beginTotpEnrolment, confirmTotpEnrolment, createStaffUser } from "~/models/staff-user.server";
import * as login from "~/routes/staff_.login";
import * as verify from "~/routes/staff_.login_.verify";
import { getDb } from "~/utils/db.server";
import type { FormRejection } from "~/utils/forms";
import { getSession, startSession } from "~/utils/staff-session.server";
import { staffLoginLimiter } from "~/utils/staff-login-limit.server";
import { generateTotpSecret, totpCode, totpStep } from "~/utils/totp.server";
import { seedDirectory } from "../../prisma/seed";

const origin = "http://aagahi.test";
const password = "the-right-passphrase";
let people = 0;
let clients = 0;

beforeAll(async () => {
  await seedDirectory(await getDb());
});

/** A fresh staff member with two-step sign-in, so counters never leak between tests. */
async function newOfficer() {
  const db = await getDb();
  const user = await createStaffUser(db, { email: `officer${++people}@aagahi.test`, name: `Officer ${people}`, password, role: "agent", agencyCode: "police-punjab" });
  const secret = generateTotpSecret();
  const now = new Date();
  await beginTotpEnrolment(db, user.id, secret);
  const recoveryCodes = (await confirmTotpEnrolment(db, user.id, totpCode(secret, totpStep(now)), now))!;
  // The enrolment used this step; the next one is still accepted (one step of drift) and not yet used.
  const nextCode = () => totpCode(secret, totpStep(new Date()) + 1);
  return { ...user, secret, recoveryCodes, nextCode };
}

const cookieOf = (setCookie: string) => setCookie.split(";")[0]!;

async function halfSignedIn(userId: string) {
  return cookieOf(await startSession(userId, "password", new Request(origin)));
}

/** Calls an action; a thrown Response (redirect) counts as its answer. */
async function run(call: () => Promise<unknown>) {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

function sendCode(cookie: string, code: string, clientKey = `client-${++clients}`) {
  return run(() =>
    verify.action({
      request: new Request(`${origin}/staff/login/verify`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams({ code, next: "/staff" }) }),
      params: {},
      context: { clientKey },
    } as never),
  );
}

function rejection(result: unknown): { status: number; fieldErrors: FormRejection["fieldErrors"] } {
  const { data, init } = result as { data: FormRejection; init?: { status?: number } };
  expect(data?.fieldErrors, "a form rejection").toBeDefined();
  return { status: init?.status ?? 200, fieldErrors: data.fieldErrors };
}

const sessionOf = (cookie: string) => getSession(new Request(origin, { headers: { Cookie: cookie } }));

function wrongCode(attempt: number, right: string) {
  const code = String(100_000 + attempt * 7919).slice(0, 6);
  return code === right ? "000000" : code;
}

// --- Item 1: wrong two-step codes ---

test("after 20 wrong two-step codes the right code no longer signs in with that half-signed-in session", async () => {
  const officer = await newOfficer();
  const cookie = await halfSignedIn(officer.id);
  const answers: number[] = [];
  let stoppedAt = -1;
  for (let attempt = 0; attempt < 20; attempt++) {
    const answer = await sendCode(cookie, wrongCode(attempt, officer.nextCode()));
    if (answer instanceof Response) {
      answers.push(answer.status);
      if (stoppedAt < 0) {
        stoppedAt = attempt;
        expect(answer.headers.get("Location")).toBe("/staff/login?stopped=codes");
        // The cookie is cleared in the browser, and the session is gone on the server.
        expect(answer.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
      }
    } else answers.push(rejection(answer).status);
  }
  expect(stoppedAt).toBe(4);
  expect(answers.slice(0, 4)).toEqual([400, 400, 400, 400]);
  expect(await sessionOf(cookie)).toBeNull();

  const right = (await sendCode(cookie, officer.nextCode())) as Response;
  expect(right).toBeInstanceOf(Response);
  expect(right.headers.get("Location")).toBe("/staff/login");
  expect(await sessionOf(cookie)).toBeNull();
  const audit = await (await getDb()).auditEntry.findMany({ where: { staffUserId: officer.id, action: "sign_in_failed" }, select: { details: true } });
  expect(audit.map((entry) => JSON.parse(entry.details ?? "{}").reason)).toContain("second_factor_paused");
  expect(await (await getDb()).auditEntry.count({ where: { staffUserId: officer.id, action: "sign_in" } })).toBe(0);
});

test("while the account waits after wrong codes, a new half-session cannot use the right code or a recovery code", async () => {
  const officer = await newOfficer();
  const first = await halfSignedIn(officer.id);
  for (let attempt = 0; attempt < 5; attempt++) await sendCode(first, wrongCode(attempt, officer.nextCode()));
  for (const code of [officer.nextCode(), officer.recoveryCodes[0]!]) {
    const again = await halfSignedIn(officer.id);
    const answer = (await sendCode(again, code)) as Response;
    expect(answer.headers.get("Location")).toBe("/staff/login?stopped=codes");
    expect(await sessionOf(again)).toBeNull();
  }
  // The recovery code was not spent by the refused attempt.
  const unused = await (await getDb()).staffRecoveryCode.count({ where: { userId: officer.id, usedAt: null } });
  expect(unused).toBe(10);
});

test("a few wrong codes cost nothing: the right code after four wrong ones signs in and clears the count", async () => {
  const officer = await newOfficer();
  const cookie = await halfSignedIn(officer.id);
  for (let attempt = 0; attempt < 4; attempt++) expect(rejection(await sendCode(cookie, wrongCode(attempt, officer.nextCode()))).status).toBe(400);
  const answer = (await sendCode(cookie, officer.recoveryCodes[1]!)) as Response;
  expect(answer.status).toBe(302);
  expect(answer.headers.get("Location")).toBe("/staff");
  const stored = await (await getDb()).staffUser.findUniqueOrThrow({ where: { id: officer.id }, select: { failedSecondFactors: true, secondFactorPausedUntil: true } });
  expect(stored).toEqual({ failedSecondFactors: 0, secondFactorPausedUntil: null });
});

test("parallel wrong codes cannot get past the count: at most five are checked", async () => {
  const officer = await newOfficer();
  const cookies = await Promise.all(Array.from({ length: 12 }, () => halfSignedIn(officer.id)));
  const answers = await Promise.all(cookies.map((cookie, attempt) => sendCode(cookie, wrongCode(attempt, officer.nextCode()))));
  const checked = answers.filter((answer) => !(answer instanceof Response)).length;
  expect(checked).toBeLessThanOrEqual(4);
  const stored = await (await getDb()).staffUser.findUniqueOrThrow({ where: { id: officer.id }, select: { failedSecondFactors: true, secondFactorPausedUntil: true } });
  expect(stored.failedSecondFactors).toBe(5);
  expect(stored.secondFactorPausedUntil!.getTime()).toBeGreaterThan(Date.now());
});

test("the per-connection limit is checked on the two-step page, not only recorded", async () => {
  const officer = await newOfficer();
  const cookie = await halfSignedIn(officer.id);
  const clientKey = `busy-${++clients}`;
  for (let index = 0; index < 200; index++) staffLoginLimiter.record(clientKey);
  const answer = rejection(await sendCode(cookie, officer.nextCode(), clientKey));
  expect(answer).toEqual({ status: 429, fieldErrors: { code: "login.errors.slowDown" } });
  expect(await sessionOf(cookie)).not.toBeNull();
  staffLoginLimiter.reset(clientKey);
});

test("the sign-in page explains why a sign-in was stopped after too many codes", async () => {
  const loaded = (await login.loader({ request: new Request(`${origin}/staff/login?stopped=codes`), params: {}, context: {} } as never)) as { stopped: boolean };
  expect(loaded.stopped).toBe(true);
});
