// Evidence files sent with a tip (photos, screenshots, PDFs): what is accepted, the limits, and the shape of a file
// once its hidden data is gone. Pure: the cleaning itself (decode, re-encode, render) is server code that returns
// these types. Refusal codes are i18n keys under "evidence.errors" in the report namespace.

export const evidenceTypes = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;
export type EvidenceType = (typeof evidenceTypes)[number];
export type EvidenceImageType = Exclude<EvidenceType, "application/pdf">;

/** For the file input's `accept`: a hint to the phone's picker only; the type is decided from the bytes. */
export const evidenceAccept = evidenceTypes.join(",");

export const evidenceLimits = {
  /** One file as sent. */
  fileBytes: 10 * 1024 * 1024,
  /** Files in one submission (the report, or one follow-up reply). */
  filesPerSubmission: 5,
  /** All files of one submission together, as sent. */
  submissionBytes: 25 * 1024 * 1024,
  /** Files a tip can hold over its life (report and replies together). */
  filesPerTip: 20,
  pdfPages: 10,
  /** Long edge of a cleaned image or page image. */
  imageEdge: 2_560,
  /** Decoding refuses larger images before allocating them (decompression bombs). */
  inputPixels: 40_000_000,
  /** Cleaning one file may take this long before it is stopped and refused. */
  cleanMilliseconds: 30_000,
} as const;

export const evidenceRefusals = [
  "empty",
  "tooLarge",
  "unsupportedType",
  "tooManyPages",
  "tooManyPixels",
  "unreadable",
  "timeout",
  "tooManyFiles",
  "submissionTooLarge",
  "tipFull",
  "imageInChildCategory",
] as const;
export type EvidenceRefusal = (typeof evidenceRefusals)[number];

export type CleanedImage = { type: EvidenceImageType; bytes: Uint8Array; width: number; height: number };

/**
 * A file after cleaning. Images are re-encoded in their own format; a PDF is kept only as its rendered page images
 * (JPEG), and a PDF is built again from those pages when staff download it, so nothing of the original survives.
 */
export type CleanedEvidence =
  | ({ kind: "image" } & CleanedImage)
  | { kind: "pdf"; type: "application/pdf"; pages: Array<CleanedImage & { type: "image/jpeg" }> };

export type CleanResult = { ok: true; file: CleanedEvidence } | { ok: false; refusal: EvidenceRefusal };

const extensions: Record<EvidenceType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "application/pdf": "pdf",
};

/** The download name staff get: the case reference and the file's position, never the reporter's file name. */
export function evidenceDownloadName(reference: string, position: number, type: EvidenceType): string {
  return `${reference}-${position}.${extensions[type]}`;
}

/**
 * Whether a submission's files fit the limits before any is decoded. `alreadyOnTip` counts files the tip holds.
 * Returns the first refusal, or null.
 */
export function checkEvidenceSubmission(sizes: readonly number[], alreadyOnTip = 0): EvidenceRefusal | null {
  if (sizes.length > evidenceLimits.filesPerSubmission) return "tooManyFiles";
  if (alreadyOnTip + sizes.length > evidenceLimits.filesPerTip) return "tipFull";
  if (sizes.reduce((sum, size) => sum + size, 0) > evidenceLimits.submissionBytes) return "submissionTooLarge";
  return null;
}
