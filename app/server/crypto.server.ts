import crypto from "node:crypto";
import { freshRandomBytes } from "./random-bytes.server.mjs";
import { getSecrets, type Secrets } from "./secrets.server";

// Authenticated encryption for tip content: AES-256-GCM with a random 96-bit IV per value. The associated
// data binds each ciphertext to its row and field, so a ciphertext copied into another row fails to open;
// every caller takes it from app/server/aad.server.ts.
// Stored form: v1.<keyId>.<iv>.<ciphertext+tag>, base64url.

const version = "v1";

export function encryptText(plaintext: string, context: string, secrets: Secrets = getSecrets()): string {
  const { id, key } = secrets.encryptionKeys[0]!;
  const iv = freshRandomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [version, id, iv.toString("base64url"), body.toString("base64url")].join(".");
}

export class DecryptionError extends Error {}

export function decryptText(stored: string, context: string, secrets: Secrets = getSecrets()): string {
  const [storedVersion, keyId, ivText, bodyText] = stored.split(".");
  if (storedVersion !== version || !keyId || !ivText || !bodyText)
    throw new DecryptionError("unknown ciphertext format");
  const entry = secrets.encryptionKeys.find((candidate) => candidate.id === keyId);
  if (!entry) throw new DecryptionError(`no key with id ${keyId}`);
  const body = Buffer.from(bodyText, "base64url");
  if (body.length < 16) throw new DecryptionError("ciphertext too short");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", entry.key, Buffer.from(ivText, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("ciphertext failed authentication");
  }
}

/** The id of the key a stored value was encrypted with (for rotation). */
export function keyIdOf(stored: string): string | undefined {
  return stored.split(".")[1];
}

/** Keyed hash of a receipt code: the database can find a tip by it but cannot give the code back. */
export function hashReceipt(receipt: string, secrets: Secrets = getSecrets()): string {
  return crypto.createHmac("sha256", secrets.receiptKey).update(receipt, "utf8").digest("hex");
}

export function randomBytes(length: number): Uint8Array {
  return freshRandomBytes(length);
}

// Binary values (evidence files): the same AES-256-GCM, stored as the ASCII header "v1.<keyId>." followed by the
// IV, the ciphertext and the tag as raw bytes (base64 would add a third to files of megabytes).

export function encryptBytes(
  plaintext: Uint8Array,
  context: string,
  secrets: Secrets = getSecrets(),
): Buffer<ArrayBuffer> {
  const { id, key } = secrets.encryptionKeys[0]!;
  const iv = freshRandomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  return Buffer.concat([
    Buffer.from(`${version}.${id}.`, "ascii"),
    iv,
    cipher.update(plaintext),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
}

function splitStoredBytes(stored: Uint8Array): { keyId: string; rest: Buffer } {
  const buffer = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const firstDot = buffer.indexOf(0x2e);
  const secondDot = firstDot < 0 ? -1 : buffer.indexOf(0x2e, firstDot + 1);
  // Key ids are short; a header longer than this is not one of ours.
  if (firstDot < 0 || secondDot < 0 || secondDot > 80) throw new DecryptionError("unknown ciphertext format");
  if (buffer.subarray(0, firstDot).toString("ascii") !== version)
    throw new DecryptionError("unknown ciphertext format");
  return { keyId: buffer.subarray(firstDot + 1, secondDot).toString("ascii"), rest: buffer.subarray(secondDot + 1) };
}

export function decryptBytes(stored: Uint8Array, context: string, secrets: Secrets = getSecrets()): Buffer {
  const { keyId, rest } = splitStoredBytes(stored);
  const entry = secrets.encryptionKeys.find((candidate) => candidate.id === keyId);
  if (!entry) throw new DecryptionError(`no key with id ${keyId}`);
  if (rest.length < 12 + 16) throw new DecryptionError("ciphertext too short");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", entry.key, rest.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(rest.subarray(rest.length - 16));
    return Buffer.concat([decipher.update(rest.subarray(12, rest.length - 16)), decipher.final()]);
  } catch {
    throw new DecryptionError("ciphertext failed authentication");
  }
}

/** The id of the key a stored binary value was encrypted with (for rotation). */
export function keyIdOfBytes(stored: Uint8Array): string | undefined {
  try {
    return splitStoredBytes(stored).keyId;
  } catch {
    return undefined;
  }
}
