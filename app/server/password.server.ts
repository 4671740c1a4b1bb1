import crypto from "node:crypto";
import { promisify } from "node:util";

// Staff passwords: scrypt (memory-hard) with a random salt per password, at OWASP's recommended cost
// (N=2^17, r=8, p=1: 128 MiB and about a second per hash on a small server). The parameters are stored in each
// hash, so a hash made at a lower cost still verifies and is upgraded at the next sign-in (needsRehash).
// Long passphrases are welcome, but input is capped before hashing so nobody can make the server hash
// megabytes (ASVS 6.2.9, 11.4.2).

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

export const passwordLimits = { min: 12, max: 256 } as const;

export interface PasswordCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt N=2^17, r=8, p=1. */
export const productionPasswordCost: PasswordCost = { N: 2 ** 17, r: 8, p: 1 };
/** Stored hashes above this are refused rather than let a bad row make the server allocate gigabytes. */
const maxN = 2 ** 20;
const keyLength = 32;

/**
 * The cost new hashes get. Test-only switch: under NODE_ENV=test, AAGAHI_TEST_PASSWORD_COST=<log2 N> lowers it
 * so the unit suite is not dominated by hashing (vitest.config.ts sets it). Ignored everywhere else.
 */
export function passwordCost(env: Record<string, string | undefined> = process.env): PasswordCost {
  const testLogN = Number(env.AAGAHI_TEST_PASSWORD_COST);
  if (env.NODE_ENV === "test" && Number.isInteger(testLogN) && testLogN >= 10 && testLogN < 17)
    return { ...productionPasswordCost, N: 2 ** testLogN };
  return productionPasswordCost;
}

/** scrypt needs 128 * N * r bytes; leave room so Node never refuses a hash we made. */
const maxmemFor = ({ N, r }: PasswordCost) => 2 * 128 * N * r;

export function isAcceptablePasswordLength(password: string): boolean {
  return password.length >= passwordLimits.min && password.length <= passwordLimits.max;
}

export async function hashPassword(password: string, cost: PasswordCost = passwordCost()): Promise<string> {
  if (password.length > passwordLimits.max) throw new Error("password too long");
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize("NFKC"), salt, keyLength, { ...cost, maxmem: maxmemFor(cost) });
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64"), key.toString("base64")].join("$");
}

function parseHash(stored: string): { cost: PasswordCost; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return null;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (
    ![cost.N, cost.r, cost.p].every(Number.isSafeInteger) ||
    cost.N < 2 ||
    cost.N > maxN ||
    cost.r < 1 ||
    cost.r > 32 ||
    cost.p < 1 ||
    cost.p > 16
  )
    return null;
  return { cost, salt: Buffer.from(salt, "base64"), key: Buffer.from(key, "base64") };
}

/** Constant-time comparison; an over-long password is rejected before any hashing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (password.length > passwordLimits.max) return false;
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await scrypt(password.normalize("NFKC"), parsed.salt, parsed.key.length, {
    ...parsed.cost,
    maxmem: maxmemFor(parsed.cost),
  });
  return crypto.timingSafeEqual(actual, parsed.key);
}

/** True when a stored hash was made at a lower cost than new hashes get: rehash it after a right password. */
export function needsRehash(stored: string, cost: PasswordCost = passwordCost()): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.cost.N < cost.N || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

/** A hash to compare against when the account does not exist, so the work does not reveal which e-mails exist. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  return dummyHash;
}
