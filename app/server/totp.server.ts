import crypto from "node:crypto";
import { getTOTPAuthUri } from "@epic-web/totp";

// TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps), compatible with common authenticator apps.
// A code is accepted for the current step and one step either side (clock drift), and only once: the caller
// stores the step it accepted and passes it back as `lastUsedStep`.
//
// The code itself stays here (ADR 030): @epic-web/totp reads the clock itself, is asynchronous (WebCrypto) and
// verifies only "now, give or take a window", while sign-in needs the step a code belongs to (so it is used
// once), a `now` the tests can set, and a constant-time comparison. Its getTOTPAuthUri builds the enrolment link,
// and tests/unit/totp.test.ts checks that both produce the same codes (the RFC 6238 vectors).

const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const totpStepSeconds = 30;

export function generateTotpSecret(): string {
  return base32Encode(crypto.randomBytes(20));
}

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += base32Alphabet[(value << (5 - bits)) & 31];
  return output;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[^A-Z2-7]/g, "");
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    value = (value << 5) | base32Alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / totpStepSeconds);
}

export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = crypto.createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0xf;
  const binary = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(binary).padStart(6, "0");
}

/** The step the code belongs to, or null when it is wrong or was already used. */
export function verifyTotp(secret: string, code: string, now: Date, lastUsedStep: number | null): number | null {
  const digits = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(digits)) return null;
  const current = totpStep(now);
  for (const step of [current - 1, current, current + 1]) {
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if (crypto.timingSafeEqual(Buffer.from(totpCode(secret, step)), Buffer.from(digits))) return step;
  }
  return null;
}

/** The enrolment link for authenticator apps (Key Uri Format), built by @epic-web/totp. */
export function totpUri(secret: string, account: string, issuer = "Aagahi"): string {
  return getTOTPAuthUri({
    secret,
    accountName: account,
    issuer,
    algorithm: "SHA-1",
    digits: 6,
    period: totpStepSeconds,
  });
}

/** Ten one-time recovery codes, shown once at enrolment. */
export function generateRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const raw = base32Encode(crypto.randomBytes(10)).slice(0, 12).toLowerCase();
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
  });
}

export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z2-7]/g, "");
}
