// @ts-check
import crypto from "node:crypto";

/**
 * Turns the client's network address into an opaque rate-limit key: an HMAC with a secret drawn at start-up,
 * kept only in memory and replaced every few hours, so keys cannot be linked to addresses or across
 * rotations. The address itself is never passed on, stored or logged.
 */
export function createClientKeyer({ rotateEveryMs = 6 * 60 * 60 * 1000, now = () => Date.now() } = {}) {
  let secret = crypto.randomBytes(32);
  let rotatedAt = now();
  return {
    /** @param {string | undefined} address */
    keyFor(address) {
      if (now() - rotatedAt >= rotateEveryMs) {
        secret = crypto.randomBytes(32);
        rotatedAt = now();
      }
      return crypto.createHmac("sha256", secret).update(address ?? "unknown").digest("base64url").slice(0, 22);
    },
  };
}
