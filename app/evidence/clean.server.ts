// PLACEHOLDER for the evidence cleaning pipeline (branch evclean builds the real one, with a worker, a time limit
// and PDF rendering; it replaces this file at merge). Same exports and the same promises for what it does keep:
// the type comes from the bytes, images are decoded and re-encoded by sharp (orientation applied, long edge
// limited, no metadata written), and everything it cannot clean, PDFs included here, is refused.
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { PDFDocument } from "pdf-lib";
import { evidenceLimits, type CleanResult, type CleanedImage } from "~/domain/evidence";

export async function cleanEvidenceFile(bytes: Uint8Array): Promise<CleanResult> {
  if (bytes.byteLength === 0) return { ok: false, refusal: "empty" };
  if (bytes.byteLength > evidenceLimits.fileBytes) return { ok: false, refusal: "tooLarge" };
  const sniffed = await fileTypeFromBuffer(bytes).catch(() => undefined);
  const type = sniffed?.mime;
  if (type !== "image/jpeg" && type !== "image/png" && type !== "image/webp") return { ok: false, refusal: "unsupportedType" };
  try {
    const image = sharp(bytes, { limitInputPixels: evidenceLimits.inputPixels, failOn: "error" })
      .rotate()
      .resize({ width: evidenceLimits.imageEdge, height: evidenceLimits.imageEdge, fit: "inside", withoutEnlargement: true });
    // sharp writes no metadata unless asked (withMetadata / keepExif / keepIccProfile).
    const encoded = type === "image/jpeg" ? image.jpeg({ quality: 85 }) : type === "image/png" ? image.png() : image.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { ok: true, file: { kind: "image", type, bytes: new Uint8Array(data), width: info.width, height: info.height } };
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    return { ok: false, refusal: /pixel limit/i.test(message) ? "tooManyPixels" : "unreadable" };
  }
}

/** A PDF made again from cleaned page images, one image a page at its own size. */
export async function pdfFromPages(pages: ReadonlyArray<CleanedImage & { type: "image/jpeg" }>): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const page of pages) {
    const image = await pdf.embedJpg(page.bytes);
    pdf.addPage([page.width, page.height]).drawImage(image, { x: 0, y: 0, width: page.width, height: page.height });
  }
  return pdf.save({ useObjectStreams: true });
}
