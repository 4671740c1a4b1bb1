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
/**
 * While a body is read it must keep coming: at least minBytes in every windowMs (about 0.5 KB/s; a phone on 2G
 * sends several KB a second, and a window this long rides out a handover or TCP's retry back-off). A sender that
 * stalls or trickles below that would otherwise hold its read turn until Node's five-minute request timeout, and
 * four of them would hold every upload back. Its reading stops, its connection is closed, the turn passes on,
 * and nothing is stored, as for a body cut short.
 */
export const uploadProgress = { windowMs: 30_000, minBytes: 16 * 1024 };
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
  // Waiting for a turn reads nothing: the body stays with the connection until then. Node's parser never
  // passes on more than the declared length, so a small declared body needs no turn.
  const declaredBytes = Number(request.headers.get("Content-Length") ?? Number.NaN);
  if (!(Number.isInteger(declaredBytes) && declaredBytes >= 0 && declaredBytes <= smallBodyBytes))
    return readStreamedUploadForm(request, fileField, await takeReadTurn());
  // A small body (a report without files is about 1 KB) is read whole and, in the plain form browsers send,
  // split at once: through the streaming parser it cost about a sixth of the form POST's server time
  // (docs/decisions/043). Any other body goes through the streaming parser, as every body did before.
  let body: Uint8Array;
  try {
    body = new Uint8Array(await request.arrayBuffer());
  } catch {
    // Cut short: the sender went away, so there is no one to answer and nothing is stored.
    return { form: new FormData(), files: [], truncated: false, broken: true };
  }
  const parts = splitPlainMultipart(body, request.headers.get("Content-Type") ?? "");
  if (parts && parts.length <= maxParts) {
    const collector = new PartCollector(fileField);
    for (const part of parts) {
      const reader = collector.begin(part);
      reader.push(part.data);
      reader.end();
    }
    return { ...collector.result(), truncated: false, broken: parts.length === 0 };
  }
  return readStreamedUploadForm(
    new Request(request.url, { method: request.method, headers: request.headers, body: body as BodyInit }),
    fileField,
    () => {},
  );
}

/**
 * A body through Remix's streaming multipart parser, every byte counted as it arrives. `release` gives back the
 * read turn it was read in. Exported for the test that compares it with splitPlainMultipart.
 */
export async function readStreamedUploadForm(
  request: Request,
  fileField: string,
  release: () => void,
  progress = uploadProgress,
): Promise<UploadForm> {
  const collector = new PartCollector(fileField);
  let truncated = false;
  let broken = false;
  let stalled = false;
  const handler = async (part: { name: string; filename?: string; data: AsyncIterable<Uint8Array> }) => {
    const reader = collector.begin(part);
    for await (const chunk of part.data) reader.push(chunk);
    reader.end();
    return undefined;
  };

  // Every byte of the body is counted as it arrives, before the parser sees it: past uploadBodyBytes in all, or
  // past framingBytes outside the parts' contents (an endless part header), reading stops.
  let rawBytes = 0;
  let stopped = false;
  let bytesAtLastCheck = 0;
  let watchdog: ReturnType<typeof setInterval> | undefined;
  try {
    // In the try: a body that cannot be read (already read, say) is broken, and the turn is given back.
    const counted = request.body?.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        start(controller) {
          // Counted as the parser takes the bytes: it takes them as they come (it only splits and copies, in
          // memory), so a slow window is a slow sender, not a slow reader.
          watchdog = setInterval(() => {
            if (!stopped && rawBytes - bytesAtLastCheck < progress.minBytes) {
              stalled = true;
              controller.error(new StopReading());
            }
            bytesAtLastCheck = rawBytes;
          }, progress.windowMs);
          // The watchdog alone never keeps the process running.
          watchdog.unref?.();
        },
        flush() {
          // All of it has arrived: nothing more to wait for.
          clearInterval(watchdog);
        },
        transform(chunk, controller) {
          rawBytes += chunk.byteLength;
          if (rawBytes > uploadBodyBytes || rawBytes - collector.contentBytes > framingBytes + chunk.byteLength) {
            stopped = true;
            controller.error(new StopReading());
            return;
          }
          controller.enqueue(chunk);
        },
      }),
    );
    const countedRequest = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: counted ?? null,
      duplex: "half",
    } as RequestInit);
    await unstable_parseMultipartFormData(countedRequest, handler);
  } catch (error) {
    // Over a limit: the answers read so far are whole.
    if (stopped || (error instanceof StopReading && !stalled)) truncated = true;
    // A broken body (no boundary, cut short) or a stalled one (less may have arrived than was meant): what was
    // read so far is kept only to show the answers again.
    else broken = true;
  } finally {
    clearInterval(watchdog);
    release();
  }
  // No part at all (a boundary that is not the one in the body): no form sends that.
  if (collector.parts === 0) broken = true;
  return { ...collector.result(), truncated, broken };
}

/**
 * The answers and files of one body, part by part, within the limits: a text answer up to textPartBytes, a file
 * while it fits the per-file and per-submission limits (beyond them its bytes are only counted, not kept), at most
 * maxParts parts and uploadBodyBytes of contents in all (StopReading past these).
 */
class PartCollector {
  private readonly files: SubmittedFile[] = [];
  private readonly text = new FormData();
  private keptBytes = 0;
  parts = 0;
  /** The bytes of every part's contents so far. */
  contentBytes = 0;

  constructor(private readonly fileField: string) {}

  /** Starts a part: `push` takes its chunks in order as they arrive, `end` adds it. */
  begin(part: { name: string; filename?: string }) {
    this.parts += 1;
    if (this.parts > maxParts) throw new StopReading();
    // Only `fileField` parts are files; any other part is an answer, even one sent as a file (curl -F tip=@tip.json).
    const isFile = typeof part.filename === "string" && part.name === this.fileField;
    const chunks: Uint8Array[] = [];
    let size = 0;
    // A file is kept while it fits; past the limits its bytes are only counted.
    let keep = isFile ? this.files.length < evidenceLimits.filesPerSubmission : true;
    return {
      push: (chunk: Uint8Array) => {
        this.contentBytes += chunk.byteLength;
        if (this.contentBytes > uploadBodyBytes) throw new StopReading();
        size += chunk.byteLength;
        if (!keep) return;
        const limit = isFile
          ? Math.min(evidenceLimits.fileBytes, evidenceLimits.submissionBytes - this.keptBytes)
          : textPartBytes;
        if (size > limit) {
          keep = false;
          chunks.length = 0;
          return;
        }
        // A copy: the parser may reuse the memory behind a chunk it has handed over.
        chunks.push(chunk.slice());
      },
      end: () => {
        if (!isFile) {
          // An answer over the limit is read as empty: the form's own checks then ask for it again.
          if (keep) this.text.append(part.name, new TextDecoder("utf-8").decode(concat(chunks, size)));
          return;
        }
        // An empty file input sends a part with no name and no bytes: no file was chosen.
        if (size === 0 && part.filename === "") return;
        const bytes = keep ? concat(chunks, size) : null;
        if (bytes) this.keptBytes += size;
        this.files.push({ size, bytes });
      },
    };
  }

  result() {
    return { form: this.text, files: this.files };
  }
}

const crlf = [13, 10];

/**
 * The parts of a whole multipart body in the plain form browsers send, or null for anything else (which then
 * goes through the streaming parser, so that both always read a body the same way):
 * `Content-Type: multipart/form-data; boundary=B` read as Remix reads it; the body starts with `--B` and a line
 * break; each part has one `Content-Disposition: form-data; name="N"` header, maybe with `; filename="F"`, and
 * maybe one `Content-Type` header, in printable ASCII without `"`, `\`, `;`, `=` or `/` in N and F; its contents end at a
 * line break before the next `--B`, which occurs nowhere else; the last is followed by `--B--`.
 */
export function splitPlainMultipart(body: Uint8Array, contentType: string): WholePart[] | null {
  // As Remix's parseMultipartFormData takes the boundary.
  const [type, boundary] = contentType.split(/\s*;\s*boundary=/);
  if (type !== "multipart/form-data" || !boundary || !/^[\x21-\x7e]+$/.test(boundary)) return null;
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.indexOf(delimiter) !== 0) return null;
  const parts: WholePart[] = [];
  let at = delimiter.length;
  for (;;) {
    // The next delimiter, searched from here: the streaming parser stops at the first one, wherever it is.
    const next = bytes.indexOf(delimiter, at);
    // After a delimiter: `--` ends the body (what follows is ignored, as the streaming parser does), unless
    // another delimiter starts within those two bytes; a line break starts a part.
    if (next !== -1 && next < at + 2) return null;
    if (bytes[at] === 45 && bytes[at + 1] === 45) return parts;
    if (bytes[at] !== crlf[0] || bytes[at + 1] !== crlf[1]) return null;
    const headersEnd = bytes.indexOf("\r\n\r\n", at + 2, "latin1");
    if (headersEnd === -1) return null;
    const headers = plainPartHeaders(bytes.toString("latin1", at + 2, headersEnd));
    if (!headers) return null;
    const contentStart = headersEnd + 4;
    // The contents end with a line break just before the next delimiter; no delimiter comes earlier (in the
    // headers or the contents).
    if (next === -1 || next - 2 < contentStart || bytes[next - 2] !== crlf[0] || bytes[next - 1] !== crlf[1])
      return null;
    parts.push({ ...headers, data: body.subarray(contentStart, next - 2) });
    if (parts.length > maxParts) return null;
    at = next + delimiter.length;
  }
}

/** A part as it came: its name, its filename (a file input's part has one, maybe empty) and its bytes. */
export interface WholePart {
  name: string;
  filename?: string;
  data: Uint8Array;
}

/** A name or filename the streaming parser reads the same way: printable ASCII without its special characters. */
const plainValue = /^[\x20-\x7e]*$/;
const specialInValue = /["\\;=/]/;

function plainPartHeaders(block: string): { name: string; filename?: string } | null {
  let disposition: { name: string; filename?: string } | null = null;
  let sawType = false;
  for (const line of block.split("\r\n")) {
    if (!/^[\x20-\x7e]+$/.test(line)) return null;
    const colon = line.indexOf(":");
    if (colon === -1) return null;
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === "content-type" && !sawType) {
      sawType = true;
      continue;
    }
    if (header !== "content-disposition" || disposition) return null;
    const match = /^form-data\s*;\s*name="([^"]*)"(?:\s*;\s*filename="([^"]*)")?$/.exec(value);
    if (!match) return null;
    const [, name = "", filename] = match;
    if (name === "" || !plainValue.test(name) || specialInValue.test(name)) return null;
    if (filename !== undefined && (!plainValue.test(filename) || specialInValue.test(filename))) return null;
    disposition = filename === undefined ? { name } : { name, filename };
  }
  return disposition;
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
