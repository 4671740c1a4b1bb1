import crypto from "node:crypto";
import { getSecrets, type Secrets } from "./secrets.server";

// Keys for staff sign-in, derived from the receipt key with HKDF (RFC 5869), one per purpose, so no new
// secret has to be configured and a key for one purpose says nothing about another. Rotating RECEIPT_KEY
// would change them too; like receipt hashes, recovery-code hashes would then stop matching (ADR 014).

export type StaffKeyPurpose = "sign-in-throttle" | "recovery-codes";

const cache = new WeakMap<Buffer, Map<StaffKeyPurpose, Buffer>>();

export function staffKey(purpose: StaffKeyPurpose, secrets: Secrets = getSecrets()): Buffer {
  let keys = cache.get(secrets.receiptKey);
  if (!keys) cache.set(secrets.receiptKey, (keys = new Map()));
  let key = keys.get(purpose);
  if (!key)
    keys.set(
      purpose,
      (key = Buffer.from(
        crypto.hkdfSync("sha256", secrets.receiptKey, Buffer.alloc(0), `aagahi staff ${purpose}`, 32),
      )),
    );
  return key;
}

export function staffHmac(purpose: StaffKeyPurpose, value: string, secrets?: Secrets): string {
  return crypto.createHmac("sha256", staffKey(purpose, secrets)).update(value, "utf8").digest("hex");
}
