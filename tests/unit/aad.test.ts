import crypto from "node:crypto";
import { expect, test } from "vitest";
import { aad } from "~/server/aad.server";
import { decryptBytes, decryptText, encryptBytes, encryptText } from "~/server/crypto.server";
import type { Secrets } from "~/server/secrets.server";

// Every stored ciphertext was written with one of these strings: a change would make those rows unreadable.
// The expected values are written out by hand on purpose, not computed.
test.each([
  [aad.tipField("t1", "description"), "tip:t1:description"],
  [aad.tipField("t1", "suspects"), "tip:t1:suspects"],
  [aad.tipField("t1", "contact"), "tip:t1:contact"],
  [aad.tipMessage("t1", "m2"), "tip:t1:message:m2"],
  [aad.tipNote("t1", "n3"), "tip:t1:note:n3"],
  [aad.evidencePage("t1", 2, 3), "tip:t1:evidence:2:3"],
  [aad.staffTotp("s4"), "staff:s4:totp"],
])("the associated data %j stays %j", (actual, expected) => {
  expect(actual).toBe(expected);
});

const secrets: Secrets = {
  encryptionKeys: [{ id: "k", key: crypto.randomBytes(32) }],
  receiptKey: crypto.randomBytes(32),
  origin: "environment",
};

test("a value written under the literal string of an earlier release opens through the module", () => {
  expect(decryptText(encryptText("x", "tip:t1:note:n3", secrets), aad.tipNote("t1", "n3"), secrets)).toBe("x");
  const page = encryptBytes(Buffer.from("image"), "tip:t1:evidence:1:2", secrets);
  expect(decryptBytes(page, aad.evidencePage("t1", 1, 2), secrets).toString()).toBe("image");
  // And each fact names its place: another field, row or page does not open it.
  expect(() => decryptBytes(page, aad.evidencePage("t1", 2, 1), secrets)).toThrow();
  expect(() =>
    decryptText(encryptText("x", aad.tipField("t1", "contact"), secrets), aad.tipField("t1", "suspects"), secrets),
  ).toThrow();
});
