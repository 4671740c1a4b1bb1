// Evidence files on a tip: stored once cleaned, one encrypted and padded image per row (a photo is one row, a PDF
// its page images), read back only by staff who may read the tip (docs/decisions/026-evidence-storage.md).
import crypto from "node:crypto";
import { padEvidence, unpadEvidence } from "~/domain/evidence-padding";
import {
  evidenceTypes,
  type CleanedEvidence,
  type CleanedImage,
  type EvidenceImageType,
  type EvidenceType,
} from "~/domain/evidence";
import { aad } from "~/server/aad.server";
import { decryptBytes, encryptBytes } from "~/server/crypto.server";
import { getDb, type Database } from "~/server/db.server";

/** A row of EvidencePage as written (prisma/schema.prisma). */
export interface NewEvidenceRow {
  id: string;
  tipId: string;
  position: number;
  page: number;
  fileType: EvidenceType;
  pageCount: number;
  imageType: EvidenceImageType;
  paddedBytes: number;
  cipher: Buffer<ArrayBuffer>;
  createdAt: Date;
}

/** The rows for a tip's cleaned files, numbered from `firstPosition`, each image padded and encrypted. */
export function evidenceRows(
  tipId: string,
  files: readonly CleanedEvidence[],
  firstPosition: number,
  createdAt: Date,
): NewEvidenceRow[] {
  return files.flatMap((file, index) => {
    const position = firstPosition + index;
    const images: CleanedImage[] = file.kind === "image" ? [file] : file.pages;
    return images.map((image, pageIndex) => {
      const padded = padEvidence(image);
      return {
        id: crypto.randomUUID(),
        tipId,
        position,
        page: pageIndex + 1,
        fileType: file.type,
        pageCount: images.length,
        imageType: image.type,
        paddedBytes: padded.byteLength,
        cipher: encryptBytes(padded, aad.evidencePage(tipId, position, pageIndex + 1)),
        createdAt,
      };
    });
  });
}

/** Adds files to an existing tip (a reporter's reply), on a transaction the caller holds, after its last file. */
export async function addEvidence(
  tx: Database,
  tipId: string,
  files: readonly CleanedEvidence[],
  createdAt: Date,
): Promise<void> {
  if (files.length === 0) return;
  const last = await tx.evidencePage.aggregate({ where: { tipId }, _max: { position: true } });
  await tx.evidencePage.createMany({ data: evidenceRows(tipId, files, (last._max.position ?? 0) + 1, createdAt) });
}

/** How many files a tip holds. */
export async function countEvidence(db: Database, tipId: string): Promise<number> {
  return db.evidencePage.count({ where: { tipId, page: 1 } });
}

export interface EvidenceSummary {
  position: number;
  type: EvidenceType;
  pageCount: number;
  /** The stored (padded) size: what staff see as the file's size. */
  sizeBytes: number;
}

/** A tip's files for the case page, without their content. */
export async function listEvidence(db: Database, tipId: string): Promise<EvidenceSummary[]> {
  const rows = await db.evidencePage.findMany({
    where: { tipId },
    select: { position: true, fileType: true, pageCount: true, paddedBytes: true },
    orderBy: [{ position: "asc" }, { page: "asc" }],
  });
  const files = new Map<number, EvidenceSummary>();
  for (const row of rows) {
    const file = files.get(row.position) ?? {
      position: row.position,
      type: row.fileType as EvidenceType,
      pageCount: row.pageCount,
      sizeBytes: 0,
    };
    file.sizeBytes += row.paddedBytes;
    files.set(row.position, file);
  }
  return [...files.values()];
}

export type StoredEvidence =
  | { kind: "image"; type: EvidenceImageType; bytes: Uint8Array; width: number; height: number }
  | { kind: "pdf"; type: "application/pdf"; pages: Array<CleanedImage & { type: "image/jpeg" }> };

/**
 * One file of a tip, decrypted: an image, or a PDF's page images (`page` limits it to that one page). Null when
 * the tip has no such file or page.
 */
const imageTypes = new Set<string>(evidenceTypes.filter((type) => type !== "application/pdf"));

export async function readEvidence(
  tipId: string,
  position: number,
  page?: number,
  db?: Database,
): Promise<StoredEvidence | null> {
  db ??= await getDb();
  const rows = await db.evidencePage.findMany({
    where: { tipId, position, ...(page === undefined ? {} : { page }) },
    select: { page: true, fileType: true, imageType: true, cipher: true },
    orderBy: { page: "asc" },
  });
  if (rows.length === 0) return null;
  const images = rows.map((row) => {
    const image = unpadEvidence(decryptBytes(row.cipher, aad.evidencePage(tipId, position, row.page)));
    // A copy of its own: a view into the padded buffer would hand libraries (pdf-lib) the padding's offset.
    // The type column is not under the encryption's seal: served as Content-Type, it must be one of ours.
    if (!imageTypes.has(row.imageType)) throw new Error(`evidence ${tipId}/${position}: unexpected stored image type`);
    return {
      type: row.imageType as EvidenceImageType,
      width: image.width,
      height: image.height,
      bytes: new Uint8Array(image.bytes),
    };
  });
  if (rows[0]!.fileType !== "application/pdf") return { kind: "image", ...images[0]! };
  return { kind: "pdf", type: "application/pdf", pages: images as Array<CleanedImage & { type: "image/jpeg" }> };
}
