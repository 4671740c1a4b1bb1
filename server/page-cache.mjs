// @ts-check
// Public pages are the same for every reader of a language, so they are rendered once and then served from
// memory: precompressed (brotli and gzip), with a strong ETag, answering If-None-Match with 304. Rendering a
// page costs milliseconds; serving it from here costs microseconds (see docs/performance.md).
//
// Only what is safe to share is kept: a 200 answer to a GET without a query string, marked `public` by its
// route (publicPageHeaders), without cookies, varying on nothing but Accept-Encoding, and without a CSP nonce
// in its bytes. Report, follow-up, API and staff addresses are never looked at.
import { promisify } from "node:util";
import zlib from "node:zlib";
import etag from "etag";
import fresh from "fresh";
import { LRUCache } from "lru-cache";
import { chooseEncoding } from "../app/server/accept-encoding.server.mjs";
import { privatePathSegments } from "../app/utils/private-paths.mjs";
import { canonicalPath, isRefusedTarget } from "./canonical-path.mjs";
import { cacheDirectives, chunkToBuffer, isCompressible } from "./http-bytes.mjs";

const brotliCompress = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const privateSegments = new Set(privatePathSegments);

/**
 * Whether a path may ever be served from the cache. Pages under a private segment never are, whatever
 * headers a route sets.
 * @param {string} pathname
 */
export function isCacheablePath(pathname) {
  if (!pathname.startsWith("/") || pathname.startsWith("//")) return false;
  // One spelling per page (ADR 042): any other is redirected before it renders, and is never kept.
  if (isRefusedTarget(pathname) || canonicalPath(pathname) !== null) return false;
  return !pathname.split("/").some((segment) => privateSegments.has(safeDecode(segment).toLowerCase()));
}

/** @param {string} segment */
function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Whether a finished response may be kept and shared.
 * @param {{ statusCode: number, cacheControl: unknown, setCookie: unknown, vary: unknown, body: Buffer }} response
 */
export function isShareableResponse({ statusCode, cacheControl, setCookie, vary, body }) {
  if (statusCode !== 200) return false;
  if (setCookie !== undefined) return false;
  const directives = cacheDirectives(cacheControl);
  if (!directives.includes("public")) return false;
  if (directives.some((directive) => ["no-store", "private", "no-cache"].includes(directive))) return false;
  const varies = String(vary ?? "")
    .toLowerCase()
    .split(",")
    .map((field) => field.trim())
    .filter((field) => field && field !== "accept-encoding");
  if (varies.length > 0) return false;
  // A nonce in the bytes belongs to one response's CSP: such a page (a hydrated one) cannot be shared.
  if (body.includes("nonce=")) return false;
  return true;
}

/** Headers that belong to one response or are recomputed when serving a copy. */
const perResponseHeaders = new Set([
  "content-encoding",
  "content-length",
  "transfer-encoding",
  "etag",
  "vary",
  "date",
  "connection",
  "keep-alive",
  "set-cookie",
  "last-modified",
]);

/**
 * @typedef {object} Variant
 * @property {Buffer} body
 * @property {string} etag
 *
 * @typedef {object} Entry
 * @property {[string, string | number | string[]][]} headers
 * @property {Record<"br" | "gzip" | "identity", Variant>} variants
 * @property {Record<"br" | "gzip" | "identity", { ok: HeaderList, notModified: HeaderList }>} answers
 * @property {Set<string>} tags
 * @property {number} bytes
 *
 * @typedef {(string | number | string[])[]} HeaderList name, value, name, value... as `writeHead` takes them
 */
/**
 * @typedef {{ promise: Promise<void>, resolve: () => void }} Flight A first render that other readers wait for
 */
/**
 * @typedef {object} Marked A response whose page may be kept
 * @property {string} key
 * @property {Set<string>} upstreamHeaders
 * @property {boolean} storing
 * @property {number} generation
 * @property {Flight} flight
 */

/**
 * The headers of each answer a kept page can give, the security headers included, built once when it is
 * stored: serving a copy is then one `writeHead` with nothing built per answer (docs/performance.md).
 * @param {[string, string | number | string[]][]} headers
 * @param {Record<"br" | "gzip" | "identity", Variant>} variants
 * @param {HeaderList} securityHeaders
 */
function answersFor(headers, variants, securityHeaders) {
  const build = (/** @type {"br" | "gzip" | "identity"} */ encoding) => {
    const variant = variants[encoding];
    const common = [...headers.flat(), ...securityHeaders, "Vary", "Accept-Encoding", "ETag", variant.etag];
    const encoded = variant !== variants.identity;
    return {
      ok: [...common, ...(encoded ? ["Content-Encoding", encoding] : []), "Content-Length", variant.body.length],
      // A 304 describes the page without sending it: no type, encoding or length.
      notModified: [
        ...headers.filter(([name]) => name !== "content-type").flat(),
        ...securityHeaders,
        "Vary",
        "Accept-Encoding",
        "ETag",
        variant.etag,
      ],
    };
  };
  return { identity: build("identity"), gzip: build("gzip"), br: build("br") };
}

/**
 * Whether an If-None-Match header names this page (any of its encodings, weak or strong, or `*`), as `fresh`
 * (Express's) judges it. Only If-None-Match is passed: this server is the origin, so a reload's `no-cache`
 * still gets its 304.
 * @param {string | undefined} ifNoneMatch
 * @param {Set<string>} tags
 */
export function matchesIfNoneMatch(ifNoneMatch, tags) {
  if (!ifNoneMatch) return false;
  const request = { "if-none-match": ifNoneMatch.trim() };
  for (const tag of tags) if (fresh(request, { etag: tag })) return true;
  return false;
}

/**
 * `securityHeaders` (a name, value... list) go out with every kept answer: the CSP and the other security
 * headers, which the rest of the chain sets for each response it renders and which are never kept with a
 * page. A kept page holds no nonce (pages with one are not kept), so its CSP needs none either.
 *
 * `sameOnEveryHost`: pages do not depend on the Host they were asked for (PUBLIC_ORIGIN is set, so share links
 * name it), so one copy serves every Host. Otherwise each Host has its own copies, and a made-up Host costs a
 * render and a compression per page (docs/decisions/042). `maxStoring`: pages compressed for keeping at once
 * (brotli's highest quality takes about 16 ms for a 15 KB page, several renders' worth; its brotli and gzip copies
 * take two of libuv's four threads). Up to `maxWaitingStores` more wait their turn, their readers with them; a
 * page rendered when that queue is full is sent but not kept. So no flood of new addresses can keep more than two
 * threads compressing, and the others stay free for file reads and password hashing.
 * @param {{ maxEntries?: number, maxBytes?: number, maxPageBytes?: number, securityHeaders?: HeaderList, sameOnEveryHost?: boolean, maxStoring?: number, maxWaitingStores?: number }} [options]
 */
export function createPageCache({
  maxEntries = 400,
  maxBytes = 64 * 1024 * 1024,
  maxPageBytes = 1024 * 1024,
  securityHeaders = [],
  sameOnEveryHost = false,
  maxStoring = 1,
  maxWaitingStores = 16,
} = {}) {
  /** @type {LRUCache<string, Entry>} Bounded in pages and in bytes (all encodings of a page counted). */
  const entries = new LRUCache({ max: maxEntries, maxSize: maxBytes, sizeCalculation: (entry) => entry.bytes });
  /** @type {Map<string, Promise<void>>} Pages being compressed, so a burst of misses compresses once. */
  const pending = new Map();
  /** Bumped by clear(): a page rendered before a clear is not kept after it (it may show what was changed). */
  let generation = 0;
  /** @type {WeakMap<import("node:http").ServerResponse, Marked>} */
  const toCapture = new WeakMap();
  /** Pages being compressed for keeping, and the ones waiting their turn. */
  let compressing = 0;
  /** @type {Array<() => void>} */
  const waitingStores = [];
  /**
   * Pages being rendered for the first time. Other requests for the same page wait for that one rather than
   * render it too: after a restart under load, a hundred readers of /ur cost one render, not a hundred.
   * @type {Map<string, Flight>}
   */
  const inflight = new Map();

  /** @param {string} key */
  function startFlight(key) {
    /** @type {() => void} */
    let resolve = () => {};
    const promise = new Promise((done) => (resolve = () => done(undefined)));
    const flight = { promise, resolve };
    inflight.set(key, flight);
    // Never hold readers for long, whatever happens to the first request.
    setTimeout(() => settleFlight(key, flight), 10_000).unref();
    return flight;
  }

  /**
   * Lets the readers of this flight go on. Only this flight: a later one for the same page keeps its readers.
   * @param {string} key
   * @param {Flight | undefined} flight
   */
  function settleFlight(key, flight) {
    if (!flight) return;
    flight.resolve();
    if (inflight.get(key) === flight) inflight.delete(key);
  }

  /**
   * Runs `work` when fewer than maxStoring pages are being compressed, or after those waiting before it; null
   * when maxWaitingStores are waiting already (the page is then not kept).
   * @param {() => Promise<void>} work
   * @returns {Promise<void> | null}
   */
  function inTurnToStore(work) {
    if (compressing >= maxStoring && waitingStores.length >= maxWaitingStores) return null;
    return new Promise((resolve, reject) => {
      const run = () => {
        compressing += 1;
        work()
          .then(resolve, reject)
          .finally(() => {
            compressing -= 1;
            waitingStores.shift()?.();
          });
      };
      if (compressing < maxStoring) run();
      else waitingStores.push(run);
    });
  }

  /**
   * @param {import("node:http").IncomingMessage} req
   * @param {string} url
   */
  function keyOf(req, url) {
    if (sameOnEveryHost) return url;
    // Share links use the request's origin, so the same path on another Host is another page.
    const protocol = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
    return `${protocol}://${String(req.headers.host ?? "")
      .toLowerCase()
      .slice(0, 255)}${url}`;
  }

  /**
   * @param {Entry} entry
   * @param {import("node:http").IncomingMessage} req
   * @param {import("node:http").ServerResponse} res
   */
  function serve(entry, req, res) {
    const encoding = chooseEncoding(req.headers["accept-encoding"]);
    const answer = entry.answers[encoding];
    if (matchesIfNoneMatch(req.headers["if-none-match"], entry.tags)) {
      res.writeHead(304, answer.notModified);
      res.end();
      return;
    }
    res.writeHead(200, answer.ok);
    if (req.method === "HEAD") res.end();
    else res.end(entry.variants[encoding].body);
  }

  /**
   * @param {string} key
   * @param {Buffer} body
   * @param {[string, string | number | string[]][]} headers
   * @param {number} renderedIn the generation the page was rendered in
   */
  async function store(key, body, headers, renderedIn) {
    // Strong ETags (the `etag` package: length and hash of the bytes), one per coding since each is other bytes.
    const identity = { body, etag: etag(body) };
    const contentType = headers.find(([name]) => name === "content-type")?.[1];
    /** @type {Entry} */
    let entry;
    if (isCompressible(contentType)) {
      const [br, gz] = await Promise.all([
        brotliCompress(body, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
        gzip(body, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      // A tiny file can grow when compressed: then it is sent as it is.
      const gzipped = gz.length < body.length ? { body: gz, etag: etag(gz) } : identity;
      const brotli = br.length < body.length ? { body: br, etag: etag(br) } : identity;
      const variants = { identity, gzip: gzipped, br: brotli };
      entry = {
        headers,
        variants,
        answers: answersFor(headers, variants, securityHeaders),
        tags: new Set([identity.etag, gzipped.etag, brotli.etag]),
        bytes: body.length + gz.length + br.length + key.length,
      };
    } else {
      // Images and fonts are compressed already: one copy, sent as it is.
      const variants = { identity, gzip: identity, br: identity };
      entry = {
        headers,
        variants,
        answers: answersFor(headers, variants, securityHeaders),
        tags: new Set([identity.etag]),
        bytes: body.length + key.length,
      };
    }
    if (renderedIn !== generation) return;
    entries.set(key, entry);
  }

  /**
   * Records what the rest of the chain writes (before compression, which sits in front of the capturing
   * middleware), then keeps it if it may be shared.
   * @param {string} key
   * @param {import("node:http").ServerResponse} res
   * @param {Set<string>} upstreamHeaders headers set by earlier middleware for this response alone (CSP)
   * @param {Marked} marked
   */
  function capture(key, res, upstreamHeaders, marked) {
    /** @type {Buffer[]} */
    let chunks = [];
    let size = 0;
    const record = (/** @type {unknown} */ chunk, /** @type {unknown} */ encoding) => {
      if (chunk == null || typeof chunk === "function" || size > maxPageBytes) return;
      const buffer = chunkToBuffer(chunk, encoding);
      size += buffer.length;
      chunks.push(buffer);
    };
    const write = res.write;
    const end = res.end;
    res.write = /** @type {typeof res.write} */ (
      function (/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ callback) {
        record(chunk, encoding);
        return write.call(this, chunk, encoding, callback);
      }
    );
    res.end = /** @type {typeof res.end} */ (
      function (/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ callback) {
        record(chunk, encoding);
        const body = Buffer.concat(chunks);
        chunks = [];
        const shareable =
          size <= maxPageBytes &&
          isShareableResponse({
            statusCode: res.statusCode,
            cacheControl: res.getHeader("Cache-Control"),
            setCookie: res.getHeader("Set-Cookie"),
            vary: varyFromDownstream(res),
            body,
          });
        /** @type {Promise<void> | null} */
        let turn = null;
        if (shareable && !pending.has(key) && marked.generation === generation) {
          const headers = /** @type {[string, string | number | string[]][]} */ (
            Object.entries(res.getHeaders()).filter(
              ([name, value]) => value !== undefined && !perResponseHeaders.has(name) && !upstreamHeaders.has(name),
            )
          );
          turn = inTurnToStore(() => store(key, body, headers, marked.generation));
        }
        if (turn) {
          marked.storing = true;
          const stored = turn
            .catch((error) => console.error(`page cache: ${error instanceof Error ? error.message : String(error)}`))
            .finally(() => {
              pending.delete(key);
              settleFlight(key, marked.flight);
            });
          pending.set(key, stored);
        } else {
          settleFlight(key, marked.flight);
        }
        return end.call(this, chunk, encoding, callback);
      }
    );
  }

  /**
   * Serves a kept page, or marks the request so `capture` keeps what the rest of the chain renders. Plain
   * Node.js, so server/index.mjs can run it before everything else. Mount it in front of compression: a kept page is
   * compressed already. `sentKept`, when given, hears of every kept page sent (the request log counts them).
   * @param {import("node:http").IncomingMessage} req
   * @param {import("node:http").ServerResponse} res
   * @param {() => void} next
   * @param {(req: import("node:http").IncomingMessage, status: number) => void} [sentKept]
   */
  function serveMiddleware(req, res, next, sentKept) {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const url = req.url ?? "";
    // A page asked for with credentials may be personal: neither serve it a shared copy nor share it.
    if (url.includes("?") || req.headers.cookie || req.headers.authorization) return next();
    const key = keyOf(req, url);
    const entry = entries.get(key);
    if (entry) {
      // Only pages whose path passed isCacheablePath were ever kept.
      serve(entry, req, res);
      sentKept?.(req, res.statusCode);
      return;
    }
    if (!isCacheablePath(url)) return next();
    const flight = inflight.get(key);
    if (flight) {
      flight.promise.then(() => {
        const kept = entries.get(key);
        if (!kept) return next();
        serve(kept, req, res);
        sentKept?.(req, res.statusCode);
      });
      return;
    }
    if (req.method === "GET") {
      /** @type {Marked} */
      const marked = {
        key,
        upstreamHeaders: new Set(Object.keys(res.getHeaders())),
        storing: false,
        generation,
        flight: startFlight(key),
      };
      toCapture.set(res, marked);
      // Refused, failed or abandoned before it was recorded: let the waiting readers go on.
      res.once("close", () => {
        if (!marked.storing) settleFlight(key, marked.flight);
      });
    }
    next();
  }

  /**
   * Records the uncompressed bytes of a marked response. Mount it behind compression, so what it sees is what
   * the page rendered, while the reader still gets a compressed answer.
   * @param {import("node:http").IncomingMessage} _req
   * @param {import("node:http").ServerResponse} res
   * @param {() => void} next
   */
  function captureMiddleware(_req, res, next) {
    const marked = toCapture.get(res);
    // What is set by now (the CSP and security headers) belongs to this response alone, never to the copy.
    if (marked)
      capture(marked.key, res, new Set([...marked.upstreamHeaders, ...Object.keys(res.getHeaders())]), marked);
    next();
  }

  return {
    serve: serveMiddleware,
    capture: captureMiddleware,
    /** How many pages are held (for tests and the benchmark). */
    get size() {
      return entries.size;
    },
    get bytes() {
      return entries.calculatedSize;
    },
    /** Resolves when every page being compressed is stored. */
    async idle() {
      await Promise.all(pending.values());
    },
    /** Forgets every kept page, and any page still being rendered or compressed. */
    clear() {
      generation += 1;
      entries.clear();
    },
  };
}

/**
 * The Vary a route asked for. Compression (in front of the cache) adds Accept-Encoding itself, which the
 * cache honours anyway.
 * @param {import("node:http").ServerResponse} res
 */
function varyFromDownstream(res) {
  const vary = res.getHeader("Vary");
  return Array.isArray(vary) ? vary.join(",") : vary;
}
