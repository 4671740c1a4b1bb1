// Staff accounts: creation, sign-in checks with a growing delay (ADR 014), password changes, TOTP enrolment and verification.
import crypto from "node:crypto";
import { isStaffRole, type StaffRole } from "~/domain/permissions";
import type { Language } from "~/i18n/languages";
import { decryptText, encryptText } from "~/utils/crypto.server";
import { delayAfterFailures, delayEnd, passwordDelay, secondFactorDelay } from "~/domain/sign-in-delay";
import type { Database } from "~/utils/db.server";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "~/utils/password.server";
import { staffHmac } from "~/utils/staff-keys.server";
import { generateRecoveryCodes, normalizeRecoveryCode, totpStep, verifyTotp } from "~/utils/totp.server";

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
      email: normaliseEmail(user.email),
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

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The throttle row's key: an HMAC of the e-mail, the same for an e-mail with or without an account. */
export function signInThrottleKey(email: string): string {
  return staffHmac("sign-in-throttle", normaliseEmail(email));
}

/**
 * Claims one password attempt for this e-mail before any hashing (issue 10, item 3). The claim is one atomic
 * update that succeeds only while the failures are free or the wait is over, and it provisionally sets the
 * longest wait, as if the attempt will fail: parallel attempts cannot all slip in before a count is written.
 * The outcome then clears the count (right) or sets the real wait (wrong).
 */
async function claimPasswordAttempt(db: Database, key: string, now: Date): Promise<boolean> {
  // `update: { key }` rather than `{}`: with something to update Prisma sends one INSERT ... ON CONFLICT DO UPDATE,
  // so parallel first attempts on PostgreSQL cannot both try to insert the row (a unique-key failure).
  await db.staffSignInThrottle.upsert({ where: { key }, create: { key }, update: { key }, select: { key: true } });
  const claimed = await db.staffSignInThrottle.updateMany({
    where: { key, OR: [{ failures: { lt: passwordDelay.free } }, { delayedUntil: { lte: now } }] },
    data: { failures: { increment: 1 }, delayedUntil: new Date(now.getTime() + passwordDelay.capMs) },
  });
  return claimed.count === 1;
}

/** After a wrong password: the wait that the count now calls for. True when the e-mail must now wait. */
async function settleWrongPassword(db: Database, key: string, now: Date): Promise<boolean> {
  const row = await db.staffSignInThrottle.findUnique({ where: { key }, select: { failures: true } });
  const until = delayEnd(row?.failures ?? 0, passwordDelay, now);
  await db.staffSignInThrottle.updateMany({ where: { key }, data: { delayedUntil: until } });
  forgetOldThrottleRows(db, now);
  return until !== null;
}

async function clearPasswordFailures(db: Database, key: string) {
  await db.staffSignInThrottle.deleteMany({ where: { key } });
}

/** Rows for e-mails nobody tried for a day hold nothing useful; drop them now and then (at most hourly). */
let lastCleanup = 0;
function forgetOldThrottleRows(db: Database, now: Date) {
  if (now.getTime() - lastCleanup < 60 * 60_000) return;
  lastCleanup = now.getTime();
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60_000);
  void db.staffSignInThrottle
    .deleteMany({ where: { updatedAt: { lt: dayAgo }, OR: [{ delayedUntil: null }, { delayedUntil: { lt: now } }] } })
    .catch(() => undefined);
}

export type PasswordCheck =
  | { ok: true; userId: string; email: string; needsTotp: boolean; secondFactorDone: boolean }
  | { ok: false; problem: "invalid" | "wait" };

/**
 * Checks an e-mail and password (and, optionally, the two-step code sent with them) for the sign-in form.
 *
 * Wrong passwords count per e-mail, not per address: one carrier address full of people is never held up
 * together, and guesses spread over addresses gain nothing. After a few, the e-mail waits, longer after each
 * failure. While it waits a password alone is answered "wait", right or wrong, so guessing gains nothing; the
 * right password together with a valid two-step code still signs in, so a stranger cannot keep an officer out
 * (issue 10, item 4).
 *
 * Every call does the same work whether or not the e-mail has an account (one claim on the e-mail's throttle
 * row, one account lookup, one hash against the account's hash or a dummy one), and known and unknown
 * e-mails get the same answers.
 */
export async function checkPassword(
  db: Database,
  email: string,
  password: string,
  options: { code?: string; now?: Date } = {},
): Promise<PasswordCheck> {
  const now = options.now ?? new Date();
  const key = signInThrottleKey(email);
  const claimed = await claimPasswordAttempt(db, key, now);
  const user = await db.staffUser.findUnique({
    where: { email: normaliseEmail(email) },
    select: { id: true, email: true, passwordHash: true, disabledAt: true, totpEnabledAt: true },
  });
  const account = user && !user.disabledAt ? user : null;
  const passwordRight = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
  const code = options.code?.trim() ?? "";

  if (!account || !passwordRight) {
    // A wrong password made while waiting is not counted again: the claim was refused, nothing was claimed.
    if (!claimed) return { ok: false, problem: "wait" };
    return { ok: false, problem: (await settleWrongPassword(db, key, now)) ? "wait" : "invalid" };
  }

  const needsTotp = account.totpEnabledAt !== null;
  let secondFactorDone = false;
  if (needsTotp && code) {
    // Wrong codes count against the account like on the two-step page: whoever sends them has the password.
    secondFactorDone = (await attemptSecondFactor(db, account.id, code, now)).result === "ok";
  }
  if (!claimed && !secondFactorDone) return { ok: false, problem: "wait" };

  await clearPasswordFailures(db, key);
  if (needsRehash(account.passwordHash)) {
    // Hashes made at a lower cost (before ADR 014) are upgraded now that we hold the right password.
    await db.staffUser.update({ where: { id: account.id }, data: { passwordHash: await hashPassword(password) } });
  }
  return { ok: true, userId: account.id, email: account.email, needsTotp, secondFactorDone };
}

export type PasswordChange = { ok: true } | { ok: false; problem: "invalid" | "locked" | "same" };

/**
 * A signed-in staff member changes their own password. The current password is checked like a sign-in: the
 * attempt is claimed on the same per-e-mail count first, so a borrowed or stolen session cannot guess it
 * without limit, in parallel or not. Only after it is verified is the new one compared with it (earlier,
 * "same as now" would itself confirm a guess). Ending sessions is the caller's job: it knows which one to keep.
 */
export async function changeOwnPassword(
  db: Database,
  userId: string,
  currentPassword: string,
  newPassword: string,
  now = new Date(),
): Promise<PasswordChange> {
  const user = await db.staffUser.findUnique({ where: { id: userId }, select: { id: true, email: true, passwordHash: true } });
  if (!user) return { ok: false, problem: "invalid" };
  const key = signInThrottleKey(user.email);
  if (!(await claimPasswordAttempt(db, key, now))) return { ok: false, problem: "locked" };
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    return { ok: false, problem: (await settleWrongPassword(db, key, now)) ? "locked" : "invalid" };
  }
  await clearPasswordFailures(db, key);
  if (newPassword.normalize("NFKC") === currentPassword.normalize("NFKC")) return { ok: false, problem: "same" };
  await setPassword(db, user.id, newPassword);
  return { ok: true };
}

/** Stores a new password hash and clears any wait (an administrator's reset also lets the account in again). */
export async function setPassword(db: Database, userId: string, password: string) {
  const user = await db.staffUser.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(password), failedSecondFactors: 0, secondFactorPausedUntil: null },
    select: { email: true },
  });
  await clearPasswordFailures(db, signInThrottleKey(user.email));
}

const totpContext = (userId: string) => `staff:${userId}:totp`;

// Recovery codes are stored as an HMAC under a server key (ADR 014), not a bare hash that anyone holding a
// copy of the database could test guesses against. The HMAC is taken over the SHA-256 that earlier versions
// stored, so those rows are converted in place without knowing the codes (upgradeRecoveryCodeHashes).
const recoveryHashPrefix = "hmac1:";

function hmacOfLegacyHash(sha256Hex: string): string {
  return recoveryHashPrefix + staffHmac("recovery-codes", sha256Hex);
}

export function hashRecoveryCode(code: string): string {
  return hmacOfLegacyHash(crypto.createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex"));
}

/**
 * Converts recovery codes stored as a bare SHA-256 (before ADR 014) to the keyed form, for one account or all.
 * Idempotent; runs for an account before its recovery codes are checked, so no old row is ever compared.
 */
export async function upgradeRecoveryCodeHashes(db: Database, userId?: string): Promise<number> {
  const legacy = await db.staffRecoveryCode.findMany({
    where: { ...(userId ? { userId } : {}), NOT: { codeHash: { startsWith: recoveryHashPrefix } } },
    select: { id: true, codeHash: true },
  });
  for (const row of legacy) {
    await db.staffRecoveryCode.updateMany({ where: { id: row.id, codeHash: row.codeHash }, data: { codeHash: hmacOfLegacyHash(row.codeHash) } });
  }
  return legacy.length;
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

/**
 * Second factor at sign-in: a TOTP code (each accepted once) or an unused recovery code. Not exported: every
 * check must go through attemptSecondFactor, which counts wrong codes.
 */
async function verifySecondFactor(db: Database, userId: string, code: string, now = new Date()): Promise<boolean> {
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
  await upgradeRecoveryCodeHashes(db, userId);
  const used = await db.staffRecoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(trimmed), usedAt: null },
    data: { usedAt: now },
  });
  return used.count === 1;
}

/**
 * Would this code pass for this account now? Spends and counts nothing: only for letting an attempt past
 * the flood limits (app/utils/staff-login-limit.server.ts), never to sign anyone in.
 */
export async function secondFactorLooksValid(db: Database, where: { id: string } | { email: string }, code: string, now = new Date()): Promise<boolean> {
  const trimmed = code.trim().slice(0, 40);
  if (!trimmed) return false;
  const user = await db.staffUser.findUnique({
    where: "id" in where ? { id: where.id } : { email: normaliseEmail(where.email) },
    select: { id: true, totpSecretCipher: true, totpEnabledAt: true, totpLastStep: true, disabledAt: true },
  });
  if (!user?.totpSecretCipher || !user.totpEnabledAt || user.disabledAt) return false;
  if (/^\d[\d\s]{5,7}$/.test(trimmed)) return verifyTotp(decryptText(user.totpSecretCipher, totpContext(user.id)), trimmed, now, user.totpLastStep) !== null;
  await upgradeRecoveryCodeHashes(db, user.id);
  return (await db.staffRecoveryCode.count({ where: { userId: user.id, codeHash: hashRecoveryCode(trimmed), usedAt: null } })) > 0;
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
  const settleWrong = async (): Promise<SecondFactorAttempt> => {
    const { failedSecondFactors: failures } = await db.staffUser.findUniqueOrThrow({ where: { id: userId }, select: { failedSecondFactors: true } });
    const until = delayEnd(failures, secondFactorDelay, now);
    await db.staffUser.update({ where: { id: userId }, data: { secondFactorPausedUntil: until } });
    return delayAfterFailures(failures, secondFactorDelay) > 0 ? { result: "paused", until } : { result: "wrong", failures };
  };
  let right: boolean;
  try {
    right = await verifySecondFactor(db, userId, code, now);
  } catch (error) {
    // Settled even when the check throws (an unreadable secret), so the provisional longest wait never sticks.
    await settleWrong();
    throw error;
  }
  if (!right) return settleWrong();
  await db.staffUser.update({ where: { id: userId }, data: { failedSecondFactors: 0, secondFactorPausedUntil: null } });
  return { result: "ok" };
}

export { totpStep };
