import { describe, expect, it } from "vitest";
import { evidencePaddingStep, padEvidence, paddedLength, PaddingError, unpadEvidence } from "./evidence-padding";

describe("evidence padding", () => {
  it.each([
    [0, evidencePaddingStep],
    [1, evidencePaddingStep],
    [evidencePaddingStep - 12, evidencePaddingStep],
    [evidencePaddingStep - 11, 2 * evidencePaddingStep],
    [2_000_000, 31 * evidencePaddingStep],
  ])("an image of %i bytes takes %i", (length, padded) => {
    expect(paddedLength(length)).toBe(padded);
  });

  it("gives back the image, its width and its height", () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, index) => index % 251);
    const padded = padEvidence({ bytes, width: 1200, height: 1600 });
    expect(padded.byteLength).toBe(2 * evidencePaddingStep);
    const back = unpadEvidence(padded);
    expect(Buffer.from(back.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect([back.width, back.height]).toEqual([1200, 1600]);
  });

  it("two images of different sizes in one step look the same size", () => {
    expect(padEvidence({ bytes: new Uint8Array(10), width: 1, height: 1 }).byteLength).toBe(
      padEvidence({ bytes: new Uint8Array(60_000), width: 1, height: 1 }).byteLength,
    );
  });

  it.each([
    ["too short", new Uint8Array(4)],
    ["not a whole step", new Uint8Array(evidencePaddingStep + 1)],
    [
      "a length beyond the end",
      (() => {
        const padded = new Uint8Array(evidencePaddingStep);
        new DataView(padded.buffer).setUint32(0, evidencePaddingStep);
        return padded;
      })(),
    ],
  ])("refuses %s", (_, padded) => {
    expect(() => unpadEvidence(padded)).toThrow(PaddingError);
  });
});
