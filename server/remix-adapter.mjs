// @ts-check
// Remix's request handler for plain Node.js requests: what @remix-run/express's adapter does, without Express's
// request getters (two of which ask the socket for its peer's address on every request), a second parse of the
// URL, or a web stream wrapped around a small body whose length is known (docs/decisions/044).
import { createReadableStreamFromReadable, createRequestHandler } from "@remix-run/node";
import { noStoreHeaders } from "../app/utils/no-store.mjs";
import { answerPlainText } from "./steps.mjs";

/**
 * @typedef {import("node:http").IncomingMessage} NodeRequest
 * @typedef {import("node:http").ServerResponse & { flush?: () => void }} NodeResponse
 */

/** A body that declares at most this many bytes is read whole before Remix sees the request. */
const wholeBodyBytes = 64 * 1024;

/**
 * @param {{ build: any; mode: string; getLoadContext: (req: NodeRequest, res: NodeResponse) => Record<string, unknown> }} options
 * @returns {import("./steps.mjs").Step}
 */
export function createRemixRequestHandler({ build, mode, getLoadContext }) {
  const handleRequest = createRequestHandler(build, mode);
  return (req, res, next) => {
    // Remix's signal aborts when the connection closes before the answer is sent, as with Express's adapter.
    // Listened for before the body is read: a client can go away while it arrives.
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    remixRequest(req, res, controller.signal)
      .then((request) => {
        if (!request) return undefined;
        return handleRequest(request, getLoadContext(req, res)).then((response) => sendResponse(res, response));
      })
      .catch((error) => {
        // The client went away while its body arrived or its answer was sent: no one is left to answer, and
        // nothing failed. (Not `req.destroyed`: Node sets that once a body has been read to its end.)
        if (controller.signal.aborted) return void res.destroy();
        next(error);
      });
  };
}

/** Methods the Fetch API refuses to carry (`new Request` throws for them). */
const unsupportedMethods = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * The Fetch request Remix reads, or null when it was answered here (a Host no browser sends, a method Fetch
 * cannot carry, a target that makes no URL). The URL is the Host the client named and the path it asked for, as
 * Express's adapter makes it when proxies are not trusted (`https:` on a TLS socket).
 * @param {NodeRequest} req
 * @param {NodeResponse} res
 * @param {AbortSignal} signal
 * @returns {Promise<Request | null>}
 */
async function remixRequest(req, res, signal) {
  // The Host was checked by the canonical-path step, which runs first: one holding `/`, `?` or `#` would change
  // the path Remix reads.
  const method = req.method ?? "GET";
  if (unsupportedMethods.has(method.toUpperCase())) {
    answerPlainText(res, 405, "Method Not Allowed", noStoreHeaders);
    return null;
  }
  const protocol = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
  const url = `${protocol}://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
  /** @type {RequestInit & { duplex?: "half" }} */
  const init = { method, headers: remixHeaders(req.headers), signal };
  if (method !== "GET" && method !== "HEAD") {
    init.body = /** @type {BodyInit} */ (await requestBody(req));
    init.duplex = "half";
  }
  try {
    return new Request(url, init);
  } catch (error) {
    // What is left to fail: a target that makes no URL with the Host (`*`, or a port past 65535).
    if (!(error instanceof TypeError)) throw error;
    answerPlainText(res, 400, "Bad Request: this address makes no URL.", noStoreHeaders);
    return null;
  }
}

/**
 * A body that declares a small length (every form without files) is read whole; any other is passed on as a
 * stream, read as it arrives by whoever reads it (the upload reader counts it and stops past its limit).
 * @param {NodeRequest} req
 * @returns {Promise<Buffer | ReadableStream>}
 */
async function requestBody(req) {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (!(Number.isInteger(declared) && declared <= wholeBodyBytes)) return createReadableStreamFromReadable(req);
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length === 1 ? /** @type {Buffer} */ (chunks[0]) : Buffer.concat(chunks);
}

/**
 * The request's headers as @remix-run/express's createRemixHeaders copies them.
 * @param {import("node:http").IncomingHttpHeaders} requestHeaders
 */
function remixHeaders(requestHeaders) {
  const headers = new Headers();
  for (const key in requestHeaders) {
    const values = requestHeaders[key];
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

/** Express's `res.set` adds `charset=utf-8` to these Content-Types when they name none; so does this. */
const utf8ByDefault = /^text\/|^application\/(javascript|json)/;

/**
 * Writes Remix's answer as @remix-run/express's sendRemixResponse does.
 * @param {NodeResponse} res
 * @param {Response} response
 */
async function sendResponse(res, response) {
  const setBefore = new Set(res.getHeaderNames());
  try {
    if (response.statusText) res.statusMessage = response.statusText;
    res.statusCode = response.status;
    for (const [key, value] of response.headers) {
      const withCharset =
        key === "content-type" && !/;\s*charset\s*=/.test(value) && utf8ByDefault.test(value.split(";")[0] ?? "");
      // Throws for a value Fetch lets through and Node refuses; what was set is taken back below.
      res.appendHeader(key, withCharset ? `${value}; charset=utf-8` : value);
    }
    if (!response.body) return void res.end();
    if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
      // Compression holds what it is given until told to flush: each piece goes out as it comes.
      res.flush?.();
    }
    res.end();
  } catch (error) {
    // Nothing sent yet: the error answer must not go out with this answer's status text, cookies or encoding.
    if (!res.headersSent) {
      for (const name of res.getHeaderNames()) if (!setBefore.has(name)) res.removeHeader(name);
      res.statusMessage = "";
    }
    throw error;
  }
}
