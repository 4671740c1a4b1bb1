import crypto from "node:crypto";
import { promisify } from "node:util";

// Staff passwords: scrypt (memory-hard) with a random salt per password. Long passphrases are welcome,
// but input is capped before hashing so nobody can make the server hash megabytes (ASVS 6.2.9, 11.4.2).

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

export const passwordLimits = { min: 12, max: 256 } as const;
const parameters = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const keyLength = 32;

export function isAcceptablePasswordLength(password: string): boolean {
  return password.length >= passwordLimits.min && password.length <= passwordLimits.max;
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length > passwordLimits.max) throw new Error("password too long");
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize("NFKC"), salt, keyLength, parameters);
  return ["scrypt", parameters.N, parameters.r, parameters.p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Constant-time comparison; an over-long password is rejected before any hashing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (password.length > passwordLimits.max) return false;
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await scrypt(password.normalize("NFKC"), Buffer.from(salt, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: parameters.maxmem,
  });
  return crypto.timingSafeEqual(actual, expected);
}

/** A hash to compare against when the account does not exist, so timing does not reveal which e-mails exist. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  return dummyHash;
}
