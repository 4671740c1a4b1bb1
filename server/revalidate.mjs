// @ts-check
// Conditional requests for pages that the browser may keep for this reader only and must check every time:
// `Cache-Control: private, no-cache`. The report form is such a page: its bytes hold no tip data and are the
// same for every reader of a language (no nonce, not hydrated, no token), so a repeat visit can be a 304
// instead of the whole form again. Nothing is kept on the server: each answer is rendered, hashed for a strong
// ETag, compressed and sent, or answered with 304 when the browser already holds exactly those bytes.
//
// Mount it behind compression (like the page cache's capture), so it sees the bytes the page rendered. It
// compresses them itself, and compression must skip its answers (`encodedHere` in compression's filter), so
// that each ETag names the exact bytes sent.
import { promisify } from "node:util";
import zlib from "node:zlib";
import { cacheDirectives, chunkToBuffer, etagsOf, isCompressible } from "./http-bytes.mjs";
import { chooseEncoding, matchesIfNoneMatch } from "./page-cache.mjs";

const brotliCompress = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Answers this module encoded (or chose to send as they are) itself: compression must leave them alone. */
const answered = new WeakSet();

/**
 * For compression's `filter`: false for an answer this module has finished, whose ETag names its exact bytes.
 * @param {import("node:http").ServerResponse} res
 */
export function encodedHere(res) {
  return answered.has(res);
}

/**
 * Whether an answer is one the browser keeps for this reader alone and revalidates on every use: a 200 marked
 * both `private` and `no-cache`, never `no-store` or `public`, without cookies. Everything else passes through
 * untouched (no-store answers keep having no validator at all).
 * @param {{ statusCode: number, cacheControl: unknown, setCookie: unknown }} response
 */
export function isRevalidatable({ statusCode, cacheControl, setCookie }) {
  if (statusCode !== 200) return false;
  if (setCookie !== undefined) return false;
  const directives = cacheDirectives(cacheControl);
  return (
    directives.includes("private") &&
    directives.includes("no-cache") &&
    !directives.includes("no-store") &&
    !directives.includes("public")
  );
}

/**
 * @param {{ maxBodyBytes?: number }} [options]
 * @returns {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, next: () => void) => void}
 */
export function revalidatePrivatePages({ maxBodyBytes = 1024 * 1024 } = {}) {
  return function revalidateMiddleware(req, res, next) {
    if (req.method !== "GET") return next();
    const write = res.write;
    const end = res.end;
    /** The methods this middleware replaced (compression's), called past their overloads. */
    const writeOn = (/** @type {any[]} */ ...args) => /** @type {(...args: any[]) => boolean} */ (write).apply(res, args);
    const endOn = (/** @type {any[]} */ ...args) => /** @type {(...args: any[]) => unknown} */ (end).apply(res, args);
    /** @type {"undecided" | "buffering" | "passing"} */
    let mode = "undecided";
    /** @type {Buffer[]} */
    let chunks = [];
    let size = 0;

    const restore = () => {
      res.write = write;
      res.end = end;
    };
    const decide = () => {
      if (mode !== "undecided") return;
      const eligible =
        !res.headersSent &&
        !res.getHeader("Content-Encoding") &&
        isRevalidatable({
          statusCode: res.statusCode,
          cacheControl: res.getHeader("Cache-Control"),
          setCookie: res.getHeader("Set-Cookie"),
        });
      mode = eligible ? "buffering" : "passing";
      if (!eligible) restore();
    };
    /** Too big to hold: send what was held and the rest as it comes, without a validator. */
    const giveUp = () => {
      mode = "passing";
      restore();
      const held = Buffer.concat(chunks);
      chunks = [];
      if (held.length > 0) writeOn(held);
    };

    res.write = /** @type {typeof res.write} */ (
      function (/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ callback) {
        decide();
        if (mode === "passing") return res.write(chunk, encoding, callback);
        if (chunk != null && typeof chunk !== "function") {
          const buffer = chunkToBuffer(chunk, encoding);
          size += buffer.length;
          chunks.push(buffer);
        }
        const done = [encoding, callback].find((arg) => typeof arg === "function");
        if (size > maxBodyBytes) {
          giveUp();
        }
        if (done) process.nextTick(done);
        return true;
      }
    );
    res.end = /** @type {typeof res.end} */ (
      function (/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ callback) {
        decide();
        if (mode === "passing") return res.end(chunk, encoding, callback);
        if (chunk != null && typeof chunk !== "function") {
          const buffer = chunkToBuffer(chunk, encoding);
          size += buffer.length;
          chunks.push(buffer);
        }
        const done = [chunk, encoding, callback].find((arg) => typeof arg === "function");
        if (size > maxBodyBytes) {
          giveUp();
          endOn(done);
          return res;
        }
        const body = Buffer.concat(chunks);
        chunks = [];
        restore();
        finish(body).then(
          () => done?.(),
          (error) => {
            console.error(`revalidate: ${error instanceof Error ? error.message : String(error)}`);
            res.destroy();
          },
        );
        return res;
      }
    );

    /** @param {Buffer} body */
    async function finish(body) {
      answered.add(res);
      const tags = etagsOf(body);
      const compressible = isCompressible(res.getHeader("Content-Type"));
      const encoding = compressible ? chooseEncoding(req.headers["accept-encoding"]) : "identity";
      const varies = String(res.getHeader("Vary") ?? "");
      if (!/(^|,)\s*accept-encoding\s*(,|$)/i.test(varies)) {
        res.setHeader("Vary", varies ? `${varies}, Accept-Encoding` : "Accept-Encoding");
      }
      const allTags = new Set(compressible ? [tags.identity, tags.gzip, tags.br] : [tags.identity]);
      if (matchesIfNoneMatch(req.headers["if-none-match"], allTags)) {
        res.setHeader("ETag", tags[encoding]);
        res.removeHeader("Content-Type");
        res.removeHeader("Content-Length");
        res.statusCode = 304;
        endOn();
        return;
      }
      let sent = body;
      let used = "identity";
      if (encoding !== "identity" && body.length > 0) {
        const compressed =
          encoding === "br"
            ? await brotliCompress(body, {
                params: {
                  // Quick enough to do per request (a 31 KB form in about a millisecond), most of quality 11's gain.
                  [zlib.constants.BROTLI_PARAM_QUALITY]: 6,
                  [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
                },
              })
            : await gzip(body, { level: 6 });
        if (compressed.length < body.length) {
          sent = compressed;
          used = encoding;
        }
      }
      res.setHeader("ETag", tags[/** @type {"identity" | "gzip" | "br"} */ (used)]);
      if (used !== "identity") res.setHeader("Content-Encoding", used);
      res.setHeader("Content-Length", sent.length);
      endOn(sent);
    }

    next();
  };
}
