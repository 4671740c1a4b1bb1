// Cleaning evidence files on the real libraries (issue 14, docs/decisions/025): hidden data is gone, hostile files
// are refused quickly, and a file that takes too long is stopped without stopping the next one.
import zlib from "node:zlib";
import { PDFDocument, PDFName, PDFString, StandardFonts, rgb } from "pdf-lib";
import sharp from "sharp";
import { afterAll, expect, test } from "vitest";
import remixConfig from "../../remix.config.js";
import { evidenceLimits, type CleanResult, type CleanedEvidence } from "~/domain/evidence";
import { cleanEvidenceFile, createEvidenceCleaner, pdfFromPages, sniffEvidenceType } from "~/evidence/clean.server";

const canary = "CANARY-7f3a9c";
const cleaner = createEvidenceCleaner();
afterAll(() => cleaner.close());

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const contains = (bytes: Uint8Array, text: string) => latin1(bytes).includes(text);

function cleaned(result: CleanResult): CleanedEvidence {
  if (!result.ok) throw new Error(`refused: ${result.refusal}`);
  return result.file;
}

function cleanedImage(result: CleanResult) {
  const file = cleaned(result);
  if (file.kind !== "image") throw new Error("expected an image");
  return file;
}

/** sharp writes no JPEG comment, so the COM segment goes in by hand, right after the start marker. */
function withJpegComment(jpeg: Buffer, comment: string): Buffer {
  const text = Buffer.from(comment, "latin1");
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, text, jpeg.subarray(2)]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Text chunks go right after IHDR (8 bytes of signature, then the 25-byte IHDR chunk). */
function withPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
  return Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);
}

async function photoWithMetadata(width = 40, height = 20) {
  const jpeg = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 30 } } })
    .jpeg()
    .withIccProfile("p3")
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: {
        Artist: `Artist ${canary}`,
        Make: `Make ${canary}`,
        Model: `Model ${canary}`,
        ImageDescription: `Description ${canary}`,
      },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "31/1 33/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "74/1 20/1 0/1" },
    })
    .withXmp(
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="${canary}"/></rdf:RDF></x:xmpmeta>`,
    )
    .toBuffer();
  return withJpegComment(jpeg, `Comment ${canary}`);
}

async function expectNoMetadata(bytes: Uint8Array) {
  const metadata = await sharp(bytes).metadata();
  expect(metadata.exif).toBeUndefined();
  expect(metadata.xmp).toBeUndefined();
  expect(metadata.icc).toBeUndefined();
  expect(metadata.iptc).toBeUndefined();
  expect(metadata.comments ?? []).toEqual([]);
  expect(contains(bytes, canary)).toBe(false);
}

const plainJpeg = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .toBuffer();

/** A photo-like JPEG (noise does not compress), so cutting it leaves real image data either side. */
const noisyJpeg = (width: number, height: number) =>
  sharp({
    create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } },
  })
    .jpeg({ quality: 90 })
    .toBuffer();

async function pdfWithPages(count: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let number = 1; number <= count; number++) {
    const page = document.addPage([595, 842]);
    page.drawRectangle({ x: 50, y: 600, width: 300, height: 150, color: rgb(0, 0, 0) });
    page.drawText(`Offer letter, page ${number}`, { x: 50, y: 500, size: 24, font });
  }
  return document.save();
}

async function hostilePdf(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.setTitle(`Title ${canary}`);
  document.setAuthor(`Author ${canary}`);
  document.setProducer(`Producer ${canary}`);
  document.setCreator(`Creator ${canary}`);
  document.setSubject(`Subject ${canary}`);
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([595, 842]);
  page.drawRectangle({ x: 50, y: 600, width: 300, height: 150, color: rgb(0, 0, 0) });
  page.drawText("Visible text stays", { x: 50, y: 500, size: 24, font });
  const xmp = `<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="XMP ${canary}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const metadata = document.context.stream(xmp, { Type: "Metadata", Subtype: "XML" });
  document.catalog.set(PDFName.of("Metadata"), document.context.register(metadata));
  document.addJavaScript("main", `app.alert("Script ${canary}");`);
  await document.attach(Buffer.from(`Attachment ${canary}`), "secret.txt", {
    mimeType: "text/plain",
    description: `Attached ${canary}`,
  });
  // A form field too: forms must not survive either.
  document.getForm().createTextField("name").setText(`Field ${canary}`);
  document.catalog.set(PDFName.of("Lang"), PDFString.of("ur"));
  return document.save({ useObjectStreams: false });
}

test("a photo loses its EXIF, GPS, camera, artist, XMP, ICC profile and comment, and is turned upright", async () => {
  const photo = await photoWithMetadata(40, 20);
  // The fixture really carries what must go.
  const before = await sharp(photo).metadata();
  expect(before.exif).toBeDefined();
  expect(before.xmp).toBeDefined();
  expect(before.icc).toBeDefined();
  expect(before.orientation).toBe(6);
  expect(contains(photo, canary)).toBe(true);

  const image = cleanedImage(await cleaner.clean(photo));
  expect(image.type).toBe("image/jpeg");
  await expectNoMetadata(image.bytes);
  // Orientation 6 is a quarter turn: applied to the pixels, so width and height swap.
  expect([image.width, image.height]).toEqual([20, 40]);
  const after = await sharp(image.bytes).metadata();
  expect([after.width, after.height, after.format, after.orientation]).toEqual([20, 40, "jpeg", undefined]);
});

test("the shared cleaner (cleanEvidenceFile) cleans too", async () => {
  const image = cleanedImage(await cleanEvidenceFile(await photoWithMetadata()));
  await expectNoMetadata(image.bytes);
});

test("a large image comes out with its long edge at the limit, never enlarged", async () => {
  const large = cleanedImage(await cleaner.clean(await plainJpeg(3000, 1500)));
  expect([large.width, large.height]).toEqual([evidenceLimits.imageEdge, evidenceLimits.imageEdge / 2]);
  const small = cleanedImage(await cleaner.clean(await plainJpeg(64, 48)));
  expect([small.width, small.height]).toEqual([64, 48]);
});

test("a PNG loses its tEXt, zTXt and iTXt chunks", async () => {
  const png = await sharp({
    create: { width: 30, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } },
  })
    .png()
    .toBuffer();
  const tagged = withPngChunks(png, [
    pngChunk("tEXt", Buffer.from(`Author\0tEXt ${canary}`, "latin1")),
    pngChunk("iTXt", Buffer.from(`Comment\0\0\0\0\0iTXt ${canary}`, "latin1")),
    pngChunk("zTXt", Buffer.concat([Buffer.from("Source\0\0", "latin1"), zlib.deflateSync(`zTXt ${canary}`)])),
  ]);
  expect((await sharp(tagged).metadata()).comments?.length).toBe(3);

  const image = cleanedImage(await cleaner.clean(tagged));
  expect(image.type).toBe("image/png");
  expect([image.width, image.height]).toEqual([30, 10]);
  await expectNoMetadata(image.bytes);
  expect(contains(image.bytes, "tEXt") || contains(image.bytes, "iTXt") || contains(image.bytes, "zTXt")).toBe(false);
});

test("a WebP with EXIF and XMP comes out as WebP without them", async () => {
  const webp = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#336699" } })
    .webp()
    .withExif({ IFD0: { Artist: canary } })
    .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/">${canary}</x:xmpmeta>`)
    .toBuffer();
  expect(contains(webp, canary)).toBe(true);
  const image = cleanedImage(await cleaner.clean(webp));
  expect(image.type).toBe("image/webp");
  await expectNoMetadata(image.bytes);
});

test("a PDF with Info, XMP, JavaScript, an attached file and a form comes out as page images only", async () => {
  const pdf = await hostilePdf();
  for (const marker of [canary, "/JavaScript", "/EmbeddedFile", "/Names", "/AcroForm", "/Metadata"])
    expect(contains(pdf, marker)).toBe(true);

  const file = cleaned(await cleaner.clean(pdf));
  if (file.kind !== "pdf") throw new Error("expected a PDF");
  expect(file.pages).toHaveLength(1);
  const [page] = file.pages;
  expect(page!.type).toBe("image/jpeg");
  // A4 at 144 dpi.
  expect([page!.width, page!.height]).toEqual([1190, 1684]);
  await expectNoMetadata(page!.bytes);
  // The page was really drawn: the black box is there.
  const box = await sharp(page!.bytes).extract({ left: 120, top: 200, width: 100, height: 100 }).raw().toBuffer();
  expect(Math.max(...box)).toBeLessThan(40);

  const rebuilt = await pdfFromPages(file.pages);
  for (const marker of [
    canary,
    "/JavaScript",
    "/JS",
    "/EmbeddedFile",
    "/Names",
    "/AcroForm",
    "/Metadata",
    "/Title",
    "/Author",
    "/Producer",
    "/Creator",
    "/CreationDate",
    "pdf-lib",
  ]) {
    expect(contains(rebuilt, marker), marker).toBe(false);
  }
  const reread = await PDFDocument.load(rebuilt, { updateMetadata: false });
  expect(reread.getPageCount()).toBe(1);
  expect(reread.getPage(0).getSize()).toEqual({ width: 595, height: 842 });
  // The same pages give the same bytes: nothing about when or where it was built.
  expect(Buffer.from(await pdfFromPages(file.pages)).equals(Buffer.from(rebuilt))).toBe(true);
});

test("a PDF of ten pages is kept, one of eleven is refused", async () => {
  const ten = cleaned(await cleaner.clean(await pdfWithPages(10)));
  expect(ten.kind === "pdf" && ten.pages.length).toBe(10);
  expect(await cleaner.clean(await pdfWithPages(11))).toEqual({ ok: false, refusal: "tooManyPages" });
});

test("a JPEG with a ZIP or HTML after its end marker is re-encoded without them", async () => {
  const jpeg = await plainJpeg();
  const zip = Buffer.concat([
    Buffer.from("PK\x03\x04", "latin1"),
    Buffer.from(`zip ${canary}`),
    Buffer.from("PK\x05\x06", "latin1"),
    Buffer.alloc(18),
  ]);
  const html = Buffer.from(`<html><body><script>alert("${canary}")</script></body></html>`);
  for (const trailer of [zip, html]) {
    const polyglot = Buffer.concat([jpeg, trailer]);
    expect(await sniffEvidenceType(polyglot)).toBe("image/jpeg");
    const image = cleanedImage(await cleaner.clean(polyglot));
    expect(contains(image.bytes, canary)).toBe(false);
    expect(contains(image.bytes, "PK")).toBe(false);
    const end = image.bytes.subarray(-2);
    expect([end[0], end[1]]).toEqual([0xff, 0xd9]);
  }
});

test("an HTML page behind a JPEG magic number is refused", async () => {
  const fake = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.from(`<html><script>alert("${canary}")</script></html>`),
  ]);
  const result = await cleaner.clean(fake);
  expect(result.ok).toBe(false);
  expect(["unreadable", "unsupportedType"]).toContain(!result.ok && result.refusal);
});

function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  // A few rows of zeros: small on disk, the header claims the rest.
  const idat = zlib.deflateSync(Buffer.alloc(width * 3 + 1));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", idat),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Rewrites the frame size in a JPEG's SOF0 segment: a small file that claims a huge image. */
function jpegClaiming(jpeg: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(jpeg);
  const sof = copy.indexOf(Buffer.from([0xff, 0xc0]));
  copy.writeUInt16BE(height, sof + 5);
  copy.writeUInt16BE(width, sof + 7);
  return copy;
}

test("decompression bombs are refused before they are decoded", async () => {
  const bombs = [pngHeaderOnly(30_000, 30_000), jpegClaiming(await plainJpeg(), 30_000, 30_000)];
  for (const bomb of bombs) {
    expect(bomb.length).toBeLessThan(200_000);
    const started = performance.now();
    expect(await cleaner.clean(bomb)).toEqual({ ok: false, refusal: "tooManyPixels" });
    expect(performance.now() - started).toBeLessThan(2_000);
  }
});

/** One page drawing `count` distinct images of `side` × `side` pixels, each a tiny file (one flat colour). */
async function pdfOfImages(count: number, side: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  for (let index = 0; index < count; index++) {
    const flat = await sharp({
      create: { width: side, height: side, channels: 3, background: { r: index * 40, g: 90, b: 200 } },
    })
      .jpeg()
      .toBuffer();
    const image = await document.embedJpg(flat);
    page.drawImage(image, { x: 20 + index * 10, y: 20 + index * 10, width: 100, height: 100 });
  }
  return document.save();
}

test("a PDF page whose images add up past the pixel limit is refused before any is decoded", async () => {
  // Five 3,000 px squares: 45 million pixels on one page, under 1 MB on disk. Decoded together they once took
  // more memory than the worker's heap limit covers (pdfjs's own limit is per image).
  const many = await pdfOfImages(5, 3_000);
  expect(many.length).toBeLessThan(1_000_000);
  expect(await cleaner.clean(many)).toEqual({ ok: false, refusal: "tooManyPixels" });
  // One such image on a page is an ordinary scan, and is drawn.
  const one = await cleaner.clean(await pdfOfImages(1, 3_000));
  expect(one.ok && one.file.kind === "pdf" && one.file.pages.length).toBe(1);
});

test("truncated files are refused quickly", async () => {
  const jpeg = await noisyJpeg(400, 300);
  const pdf = await pdfWithPages(1);
  for (const cut of [jpeg.subarray(0, jpeg.length / 2), Buffer.from(pdf.subarray(0, pdf.length / 2))]) {
    const started = performance.now();
    expect(await cleaner.clean(cut)).toEqual({ ok: false, refusal: "unreadable" });
    expect(performance.now() - started).toBeLessThan(3_000);
  }
});

test("a PDF cut before its cross-reference table is refused, not pieced together from what is left", async () => {
  const pdf = Buffer.from(
    await PDFDocument.create().then(async (document) => {
      document.addPage([595, 842]).drawText("page one");
      return document.save({ useObjectStreams: false });
    }),
  );
  // Every object is whole; only the table, the trailer and the end marker are missing.
  const cut = pdf.subarray(0, pdf.lastIndexOf("xref"));
  expect(await cleaner.clean(cut)).toEqual({ ok: false, refusal: "unreadable" });
});

test("the type comes from the bytes: text, a ZIP, a GIF or an SVG is refused whatever it is called", async () => {
  const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#fff" } })
    .gif()
    .toBuffer();
  const files = [
    Buffer.from("just some text, saved as photo.jpg\n"),
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(40)]),
    gif,
  ];
  for (const file of files) expect(await cleaner.clean(file)).toEqual({ ok: false, refusal: "unsupportedType" });
});

test("an empty file and a file over the size limit are refused without decoding", async () => {
  expect(await cleaner.clean(new Uint8Array())).toEqual({ ok: false, refusal: "empty" });
  const tooLarge = new Uint8Array(evidenceLimits.fileBytes + 1);
  tooLarge.set(await plainJpeg());
  expect(await cleaner.clean(tooLarge)).toEqual({ ok: false, refusal: "tooLarge" });
});

/** One page of 100,000 lines across the page: small on disk, many seconds to draw. */
async function slowPdf(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const lines = Array.from({ length: 100_000 }, (_, i) => `${(i * 37) % 595} ${(i * 91) % 842} l`);
  const page = document.addPage([595, 842]);
  page.node.set(
    PDFName.of("Contents"),
    document.context.register(document.context.flateStream(`1 w 0 0 m ${lines.join(" ")} S`)),
  );
  return document.save();
}

test("a file that takes too long is stopped, and the next file still cleans", async () => {
  const slow = createEvidenceCleaner({ timeoutMs: 1_000 });
  try {
    // Warm: the worker is running and the time limit covers only the file.
    expect((await slow.clean(await plainJpeg())).ok).toBe(true);
    const started = performance.now();
    expect(await slow.clean(await slowPdf())).toEqual({ ok: false, refusal: "timeout" });
    expect(performance.now() - started).toBeLessThan(3_000);
    const next = cleanedImage(await slow.clean(await photoWithMetadata()));
    await expectNoMetadata(next.bytes);
  } finally {
    await slow.close();
  }
});

test("a worker that dies (out of memory) refuses that file, and the next file gets a fresh worker", async () => {
  // A heap far too small for pdfjs and a page of 100,000 operations: the worker thread is killed.
  const starved = createEvidenceCleaner({ maxHeapMb: 8 });
  try {
    expect(await starved.clean(await slowPdf())).toEqual({ ok: false, refusal: "unreadable" });
    const next = cleanedImage(await starved.clean(await photoWithMetadata()));
    await expectNoMetadata(next.bytes);
  } finally {
    await starved.close();
  }
});

test("a worker idle for idleMs is ended, and the next file starts a new one", async () => {
  const idle = createEvidenceCleaner({ idleMs: 300 });
  try {
    expect(idle.runningWorkers()).toBe(0);
    expect((await idle.clean(await plainJpeg())).ok).toBe(true);
    expect(idle.runningWorkers()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(idle.runningWorkers()).toBe(0);
    const next = cleanedImage(await idle.clean(await photoWithMetadata()));
    await expectNoMetadata(next.bytes);
    expect(idle.runningWorkers()).toBe(1);
  } finally {
    await idle.close();
  }
});

test("files sent together are cleaned one after another, each with its own answer", async () => {
  const [first, second, third] = await Promise.all([
    cleaner.clean(await plainJpeg(10, 10)),
    cleaner.clean(Buffer.from("not an image")),
    cleaner.clean(await plainJpeg(20, 10)),
  ]);
  expect(cleanedImage(first!).width).toBe(10);
  expect(second).toEqual({ ok: false, refusal: "unsupportedType" });
  expect(cleanedImage(third!).width).toBe(20);
});

test("when too many files wait already, another is refused at once instead of waiting", async () => {
  const busy = createEvidenceCleaner({ maxQueued: 1 });
  try {
    const jpeg = await plainJpeg();
    // The first goes to the worker, the second waits, the third finds the queue full.
    const results = await Promise.all([busy.clean(jpeg), busy.clean(jpeg), busy.clean(jpeg)]);
    expect(results.map((result) => result.ok || result.refusal)).toEqual([true, true, "timeout"]);
  } finally {
    await busy.close();
  }
});

test("the caller's bytes are left as they were", async () => {
  const photo = await photoWithMetadata();
  const copy = Buffer.from(photo);
  await cleaner.clean(photo);
  expect(photo.byteLength).toBe(copy.byteLength);
  expect(Buffer.from(photo).equals(copy)).toBe(true);
});

test("the server build leaves the native libraries and the worker outside the bundle", () => {
  // Bundled, sharp and the canvas would lose their native binaries; the worker is started from its own file.
  const bundled: unknown = (remixConfig as { serverDependenciesToBundle?: unknown }).serverDependenciesToBundle ?? [];
  expect(bundled).not.toBe("all");
  for (const pattern of bundled as Array<string | RegExp>) {
    for (const name of ["sharp", "pdfjs-dist", "@napi-rs/canvas", "pdf-lib", "file-type"]) {
      expect(typeof pattern === "string" ? pattern === name : pattern.test(name), name).toBe(false);
    }
  }
});
