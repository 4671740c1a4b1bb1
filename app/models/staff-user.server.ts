// Staff accounts: creation, sign-in checks with lockout, password changes, TOTP enrolment and verification.
import crypto from "node:crypto";
import { isStaffRole, type StaffRole } from "~/domain/permissions";
import type { Language } from "~/i18n/languages";
import { decryptText, encryptText } from "~/utils/crypto.server";
import { delayAfterFailures, delayEnd, secondFactorDelay } from "~/domain/sign-in-delay";
import type { Database } from "~/utils/db.server";
import { dummyPasswordHash, hashPassword, verifyPassword } from "~/utils/password.server";
import { generateRecoveryCodes, normalizeRecoveryCode, totpStep, verifyTotp } from "~/utils/totp.server";

export const lockout = { failuresBeforeLock: 5, lockMinutes: 15 } as const;

export interface NewStaffUser {
  email: string;
  name: string;
  password: string;
  role: StaffRole;
  agencyCode: string | null;
  unitCode?: string | null;
  language?: Language;
}

export async function createStaffUser(db: Database, user: NewStaffUser) {
  if (!isStaffRole(user.role)) throw new Error(`unknown role ${user.role}`);
  if ((user.role === "agent" || user.role === "supervisor") && !user.agencyCode) {
    throw new Error("agents and supervisors belong to an agency");
  }
  return db.staffUser.create({
    data: {
      email: user.email.trim().toLowerCase(),
      name: user.name,
      passwordHash: await hashPassword(user.password),
      role: user.role,
      agencyCode: user.role === "agent" || user.role === "supervisor" ? user.agencyCode : null,
      unitCode: user.unitCode ?? null,
      language: user.language ?? "ur",
    },
    select: { id: true, email: true, role: true },
  });
}

export type PasswordCheck =
  | { ok: true; userId: string; email: string; needsTotp: boolean }
  | { ok: false; problem: "invalid" | "locked"; userId?: string };

/**
 * Checks an e-mail and password. Wrong passwords count per account; after five the account waits 15
 * minutes. Counting per account (not per address) means one mobile-carrier address full of people is never
 * locked out together, and an attacker spreading guesses over addresses gains nothing.
 */
export async function checkPassword(db: Database, email: string, password: string, now = new Date()): Promise<PasswordCheck> {
  const user = await db.staffUser.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, passwordHash: true, failedLogins: true, lockedUntil: true, disabledAt: true, totpEnabledAt: true },
  });
  if (!user || user.disabledAt) {
    await verifyPassword(password, await dummyPasswordHash());
    return { ok: false, problem: "invalid" };
  }
  if (isLocked(user, now)) return { ok: false, problem: "locked", userId: user.id };
  if (!(await verifyPassword(password, user.passwordHash))) {
    return { ok: false, problem: await recordWrongPassword(db, user, now), userId: user.id };
  }
  await db.staffUser.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
  return { ok: true, userId: user.id, email: user.email, needsTotp: user.totpEnabledAt !== null };
}

function isLocked(user: { lockedUntil: Date | null }, now: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil > now;
}

/** Counts a wrong password against the account (sign-in and password change share the count); the fifth pauses it. */
async function recordWrongPassword(db: Database, user: { id: string; failedLogins: number }, now: Date): Promise<"invalid" | "locked"> {
  const failures = user.failedLogins + 1;
  const lock = failures >= lockout.failuresBeforeLock;
  await db.staffUser.update({
    where: { id: user.id },
    data: { failedLogins: lock ? 0 : failures, lockedUntil: lock ? new Date(now.getTime() + lockout.lockMinutes * 60_000) : null },
  });
  return lock ? "locked" : "invalid";
}

export type PasswordChange = { ok: true } | { ok: false; problem: "invalid" | "locked" | "same" };

/**
 * A signed-in staff member changes their own password. The current password is checked like a sign-in: a
 * wrong one counts towards the same per-account pause, so a borrowed or stolen session cannot guess it
 * without limit. Only after it is verified is the new one compared with it (earlier, "same as now" would
 * itself confirm a guess). Ending sessions is the caller's job: it knows which one to keep.
 */
export async function changeOwnPassword(
  db: Database,
  userId: string,
  currentPassword: string,
  newPassword: string,
  now = new Date(),
): Promise<PasswordChange> {
  const user = await db.staffUser.findUnique({ where: { id: userId }, select: { id: true, passwordHash: true, failedLogins: true, lockedUntil: true } });
  if (!user) return { ok: false, problem: "invalid" };
  if (isLocked(user, now)) return { ok: false, problem: "locked" };
  if (!(await verifyPassword(currentPassword, user.passwordHash))) return { ok: false, problem: await recordWrongPassword(db, user, now) };
  if (newPassword.normalize("NFKC") === currentPassword.normalize("NFKC")) {
    await db.staffUser.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
    return { ok: false, problem: "same" };
  }
  await setPassword(db, user.id, newPassword);
  return { ok: true };
}

/** Stores a new password hash and clears any pause (an administrator's reset also unlocks the account). */
export async function setPassword(db: Database, userId: string, password: string) {
  await db.staffUser.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null } });
}

const totpContext = (userId: string) => `staff:${userId}:totp`;

function hashRecoveryCode(code: string): string {
  return crypto.createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
}

/** Stores a new, not yet confirmed, TOTP secret for enrolment. */
export async function beginTotpEnrolment(db: Database, userId: string, secret: string) {
  await db.staffUser.update({
    where: { id: userId },
    data: { totpSecretCipher: encryptText(secret, totpContext(userId)), totpEnabledAt: null, totpLastStep: null },
  });
}

export async function pendingTotpSecret(db: Database, userId: string): Promise<string | null> {
  const user = await db.staffUser.findUnique({ where: { id: userId }, select: { totpSecretCipher: true } });
  return user?.totpSecretCipher ? decryptText(user.totpSecretCipher, totpContext(userId)) : null;
}

/** Confirms enrolment with a first code; returns the recovery codes (shown once) or null for a wrong code. */
export async function confirmTotpEnrolment(db: Database, userId: string, code: string, now = new Date()): Promise<string[] | null> {
  const secret = await pendingTotpSecret(db, userId);
  if (!secret) return null;
  const step = verifyTotp(secret, code, now, null);
  if (step === null) return null;
  const recoveryCodes = generateRecoveryCodes();
  await db.$transaction([
    db.staffUser.update({ where: { id: userId }, data: { totpEnabledAt: now, totpLastStep: step } }),
    db.staffRecoveryCode.deleteMany({ where: { userId } }),
    db.staffRecoveryCode.createMany({ data: recoveryCodes.map((recovery) => ({ userId, codeHash: hashRecoveryCode(recovery) })) }),
  ]);
  return recoveryCodes;
}

/** Second factor at sign-in: a TOTP code (each accepted once) or an unused recovery code. */
export async function verifySecondFactor(db: Database, userId: string, code: string, now = new Date()): Promise<boolean> {
  const user = await db.staffUser.findUnique({ where: { id: userId }, select: { totpSecretCipher: true, totpEnabledAt: true, totpLastStep: true } });
  if (!user?.totpSecretCipher || !user.totpEnabledAt) return false;
  const trimmed = code.trim().slice(0, 40);
  if (/^\d[\d\s]{5,7}$/.test(trimmed)) {
    const step = verifyTotp(decryptText(user.totpSecretCipher, totpContext(userId)), trimmed, now, user.totpLastStep);
    if (step === null) return false;
    // Only one sign-in can claim a step: the update succeeds only if nobody used a later step meanwhile.
    const claimed = await db.staffUser.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return claimed.count === 1;
  }
  const used = await db.staffRecoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(trimmed), usedAt: null },
    data: { usedAt: now },
  });
  return used.count === 1;
}

export type SecondFactorAttempt = { result: "ok" } | { result: "wrong"; failures: number } | { result: "paused"; until: Date | null };

/**
 * The second step of sign-in, counted per account (issue 10, item 1). Each attempt is claimed with one
 * atomic update before the code is checked, so parallel guesses cannot all slip in before the count is
 * written; the claim is refused while the account waits. The claim provisionally sets the longest wait, so
 * even a guess still being checked holds the others back; the outcome then sets the real wait (or clears it).
 * Recovery codes count the same as TOTP codes.
 */
export async function attemptSecondFactor(db: Database, userId: string, code: string, now = new Date()): Promise<SecondFactorAttempt> {
  const claimed = await db.staffUser.updateMany({
    where: { id: userId, OR: [{ failedSecondFactors: { lt: secondFactorDelay.free } }, { secondFactorPausedUntil: { lte: now } }] },
    data: { failedSecondFactors: { increment: 1 }, secondFactorPausedUntil: new Date(now.getTime() + secondFactorDelay.capMs) },
  });
  if (claimed.count === 0) {
    const user = await db.staffUser.findUnique({ where: { id: userId }, select: { secondFactorPausedUntil: true } });
    return { result: "paused", until: user?.secondFactorPausedUntil ?? null };
  }
  if (await verifySecondFactor(db, userId, code, now)) {
    await db.staffUser.update({ where: { id: userId }, data: { failedSecondFactors: 0, secondFactorPausedUntil: null } });
    return { result: "ok" };
  }
  const { failedSecondFactors: failures } = await db.staffUser.findUniqueOrThrow({ where: { id: userId }, select: { failedSecondFactors: true } });
  const until = delayEnd(failures, secondFactorDelay, now);
  await db.staffUser.update({ where: { id: userId }, data: { secondFactorPausedUntil: until } });
  return delayAfterFailures(failures, secondFactorDelay) > 0 ? { result: "paused", until } : { result: "wrong", failures };
}

export { totpStep };
