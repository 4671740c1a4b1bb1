import { generateTOTP, verifyTOTP } from "@epic-web/totp";
import { afterEach, expect, test, vi } from "vitest";
import {
  base32Decode,
  base32Encode,
  generateRecoveryCodes,
  generateTotpSecret,
  totpCode,
  totpStep,
  totpUri,
  verifyTotp,
} from "~/server/totp.server";
import { hashPassword, verifyPassword } from "~/server/password.server";

// RFC 6238 appendix B test vectors (SHA-1, secret "12345678901234567890"), last 6 digits.
test.each([
  [59, "287082"],
  [1111111109, "081804"],
  [1111111111, "050471"],
  [1234567890, "005924"],
  [2000000000, "279037"],
])("the TOTP code at %i s is %s (RFC 6238)", (seconds, code) => {
  const secret = base32Encode(Buffer.from("12345678901234567890"));
  expect(totpCode(secret, totpStep(new Date(seconds * 1000)))).toBe(code);
});

afterEach(() => {
  vi.useRealTimers();
});

// The same vectors through @epic-web/totp (ADR 030): with the full 8 digits of the RFC, and agreeing with ours.
test.each([
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
])("@epic-web/totp gives the RFC 6238 code at %i s (%s) and the same last 6 digits as ours", async (seconds, code) => {
  const secret = base32Encode(Buffer.from("12345678901234567890"));
  vi.useFakeTimers({ now: seconds * 1000, toFake: ["Date"] });
  expect((await generateTOTP({ secret, digits: 8, algorithm: "SHA-1", period: 30 })).otp).toBe(code);
  expect((await generateTOTP({ secret, digits: 6, algorithm: "SHA-1", period: 30 })).otp).toBe(
    totpCode(secret, totpStep(new Date())),
  );
});

test("a stored secret and its enrolment link work with @epic-web/totp (SHA-1, 6 digits, 30 s, base32)", async () => {
  const secret = generateTotpSecret();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const uri = new URL(totpUri(secret, "officer@fia.gov.pk"));
  expect(`${uri.protocol}//${uri.host}`).toBe("otpauth://totp");
  expect(decodeURIComponent(uri.pathname)).toBe("/Aagahi:officer@fia.gov.pk");
  expect(Object.fromEntries(uri.searchParams)).toEqual({
    secret,
    issuer: "Aagahi",
    algorithm: "SHA1",
    digits: "6",
    period: "30",
  });
  const code = totpCode(secret, totpStep(new Date()));
  expect(await verifyTOTP({ otp: code, secret, period: 30, digits: 6, algorithm: "SHA-1" })).not.toBeNull();
});

test("base32 round-trips", () => {
  const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
  expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
});

test("a code is accepted once, and one step of clock drift either way is allowed", () => {
  const secret = generateTotpSecret();
  const now = new Date("2026-11-23T10:00:10Z");
  const step = totpStep(now);
  expect(verifyTotp(secret, totpCode(secret, step), now, null)).toBe(step);
  expect(verifyTotp(secret, totpCode(secret, step), now, step)).toBeNull();
  expect(verifyTotp(secret, totpCode(secret, step - 1), now, null)).toBe(step - 1);
  expect(verifyTotp(secret, totpCode(secret, step + 1), now, null)).toBe(step + 1);
  expect(verifyTotp(secret, totpCode(secret, step - 2), now, null)).toBeNull();
  expect(verifyTotp(secret, "12345", now, null)).toBeNull();
  expect(verifyTotp(secret, "abcdef", now, null)).toBeNull();
});

test("recovery codes are ten distinct codes", () => {
  const codes = generateRecoveryCodes();
  expect(new Set(codes).size).toBe(10);
  for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
});

test("passwords hash with a salt and verify; wrong and over-long passwords fail", async () => {
  const hash = await hashPassword("correct horse battery staple");
  expect(hash).toMatch(/^scrypt\$/);
  expect(await hashPassword("correct horse battery staple")).not.toBe(hash);
  expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
  expect(await verifyPassword("Correct horse battery staple", hash)).toBe(false);
  expect(await verifyPassword("x".repeat(10_000), hash)).toBe(false);
  await expect(hashPassword("x".repeat(10_000))).rejects.toThrow();
});
