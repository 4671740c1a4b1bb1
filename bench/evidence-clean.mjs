// Evidence cleaning throughput: a 2 MB phone photo (12 megapixels, EXIF with GPS) through the cleaner
// (app/evidence/clean.server.ts: a worker thread, time limit, queue), against the bare library cost in the same
// run (the same sharp decode, rotate, resize and encode on the main thread, no worker). Each side runs in its
// own process, so each peak RSS is its own. A 10-page PDF is timed too.
// Usage: node bench/evidence-clean.mjs [--files 30]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { machine, saveResult, table } from "./lib.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const files = Number(option("files", "30"));
const phase = option("phase", null);
const photoFile = path.join(root, "build/bench-evidence/photo.jpg");
const moduleFile = path.join(root, "build/bench-evidence/clean.mjs");

/** A photo-like JPEG of about 2 MB: 4032 x 3024 (a 12 MP phone camera), soft noise, EXIF with GPS. */
async function makePhoto(sharp) {
  let best = null;
  for (const quality of [60, 70, 75, 80, 85, 90]) {
    const photo = await sharp({
      create: {
        width: 4032,
        height: 3024,
        channels: 3,
        background: "#7a8c99",
        noise: { type: "gaussian", mean: 120, sigma: 18 },
      },
    })
      .blur(1.2)
      .jpeg({ quality })
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: "BenchPhone", Model: "Bench 1" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "31/1 33/1 0/1" },
      })
      .toBuffer();
    if (!best || Math.abs(photo.length - 2e6) < Math.abs(best.length - 2e6)) best = photo;
  }
  return best;
}

async function runPhase(which) {
  const photo = fs.readFileSync(photoFile);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  if (which === "cleaner") {
    const { createEvidenceCleaner } = await import(pathToFileURL(moduleFile).href);
    const cleaner = createEvidenceCleaner();
    // Warm: the worker started and the libraries loaded, as on a server that has cleaned a file before.
    const warm = await cleaner.clean(photo);
    if (!warm.ok) throw new Error(`the photo was refused: ${warm.refusal}`);
    const start = performance.now();
    // In submissions of five files, as the report form sends them.
    for (let done = 0; done < files; done += 5) {
      const results = await Promise.all(Array.from({ length: Math.min(5, files - done) }, () => cleaner.clean(photo)));
      if (results.some((result) => !result.ok)) throw new Error("a photo was refused");
    }
    const seconds = (performance.now() - start) / 1000;
    await cleaner.close();
    return {
      filesPerSecond: files / seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      rssBeforeMb: rssBefore / 2 ** 20,
      warmupMs: start - started,
    };
  }
  if (which === "pdf") {
    const { createEvidenceCleaner } = await import(pathToFileURL(moduleFile).href);
    const { PDFDocument, StandardFonts } = await import("pdf-lib");
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    for (let page = 1; page <= 10; page++) {
      const p = document.addPage([595, 842]);
      for (let line = 0; line < 40; line++)
        p.drawText(`Offer letter page ${page}, line ${line}: salary, visa, agent fee.`, {
          x: 40,
          y: 800 - line * 19,
          size: 11,
          font,
        });
    }
    const pdf = await document.save();
    const cleaner = createEvidenceCleaner();
    const warm = await cleaner.clean(pdf);
    if (!warm.ok) throw new Error(`the PDF was refused: ${warm.refusal}`);
    const runs = 3;
    const start = performance.now();
    for (let run = 0; run < runs; run++) await cleaner.clean(pdf);
    const seconds = (performance.now() - start) / 1000 / runs;
    await cleaner.close();
    return { secondsPerPdf: seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  }
  // The bare library: what any cleaning with sharp costs, with sharp limited to one thread like the worker.
  const sharp = (await import("sharp")).default;
  sharp.concurrency(1);
  sharp.cache(false);
  const clean = () =>
    sharp(photo, { limitInputPixels: 40_000_000, failOn: "truncated", sequentialRead: true })
      .rotate()
      .resize({ width: 2560, height: 2560, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 85 })
      .toBuffer();
  await clean();
  const start = performance.now();
  for (let done = 0; done < files; done++) await clean();
  const seconds = (performance.now() - start) / 1000;
  return {
    filesPerSecond: files / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb: rssBefore / 2 ** 20,
  };
}

if (phase) {
  process.stdout.write(JSON.stringify(await runPhase(phase)));
  process.exit(0);
}

// The cleaner as the server runs it: bundled like the Remix build (only the dependencies left outside), in build/.
const esbuild = await import("esbuild");
fs.mkdirSync(path.dirname(moduleFile), { recursive: true });
await esbuild.build({
  entryPoints: [path.join(root, "app/evidence/clean.server.ts")],
  outfile: moduleFile,
  bundle: true,
  platform: "node",
  format: "esm",
  external: ["sharp", "pdf-lib", "file-type", "pdfjs-dist", "@napi-rs/canvas"],
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "error",
});
const sharp = (await import("sharp")).default;
const photo = await makePhoto(sharp);
fs.writeFileSync(photoFile, photo);

const run = (which) =>
  JSON.parse(
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--phase", which, "--files", String(files)], {
      encoding: "utf8",
    }),
  );
const reference = run("reference");
const cleaner = run("cleaner");
const pdf = run("pdf");

const lines = [
  `Evidence cleaning, ${new Date().toISOString()}`,
  machine(),
  `Photo: ${(photo.length / 1e6).toFixed(2)} MB JPEG, 4032 x 3024, EXIF orientation 6 and GPS; ${files} files, out at 2560 px long edge, quality 85.`,
  "",
  table([
    ["", "files/s", "ms/file", "peak RSS (MB)"],
    [
      "cleaner (worker, queue, time limit)",
      cleaner.filesPerSecond.toFixed(2),
      (1000 / cleaner.filesPerSecond).toFixed(0),
      cleaner.peakRssMb.toFixed(0),
    ],
    [
      "bare sharp on the main thread",
      reference.filesPerSecond.toFixed(2),
      (1000 / reference.filesPerSecond).toFixed(0),
      reference.peakRssMb.toFixed(0),
    ],
  ]),
  "",
  `Cleaner overhead: ${((reference.filesPerSecond / cleaner.filesPerSecond - 1) * 100).toFixed(0)}% time per file; first file (worker start and library load) ${cleaner.warmupMs.toFixed(0)} ms.`,
  `10-page A4 PDF (40 lines of text a page): ${pdf.secondsPerPdf.toFixed(2)} s per PDF, peak RSS ${pdf.peakRssMb.toFixed(0)} MB.`,
];
const text = lines.join("\n");
console.log(text);
console.log(
  `saved: ${saveResult(`evidence-clean-${new Date().toISOString().replace(/[:.]/g, "-")}.txt`, text + "\n")}`,
);
