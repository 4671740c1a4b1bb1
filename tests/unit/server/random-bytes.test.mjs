// The shared pool of CSPRNG bytes (app/server/random-bytes.server.mjs): every byte is handed out once, as a copy.
import crypto from "node:crypto";
import { afterEach, expect, test, vi } from "vitest";
import { freshRandomBytes, freshRandomText } from "../../../app/server/random-bytes.server.mjs";

afterEach(() => vi.restoreAllMocks());

test("bytes come from the CSPRNG, 4 KB per call, and none is handed out twice across many refills", () => {
  const fills = vi.spyOn(crypto, "randomBytes");
  const taken = Array.from({ length: 3000 }, (_, index) => freshRandomBytes(index % 3 === 0 ? 12 : 16));
  expect(new Set(taken.map((bytes) => bytes.toString("hex"))).size).toBe(taken.length);
  // 3,000 takes of 12 or 16 bytes: about 44 KB, so about 11 fills, not 3,000 calls.
  expect(fills.mock.calls.length).toBeGreaterThanOrEqual(10);
  expect(fills.mock.calls.length).toBeLessThanOrEqual(13);
  for (const [size] of fills.mock.calls) expect(size).toBe(4096);
});

test("what is handed out is a copy in memory of its own: changing it changes nothing that comes later", () => {
  const first = freshRandomBytes(16);
  const kept = Buffer.from(first);
  first.fill(0);
  const later = Array.from({ length: 300 }, () => freshRandomBytes(16));
  for (const bytes of later) expect(bytes.equals(Buffer.alloc(16))).toBe(false);
  expect(kept.equals(Buffer.alloc(16))).toBe(false);
  // Each in memory of its own, as crypto.randomBytes gives: nothing else shares it.
  for (const bytes of [first, ...later]) expect(bytes.buffer.byteLength).toBe(16);
});

test("text is the bytes in base64 or base64url; a length the pool cannot give is refused", () => {
  expect(Buffer.from(freshRandomText(16, "base64url"), "base64url")).toHaveLength(16);
  expect(freshRandomText(16, "base64")).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  for (const length of [-1, 1.5, 4097, Number.NaN]) expect(() => freshRandomBytes(length)).toThrow(RangeError);
  expect(freshRandomBytes(0)).toHaveLength(0);
});

test("bytes handed out do not stay in the pool: the pool holds only bytes not yet given", () => {
  const fill = vi.spyOn(crypto, "randomBytes");
  // Start a fresh pool, then see what it holds after handing out its first bytes.
  while (fill.mock.calls.length === 0) freshRandomBytes(16);
  const pool = /** @type {Buffer} */ (fill.mock.results[0].value);
  const given = [freshRandomBytes(32), Buffer.from(freshRandomText(32, "base64url"), "base64url")];
  for (const bytes of given) expect(pool.includes(bytes)).toBe(false);
});
