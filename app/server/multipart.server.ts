// Reading a form that may carry evidence files (the report form, a follow-up reply, the partner API) without ever
// holding more than the limits allow: every part is read as it arrives and counted; a file's bytes are kept only
// while they fit the per-file and per-submission limits (beyond them they are counted and dropped), so a file that
// is too large still lets the other answers arrive and the person gets the form back with a clear error instead of
// a 413 page. The server lets these bodies through unheld up to uploadBodyBytes (server/same-origin.mjs).
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { evidenceLimits } from "~/domain/evidence";
import type { SubmittedFile } from "~/domain/evidence-intake";

/** One text answer (the longest the form takes is 5,000 characters; the API's JSON part at most 64 KB). */
export const textPartBytes = 64 * 1024;
/** The parts one body may have: the form's answers, 5 files and room for a few more to refuse with a message. */
export const maxParts = 64;
/**
 * A whole upload body at most, counted as it arrives (text, files and the multipart framing): room for five files
 * at the per-file limit and then some, so that too many or too large files are refused with a message, never with
 * a broken connection. Past it the rest is not read.
 */
export const uploadBodyBytes = (evidenceLimits.filesPerSubmission + 1) * evidenceLimits.fileBytes + 1024 * 1024;

export interface UploadForm {
  /** The text answers (as request.formData() gives them). */
  form: FormData;
  /** The files of the field named `fileField`, in the order sent; a file input left empty is not one. */
  files: SubmittedFile[];
  /** The body was over uploadBodyBytes or had more than maxParts parts: not all of it was read. */
  truncated: boolean;
  /**
   * The body is not well-formed multipart (no boundary, cut short, a part without headers): what it holds may be
   * less than was sent, so it is refused rather than taken for a tip with fewer answers or files.
   */
  broken: boolean;
}

export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data\b/i.test(request.headers.get("Content-Type") ?? "");
}

class StopReading extends Error {}

/**
 * What a body may hold besides its parts' contents: boundaries and part headers. The parser keeps a part's headers
 * in memory until their end, so without this a single endless header would be held whole, uncounted.
 */
export const framingBytes = 256 * 1024;

/** Bodies read at once; the others wait unread (the connection holds them back), so memory stays bounded. */
export const concurrentUploadReads = 4;
/**
 * A body that says it is at most this long (a report or reply without files: a few KB) is read without a turn.
 * It holds no more memory than the server's other forms may (256 KB), and it must not wait behind uploads: four
 * senders trickling large files would otherwise hold every turn and stop every report for minutes.
 */
export const smallBodyBytes = 64 * 1024;
let readsUnderWay = 0;
const waitingReads: Array<() => void> = [];

async function takeReadTurn(): Promise<() => void> {
  if (readsUnderWay >= concurrentUploadReads) await new Promise<void>((resolve) => waitingReads.push(resolve));
  else readsUnderWay += 1;
  return () => {
    const next = waitingReads.shift();
    // The turn passes straight on, so readsUnderWay stays as it is.
    if (next) next();
    else readsUnderWay -= 1;
  };
}

/**
 * The text answers and evidence files of a posted form. A body that is not multipart is read as before (a form
 * without files); a broken one reads as an empty form (see readFormData in forms.ts), never a server error.
 */
export async function readUploadForm(request: Request, fileField = "evidence"): Promise<UploadForm> {
  if (!isMultipart(request)) {
    try {
      return { form: await request.formData(), files: [], truncated: false, broken: false };
    } catch {
      // As readFormData (forms.ts): a body that is not a form reads as an empty form.
      return { form: new FormData(), files: [], truncated: false, broken: false };
    }
  }
  const files: SubmittedFile[] = [];
  let bodyBytes = 0;
  let keptBytes = 0;
  let parts = 0;
  let truncated = false;
  let broken = false;
  const text = new FormData();
  const decoder = () => new TextDecoder("utf-8");

  const handler = async (part: { name: string; filename?: string; data: AsyncIterable<Uint8Array> }) => {
    parts += 1;
    if (parts > maxParts) throw new StopReading();
    // Only `fileField` parts are files; any other part is an answer, even one sent as a file (curl -F tip=@tip.json).
    const isFile = typeof part.filename === "string" && part.name === fileField;
    const chunks: Uint8Array[] = [];
    let size = 0;
    // A file is kept while it fits; past the limits its bytes are only counted.
    let keep = isFile ? files.length < evidenceLimits.filesPerSubmission : true;
    for await (const chunk of part.data) {
      bodyBytes += chunk.byteLength;
      if (bodyBytes > uploadBodyBytes) throw new StopReading();
      size += chunk.byteLength;
      if (!keep) continue;
      const limit = isFile
        ? Math.min(evidenceLimits.fileBytes, evidenceLimits.submissionBytes - keptBytes)
        : textPartBytes;
      if (size > limit) {
        keep = false;
        chunks.length = 0;
        continue;
      }
      // A copy: the parser may reuse the memory behind a chunk it has handed over.
      chunks.push(chunk.slice());
    }
    if (!isFile) {
      // An answer over the limit is read as empty: the form's own checks then ask for it again.
      if (keep) text.append(part.name, decoder().decode(concat(chunks, size)));
      return undefined;
    }
    // An empty file input sends a part with no name and no bytes: no file was chosen.
    if (size === 0 && part.filename === "") return undefined;
    const bytes = keep ? concat(chunks, size) : null;
    if (bytes) keptBytes += size;
    files.push({ size, bytes });
    return undefined;
  };

  // Waiting for a turn reads nothing: the body stays with the connection until then. Node's parser never
  // passes on more than the declared length, so a small declared body needs no turn.
  const declaredBytes = Number(request.headers.get("Content-Length") ?? Number.NaN);
  const release =
    Number.isInteger(declaredBytes) && declaredBytes >= 0 && declaredBytes <= smallBodyBytes
      ? () => {}
      : await takeReadTurn();
  // Every byte of the body is counted as it arrives, before the parser sees it: past uploadBodyBytes in all, or
  // past framingBytes outside the parts' contents (an endless part header), reading stops.
  let rawBytes = 0;
  let stopped = false;
  const counted = request.body?.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        rawBytes += chunk.byteLength;
        if (rawBytes > uploadBodyBytes || rawBytes - bodyBytes > framingBytes + chunk.byteLength) {
          stopped = true;
          controller.error(new StopReading());
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  try {
    const countedRequest = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: counted ?? null,
      duplex: "half",
    } as RequestInit);
    await unstable_parseMultipartFormData(countedRequest, handler);
  } catch (error) {
    if (error instanceof StopReading || stopped) truncated = true;
    // A broken body (no boundary, cut short): what was read so far is kept only to show the answers again.
    else broken = true;
  } finally {
    release();
  }
  // No part at all (a boundary that is not the one in the body): no form sends that.
  if (parts === 0) broken = true;
  return { form: text, files, truncated, broken };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}
