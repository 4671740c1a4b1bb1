import { expect, test } from "vitest";
import {
  checkEvidenceSubmission,
  evidenceAccept,
  evidenceDownloadName,
  evidenceLimits,
  evidenceRefusals,
  evidenceTypes,
  type EvidenceType,
} from "./evidence";

const MB = 1024 * 1024;

test("the accepted types are exactly JPEG, PNG, WebP and PDF, and the picker hint lists them all", () => {
  expect([...evidenceTypes]).toEqual(["image/jpeg", "image/png", "image/webp", "application/pdf"]);
  expect(evidenceAccept).toBe("image/jpeg,image/png,image/webp,application/pdf");
});

test("the limits are the ones issue 14 sets", () => {
  expect(evidenceLimits).toEqual({
    fileBytes: 10 * MB,
    filesPerSubmission: 5,
    submissionBytes: 25 * MB,
    filesPerTip: 20,
    pdfPages: 10,
    imageEdge: 2_560,
    inputPixels: 40_000_000,
    cleanMilliseconds: 30_000,
  });
});

test("the limits agree with each other", () => {
  // One file at the limit fits a submission; a whole submission fits a tip.
  expect(evidenceLimits.fileBytes).toBeLessThanOrEqual(evidenceLimits.submissionBytes);
  expect(evidenceLimits.filesPerSubmission).toBeLessThanOrEqual(evidenceLimits.filesPerTip);
  // A cleaned image (long edge at the limit, square at worst) is never above the decoding limit.
  expect(evidenceLimits.imageEdge ** 2).toBeLessThan(evidenceLimits.inputPixels);
});

test("every refusal code is distinct and named like an i18n key", () => {
  expect(new Set(evidenceRefusals).size).toBe(evidenceRefusals.length);
  for (const refusal of evidenceRefusals) expect(refusal).toMatch(/^[a-z][A-Za-z]+$/);
});

test.each<[string, number, EvidenceType, string]>([
  ["AG-2026-000123", 1, "image/jpeg", "AG-2026-000123-1.jpg"],
  ["AG-2026-000123", 2, "image/png", "AG-2026-000123-2.png"],
  ["AG-2026-000123", 3, "image/webp", "AG-2026-000123-3.webp"],
  ["AG-2026-000123", 20, "application/pdf", "AG-2026-000123-20.pdf"],
])("the download name for %s file %i of type %s is %s", (reference, position, type, name) => {
  expect(evidenceDownloadName(reference, position, type)).toBe(name);
});

test("every accepted type has a download extension", () => {
  for (const type of evidenceTypes)
    expect(evidenceDownloadName("AG-2026-000001", 1, type)).toMatch(/^AG-2026-000001-1\.(jpg|png|webp|pdf)$/);
});

test.each<[string, number[], number, ReturnType<typeof checkEvidenceSubmission>]>([
  ["no files", [], 0, null],
  ["one small file", [1_000], 0, null],
  ["five files at 5 MB each (25 MB exactly)", [5 * MB, 5 * MB, 5 * MB, 5 * MB, 5 * MB], 0, null],
  ["six files", [1, 1, 1, 1, 1, 1], 0, "tooManyFiles"],
  ["six files on a full tip: too many files is said first", [1, 1, 1, 1, 1, 1], 20, "tooManyFiles"],
  ["three files of 10 MB (30 MB)", [10 * MB, 10 * MB, 10 * MB], 0, "submissionTooLarge"],
  ["25 MB and one byte", [10 * MB, 10 * MB, 5 * MB + 1], 0, "submissionTooLarge"],
  ["one file when the tip holds 19", [1], 19, null],
  ["two files when the tip holds 19", [1, 1], 19, "tipFull"],
  ["one file when the tip is full", [1], 20, "tipFull"],
  ["no files when the tip is full", [], 20, null],
  ["too large and the tip full: the tip being full is said first", [20 * MB, 20 * MB], 20, "tipFull"],
])("a submission of %s gives %s", (_name, sizes, alreadyOnTip, expected) => {
  expect(checkEvidenceSubmission(sizes, alreadyOnTip)).toBe(expected);
});
