import zlib from "node:zlib";
import { chooseEncoding } from "./accept-encoding.server.mjs";

/**
 * Compresses a page rendered for one request, at once, when it is the reader's alone (`no-store` or `private`:
 * the receipt, report and follow-up pages, every staff page). The `compression` middleware did it through a zlib
 * stream per answer, which cost a sixth of each sent report (docs/decisions/041); done in one synchronous call it
 * takes 20–40 µs for a 6 KB page. Public pages are left to the middleware: the page cache records them
 * uncompressed behind it and compresses each kept page once (server/page-cache.mjs).
 * Returns the bytes to send, having set Content-Encoding and Vary, or null to send the text as it is.
 */
export function compressRenderedPage(request: Request, headers: Headers, html: string): Uint8Array<ArrayBuffer> | null {
  if (!/\b(no-store|private)\b/i.test(headers.get("Cache-Control") ?? "")) return null;
  if (headers.has("Content-Encoding") || html.length < minimumLength) return null;
  const encoding = chooseEncoding(request.headers.get("Accept-Encoding"));
  if (encoding === "identity") return null;
  const bytes = Buffer.from(html, "utf8");
  const compressed =
    encoding === "br"
      ? zlib.brotliCompressSync(bytes, {
          params: {
            // The `compression` middleware's quality; a window no larger than a page needs.
            [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
            [zlib.constants.BROTLI_PARAM_LGWIN]: 18,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        })
      : zlib.gzipSync(bytes);
  headers.set("Content-Encoding", encoding);
  headers.append("Vary", "Accept-Encoding");
  headers.delete("Content-Length");
  // zlib's result is backed by an ordinary ArrayBuffer, never a shared one.
  return new Uint8Array(compressed.buffer as ArrayBuffer, compressed.byteOffset, compressed.byteLength);
}

/** As the `compression` middleware: below 1 KB the header costs more than it saves. */
const minimumLength = 1024;
