// How a cleaned image is laid out before it is encrypted: a small header, the image, then zeros up to the next
// multiple of 64 KiB, so the stored size tells only roughly how large the file is (docs/decisions/026). The
// header holds the image's own length and its width and height (needed to rebuild a PDF page at its size),
// which are thereby encrypted too.

export const evidencePaddingStep = 64 * 1024;
const headerBytes = 12;

export interface PaddedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** The padded length for an image of `length` bytes (always at least one step). */
export function paddedLength(length: number): number {
  return Math.max(1, Math.ceil((length + headerBytes) / evidencePaddingStep)) * evidencePaddingStep;
}

export function padEvidence(image: PaddedImage): Uint8Array {
  const padded = new Uint8Array(paddedLength(image.bytes.byteLength));
  const view = new DataView(padded.buffer);
  view.setUint32(0, image.bytes.byteLength);
  view.setUint32(4, image.width);
  view.setUint32(8, image.height);
  padded.set(image.bytes, headerBytes);
  return padded;
}

export class PaddingError extends Error {}

export function unpadEvidence(padded: Uint8Array): PaddedImage {
  if (padded.byteLength < headerBytes || padded.byteLength % evidencePaddingStep !== 0)
    throw new PaddingError("not a padded evidence image");
  const view = new DataView(padded.buffer, padded.byteOffset, padded.byteLength);
  const length = view.getUint32(0);
  if (length > padded.byteLength - headerBytes) throw new PaddingError("length beyond the padded image");
  return {
    bytes: padded.subarray(headerBytes, headerBytes + length),
    width: view.getUint32(4),
    height: view.getUint32(8),
  };
}
