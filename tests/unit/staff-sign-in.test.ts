// Staff sign-in hardening (issue 10, ADR 014): wrong two-step codes, parallel wrong passwords, the growing
// delay, unknown e-mails, malformed and old cookies, and the password hash cost. Actions are called as Remix
// calls them, with real Requests, against a real database.
import "../setup/database";
import crypto from "node:crypto";
import { beforeAll, beforeEach, expect, test, vi } from "vitest";
import { passwordDelay } from "~/domain/sign-in-delay";
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  createStaffUser,
  hashRecoveryCode,
  signInWithPassword,
  signInThrottleKey,
  upgradeRecoveryCodeHashes,
} from "~/models/staff-user.server";
import * as account from "~/routes/staff.account";
import * as login from "~/routes/staff_.login";
import * as verify from "~/routes/staff_.login_.verify";
import { getDb } from "~/server/db.server";
import type { FormRejection } from "~/utils/forms";
import { getSession, newSession, startSession } from "~/server/staff-session.server";
import { staffLoginLimiter, staffSiteWideLimiter } from "~/server/staff-login-limit.server";
import {
  hashPassword,
  needsRehash,
  passwordCost,
  productionPasswordCost,
  verifyPassword,
} from "~/server/password.server";
import { normalizeRecoveryCode, generateTotpSecret, totpCode, totpStep } from "~/server/totp.server";

// Every password check goes through verifyPassword: counting its calls shows which requests hashed.
vi.mock("~/server/password.server", async (importOriginal) => {
  const actual = await importOriginal<typeof import("~/server/password.server")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});
const hashes = vi.mocked(verifyPassword);
beforeEach(() => {
  hashes.mockClear();
});
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
  const user = await createStaffUser(db, {
    email: `officer${++people}@aagahi.test`,
    name: `Officer ${people}`,
    password,
    role: "agent",
    agencyCode: "police-punjab",
  });
  const secret = generateTotpSecret();
  const now = new Date();
  await beginTotpEnrolment(user.id, secret);
  const recoveryCodes = (await confirmTotpEnrolment(user, totpCode(secret, totpStep(now)), { now }))!;
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
      request: new Request(`${origin}/staff/login/verify`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: new URLSearchParams({ code, next: "/staff" }),
      }),
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
  const audit = await (
    await getDb()
  ).auditEntry.findMany({ where: { staffUserId: officer.id, action: "sign_in_failed" }, select: { details: true } });
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
  for (let attempt = 0; attempt < 4; attempt++)
    expect(rejection(await sendCode(cookie, wrongCode(attempt, officer.nextCode()))).status).toBe(400);
  const answer = (await sendCode(cookie, officer.recoveryCodes[1]!)) as Response;
  expect(answer.status).toBe(302);
  expect(answer.headers.get("Location")).toBe("/staff");
  const stored = await (
    await getDb()
  ).staffUser.findUniqueOrThrow({
    where: { id: officer.id },
    select: { failedSecondFactors: true, secondFactorPausedUntil: true },
  });
  expect(stored).toEqual({ failedSecondFactors: 0, secondFactorPausedUntil: null });
});

test("parallel wrong codes cannot get past the count: at most five are checked", async () => {
  const officer = await newOfficer();
  const cookies = await Promise.all(Array.from({ length: 12 }, () => halfSignedIn(officer.id)));
  const answers = await Promise.all(
    cookies.map((cookie, attempt) => sendCode(cookie, wrongCode(attempt, officer.nextCode()))),
  );
  const checked = answers.filter((answer) => !(answer instanceof Response)).length;
  expect(checked).toBeLessThanOrEqual(4);
  const stored = await (
    await getDb()
  ).staffUser.findUniqueOrThrow({
    where: { id: officer.id },
    select: { failedSecondFactors: true, secondFactorPausedUntil: true },
  });
  expect(stored.failedSecondFactors).toBe(5);
  expect(stored.secondFactorPausedUntil!.getTime()).toBeGreaterThan(Date.now());
});

test("the per-connection limit is checked on the two-step page: over it a wrong code is refused unchecked, a valid one still passes", async () => {
  const officer = await newOfficer();
  const cookie = await halfSignedIn(officer.id);
  const clientKey = `busy-${++clients}`;
  for (let index = 0; index < 200; index++) staffLoginLimiter.record(clientKey);
  const answer = rejection(await sendCode(cookie, wrongCode(1, officer.nextCode()), clientKey));
  expect(answer).toEqual({ status: 429, fieldErrors: { code: "login.errors.slowDown" } });
  // Refused before checking: nothing was counted against the account, and the half-session goes on.
  const stored = await (
    await getDb()
  ).staffUser.findUniqueOrThrow({ where: { id: officer.id }, select: { failedSecondFactors: true } });
  expect(stored.failedSecondFactors).toBe(0);
  expect(await sessionOf(cookie)).not.toBeNull();
  const right = (await sendCode(cookie, officer.nextCode(), clientKey)) as Response;
  expect(right.headers.get("Location")).toBe("/staff");
  staffLoginLimiter.reset(clientKey);
});

test("the sign-in page explains why a sign-in was stopped after too many codes", async () => {
  const loaded = (await login.loader({
    request: new Request(`${origin}/staff/login?stopped=codes`),
    params: {},
    context: {},
  } as never)) as { stopped: boolean };
  expect(loaded.stopped).toBe(true);
});

// --- Items 3 and 4: parallel wrong passwords, the growing delay, unknown e-mails ---

function signIn(fields: Record<string, string>, clientKey = `client-${++clients}`) {
  return run(() =>
    login.action({
      request: new Request(`${origin}/staff/login`, {
        method: "POST",
        body: new URLSearchParams({ next: "/staff", ...fields }),
      }),
      params: {},
      context: { clientKey },
    } as never),
  );
}

/** Status and body of an answer, whatever its kind: what a person (or a script) can see. */
interface Seen {
  status: number;
  body?: string;
  location?: string | null;
  stage?: string | null;
}
async function seen(answer: unknown): Promise<Seen> {
  if (answer instanceof Response)
    return {
      status: answer.status,
      location: answer.headers.get("Location"),
      stage: answer.headers.get("Set-Cookie") ? "cookie" : null,
    };
  const { data, init } = answer as { data: unknown; init?: { status?: number } };
  return { status: init?.status ?? 200, body: JSON.stringify(data) };
}

async function throttleOf(email: string) {
  return (await getDb()).staffSignInThrottle.findUnique({
    where: { key: signInThrottleKey(email) },
    select: { failures: true, delayedUntil: true },
  });
}

test("12 wrong passwords in parallel leave the account waiting, and the right password alone then does not sign in", async () => {
  const officer = await newOfficer();
  const answers = await Promise.all(
    Array.from({ length: 12 }, (_, index) => signIn({ email: officer.email, password: `wrong-guess-number-${index}` })),
  );
  const statuses = (await Promise.all(answers.map(seen))).map((answer) => answer.status);
  expect(statuses.every((status) => status === 400 || status === 429)).toBe(true);
  // Only the free attempts were claimed (and so counted and checked); the rest were told to wait.
  const throttle = await throttleOf(officer.email);
  expect(throttle!.failures).toBe(passwordDelay.free);
  expect(throttle!.delayedUntil!.getTime()).toBeGreaterThan(Date.now());

  const right = await seen(await signIn({ email: officer.email, password }));
  expect(right).toEqual({
    status: 429,
    body: JSON.stringify({ fieldErrors: { email: "login.errors.wait" }, values: { email: officer.email } }),
  });
  expect(await (await getDb()).staffSession.count({ where: { userId: officer.id } })).toBe(0);
});

test("12 wrong current passwords in parallel on the change-password form cannot get past the count either", async () => {
  const officer = await newOfficer();
  const cookie = cookieOf(await startSession(officer.id, "full", new Request(origin)));
  const change = (currentPassword: string) =>
    run(() =>
      account.action({
        request: new Request(`${origin}/staff/account`, {
          method: "POST",
          headers: { Cookie: cookie },
          body: new URLSearchParams({
            intent: "password",
            currentPassword,
            newPassword: "a-new-passphrase-here",
            confirmPassword: "a-new-passphrase-here",
          }),
        }),
        params: {},
        context: { clientKey: `client-${++clients}` },
      } as never),
    );
  await Promise.all(Array.from({ length: 12 }, (_, index) => change(`wrong-current-${index}`)));
  expect((await throttleOf(officer.email))!.failures).toBe(passwordDelay.free);
  const right = await seen(await change(password));
  expect(right.status).toBe(429);
  expect(
    await verifyPassword(
      password,
      (await (await getDb()).staffUser.findUniqueOrThrow({ where: { id: officer.id } })).passwordHash,
    ),
  ).toBe(true);
});

test("while the e-mail waits, the right password with a valid two-step code still signs in, straight to a full session", async () => {
  const officer = await newOfficer();
  for (let attempt = 0; attempt < passwordDelay.free; attempt++)
    await signIn({ email: officer.email, password: `wrong-${attempt}-passphrase` });
  expect((await seen(await signIn({ email: officer.email, password }))).status).toBe(429);

  const answer = (await signIn({ email: officer.email, password, code: officer.nextCode() })) as Response;
  expect(answer.status).toBe(302);
  expect(answer.headers.get("Location")).toBe("/staff");
  const session = await sessionOf(cookieOf(answer.headers.get("Set-Cookie")!));
  expect(session?.stage).toBe("full");
  // The right password clears the count.
  expect(await throttleOf(officer.email)).toBeNull();
});

test("while the e-mail waits, a wrong code with the right password is refused like anything else, and counts as a wrong code", async () => {
  const officer = await newOfficer();
  for (let attempt = 0; attempt < passwordDelay.free; attempt++)
    await signIn({ email: officer.email, password: `wrong-${attempt}-passphrase` });
  const withWrongCode = await seen(
    await signIn({ email: officer.email, password, code: wrongCode(3, officer.nextCode()) }),
  );
  const withWrongPassword = await seen(
    await signIn({ email: officer.email, password: "not-the-password-at-all", code: officer.nextCode() }),
  );
  expect(withWrongCode).toEqual(withWrongPassword);
  expect(withWrongCode.status).toBe(429);
  const stored = await (
    await getDb()
  ).staffUser.findUniqueOrThrow({ where: { id: officer.id }, select: { failedSecondFactors: true } });
  expect(stored.failedSecondFactors).toBe(1);
});

test("an e-mail with no account is answered exactly like one with an account, with one hash each, wrong or waiting", async () => {
  const officer = await newOfficer();
  const unknown = `nobody${people}@aagahi.test`;
  const disabled = await createStaffUser(await getDb(), {
    email: `gone${people}@aagahi.test`,
    name: "Gone",
    password,
    role: "agent",
    agencyCode: "police-punjab",
  });
  await (await getDb()).staffUser.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
  const body = (answer: Seen, email: string): Seen => ({ ...answer, body: answer.body?.replaceAll(email, "EMAIL") });

  const rounds: Record<string, Seen>[] = [];
  for (let attempt = 0; attempt < passwordDelay.free + 2; attempt++) {
    const round: Record<string, Seen> = {};
    for (const [name, email] of [
      ["known", officer.email],
      ["unknown", unknown],
      ["disabled", disabled.email],
    ] as const) {
      hashes.mockClear();
      round[name] = body(await seen(await signIn({ email, password: `wrong-${attempt}-passphrase` })), email);
      expect(hashes, `${name}, attempt ${attempt + 1}`).toHaveBeenCalledTimes(1);
    }
    expect(round.unknown).toEqual(round.known);
    expect(round.disabled).toEqual(round.known);
    rounds.push(round);
  }
  expect(rounds[0]!.known!.status).toBe(400);
  expect(rounds.at(-1)!.known!.status).toBe(429);
  // Waiting: even the right password gets the same answer as a password for an e-mail with no account.
  hashes.mockClear();
  const right = body(await seen(await signIn({ email: officer.email, password })), officer.email);
  const none = body(await seen(await signIn({ email: unknown, password })), unknown);
  expect(right).toEqual(none);
  expect(hashes).toHaveBeenCalledTimes(2);
});

test("wrong passwords count per e-mail, however the e-mail is written", () => {
  expect(signInThrottleKey("  Officer@Aagahi.Test ")).toBe(signInThrottleKey("officer@aagahi.test"));
  expect(signInThrottleKey("officer@aagahi.test")).not.toBe(signInThrottleKey("other@aagahi.test"));
  // Keyed: the row does not hold the e-mail or its bare hash.
  expect(signInThrottleKey("officer@aagahi.test")).not.toBe(
    crypto.createHash("sha256").update("officer@aagahi.test").digest("hex"),
  );
});

// --- Item 5: the site-wide ceiling ---

test("over the site-wide ceiling a password alone is refused without hashing, while password plus a valid code still signs in", async () => {
  const officer = await newOfficer();
  for (let index = 0; index < 5_000 && !staffSiteWideLimiter.isOverLimit("site"); index++)
    staffSiteWideLimiter.record("site");
  try {
    hashes.mockClear();
    const alone = await seen(await signIn({ email: officer.email, password }));
    expect(alone).toEqual({
      status: 429,
      body: JSON.stringify({ fieldErrors: { email: "login.errors.slowDown" }, values: { email: officer.email } }),
    });
    const withWrongCode = await seen(
      await signIn({ email: officer.email, password, code: wrongCode(2, officer.nextCode()) }),
    );
    expect(withWrongCode.status).toBe(429);
    expect(hashes).not.toHaveBeenCalled();

    const answer = (await signIn({ email: officer.email, password, code: officer.nextCode() })) as Response;
    expect(answer.headers.get("Location")).toBe("/staff");
    expect((await sessionOf(cookieOf(answer.headers.get("Set-Cookie")!)))?.stage).toBe("full");
  } finally {
    staffSiteWideLimiter.clear();
  }
});

// --- Item 12: hash cost and recovery codes ---

test("the production password cost is scrypt N=2^17, r=8, p=1, and the test-only switch works only under NODE_ENV=test", async () => {
  expect(productionPasswordCost).toEqual({ N: 2 ** 17, r: 8, p: 1 });
  expect(passwordCost({ NODE_ENV: "production", AAGAHI_TEST_PASSWORD_COST: "10" })).toEqual(productionPasswordCost);
  expect(passwordCost({ NODE_ENV: "development", AAGAHI_TEST_PASSWORD_COST: "10" })).toEqual(productionPasswordCost);
  expect(passwordCost({ NODE_ENV: "production" })).toEqual(productionPasswordCost);
  expect(passwordCost({ NODE_ENV: "test", AAGAHI_TEST_PASSWORD_COST: "10" }).N).toBe(2 ** 10);
  // A real hash at the production cost (128 MiB): the memory limit given to scrypt must allow it.
  const hash = await hashPassword("correct horse battery staple", productionPasswordCost);
  expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
  expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
  expect(needsRehash(hash, productionPasswordCost)).toBe(false);
});

test("a password hashed at a lower cost is rehashed at the current cost on the next right sign-in", async () => {
  const officer = await newOfficer();
  const db = await getDb();
  await db.staffUser.update({
    where: { id: officer.id },
    data: { passwordHash: await hashPassword(password, { N: 2 ** 10, r: 8, p: 1 }) },
  });
  expect(
    (
      await signInWithPassword(officer.email, "a-wrong-passphrase", {
        session: newSession(new Request(`${origin}/staff/login`)).record,
      })
    ).ok,
  ).toBe(false);
  expect((await db.staffUser.findUniqueOrThrow({ where: { id: officer.id } })).passwordHash).toMatch(/^scrypt\$1024\$/);

  expect(
    (
      await signInWithPassword(officer.email, password, {
        session: newSession(new Request(`${origin}/staff/login`)).record,
      })
    ).ok,
  ).toBe(true);
  const stored = (await db.staffUser.findUniqueOrThrow({ where: { id: officer.id } })).passwordHash;
  expect(stored).toMatch(new RegExp(`^scrypt\\$${passwordCost().N}\\$8\\$1\\$`));
  expect(passwordCost().N).toBeGreaterThan(2 ** 10);
  expect(await verifyPassword(password, stored)).toBe(true);
});

test("recovery codes are stored as an HMAC under a server key, and old bare SHA-256 rows are converted in place and still work", async () => {
  const officer = await newOfficer();
  const db = await getDb();
  const stored = await db.staffRecoveryCode.findMany({ where: { userId: officer.id }, select: { codeHash: true } });
  const bare = (code: string) => crypto.createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
  expect(stored.map((row) => row.codeHash).sort()).toEqual(officer.recoveryCodes.map(hashRecoveryCode).sort());
  for (const code of officer.recoveryCodes) expect(stored.map((row) => row.codeHash)).not.toContain(bare(code));

  // A row as the previous version stored it.
  const legacyCode = officer.recoveryCodes[2]!;
  await db.staffRecoveryCode.updateMany({
    where: { userId: officer.id, codeHash: hashRecoveryCode(legacyCode) },
    data: { codeHash: bare(legacyCode) },
  });
  expect(await upgradeRecoveryCodeHashes(db)).toBe(1);
  expect(await upgradeRecoveryCodeHashes(db)).toBe(0);
  expect(await db.staffRecoveryCode.count({ where: { codeHash: bare(legacyCode) } })).toBe(0);

  // And one left unconverted is converted before it is checked at sign-in.
  const laterCode = officer.recoveryCodes[3]!;
  await db.staffRecoveryCode.updateMany({
    where: { userId: officer.id, codeHash: hashRecoveryCode(laterCode) },
    data: { codeHash: bare(laterCode) },
  });
  for (const code of [legacyCode, laterCode]) {
    const answer = (await sendCode(await halfSignedIn(officer.id), code)) as Response;
    expect(answer.headers.get("Location")).toBe("/staff");
  }
});
