// @ts-check
// The worker thread that decodes evidence files (docs/decisions/025). Plain JavaScript, never bundled: the Remix
// build turns app code into one file, and a worker needs a real file to start from. app/evidence/clean.server.ts
// starts it, gives each file a time limit and replaces it when it is stopped or crashes.
//
// In: { id, type, bytes } (the type already sniffed from the bytes). Out: { id, result } with a CleanResult.
import { createRequire } from "node:module";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import sharp from "sharp";

/** @type {{ inputPixels: number; imageEdge: number; pdfPages: number }} */
const limits = workerData.limits;

// Nothing the libraries print reaches the server's log: pdfjs's messages can quote strings from the file (font
// names, broken objects), and a reporter's file must not leave a trace there. Failures come back as refusals.
for (const method of /** @type {const} */ (["log", "info", "warn", "error", "debug"])) console[method] = () => {};

// One file at a time on a small shared machine; nothing kept between files.
sharp.concurrency(1);
sharp.cache(false);

const require = createRequire(import.meta.url);
// pdfjs reads these through the file system on Node; the trailing slash is required.
const pdfjsRoot = path.dirname(require.resolve("pdfjs-dist/package.json"));
const pdfjsFolder = (/** @type {string} */ name) => path.join(pdfjsRoot, name) + path.sep;
// The canvas must be the copy pdfjs itself loads (its Path2D and ImageData polyfills come from it): a page drawn
// with another copy's context fails on the first glyph. pdfjs-dist may hold its own version under its folder.
const requireFromPdfjs = createRequire(path.join(pdfjsRoot, "legacy", "build", "pdf.mjs"));

/** Pixels a rendered page may have at 144 dpi before it is scaled down to the long-edge limit. */
const pageScale = 2;
const jpegQuality = 85;

class Refusal extends Error {
  /** @param {string} refusal */
  constructor(refusal) {
    super(refusal);
    this.refusal = refusal;
  }
}

/** @type {Record<string, string>} */
const sharpFormats = { "image/jpeg": "jpeg", "image/png": "png", "image/webp": "webp" };

/**
 * Decode and encode again: only the pixels go through. sharp writes no metadata unless asked (withMetadata,
 * keepExif, keepIccProfile), so EXIF, GPS, XMP, IPTC, ICC and comments are gone; the orientation is applied to
 * the pixels first.
 * @param {Uint8Array} bytes @param {string} type
 */
async function cleanImage(bytes, type) {
  const format = sharpFormats[type];
  // The header alone: its size is checked before anything is allocated for the pixels.
  const header = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw new Refusal("unreadable");
    });
  if (header.format !== format) throw new Refusal("unreadable");
  if (!header.width || !header.height) throw new Refusal("unreadable");
  if (header.width * header.height > limits.inputPixels) throw new Refusal("tooManyPixels");

  let pipeline = sharp(bytes, { limitInputPixels: limits.inputPixels, failOn: "truncated", sequentialRead: true })
    .rotate()
    .resize({ width: limits.imageEdge, height: limits.imageEdge, fit: "inside", withoutEnlargement: true });
  if (format === "jpeg") pipeline = pipeline.jpeg({ quality: jpegQuality });
  else if (format === "png") pipeline = pipeline.png();
  else pipeline = pipeline.webp({ quality: jpegQuality });
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true }).catch((/** @type {unknown} */ error) => {
    throw new Refusal(/pixel limit/i.test(String(error)) ? "tooManyPixels" : "unreadable");
  });
  return { kind: "image", type, bytes: new Uint8Array(data), width: info.width, height: info.height };
}

/**
 * The pixels of the images each page draws, read from the PDF's structure before anything is decoded. pdfjs keeps
 * every image of a page decoded until the page is done, outside the worker's heap limit, and its maxImageSize is a
 * limit per image: one page of many large, well-compressed images once took 2 GB (review of issue 14). A page whose
 * images add up to more than inputPixels is refused. Images drawn inline in the content stream are not counted;
 * pdfjs limits each of them, and inline images are small by the format's design.
 * @param {Uint8Array} bytes
 */
async function pagesDrawTooManyPixels(bytes) {
  const { PDFDocument, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef } = await import("pdf-lib");
  let document;
  try {
    document = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
    });
  } catch {
    throw new Refusal("unreadable");
  }
  const subtype = PDFName.of("Subtype");
  const image = PDFName.of("Image");
  const form = PDFName.of("Form");
  const number = (/** @type {unknown} */ value) => (value instanceof PDFNumber ? value.asNumber() : 0);
  for (const page of document.getPages().slice(0, limits.pdfPages)) {
    /** @type {Set<unknown>} */
    const seen = new Set();
    let pixels = 0;
    /** @param {unknown} resources @param {number} depth */
    const visit = (resources, depth) => {
      if (!(resources instanceof PDFDict) || depth > 8) return;
      const xObjects = resources.lookup(PDFName.of("XObject"));
      if (!(xObjects instanceof PDFDict)) return;
      for (const value of xObjects.values()) {
        if (value instanceof PDFRef) {
          if (seen.has(value.toString())) continue;
          seen.add(value.toString());
        }
        const stream = value instanceof PDFRef ? document.context.lookup(value) : value;
        if (!(stream instanceof PDFRawStream)) continue;
        const kind = stream.dict.get(subtype);
        if (kind === image)
          pixels += number(stream.dict.lookup(PDFName.of("Width"))) * number(stream.dict.lookup(PDFName.of("Height")));
        else if (kind === form) visit(stream.dict.lookup(PDFName.of("Resources")), depth + 1);
      }
    };
    visit(page.node.Resources(), 0);
    if (pixels > limits.inputPixels) return true;
  }
  return false;
}

/** @type {Promise<typeof import("pdfjs-dist/legacy/build/pdf.mjs")> | null} */
let pdfjsLoading = null;
/** @type {typeof import("@napi-rs/canvas") | null} */
let canvasModule = null;

/**
 * Render every page to pixels and keep only the pixels, as JPEG through sharp (so no metadata): the document's
 * Info, XMP, scripts, attachments, forms, annotations' hidden data and earlier revisions stay behind.
 * @param {Uint8Array} bytes
 */
async function cleanPdf(bytes) {
  // A PDF cut short is refused rather than pieced together: its end marker sits in the last kilobyte.
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString("latin1");
  if (!tail.includes("%%EOF")) throw new Refusal("unreadable");
  if (await pagesDrawTooManyPixels(bytes)) throw new Refusal("tooManyPixels");

  pdfjsLoading ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdfjs = await pdfjsLoading;
  canvasModule ??= /** @type {typeof import("@napi-rs/canvas")} */ (requireFromPdfjs("@napi-rs/canvas"));
  const { createCanvas } = canvasModule;
  const task = pdfjs.getDocument({
    data: bytes,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    // An embedded image larger than this is not drawn (a bomb inside a PDF).
    maxImageSize: limits.inputPixels,
    standardFontDataUrl: pdfjsFolder("standard_fonts"),
    cMapUrl: pdfjsFolder("cmaps"),
    cMapPacked: true,
    wasmUrl: pdfjsFolder("wasm"),
    iccUrl: pdfjsFolder("iccs"),
    disableAutoFetch: true,
    disableStream: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  /** @type {import("pdfjs-dist").PDFDocumentProxy} */
  let document;
  try {
    document = await task.promise;
  } catch {
    await task.destroy().catch(() => {});
    throw new Refusal("unreadable");
  }
  try {
    if (document.numPages < 1) throw new Refusal("unreadable");
    if (document.numPages > limits.pdfPages) throw new Refusal("tooManyPages");
    const pages = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const natural = page.getViewport({ scale: 1 });
      const longEdge = Math.max(natural.width, natural.height);
      if (!(longEdge > 0)) throw new Refusal("unreadable");
      // At most imageEdge on the long side, so a page never asks for more pixels than that square.
      const viewport = page.getViewport({ scale: Math.min(pageScale, limits.imageEdge / longEdge) });
      const width = Math.max(1, Math.floor(viewport.width));
      const height = Math.max(1, Math.floor(viewport.height));
      const canvas = createCanvas(width, height);
      const context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, width, height);
      // @ts-expect-error @napi-rs/canvas stands in for the DOM canvas pdfjs is typed against.
      await page.render({ canvas, canvasContext: context, viewport }).promise;
      const pixels = context.getImageData(0, 0, width, height).data;
      const jpeg = await sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), {
        raw: { width, height, channels: 4 },
      })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: jpegQuality })
        .toBuffer();
      page.cleanup();
      pages.push({ type: "image/jpeg", bytes: new Uint8Array(jpeg), width, height });
    }
    return { kind: "pdf", type: "application/pdf", pages };
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal("unreadable");
  } finally {
    await document.destroy().catch(() => {});
  }
}

/** @param {Uint8Array} bytes @param {string} type */
async function clean(bytes, type) {
  try {
    const file = type === "application/pdf" ? await cleanPdf(bytes) : await cleanImage(bytes, type);
    return { ok: true, file };
  } catch (error) {
    return { ok: false, refusal: error instanceof Refusal ? error.refusal : "unreadable" };
  }
}

parentPort?.on("message", (/** @type {{ id: number; type: string; bytes: Uint8Array }} */ job) => {
  clean(job.bytes, job.type).then((result) => parentPort?.postMessage({ id: job.id, result }));
});
// Loaded: the time limit of the first file starts now, not while the libraries load.
parentPort?.postMessage({ ready: true });
