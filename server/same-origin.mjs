// @ts-check
import { answerPlainText, pathOf } from "./steps.mjs";

/** @typedef {import("./steps.mjs").Step} Step */
/**
 * Cross-site form posts are refused before they reach the app. Pages are served with
 * `Referrer-Policy: no-referrer`, under which browsers send `Origin: null` even for our own forms, so the
 * Fetch Metadata header `Sec-Fetch-Site` is the reliable signal; a real `Origin` must name this host.
 * Session cookies are SameSite=Lax as a second line.
 * @param {{ origin?: string, "sec-fetch-site"?: string }} headers
 * @param {string | undefined} host
 */
export function isCrossSiteRequest(headers, host) {
  const site = headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") return true;
  const origin = headers.origin;
  if (origin && origin !== "null") {
    try {
      return new URL(origin).host !== host;
    } catch {
      return true;
    }
  }
  return false;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** @type {Step} */
export function refuseCrossSitePosts(req, res, next) {
  if (safeMethods.has(req.method ?? "GET")) return next();
  if (isCrossSiteRequest(req.headers, req.headers.host)) {
    answerPlainText(res, 403, "Forbidden: this form can only be sent from this website.");
    return;
  }
  // Remix compares Origin with Host itself and would reject the "null" that no-referrer produces.
  if (req.headers.origin === "null") delete req.headers.origin;
  next();
}

/**
 * Refuses request bodies larger than `maxBytes` before anything else reads them (forms hold at most a few
 * thousand characters; the partner API caps its own bodies at 64 KB), for every route and method.
 * A declared `Content-Length` over the limit is refused at once. Every other body, chunked ones included, is
 * counted as it arrives and held back until it is complete: over the limit, the request gets 413, what was held
 * is let go and the rest is dropped as it arrives until the connection closes; within it, the bytes are handed
 * on unchanged. So the app never sees, and nothing ever keeps, more than `maxBytes` of one request.
 *
 * Bodies that `streamedLimit` gives a limit for (uploads of evidence files: uploadStreamLimit below) are not held:
 * a declared length over that limit is refused, anything else goes on as it arrives, and the app's own reader
 * counts it and stops reading past the limit (app/server/multipart.server.ts).
 * @param {number} maxBytes
 * @param {{ streamedLimit?: (req: import("node:http").IncomingMessage) => number | null }} [options]
 * @returns {Step}
 */
export function limitRequestBodies(maxBytes, { streamedLimit } = {}) {
  return (req, res, next) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    const streamed = streamedLimit?.(req) ?? null;
    if (streamed !== null) return Number.isFinite(declared) && declared > streamed ? refuseTooLarge(req, res) : next();
    if (Number.isFinite(declared) && declared > maxBytes) return refuseTooLarge(req, res);
    const hasBody = req.headers["transfer-encoding"] !== undefined || declared > 0;
    if (!hasBody) return next();
    // Bytes the parser handed over before this ran (normally none: this runs as the headers arrive).
    let received = req.readableLength;
    if (received > maxBytes) return refuseTooLarge(req, res);
    if (req.complete) return next();

    // Node's HTTP parser gives each piece of the body to `req.push`: take them here instead, counting.
    /** @type {Buffer[]} */
    const held = [];
    const push = req.push;
    let refused = false;
    req.push = (chunk, encoding) => {
      // Refused: the rest is dropped as it arrives (never kept) until the connection closes.
      if (refused) return true;
      if (chunk === null) {
        // Complete and within the limit: give the bytes to the stream, in order, and go on.
        req.push = push;
        for (const piece of held) push.call(req, piece);
        push.call(req, null);
        setImmediate(next);
        return false;
      }
      received += chunk.length;
      if (received > maxBytes) {
        refused = true;
        held.length = 0;
        refuseTooLarge(req, res);
        return true;
      }
      held.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
      return true;
    };
  };
}

/**
 * 413, then the connection closes. Closing at once, while the client is still sending, resets the connection
 * and can destroy the answer before the client reads it; so, as nginx does, the socket first stops writing
 * and drops what still arrives for a second, then closes.
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
function refuseTooLarge(req, res) {
  const socket = req.socket;
  if (res.headersSent) return void socket.destroy();
  // Node calls destroySoon once a `Connection: close` answer is sent.
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), 1_000).unref();
  };
  answerPlainText(res, 413, "Request too large.", { Connection: "close" });
}

/** Where evidence files are posted: the report form, the follow-up reply and the partner API. */
const uploadPaths = /^\/(?:(?:ur|en)\/(?:report|follow-up\/case)|api\/v1\/tips)\/?$/;

/**
 * The streamed limit for a multipart POST to an upload address (else null): five files at the per-file limit and
 * one more, so the app can refuse too many or too large files with a message (app/server/multipart.server.ts
 * holds the same number as uploadBodyBytes; tests/unit/evidence-upload.test.ts checks they agree).
 * @param {import("node:http").IncomingMessage} req
 */
export function uploadStreamLimit(req) {
  if (req.method !== "POST" || !/^multipart\/form-data\b/i.test(req.headers["content-type"] ?? "")) return null;
  return uploadPaths.test(pathOf(req)) ? uploadBodyBytes : null;
}

export const uploadBodyBytes = 6 * 10 * 1024 * 1024 + 1024 * 1024;
