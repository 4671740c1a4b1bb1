// Password changes: a staff member's own (current password, new, confirmation) on /staff/account, and an
// administrator's reset on /staff/users. Actions are called as Remix calls them, against a real database.
import "../setup/database";
import { beforeAll, expect, test } from "vitest";
import { getFixedT } from "~/i18n/i18n.server";
import { demoPassword } from "~/domain/published-passwords";
import { passwordDelay } from "~/domain/sign-in-delay";
import { createStaffUser, signInThrottleKey, signInWithPassword } from "~/models/staff-user.server";
import * as account from "~/routes/staff.account";
import * as users from "~/routes/staff.users";
import { getDb } from "~/server/db.server";
import type { FormRejection } from "~/utils/forms";
import { getSession, newSession, startSession } from "~/server/staff-session.server";
import { staffLoginLimiter } from "~/server/staff-login-limit.server";
import { seedDirectory } from "../../prisma/seed";

const origin = "http://aagahi.test";
const oldPassword = "old-password-for-tests";
const newPassword = "a-brand-new-passphrase";
let clients = 0;
let people = 0;

beforeAll(async () => {
  await seedDirectory(await getDb());
});

/** A fresh staff member for each test, so counters and sessions never leak between tests. */
async function newStaff(role: "agent" | "admin" = "agent", language: "ur" | "en" = "en") {
  const db = await getDb();
  const user = await createStaffUser(db, {
    email: `person${++people}@aagahi.test`,
    name: `Person ${people}`,
    password: oldPassword,
    role,
    agencyCode: role === "agent" ? "police-punjab" : null,
    language,
  });
  return { ...user, cookie: await signedIn(user.id) };
}

async function signedIn(userId: string) {
  return (await startSession(userId, "full", new Request(origin))).split(";")[0]!;
}

function post(path: string, cookie: string, form: Record<string, string>) {
  return new Request(`${origin}${path}`, {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams(form),
  });
}

/** Calls an action; a thrown Response (redirect, 403) counts as its answer. */
async function run(call: () => Promise<unknown>) {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

function changePassword(
  cookie: string,
  fields: Partial<Record<"currentPassword" | "newPassword" | "confirmPassword", string>>,
  clientKey = `client-${++clients}`,
) {
  return run(() =>
    account.action({
      request: post("/staff/account", cookie, {
        intent: "password",
        currentPassword: oldPassword,
        newPassword,
        confirmPassword: newPassword,
        ...fields,
      }),
      params: {},
      context: { clientKey },
    } as never),
  );
}

function rejection(result: unknown): {
  status: number;
  fieldErrors: FormRejection["fieldErrors"];
  values: FormRejection["values"];
} {
  const { data, init } = result as { data: FormRejection; init?: { status?: number } };
  expect(data?.fieldErrors, "a form rejection").toBeDefined();
  return { status: init?.status ?? 200, fieldErrors: data.fieldErrors, values: data.values };
}

/** A sign-in as the form makes it, from a browser without a session. */
function signIn(email: string, password: string) {
  return signInWithPassword(email, password, {
    session: newSession(new Request("http://aagahi.test/staff/login")).record,
  });
}

async function passwordWorks(email: string, password: string) {
  return (await signIn(email, password)).ok;
}

async function auditEntries(userId: string) {
  return (await getDb()).auditEntry.findMany({
    where: { staffUserId: userId },
    orderBy: { at: "asc" },
    select: { action: true, details: true },
  });
}

/** Wrong passwords counted for this e-mail (sign-in and password change share the count). */
async function failuresOf(email: string) {
  return (
    (await (await getDb()).staffSignInThrottle.findUnique({ where: { key: signInThrottleKey(email) } }))?.failures ?? 0
  );
}

const sessionOf = (cookie: string) => getSession(new Request(origin, { headers: { Cookie: cookie } }));

test("a staff member changes their password: other sessions end and this one continues under a new id", async () => {
  const user = await newStaff();
  const otherDevice = await signedIn(user.id);
  const response = (await changePassword(user.cookie, {})) as Response;

  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/staff/account?done=password");
  const rotated = response.headers.get("Set-Cookie")!.split(";")[0]!;
  expect(rotated).toMatch(/^__Host-staff_session=/);
  expect(rotated).not.toBe(user.cookie);
  expect((await sessionOf(rotated))?.user.id).toBe(user.id);
  expect(await sessionOf(user.cookie)).toBeNull();
  expect(await sessionOf(otherDevice)).toBeNull();
  expect(await (await getDb()).staffSession.count({ where: { userId: user.id } })).toBe(1);

  expect(await passwordWorks(user.email, newPassword)).toBe(true);
  expect(await passwordWorks(user.email, oldPassword)).toBe(false);
  const entries = await auditEntries(user.id);
  expect(entries.map((entry) => entry.action)).toContain("password_changed");
  for (const entry of entries) expect(entry.details).not.toMatch(/password-for-tests|passphrase/);
});

test("the account page shows a success banner after the change", async () => {
  const user = await newStaff();
  const loaded = (await account.loader({
    request: new Request(`${origin}/staff/account?done=password`, { headers: { Cookie: user.cookie } }),
    params: {},
    context: {},
  } as never)) as {
    passwordChanged: boolean;
  };
  expect(loaded.passwordChanged).toBe(true);
});

test("a wrong current password is refused, counted against the account and audited, and changes nothing", async () => {
  const user = await newStaff();
  const otherDevice = await signedIn(user.id);
  const result = rejection(await changePassword(user.cookie, { currentPassword: "not-my-password-at-all" }));

  expect(result).toMatchObject({
    status: 400,
    fieldErrors: { currentPassword: "account.password.errors.currentWrong" },
    values: {},
  });
  expect(await failuresOf(user.email)).toBe(1);
  expect(await passwordWorks(user.email, oldPassword)).toBe(true);
  expect(await sessionOf(user.cookie)).not.toBeNull();
  expect(await sessionOf(otherDevice)).not.toBeNull();
  const failed = (await auditEntries(user.id)).filter((entry) => entry.action === "password_change_failed");
  expect(failed).toEqual([{ action: "password_change_failed", details: JSON.stringify({ reason: "invalid" }) }]);
});

test("wrong current passwords share the sign-in count: the fifth pauses the account, even for the right password", async () => {
  const user = await newStaff();
  const db = await getDb();
  for (let attempt = 0; attempt < passwordDelay.free - 2; attempt++)
    await signIn(user.email, `wrong-sign-in-${attempt}`);
  expect(rejection(await changePassword(user.cookie, { currentPassword: "wrong-change-1" })).status).toBe(400);
  const fifth = rejection(await changePassword(user.cookie, { currentPassword: "wrong-change-2" }));
  expect(fifth).toMatchObject({ status: 429, fieldErrors: { currentPassword: "account.password.errors.locked" } });

  // Paused: the right current password no longer gets through, here or at sign-in.
  const paused = rejection(await changePassword(user.cookie, {}));
  expect(paused).toMatchObject({ status: 429, fieldErrors: { currentPassword: "account.password.errors.locked" } });
  expect(await signIn(user.email, oldPassword)).toMatchObject({ ok: false, problem: "wait" });
  expect(
    (await db.staffUser.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } })).passwordHash,
  ).toMatch(/^scrypt\$/);
  expect(await auditEntries(user.id)).not.toContainEqual(expect.objectContaining({ action: "password_changed" }));
});

test("a connection over the sign-in slow-down is refused before any password is checked", async () => {
  const user = await newStaff();
  const clientKey = `busy-office-${++clients}`;
  while (!staffLoginLimiter.isOverLimit(clientKey)) staffLoginLimiter.record(clientKey);
  const result = rejection(await changePassword(user.cookie, {}, clientKey));
  expect(result).toMatchObject({ status: 429, fieldErrors: { currentPassword: "login.errors.slowDown" } });
  expect(await passwordWorks(user.email, oldPassword)).toBe(true);
});

test("a confirmation that does not match is refused without checking the current password", async () => {
  const user = await newStaff();
  const result = rejection(
    await changePassword(user.cookie, {
      currentPassword: "not-checked-at-all",
      confirmPassword: "a-brand-new-passphrasE",
    }),
  );
  expect(result).toMatchObject({ status: 400, fieldErrors: { confirmPassword: "account.password.errors.mismatch" } });
  expect(result.fieldErrors.currentPassword).toBeUndefined();
  expect(await failuresOf(user.email)).toBe(0);
  expect(await passwordWorks(user.email, oldPassword)).toBe(true);
});

test("a new password shorter than 12 characters is refused", async () => {
  const user = await newStaff();
  const result = rejection(
    await changePassword(user.cookie, { newPassword: "short-pass1", confirmPassword: "short-pass1" }),
  );
  expect(result).toMatchObject({ status: 400, fieldErrors: { newPassword: "account.password.errors.newTooShort" } });
  expect(await passwordWorks(user.email, oldPassword)).toBe(true);
});

test("a new password longer than 256 characters is refused", async () => {
  const user = await newStaff();
  const long = "x".repeat(257);
  const result = rejection(await changePassword(user.cookie, { newPassword: long, confirmPassword: long }));
  expect(result).toMatchObject({ status: 400, fieldErrors: { newPassword: "account.password.errors.newTooLong" } });
});

test("the published demo password is refused as a new password, in a demo or not", async () => {
  const user = await newStaff();
  const result = rejection(
    await changePassword(user.cookie, { newPassword: demoPassword, confirmPassword: demoPassword }),
  );
  expect(result).toMatchObject({ status: 400, fieldErrors: { newPassword: "account.password.errors.published" } });
  expect(await passwordWorks(user.email, oldPassword)).toBe(true);
});

test("a new password equal to the current one is refused, and does not count as a wrong password", async () => {
  const user = await newStaff();
  const result = rejection(
    await changePassword(user.cookie, { newPassword: oldPassword, confirmPassword: oldPassword }),
  );
  expect(result).toMatchObject({ status: 400, fieldErrors: { newPassword: "account.password.errors.same" } });
  expect(await failuresOf(user.email)).toBe(0);
  expect(await auditEntries(user.id)).toEqual([]);
});

test("an empty form names every field, in the page's order", async () => {
  const user = await newStaff();
  const result = rejection(
    await changePassword(user.cookie, { currentPassword: "", newPassword: "", confirmPassword: "" }),
  );
  expect(result.fieldErrors).toEqual({
    currentPassword: "account.password.errors.currentMissing",
    newPassword: "account.password.errors.newMissing",
    confirmPassword: "account.password.errors.confirmMissing",
  });
});

test("every message the password forms can show exists in Urdu and English", () => {
  const keys = [
    ...[
      "currentMissing",
      "currentWrong",
      "locked",
      "newMissing",
      "newTooShort",
      "newTooLong",
      "confirmMissing",
      "mismatch",
      "same",
      "published",
    ].map((key) => `account.password.errors.${key}`),
    "login.errors.slowDown",
    "users.errors.member",
    "users.errors.password",
    "users.errors.published",
    "account.password.changed",
    "users.resetPassword.done",
    ...["password_changed", "password_change_failed", "staff_password_set"].map((action) => `audit.actions.${action}`),
  ];
  for (const language of ["ur", "en"] as const) {
    const t = getFixedT(language, "staff");
    for (const key of keys) expect(t(key), `${language}: ${key}`).not.toBe(key);
  }
});

// An administrator's reset --------------------------------------------------------------------------------

function setPasswordFor(cookie: string, fields: Record<string, string>) {
  return run(() =>
    users.action({
      request: post("/staff/users", cookie, { intent: "password", ...fields }),
      params: {},
      context: {},
    } as never),
  );
}

test("an administrator sets a new password for a staff member: their sessions end, the pause is lifted, and it is audited", async () => {
  const admin = await newStaff("admin");
  const member = await newStaff();
  const db = await getDb();
  await db.staffSignInThrottle.create({
    data: { key: signInThrottleKey(member.email), failures: 9, delayedUntil: new Date(Date.now() + 10 * 60_000) },
  });

  const response = (await setPasswordFor(admin.cookie, { staffUserId: member.id, newPassword })) as Response;
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/staff/users?done=password");
  expect(await sessionOf(member.cookie)).toBeNull();
  expect(await sessionOf(admin.cookie)).not.toBeNull();
  expect(await passwordWorks(member.email, newPassword)).toBe(true);
  expect(await passwordWorks(member.email, oldPassword)).toBe(false);
  const entry = await db.auditEntry.findFirstOrThrow({
    where: { action: "staff_password_set", staffUserId: admin.id },
  });
  expect(JSON.parse(entry.details)).toEqual({ staffUserId: member.id });

  const loaded = (await users.loader({
    request: new Request(`${origin}/staff/users?done=password`, { headers: { Cookie: admin.cookie } }),
    params: {},
    context: {},
  } as never)) as {
    passwordSet: boolean;
  };
  expect(loaded.passwordSet).toBe(true);
});

test("an administrator's reset refuses a short password, an unknown or disabled account, and their own", async () => {
  const admin = await newStaff("admin");
  const member = await newStaff();
  const gone = await newStaff();
  const db = await getDb();
  await db.staffUser.update({ where: { id: gone.id }, data: { disabledAt: new Date() } });

  expect(
    rejection(await setPasswordFor(admin.cookie, { staffUserId: member.id, newPassword: "too-short" })),
  ).toMatchObject({
    status: 400,
    fieldErrors: { newPassword: "users.errors.password" },
    values: { staffUserId: member.id },
  });
  for (const staffUserId of ["", "no-such-person", gone.id, admin.id]) {
    expect(rejection(await setPasswordFor(admin.cookie, { staffUserId, newPassword })).fieldErrors).toEqual({
      staffUserId: "users.errors.member",
    });
  }
  expect(await passwordWorks(member.email, oldPassword)).toBe(true);
  expect(await passwordWorks(admin.email, oldPassword)).toBe(true);
  expect(await sessionOf(member.cookie)).not.toBeNull();
  expect(await db.auditEntry.count({ where: { action: "staff_password_set" } })).toBe(1);
});

test("an administrator can neither reset a password to, nor create an account with, the published demo password", async () => {
  const admin = await newStaff("admin");
  const member = await newStaff();
  expect(
    rejection(await setPasswordFor(admin.cookie, { staffUserId: member.id, newPassword: demoPassword })).fieldErrors,
  ).toEqual({
    newPassword: "users.errors.published",
  });
  expect(await passwordWorks(member.email, oldPassword)).toBe(true);
  const created = rejection(
    await run(() =>
      users.action({
        request: post("/staff/users", admin.cookie, {
          intent: "create",
          email: "new.person@aagahi.test",
          name: "New Person",
          role: "coordinator",
          password: demoPassword,
        }),
        params: {},
        context: {},
      } as never),
    ),
  );
  expect(created.fieldErrors).toMatchObject({ password: "users.errors.published" });
  expect(await (await getDb()).staffUser.count({ where: { email: "new.person@aagahi.test" } })).toBe(0);
});

test("only administrators may set another staff member's password", async () => {
  const agent = await newStaff();
  const member = await newStaff();
  const response = (await setPasswordFor(agent.cookie, { staffUserId: member.id, newPassword })) as Response;
  expect(response.status).toBe(403);
  expect(await passwordWorks(member.email, oldPassword)).toBe(true);
});
