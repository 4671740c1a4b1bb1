import { describe, expect, test } from "vitest";
import { formatReference, normalizeReceipt, receiptFromRandomBytes, receiptRandomBytes } from "./receipt";

const bytes = (fill: (i: number) => number) => Uint8Array.from({ length: receiptRandomBytes }, (_, i) => fill(i));

test("a receipt is five groups of four symbols from Crockford's base32", () => {
  const receipt = receiptFromRandomBytes(bytes((i) => i * 37 + 11));
  expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
});

test("different random bytes give different receipts, the same bytes the same receipt", () => {
  expect(receiptFromRandomBytes(bytes(() => 1))).not.toBe(receiptFromRandomBytes(bytes(() => 2)));
  expect(receiptFromRandomBytes(bytes(() => 7))).toBe(receiptFromRandomBytes(bytes(() => 7)));
});

test("too few random bytes are refused", () => {
  expect(() => receiptFromRandomBytes(new Uint8Array(8))).toThrow();
});

describe("normalizeReceipt", () => {
  const receipt = receiptFromRandomBytes(bytes((i) => (i * 53 + 5) % 256));

  test.each([
    ["as shown", receipt],
    ["lower case", receipt.toLowerCase()],
    ["without dashes", receipt.replace(/-/g, "")],
    ["with spaces", receipt.replace(/-/g, " ")],
    ["with surrounding space", `  ${receipt}\n`],
  ])("accepts the receipt %s", (_, typed) => {
    expect(normalizeReceipt(typed)).toEqual({ ok: true, receipt });
  });

  test("reads O as zero and I or L as one", () => {
    const withZeroAndOne = receiptFromRandomBytes(bytes(() => 0));
    expect(withZeroAndOne).toContain("0");
    expect(normalizeReceipt(withZeroAndOne.replace(/0/g, "O"))).toEqual({ ok: true, receipt: withZeroAndOne });
  });

  test.each([
    ["", "empty"],
    ["   ", "empty"],
    ["ABCD", "wrongLength"],
    [`${receipt}A`, "wrongLength"],
    ["UUUU-UUUU-UUUU-UUUU-UUUU", "wrongLength"],
    ["آگاہی", "wrongLength"],
  ])("refuses %j as %s", (typed, problem) => {
    expect(normalizeReceipt(typed)).toEqual({ ok: false, problem });
  });

  test("every single wrong symbol is caught as a typo", () => {
    const compact = receipt.replace(/-/g, "");
    for (let position = 0; position < compact.length; position++) {
      for (const symbol of "0123456789ABCDEFGHJKMNPQRSTVWXYZ") {
        if (symbol === compact[position]) continue;
        const typo = compact.slice(0, position) + symbol + compact.slice(position + 1);
        expect(normalizeReceipt(typo)).toEqual({ ok: false, problem: "typo" });
      }
    }
  });
});

test.each([
  [2026, 123, "AG-2026-000123"],
  [2027, 1, "AG-2027-000001"],
  [2026, 1234567, "AG-2026-1234567"],
])("reference for %i number %i is %s", (year, sequence, expected) => {
  expect(formatReference(year, sequence)).toBe(expected);
});
