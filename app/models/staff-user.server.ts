// Staff accounts: creation, sign-in checks with a growing delay (ADR 014), password changes, TOTP enrolment and verification.
// Every change a person makes here is written in one transaction with its audit row (issue 12), and so is
// every counter an audited attempt moves; slow password hashes are made before a transaction starts, because
// on SQLite a transaction holds the only connection.
import crypto from "node:crypto";
import { belongsToAgency, isStaffRole, type StaffRole } from "~/domain/permissions";
import type { Language } from "~/i18n/languages";
import { type AuditEntryInput, changeWithAudit, recordAuditEvent } from "~/models/audit.server";
import {
  deleteSessionsOfUser,
  deleteStaffSession,
  type NewStaffSession,
  storeStaffSession,
} from "~/models/staff-session.server";
import { aad } from "~/server/aad.server";
import { decryptText, encryptText } from "~/server/crypto.server";
import { delayAfterFailures, delayEnd, passwordDelay, secondFactorDelay } from "~/domain/sign-in-delay";
import { type Database, getDb } from "~/server/db.server";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "~/server/password.server";
import { staffHmac } from "~/server/staff-keys.server";
import { generateRecoveryCodes, normalizeRecoveryCode, totpStep, verifyTotp } from "~/server/totp.server";

export interface NewStaffUser {
  email: string;
  name: string;
  password: string;
  role: StaffRole;
  agencyCode: string | null;
  unitCode?: string | null;
  language?: Language;
}

/** Who did something, as the audit log names them. */
type Actor = { id: string; email: string };

/** The new account's row, with its password already hashed (slow: before any transaction). */
async function newStaffUserRow(user: NewStaffUser) {
  if (!isStaffRole(user.role)) throw new Error(`unknown role ${user.role}`);
  if (belongsToAgency(user.role) && !user.agencyCode) {
    throw new Error("agents and supervisors belong to an agency");
  }
  return {
    email: normaliseEmail(user.email),
    name: user.name,
    passwordHash: await hashPassword(user.password),
    role: user.role,
    agencyCode: belongsToAgency(user.role) ? user.agencyCode : null,
    unitCode: user.unitCode ?? null,
    language: user.language ?? "ur",
  };
}

const createdStaffUser = { id: true, email: true, role: true } as const;

/** Creates an account without an audit row: for the seed, the first administrator and tests. */
export async function createStaffUser(db: Database, user: NewStaffUser) {
  return db.staffUser.create({ data: await newStaffUserRow(user), select: createdStaffUser });
}

/** An administrator adds a staff member. False when the e-mail already has an account. */
export async function addStaffMember(admin: Actor, user: NewStaffUser): Promise<boolean> {
  const db = await getDb();
  if (await db.staffUser.findUnique({ where: { email: normaliseEmail(user.email) }, select: { id: true } }))
    return false;
  const row = await newStaffUserRow(user);
  await changeWithAudit(
    db,
    (tx) => tx.staffUser.create({ data: row, select: createdStaffUser }),
    (created) => ({ actor: admin, action: "staff_created", details: { staffUserId: created.id, role: created.role } }),
  );
  return true;
}

/** Every account for the administrators' list: disabled ones last. */
export async function listStaffMembers() {
  return (await getDb()).staffUser.findMany({
    orderBy: [{ disabledAt: "asc" }, { email: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      agencyCode: true,
      unitCode: true,
      totpEnabledAt: true,
      disabledAt: true,
    },
  });
}

/** An administrator disables an account; its sessions end with it. False when there is no such account. */
export async function disableStaffMember(admin: Actor, staffUserId: string): Promise<boolean> {
  const db = await getDb();
  if (!(await db.staffUser.findUnique({ where: { id: staffUserId }, select: { id: true } }))) return false;
  await changeWithAudit(
    db,
    async (tx) => {
      await tx.staffUser.update({ where: { id: staffUserId }, data: { disabledAt: new Date() } });
      await deleteSessionsOfUser(tx, staffUserId);
    },
    { actor: admin, action: "staff_disabled", details: { staffUserId } },
  );
  return true;
}

export async function setStaffLanguage(userId: string, language: Language) {
  await (await getDb()).staffUser.update({ where: { id: userId }, data: { language } });
}

/** Every account's e-mail and password hash, for the start-up check on demo accounts (docs/decisions/015). */
export async function listPasswordHashes() {
  return (await getDb()).staffUser.findMany({ select: { email: true, passwordHash: true }, orderBy: { email: "asc" } });
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

/**
 * After a wrong password: the wait that the count now calls for, written in one transaction with the audit row
 * of the failure. If that transaction fails, the claim's provisional longest wait stays: the safe side.
 */
async function settleWrongPassword(
  db: Database,
  key: string,
  now: Date,
  entry: (problem: "wait" | "invalid") => AuditEntryInput,
) {
  const problem = await changeWithAudit(
    db,
    async (tx) => {
      const row = await tx.staffSignInThrottle.findUnique({ where: { key }, select: { failures: true } });
      const until = delayEnd(row?.failures ?? 0, passwordDelay, now);
      await tx.staffSignInThrottle.updateMany({ where: { key }, data: { delayedUntil: until } });
      return until === null ? ("invalid" as const) : ("wait" as const);
    },
    entry,
  );
  forgetOldThrottleRows(db, now);
  return problem;
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

export type SignInResult =
  { ok: true; userId: string; fullySignedIn: boolean; language: Language } | { ok: false; problem: "invalid" | "wait" };

/**
 * Signs in with an e-mail and password (and, optionally, the two-step code sent with them): on success the new
 * session is stored, with the audit row of a full sign-in, in one transaction. Every refusal is audited too.
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
export async function signInWithPassword(
  email: string,
  password: string,
  options: { session: NewStaffSession; code?: string; now?: Date },
): Promise<SignInResult> {
  const db = await getDb();
  const now = options.now ?? new Date();
  const key = signInThrottleKey(email);
  const claimed = await claimPasswordAttempt(db, key, now);
  const user = await db.staffUser.findUnique({
    where: { email: normaliseEmail(email) },
    select: { id: true, email: true, passwordHash: true, disabledAt: true, totpEnabledAt: true, language: true },
  });
  const account = user && !user.disabledAt ? user : null;
  const passwordRight = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
  const code = options.code?.trim() ?? "";
  const refused = (problem: "invalid" | "wait"): AuditEntryInput => ({
    actor: null,
    action: "sign_in_failed",
    details: { reason: problem },
  });

  if (!account || !passwordRight) {
    // A wrong password made while waiting is not counted again: the claim was refused, nothing was claimed.
    if (!claimed) {
      await recordAuditEvent(refused("wait"));
      return { ok: false, problem: "wait" };
    }
    return { ok: false, problem: await settleWrongPassword(db, key, now, refused) };
  }

  const needsTotp = account.totpEnabledAt !== null;
  // Wrong codes count against the account like on the two-step page: whoever sends them has the password.
  const secondFactor = needsTotp && code ? await checkSecondFactor(db, account.id, code, now) : null;
  const secondFactorDone = secondFactor?.attempt.result === "ok";
  if (!claimed && !secondFactorDone) {
    await changeWithAudit(db, async (tx) => secondFactor?.settle(tx), refused("wait"));
    return { ok: false, problem: "wait" };
  }

  // Hashes made at a lower cost (before ADR 014) are upgraded now that we hold the right password.
  const upgradedHash = needsRehash(account.passwordHash) ? await hashPassword(password) : null;
  const fullySignedIn = !needsTotp || secondFactorDone;
  const signIn = async (tx: Database) => {
    await secondFactor?.settle(tx);
    await clearPasswordFailures(tx, key);
    if (upgradedHash) await tx.staffUser.update({ where: { id: account.id }, data: { passwordHash: upgradedHash } });
    await storeStaffSession(options.session, account.id, fullySignedIn ? "full" : "password", tx);
  };
  if (fullySignedIn) {
    await changeWithAudit(db, signIn, {
      actor: { id: account.id, email: account.email },
      action: "sign_in",
      details: { secondFactor: secondFactorDone },
    });
  } else {
    // Half signed in: nothing to audit until the second step (staff_.login_.verify.tsx).
    await db.$transaction((tx) => signIn(tx as unknown as Database));
  }
  return { ok: true, userId: account.id, fullySignedIn, language: account.language === "en" ? "en" : "ur" };
}

export type PasswordChange = { ok: true } | { ok: false; problem: "invalid" | "locked" | "same" };

/**
 * A signed-in staff member changes their own password. The current password is checked like a sign-in: the
 * attempt is claimed on the same per-e-mail count first, so a borrowed or stolen session cannot guess it
 * without limit, in parallel or not. Only after it is verified is the new one compared with it (earlier,
 * "same as now" would itself confirm a guess). The new password, the end of every other session, this
 * session's new id (`session`) and the audit row are one transaction (ASVS 7.4.3).
 */
export async function changeOwnPassword(
  user: Actor,
  currentPassword: string,
  newPassword: string,
  session: NewStaffSession,
  now = new Date(),
): Promise<PasswordChange> {
  const db = await getDb();
  const failed = (problem: "invalid" | "locked"): AuditEntryInput => ({
    actor: user,
    action: "password_change_failed",
    details: { reason: problem },
  });
  const stored = await db.staffUser.findUnique({
    where: { id: user.id },
    select: { id: true, email: true, passwordHash: true },
  });
  if (!stored) {
    await recordAuditEvent(failed("invalid"));
    return { ok: false, problem: "invalid" };
  }
  const key = signInThrottleKey(stored.email);
  if (!(await claimPasswordAttempt(db, key, now))) {
    await recordAuditEvent(failed("locked"));
    return { ok: false, problem: "locked" };
  }
  if (!(await verifyPassword(currentPassword, stored.passwordHash))) {
    const problem = await settleWrongPassword(db, key, now, (wait) => failed(wait === "wait" ? "locked" : "invalid"));
    return { ok: false, problem: problem === "wait" ? "locked" : "invalid" };
  }
  await clearPasswordFailures(db, key);
  if (newPassword.normalize("NFKC") === currentPassword.normalize("NFKC")) return { ok: false, problem: "same" };
  const passwordHash = await hashPassword(newPassword);
  await changeWithAudit(
    db,
    async (tx) => {
      await storePasswordHash(tx, stored.id, passwordHash);
      await deleteSessionsOfUser(tx, stored.id);
      await storeStaffSession(session, stored.id, "full", tx);
    },
    { actor: user, action: "password_changed" },
  );
  return { ok: true };
}

/** Stores a new password hash and clears any wait (an administrator's reset also lets the account in again). */
async function storePasswordHash(db: Database, userId: string, passwordHash: string) {
  const user = await db.staffUser.update({
    where: { id: userId },
    data: { passwordHash, failedSecondFactors: 0, secondFactorPausedUntil: null },
    select: { email: true },
  });
  await clearPasswordFailures(db, signInThrottleKey(user.email));
}

/**
 * Deletes a demo account (docs/decisions/015; scripts/remove-demo-accounts.ts), with its audit row. Notes by a
 * demo account are demo data; tips it held go back to their agency's queue. Sessions and recovery codes go
 * with the account.
 */
export async function removeDemoAccount(email: string) {
  const db = await getDb();
  const user = await db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true } });
  await changeWithAudit(
    db,
    async (tx) => {
      await tx.tipNote.deleteMany({ where: { staffUserId: user.id } });
      await tx.tip.updateMany({ where: { assignedToId: user.id }, data: { assignedToId: null } });
      await tx.staffUser.delete({ where: { id: user.id } });
    },
    { actor: null, action: "staff_removed", details: { staffUserId: user.id, reason: "demo_account" } },
  );
}

/** Replaces the published demo password of an ordinary account (scripts/remove-demo-accounts.ts); its sessions end. */
export async function replaceDemoPassword(email: string, password: string) {
  const db = await getDb();
  const user = await db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const passwordHash = await hashPassword(password);
  await changeWithAudit(
    db,
    async (tx) => {
      await storePasswordHash(tx, user.id, passwordHash);
      await deleteSessionsOfUser(tx, user.id);
    },
    { actor: null, action: "staff_password_set", details: { staffUserId: user.id, reason: "demo_password" } },
  );
}

/**
 * An administrator sets a new password for another active staff member, whose sessions all end. False when
 * the member cannot be given one here: unknown, disabled, or the administrator themself (they change their
 * own under "My account", where the current one is asked for).
 */
export async function setStaffPassword(admin: Actor, staffUserId: string, password: string): Promise<boolean> {
  const db = await getDb();
  const target = await db.staffUser.findUnique({ where: { id: staffUserId }, select: { id: true, disabledAt: true } });
  if (!target || target.disabledAt || target.id === admin.id) return false;
  const passwordHash = await hashPassword(password);
  await changeWithAudit(
    db,
    async (tx) => {
      await storePasswordHash(tx, target.id, passwordHash);
      await deleteSessionsOfUser(tx, target.id);
    },
    { actor: admin, action: "staff_password_set", details: { staffUserId: target.id } },
  );
  return true;
}

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
    await db.staffRecoveryCode.updateMany({
      where: { id: row.id, codeHash: row.codeHash },
      data: { codeHash: hmacOfLegacyHash(row.codeHash) },
    });
  }
  return legacy.length;
}

/** Stores a new, not yet confirmed, TOTP secret for enrolment. */
export async function beginTotpEnrolment(userId: string, secret: string) {
  await (
    await getDb()
  ).staffUser.update({
    where: { id: userId },
    data: { totpSecretCipher: encryptText(secret, aad.staffTotp(userId)), totpEnabledAt: null, totpLastStep: null },
  });
}

export async function pendingTotpSecret(userId: string): Promise<string | null> {
  const user = await (
    await getDb()
  ).staffUser.findUnique({ where: { id: userId }, select: { totpSecretCipher: true } });
  return user?.totpSecretCipher ? decryptText(user.totpSecretCipher, aad.staffTotp(userId)) : null;
}

/**
 * Confirms enrolment with a first code; returns the recovery codes (shown once) or null for a wrong code.
 * Every session but `keepSessionId` (the one confirming) ends (ASVS 7.4.3), with the audit row, in one transaction.
 */
export async function confirmTotpEnrolment(
  user: Actor,
  code: string,
  options: { keepSessionId?: string | null; now?: Date } = {},
): Promise<string[] | null> {
  const now = options.now ?? new Date();
  const secret = await pendingTotpSecret(user.id);
  if (!secret) return null;
  const step = verifyTotp(secret, code, now, null);
  if (step === null) return null;
  const recoveryCodes = generateRecoveryCodes();
  const userId = user.id;
  await changeWithAudit(
    await getDb(),
    async (tx) => {
      await tx.staffUser.update({ where: { id: userId }, data: { totpEnabledAt: now, totpLastStep: step } });
      await tx.staffRecoveryCode.deleteMany({ where: { userId } });
      await tx.staffRecoveryCode.createMany({
        data: recoveryCodes.map((recovery) => ({ userId, codeHash: hashRecoveryCode(recovery) })),
      });
      await deleteSessionsOfUser(tx, userId, options.keepSessionId ?? null);
    },
    { actor: user, action: "totp_enabled" },
  );
  return recoveryCodes;
}

/**
 * Second factor at sign-in: a TOTP code (each accepted once) or an unused recovery code. Not exported: every
 * check must go through checkSecondFactor, which counts wrong codes.
 */
async function verifySecondFactor(db: Database, userId: string, code: string, now = new Date()): Promise<boolean> {
  const user = await db.staffUser.findUnique({
    where: { id: userId },
    select: { totpSecretCipher: true, totpEnabledAt: true, totpLastStep: true },
  });
  if (!user?.totpSecretCipher || !user.totpEnabledAt) return false;
  const trimmed = code.trim().slice(0, 40);
  if (/^\d[\d\s]{5,7}$/.test(trimmed)) {
    const step = verifyTotp(decryptText(user.totpSecretCipher, aad.staffTotp(userId)), trimmed, now, user.totpLastStep);
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
 * the flood limits (app/server/staff-login-limit.server.ts), never to sign anyone in.
 */
export async function secondFactorLooksValid(
  where: { id: string } | { email: string },
  code: string,
  now = new Date(),
): Promise<boolean> {
  const trimmed = code.trim().slice(0, 40);
  if (!trimmed) return false;
  const db = await getDb();
  const user = await db.staffUser.findUnique({
    where: "id" in where ? { id: where.id } : { email: normaliseEmail(where.email) },
    select: { id: true, totpSecretCipher: true, totpEnabledAt: true, totpLastStep: true, disabledAt: true },
  });
  if (!user?.totpSecretCipher || !user.totpEnabledAt || user.disabledAt) return false;
  if (/^\d[\d\s]{5,7}$/.test(trimmed))
    return (
      verifyTotp(decryptText(user.totpSecretCipher, aad.staffTotp(user.id)), trimmed, now, user.totpLastStep) !== null
    );
  await upgradeRecoveryCodeHashes(db, user.id);
  return (
    (await db.staffRecoveryCode.count({
      where: { userId: user.id, codeHash: hashRecoveryCode(trimmed), usedAt: null },
    })) > 0
  );
}

export type SecondFactorAttempt =
  { result: "ok" } | { result: "wrong"; failures: number } | { result: "paused"; until: Date | null };

/** The outcome of a code, and the counter update it calls for: written by the caller, with its audit row. */
interface SecondFactorCheck {
  attempt: SecondFactorAttempt;
  settle: (tx: Database) => Promise<void>;
}

/**
 * The second step of sign-in, counted per account (issue 10, item 1). Each attempt is claimed with one
 * atomic update before the code is checked, so parallel guesses cannot all slip in before the count is
 * written; the claim is refused while the account waits. The claim provisionally sets the longest wait, so
 * even a guess still being checked holds the others back; the outcome then sets the real wait (or clears it)
 * when the caller runs `settle`, in the transaction that records the attempt. Recovery codes count the same
 * as TOTP codes. A code that was right is spent at once (replays fail) even if that transaction fails.
 */
async function checkSecondFactor(db: Database, userId: string, code: string, now: Date): Promise<SecondFactorCheck> {
  const claimed = await db.staffUser.updateMany({
    where: {
      id: userId,
      OR: [{ failedSecondFactors: { lt: secondFactorDelay.free } }, { secondFactorPausedUntil: { lte: now } }],
    },
    data: {
      failedSecondFactors: { increment: 1 },
      secondFactorPausedUntil: new Date(now.getTime() + secondFactorDelay.capMs),
    },
  });
  if (claimed.count === 0) {
    const user = await db.staffUser.findUnique({ where: { id: userId }, select: { secondFactorPausedUntil: true } });
    return {
      attempt: { result: "paused", until: user?.secondFactorPausedUntil ?? null },
      settle: async () => undefined,
    };
  }
  const settleWrong = async (): Promise<SecondFactorCheck> => {
    const { failedSecondFactors: failures } = await db.staffUser.findUniqueOrThrow({
      where: { id: userId },
      select: { failedSecondFactors: true },
    });
    const until = delayEnd(failures, secondFactorDelay, now);
    return {
      attempt:
        delayAfterFailures(failures, secondFactorDelay) > 0
          ? { result: "paused", until }
          : { result: "wrong", failures },
      settle: async (tx) => {
        await tx.staffUser.update({ where: { id: userId }, data: { secondFactorPausedUntil: until } });
      },
    };
  };
  let right: boolean;
  try {
    right = await verifySecondFactor(db, userId, code, now);
  } catch (error) {
    // Settled even when the check throws (an unreadable secret), so the provisional longest wait never sticks.
    await (await settleWrong()).settle(db);
    throw error;
  }
  if (!right) return settleWrong();
  return {
    attempt: { result: "ok" },
    settle: async (tx) => {
      await tx.staffUser.update({
        where: { id: userId },
        data: { failedSecondFactors: 0, secondFactorPausedUntil: null },
      });
    },
  };
}

/**
 * The two-step page: checks the code of a half-signed-in member. Right, `session` replaces the half-signed-in
 * one, with the sign-in's audit row; wrong, the failure is counted and audited; too many wrong, the
 * half-signed-in session (the one `session` would replace) ends. Each in one transaction.
 */
export async function completeSecondStep(
  user: Actor,
  code: string,
  session: NewStaffSession,
  now = new Date(),
): Promise<SecondFactorAttempt> {
  const db = await getDb();
  const { attempt, settle } = await checkSecondFactor(db, user.id, code, now);
  if (attempt.result === "paused") {
    await changeWithAudit(
      db,
      async (tx) => {
        await settle(tx);
        if (session.replacesId) await deleteStaffSession(session.replacesId, tx);
      },
      { actor: user, action: "sign_in_failed", details: { reason: "second_factor_paused" } },
    );
  } else if (attempt.result === "wrong") {
    await changeWithAudit(db, settle, {
      actor: user,
      action: "sign_in_failed",
      details: { reason: "second_factor", failures: attempt.failures },
    });
  } else {
    await changeWithAudit(
      db,
      async (tx) => {
        await settle(tx);
        await storeStaffSession(session, user.id, "full", tx);
      },
      { actor: user, action: "sign_in", details: { secondFactor: true } },
    );
  }
  return attempt;
}

export { totpStep };
