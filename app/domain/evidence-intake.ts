// Which files of a submission are refused before any is decoded: the category, the counts and the sizes. Pure;
// app/models/tip-intake.server.ts then cleans the rest (app/evidence/clean.server.ts).
import { checkEvidenceSubmission, evidenceLimits, type EvidenceRefusal } from "./evidence";
import type { TipCategory } from "./tip";

/** A file as it arrived: its size, and its bytes unless it was over the limit (then they were never kept). */
export interface SubmittedFile {
  size: number;
  bytes: Uint8Array | null;
}

/** A refusal, and the file it is about (1-based, in the order sent), or null for the submission as a whole. */
export interface EvidenceProblem {
  refusal: EvidenceRefusal;
  position: number | null;
}

/**
 * The first problem with a submission's files, or null. In the child exploitation category no file is taken at
 * all: an image there may itself be abuse material, so the reporter is asked to describe what they saw.
 */
export function checkSubmittedFiles(
  files: readonly SubmittedFile[],
  { category, alreadyOnTip = 0 }: { category?: TipCategory; alreadyOnTip?: number },
): EvidenceProblem | null {
  if (files.length === 0) return null;
  if (category === "child_exploitation") return { refusal: "imageInChildCategory", position: null };
  const whole = checkEvidenceSubmission(
    files.map((file) => file.size),
    alreadyOnTip,
  );
  if (whole) return { refusal: whole, position: null };
  for (const [index, file] of files.entries()) {
    if (file.size === 0) return { refusal: "empty", position: index + 1 };
    if (file.size > evidenceLimits.fileBytes || file.bytes === null)
      return { refusal: "tooLarge", position: index + 1 };
  }
  return null;
}

/** The numbers the evidence hint and messages name (i18n values for report:evidence.*). */
export const evidenceMessageNumbers = {
  maxFiles: evidenceLimits.filesPerSubmission,
  maxFileMb: evidenceLimits.fileBytes / (1024 * 1024),
  maxTotalMb: evidenceLimits.submissionBytes / (1024 * 1024),
  maxPages: evidenceLimits.pdfPages,
  maxTipFiles: evidenceLimits.filesPerTip,
};
