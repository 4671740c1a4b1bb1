// @ts-check
// Plain JavaScript: the Node.js server's CSP nonces (server/security-headers.mjs) and the app's IVs, link ids and
// receipt codes (app/server/crypto.server.ts, app/server/reporter-links.server.ts) draw from here.
import crypto from "node:crypto";

// Random bytes are cut from a pool filled by the CSPRNG: one system call per 4 KB instead of one for every IV,
// id and nonce. Each sent tip needed five such calls, which took about 5 % of the form's server time here
// (docs/decisions/043). Every byte is handed out once, as a copy in memory of its own, and never again; Node.js does the same for
// crypto.randomUUID(). Keys, salts and session tokens still come straight from crypto.randomBytes.
const poolSize = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** @param {number} length */
function take(length) {
  if (!Number.isInteger(length) || length < 0 || length > poolSize)
    throw new RangeError(`cannot take ${length} random bytes`);
  if (poolOffset + length > pool.length) {
    pool = crypto.randomBytes(poolSize);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += length;
  return start;
}

/**
 * Bytes handed out are overwritten in the pool at once: a receipt code's bytes must not wait in memory until the
 * next refill, which on a quiet server can be days away.
 * @param {number} start
 * @param {number} length
 */
function forget(start, length) {
  pool.fill(0, start, start + length);
}

/**
 * `length` fresh random bytes (at most 4,096), in a buffer of their own.
 * @param {number} length
 * @returns {Buffer}
 */
export function freshRandomBytes(length) {
  const start = take(length);
  // Its own memory, as crypto.randomBytes gives (Buffer.from would place it in Node's shared 8 KB pool).
  const bytes = Buffer.allocUnsafeSlow(length);
  pool.copy(bytes, 0, start, start + length);
  forget(start, length);
  return bytes;
}

/**
 * `length` fresh random bytes (at most 4,096) written as base64 or base64url text.
 * @param {number} length
 * @param {"base64" | "base64url"} encoding
 */
export function freshRandomText(length, encoding) {
  const start = take(length);
  const text = pool.toString(encoding, start, start + length);
  forget(start, length);
  return text;
}
