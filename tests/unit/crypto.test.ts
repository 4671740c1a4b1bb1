import crypto from "node:crypto";
import { expect, test } from "vitest";
import { decryptText, DecryptionError, encryptText, hashReceipt, keyIdOf } from "~/server/crypto.server";
import type { Secrets } from "~/server/secrets.server";

const secrets: Secrets = {
  encryptionKeys: [
    { id: "new", key: crypto.randomBytes(32) },
    { id: "old", key: crypto.randomBytes(32) },
  ],
  receiptKey: crypto.randomBytes(32),
  origin: "environment",
};

test("text round-trips, and the ciphertext does not contain the plaintext", () => {
  const plaintext = "بچوں سے بھٹے پر کام DISTINCTIVE-9911";
  const stored = encryptText(plaintext, "tip:1:description", secrets);
  expect(stored).not.toContain("DISTINCTIVE");
  expect(Buffer.from(stored).includes(Buffer.from("DISTINCTIVE"))).toBe(false);
  expect(decryptText(stored, "tip:1:description", secrets)).toBe(plaintext);
  expect(keyIdOf(stored)).toBe("new");
});

test("the same text encrypts differently each time (random IV)", () => {
  expect(encryptText("same", "c", secrets)).not.toBe(encryptText("same", "c", secrets));
});

test("a ciphertext moved to another row or field fails to open", () => {
  const stored = encryptText("secret", "tip:1:description", secrets);
  expect(() => decryptText(stored, "tip:2:description", secrets)).toThrow(DecryptionError);
  expect(() => decryptText(stored, "tip:1:contact", secrets)).toThrow(DecryptionError);
});

test("tampered or truncated ciphertext fails to decrypt", () => {
  const stored = encryptText("secret message", "ctx", secrets);
  const [v, id, iv, body] = stored.split(".") as [string, string, string, string];
  const flipped = Buffer.from(body, "base64url");
  flipped[0] = flipped[0]! ^ 1;
  expect(() => decryptText([v, id, iv, flipped.toString("base64url")].join("."), "ctx", secrets)).toThrow(
    DecryptionError,
  );
  expect(() => decryptText([v, id, iv, body.slice(0, 10)].join("."), "ctx", secrets)).toThrow(DecryptionError);
  expect(() => decryptText("garbage", "ctx", secrets)).toThrow(DecryptionError);
});

test("values encrypted under an older key still open after a new key is added", () => {
  const older: Secrets = { ...secrets, encryptionKeys: [secrets.encryptionKeys[1]!] };
  const stored = encryptText("from last year", "ctx", older);
  expect(keyIdOf(stored)).toBe("old");
  expect(decryptText(stored, "ctx", secrets)).toBe("from last year");
});

test("receipt hashes are keyed: the same receipt gives another hash under another key", () => {
  const receipt = "7KQ2-M9XD-4RTB-HC8P-2WNA";
  expect(hashReceipt(receipt, secrets)).toMatch(/^[0-9a-f]{64}$/);
  expect(hashReceipt(receipt, secrets)).toBe(hashReceipt(receipt, secrets));
  expect(hashReceipt(receipt, { ...secrets, receiptKey: crypto.randomBytes(32) })).not.toBe(
    hashReceipt(receipt, secrets),
  );
});
