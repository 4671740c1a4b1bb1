// Issue 12, staff accounts: each change and its audit row are one transaction. With the audit row refused by
// the database (tests/setup/refuse-audit.ts) the change is not kept; otherwise exactly one row records it,
// with the same details as before the writes moved into app/models.
import "../setup/database";
import { expect, test } from "vitest";
import { passwordDelay, secondFactorDelay } from "~/domain/sign-in-delay";
import {
  addStaffMember,
  beginTotpEnrolment,
  changeOwnPassword,
  completeSecondStep,
  confirmTotpEnrolment,
  createStaffUser,
  disableStaffMember,
  removeDemoAccount,
  replaceDemoPassword,
  setStaffPassword,
  signInThrottleKey,
  signInWithPassword,
} from "~/models/staff-user.server";
import { getDb } from "~/server/db.server";
import { newSession, sessionIdOf, startSession } from "~/server/staff-session.server";
import { generateTotpSecret, totpCode, totpStep } from "~/server/totp.server";
import { withAuditRefused } from "../setup/refuse-audit";

const origin = "http://aagahi.test";
const password = "a long enough password 1";
let people = 0;

async function newMember(role: "admin" | "coordinator" = "coordinator", email = `member${++people}@aagahi.test`) {
  return createStaffUser(await getDb(), { email, name: `Member ${people}`, password, role, agencyCode: null });
}

/** A browser's request carrying this session cookie (or none). */
function requestWith(setCookie?: string) {
  return new Request(`${origin}/staff/account`, { headers: setCookie ? { Cookie: setCookie.split(";")[0]! } : {} });
}

async function sessionIds(userId: string) {
  return (
    await (await getDb()).staffSession.findMany({ where: { userId }, select: { id: true }, orderBy: { id: "asc" } })
  ).map((row) => row.id);
}

async function passwordHashOf(userId: string) {
  return (await (await getDb()).staffUser.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } }))
    .passwordHash;
}

async function auditRows(action: string) {
  return (await getDb()).auditEntry.findMany({
    where: { action },
    select: { staffUserId: true, actorEmail: true, details: true },
  });
}

/** Runs `change` once with the audit row refused (it must fail) and returns the audit rows of `action` it left. */
async function refused(action: string, change: () => Promise<unknown>) {
  const before = (await auditRows(action)).length;
  await withAuditRefused(change);
  expect(await auditRows(action)).toHaveLength(before);
}

test("a password change is not kept when its audit row is refused: the old password, the old sessions", async () => {
  const user = await newMember();
  const cookie = await startSession(user.id, "full", requestWith());
  await startSession(user.id, "full", requestWith());
  const hash = await passwordHashOf(user.id);
  const sessions = await sessionIds(user.id);
  const session = newSession(requestWith(cookie));

  await refused("password_changed", () =>
    changeOwnPassword(user, password, "a brand new passphrase 2", session.record),
  );
  expect(await passwordHashOf(user.id)).toBe(hash);
  expect(await sessionIds(user.id)).toEqual(sessions);

  expect(await changeOwnPassword(user, password, "a brand new passphrase 2", session.record)).toEqual({ ok: true });
  expect(await passwordHashOf(user.id)).not.toBe(hash);
  expect(await sessionIds(user.id)).toEqual([session.record.id]);
  expect((await auditRows("password_changed")).filter((row) => row.staffUserId === user.id)).toEqual([
    { staffUserId: user.id, actorEmail: user.email, details: "{}" },
  ]);
});

test("a wrong current password: the wait it sets and its audit row are kept or lost together", async () => {
  const user = await newMember();
  const session = newSession(requestWith());
  const throttle = async () =>
    (await getDb()).staffSignInThrottle.findUniqueOrThrow({
      where: { key: signInThrottleKey(user.email) },
      select: { failures: true, delayedUntil: true },
    });

  await refused("password_change_failed", () =>
    changeOwnPassword(user, "a wrong passphrase 1", "a brand new passphrase 2", session.record),
  );
  // The claim (before the hash) stays, with its provisional longest wait: the safe side.
  expect((await throttle()).delayedUntil!.getTime()).toBeGreaterThan(Date.now() + passwordDelay.capMs - 60_000);

  await (await getDb()).staffSignInThrottle.deleteMany({ where: { key: signInThrottleKey(user.email) } });
  expect(await changeOwnPassword(user, "a wrong passphrase 1", "a brand new passphrase 2", session.record)).toEqual({
    ok: false,
    problem: "invalid",
  });
  expect(await throttle()).toEqual({ failures: 1, delayedUntil: null });
  expect((await auditRows("password_change_failed")).filter((row) => row.staffUserId === user.id)).toEqual([
    { staffUserId: user.id, actorEmail: user.email, details: JSON.stringify({ reason: "invalid" }) },
  ]);
});

test("two-step sign-in is not switched on when its audit row is refused; otherwise other sessions end", async () => {
  const user = await newMember();
  const cookie = await startSession(user.id, "full", requestWith());
  await startSession(user.id, "full", requestWith());
  const sessions = await sessionIds(user.id);
  const secret = generateTotpSecret();
  await beginTotpEnrolment(user.id, secret);
  const now = new Date();
  const code = totpCode(secret, totpStep(now));
  const keepSessionId = sessionIdOf(requestWith(cookie));

  await refused("totp_enabled", () => confirmTotpEnrolment(user, code, { keepSessionId, now }));
  const db = await getDb();
  expect(
    (await db.staffUser.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } })).totpEnabledAt,
  ).toBeNull();
  expect(await db.staffRecoveryCode.count({ where: { userId: user.id } })).toBe(0);
  expect(await sessionIds(user.id)).toEqual(sessions);

  expect(await confirmTotpEnrolment(user, code, { keepSessionId, now })).toHaveLength(10);
  expect(
    (await db.staffUser.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } })).totpEnabledAt,
  ).not.toBeNull();
  expect(await sessionIds(user.id)).toEqual([keepSessionId]);
  expect((await auditRows("totp_enabled")).filter((row) => row.staffUserId === user.id)).toEqual([
    { staffUserId: user.id, actorEmail: user.email, details: "{}" },
  ]);
});

test("an administrator's password reset is not kept when its audit row is refused", async () => {
  const admin = await newMember("admin");
  const member = await newMember();
  await startSession(member.id, "full", requestWith());
  const hash = await passwordHashOf(member.id);
  const sessions = await sessionIds(member.id);

  await refused("staff_password_set", () => setStaffPassword(admin, member.id, "a password set by the admin"));
  expect(await passwordHashOf(member.id)).toBe(hash);
  expect(await sessionIds(member.id)).toEqual(sessions);

  expect(await setStaffPassword(admin, member.id, "a password set by the admin")).toBe(true);
  expect(await passwordHashOf(member.id)).not.toBe(hash);
  expect(await sessionIds(member.id)).toEqual([]);
  expect((await auditRows("staff_password_set")).filter((row) => row.staffUserId === admin.id)).toEqual([
    { staffUserId: admin.id, actorEmail: admin.email, details: JSON.stringify({ staffUserId: member.id }) },
  ]);
});

test("a new staff member is not created when the audit row is refused", async () => {
  const admin = await newMember("admin");
  const email = `new${++people}@aagahi.test`;
  const member = { email, name: "New member", password, role: "coordinator" as const, agencyCode: null };

  await refused("staff_created", () => addStaffMember(admin, member));
  const db = await getDb();
  expect(await db.staffUser.count({ where: { email } })).toBe(0);

  expect(await addStaffMember(admin, member)).toBe(true);
  expect(await addStaffMember(admin, member)).toBe(false);
  const created = await db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true } });
  expect((await auditRows("staff_created")).filter((row) => row.staffUserId === admin.id)).toEqual([
    {
      staffUserId: admin.id,
      actorEmail: admin.email,
      details: JSON.stringify({ staffUserId: created.id, role: "coordinator" }),
    },
  ]);
});

test("disabling a staff member is not kept when the audit row is refused; otherwise their sessions end with it", async () => {
  const admin = await newMember("admin");
  const member = await newMember();
  await startSession(member.id, "full", requestWith());
  const sessions = await sessionIds(member.id);
  const disabledAt = async () =>
    (await (await getDb()).staffUser.findUniqueOrThrow({ where: { id: member.id }, select: { disabledAt: true } }))
      .disabledAt;

  await refused("staff_disabled", () => disableStaffMember(admin, member.id));
  expect(await disabledAt()).toBeNull();
  expect(await sessionIds(member.id)).toEqual(sessions);

  expect(await disableStaffMember(admin, member.id)).toBe(true);
  expect(await disabledAt()).not.toBeNull();
  expect(await sessionIds(member.id)).toEqual([]);
  expect((await auditRows("staff_disabled")).filter((row) => row.staffUserId === admin.id)).toEqual([
    { staffUserId: admin.id, actorEmail: admin.email, details: JSON.stringify({ staffUserId: member.id }) },
  ]);
  expect(await disableStaffMember(admin, "no-such-member")).toBe(false);
});

test("removing a demo account and replacing a demo password are not kept when the audit row is refused", async () => {
  const demo = await newMember("coordinator", `demo${++people}@aagahi.demo`);
  const careless = await newMember();
  await startSession(careless.id, "full", requestWith());
  const db = await getDb();
  const hash = await passwordHashOf(careless.id);

  await refused("staff_removed", () => removeDemoAccount(demo.email));
  expect(await db.staffUser.count({ where: { id: demo.id } })).toBe(1);
  await refused("staff_password_set", () => replaceDemoPassword(careless.email, "a generated password 123"));
  expect(await passwordHashOf(careless.id)).toBe(hash);
  expect(await sessionIds(careless.id)).toHaveLength(1);

  await removeDemoAccount(demo.email);
  expect(await db.staffUser.count({ where: { id: demo.id } })).toBe(0);
  await replaceDemoPassword(careless.email, "a generated password 123");
  expect(await passwordHashOf(careless.id)).not.toBe(hash);
  expect(await sessionIds(careless.id)).toEqual([]);
  expect((await auditRows("staff_removed")).filter((row) => row.details.includes(demo.id))).toEqual([
    { staffUserId: null, actorEmail: null, details: JSON.stringify({ staffUserId: demo.id, reason: "demo_account" }) },
  ]);
  expect((await auditRows("staff_password_set")).filter((row) => row.details.includes(careless.id))).toEqual([
    {
      staffUserId: null,
      actorEmail: null,
      details: JSON.stringify({ staffUserId: careless.id, reason: "demo_password" }),
    },
  ]);
});

test("a sign-in starts no session when its audit row is refused; otherwise one session and one audit row", async () => {
  const user = await newMember();
  const session = newSession(new Request(`${origin}/staff/login`));

  await refused("sign_in", () => signInWithPassword(user.email, password, { session: session.record }));
  expect(await sessionIds(user.id)).toEqual([]);

  expect(await signInWithPassword(user.email, password, { session: session.record })).toEqual({
    ok: true,
    userId: user.id,
    fullySignedIn: true,
    language: "ur",
  });
  expect(await sessionIds(user.id)).toEqual([session.record.id]);
  expect((await auditRows("sign_in")).filter((row) => row.staffUserId === user.id)).toEqual([
    { staffUserId: user.id, actorEmail: user.email, details: JSON.stringify({ secondFactor: false }) },
  ]);
});

test("a wrong password at sign-in: the wait it sets and its audit row are kept or lost together", async () => {
  const user = await newMember();
  const session = newSession(new Request(`${origin}/staff/login`));
  const db = await getDb();
  const key = signInThrottleKey(user.email);
  const failedBefore = (await auditRows("sign_in_failed")).length;

  await refused("sign_in_failed", () =>
    signInWithPassword(user.email, "a wrong passphrase 1", { session: session.record }),
  );
  // The claim stays with its provisional longest wait; the settled (shorter) wait was rolled back.
  expect((await db.staffSignInThrottle.findUniqueOrThrow({ where: { key } })).delayedUntil!.getTime()).toBeGreaterThan(
    Date.now() + passwordDelay.capMs - 60_000,
  );

  await db.staffSignInThrottle.deleteMany({ where: { key } });
  expect(await signInWithPassword(user.email, "a wrong passphrase 1", { session: session.record })).toEqual({
    ok: false,
    problem: "invalid",
  });
  expect(
    await db.staffSignInThrottle.findUniqueOrThrow({ where: { key }, select: { failures: true, delayedUntil: true } }),
  ).toEqual({ failures: 1, delayedUntil: null });
  expect((await auditRows("sign_in_failed")).slice(failedBefore)).toEqual([
    { staffUserId: null, actorEmail: null, details: JSON.stringify({ reason: "invalid" }) },
  ]);
  expect(await sessionIds(user.id)).toEqual([]);
});

test("the second step: the full session, or the counted wrong code, is kept only with its audit row", async () => {
  const user = await newMember();
  const secret = generateTotpSecret();
  await beginTotpEnrolment(user.id, secret);
  const enrolledAt = new Date();
  await confirmTotpEnrolment(user, totpCode(secret, totpStep(enrolledAt)), { now: enrolledAt });
  const db = await getDb();

  // The password alone: a half-signed-in session, nothing audited yet.
  const half = newSession(new Request(`${origin}/staff/login`));
  expect(await signInWithPassword(user.email, password, { session: half.record })).toMatchObject({
    ok: true,
    fullySignedIn: false,
  });
  expect(await db.staffSession.findUniqueOrThrow({ where: { id: half.record.id }, select: { stage: true } })).toEqual({
    stage: "password",
  });
  const onVerify = requestWith(half.cookie);
  const pausedUntil = async () =>
    (
      await db.staffUser.findUniqueOrThrow({
        where: { id: user.id },
        select: { failedSecondFactors: true, secondFactorPausedUntil: true },
      })
    ).secondFactorPausedUntil;

  // A wrong code: refused audit leaves the claim's provisional longest wait, not the settled one.
  await refused("sign_in_failed", () => completeSecondStep(user, "000000", newSession(onVerify).record));
  expect((await pausedUntil())!.getTime()).toBeGreaterThan(Date.now() + secondFactorDelay.capMs - 60_000);
  await db.staffUser.update({
    where: { id: user.id },
    data: { failedSecondFactors: 0, secondFactorPausedUntil: null },
  });
  expect(await completeSecondStep(user, "000000", newSession(onVerify).record)).toEqual({
    result: "wrong",
    failures: 1,
  });
  expect(await pausedUntil()).toBeNull();
  expect((await auditRows("sign_in_failed")).filter((row) => row.staffUserId === user.id)).toEqual([
    { staffUserId: user.id, actorEmail: user.email, details: JSON.stringify({ reason: "second_factor", failures: 1 }) },
  ]);

  // The right code: with the audit row refused, the half-signed-in session stays and no full one starts.
  const full = newSession(onVerify);
  const nextStep = totpStep(new Date()) + 1;
  await refused("sign_in", () => completeSecondStep(user, totpCode(secret, nextStep), full.record));
  expect(await sessionIds(user.id)).toEqual([half.record.id]);
  expect(
    await completeSecondStep(user, totpCode(secret, nextStep + 1), full.record, new Date(Date.now() + 30_000)),
  ).toEqual({ result: "ok" });
  expect(await sessionIds(user.id)).toEqual([full.record.id]);
  expect((await auditRows("sign_in")).filter((row) => row.staffUserId === user.id)).toEqual([
    { staffUserId: user.id, actorEmail: user.email, details: JSON.stringify({ secondFactor: true }) },
  ]);
});
