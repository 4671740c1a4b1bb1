// Cleaning evidence files: nothing hidden survives (issue 14, docs/decisions/025). The type comes from the bytes;
// images are decoded and encoded again, PDFs become page images. Decoding happens in a worker thread
// (clean-worker.mjs) with a time limit, so a hostile file can neither block requests nor hang the server.
import path from "node:path";
import { Worker } from "node:worker_threads";
import {
  evidenceLimits,
  evidenceTypes,
  type CleanedImage,
  type CleanResult,
  type EvidenceRefusal,
  type EvidenceType,
} from "~/domain/evidence";
import { workerFile } from "~/server/worker-file.server";

export type CleanedPage = CleanedImage & { type: "image/jpeg" };

export type EvidenceCleanerOptions = {
  /** Worker threads decoding at once (default 1: the machine it runs on has few cores and serves requests). */
  workers?: number;
  /** Per file; past it the worker is stopped and the file refused with "timeout". */
  timeoutMs?: number;
  /** V8 heap of a worker; past it the worker dies and the file is refused with "unreadable". */
  maxHeapMb?: number;
  /**
   * Files waiting for a worker; more are refused at once with "timeout" (they would wait too long), which also
   * bounds the memory the queue holds (at most this many files of evidenceLimits.fileBytes).
   */
  maxQueued?: number;
  /**
   * A worker with nothing to clean for this long is ended, and the next file starts a new one (about 1 s). A
   * worker that has decoded photos holds sharp, pdf.js and their caches: 100+ MB the server need not keep.
   */
  idleMs?: number;
};

export type EvidenceCleaner = {
  clean(bytes: Uint8Array): Promise<CleanResult>;
  /** Stops the workers; files still waiting are refused with "unreadable". */
  close(): Promise<void>;
  /** Worker threads running now (started on the first file, ended after idleMs without one). */
  runningWorkers(): number;
};

const refused = (refusal: EvidenceRefusal): CleanResult => ({ ok: false, refusal });

/**
 * The file's type as its bytes say, or null when it is none of the accepted types. Never the name. file-type is
 * loaded on the first upload, not at start (memory: docs/performance.md).
 */
export async function sniffEvidenceType(bytes: Uint8Array): Promise<EvidenceType | null> {
  const { fileTypeFromBuffer } = await import("file-type");
  const sniffed = await fileTypeFromBuffer(bytes).catch(() => undefined);
  // An animated PNG is a PNG whose first frame is kept.
  const mime = sniffed?.mime === "image/apng" ? "image/png" : sniffed?.mime;
  return (evidenceTypes as readonly string[]).includes(mime ?? "") ? (mime as EvidenceType) : null;
}

type Job = { id: number; type: EvidenceType; bytes: Uint8Array; resolve: (result: CleanResult) => void };
type Slot = {
  worker: Worker | null;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
};
type WorkerMessage = { ready: true } | { id: number; result: CleanResult };

export function createEvidenceCleaner(options: EvidenceCleanerOptions = {}): EvidenceCleaner {
  const timeoutMs = options.timeoutMs ?? evidenceLimits.cleanMilliseconds;
  const maxHeapMb = options.maxHeapMb ?? 512;
  // Loading sharp and starting a thread takes a moment, more on a busy machine; a worker that never says it is
  // ready refuses the file with "timeout" like a slow one.
  const startupMs = Math.max(timeoutMs, 20_000);
  const slots: Slot[] = Array.from({ length: Math.max(1, options.workers ?? 1) }, () => ({
    worker: null,
    ready: false,
    job: null,
    timer: null,
    idleTimer: null,
  }));
  const idleMs = options.idleMs ?? 60_000;
  const maxQueued = options.maxQueued ?? 25;
  const queue: Job[] = [];
  const file = workerFile(import.meta.url, path.join("app", "evidence", "clean-worker.mjs"));
  let nextId = 1;
  let closed = false;

  function startWorker(slot: Slot): Worker {
    const worker = new Worker(file, {
      workerData: {
        limits: {
          inputPixels: evidenceLimits.inputPixels,
          imageEdge: evidenceLimits.imageEdge,
          pdfPages: evidenceLimits.pdfPages,
        },
      },
      // The worker is plain JavaScript: none of the parent's loaders or flags (vitest's, for one).
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
      stdout: false,
      stderr: false,
    });
    // An idle worker must not keep the process alive; a file being cleaned holds its timer, which does.
    worker.unref();
    worker.on("message", (message: WorkerMessage) => {
      if (slot.worker !== worker) return;
      if ("ready" in message) {
        slot.ready = true;
        if (slot.job) startTimer(slot, worker, timeoutMs);
      } else if (slot.job?.id === message.id) finish(slot, message.result);
    });
    const lost = () => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      slot.ready = false;
      // A crash (out of memory, a native fault) refuses the file it was cleaning; the next file gets a new worker.
      if (slot.job) finish(slot, refused("unreadable"));
    };
    worker.on("error", (error) => {
      // Before it is ready, a failure is the installation's (a missing native library), not a file's: tell the
      // operator. Later failures are hostile or broken files, refused above; they name nothing.
      if (slot.worker === worker && !slot.ready)
        console.warn(`Evidence cleaning: the worker failed to start: ${String(error)}`);
      lost();
    });
    worker.on("exit", lost);
    return worker;
  }

  function finish(slot: Slot, result: CleanResult) {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    job?.resolve(result);
    dispatch();
    if (!slot.job && slot.worker) endWhenIdle(slot, slot.worker);
  }

  function endWhenIdle(slot: Slot, worker: Worker) {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      if (slot.worker !== worker || slot.job) return;
      slot.worker = null;
      slot.ready = false;
      void worker.terminate();
    }, idleMs);
    // Waiting to end an idle worker must not keep the process alive.
    slot.idleTimer.unref();
  }

  function startTimer(slot: Slot, worker: Worker, ms: number) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      // Stop it mid-file: nothing else can interrupt native decoding. A fresh worker takes the next file.
      slot.worker = null;
      slot.ready = false;
      void worker.terminate();
      finish(slot, refused("timeout"));
    }, ms);
  }

  function dispatch() {
    for (const slot of slots) {
      if (slot.job || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.job = job;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      let worker: Worker;
      try {
        worker = slot.worker ??= startWorker(slot);
      } catch (error) {
        // The worker file is missing or the thread cannot start: say so to the operator, refuse the file.
        console.error(`Evidence cleaning: the worker could not start (${file}): ${String(error)}`);
        finish(slot, refused("unreadable"));
        continue;
      }
      startTimer(slot, worker, slot.ready ? timeoutMs : startupMs);
      // The copy made in clean() is handed over, not copied again.
      worker.postMessage({ id: job.id, type: job.type, bytes: job.bytes }, [job.bytes.buffer as ArrayBuffer]);
    }
  }

  async function clean(bytes: Uint8Array): Promise<CleanResult> {
    if (bytes.byteLength === 0) return refused("empty");
    if (bytes.byteLength > evidenceLimits.fileBytes) return refused("tooLarge");
    const type = await sniffEvidenceType(bytes);
    if (!type) return refused("unsupportedType");
    if (closed) return refused("unreadable");
    if (queue.length >= maxQueued) return refused("timeout");
    // A copy: the caller's buffer stays theirs.
    const copy = new Uint8Array(bytes);
    return new Promise((resolve) => {
      queue.push({ id: nextId++, type, bytes: copy, resolve });
      dispatch();
    });
  }

  async function close() {
    closed = true;
    for (const job of queue.splice(0)) job.resolve(refused("unreadable"));
    await Promise.all(
      slots.map(async (slot) => {
        const worker = slot.worker;
        slot.worker = null;
        slot.ready = false;
        if (slot.idleTimer) clearTimeout(slot.idleTimer);
        slot.idleTimer = null;
        if (slot.job) finish(slot, refused("unreadable"));
        if (worker) await worker.terminate();
      }),
    );
  }

  return { clean, close, runningWorkers: () => slots.filter((slot) => slot.worker).length };
}

let sharedCleaner: EvidenceCleaner | null = null;

/**
 * Cleans one file sent as evidence: decides its type from the bytes, removes everything but what it shows, or
 * says why it is refused. Never throws for bad input and never waits longer than the time limit (plus the queue).
 */
export function cleanEvidenceFile(bytes: Uint8Array): Promise<CleanResult> {
  sharedCleaner ??= createEvidenceCleaner();
  return sharedCleaner.clean(bytes);
}

/** Points per pixel: pages are rendered at 144 dpi, so a rebuilt page has the original's size unless it was scaled down. */
const pointsPerPixel = 72 / 144;

/**
 * A new PDF made only of the cleaned page images, for staff downloads: no title, author, producer, creator or
 * dates, no outline, names, forms or scripts. The same pages always give the same bytes.
 */
export async function pdfFromPages(pages: readonly CleanedPage[]): Promise<Uint8Array> {
  // Loaded on first use: pdf-lib is about 13 MB of resident memory that a server without case-file downloads never needs.
  const { PDFDocument } = await import("pdf-lib");
  // updateMetadata: false leaves the Info dictionary without pdf-lib's Producer, Creator and dates.
  const document = await PDFDocument.create({ updateMetadata: false });
  for (const page of pages) {
    const image = await document.embedJpg(page.bytes);
    const width = page.width * pointsPerPixel;
    const height = page.height * pointsPerPixel;
    document.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  return document.save({ useObjectStreams: false });
}
