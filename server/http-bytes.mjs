// @ts-check
// Small helpers for the page cache (server/page-cache.mjs), which records what a page wrote.

/**
 * The directive names of a Cache-Control value, lower-cased: "public, max-age=300" → ["public", "max-age"].
 * @param {unknown} cacheControl
 * @returns {string[]}
 */
export function cacheDirectives(cacheControl) {
  const value = Array.isArray(cacheControl) ? cacheControl.join(",") : String(cacheControl ?? "");
  return value
    .toLowerCase()
    .split(",")
    .map((directive) => directive.trim().split("=")[0]?.trim() ?? "")
    .filter(Boolean);
}

/**
 * Text worth compressing; images and fonts are compressed already.
 * @param {unknown} contentType
 */
export function isCompressible(contentType) {
  return /^(text\/|application\/(javascript|json|manifest\+json|xml)|image\/svg\+xml)/i.test(String(contentType ?? ""));
}

/**
 * A copy of a chunk written to a response (streams may reuse their buffers).
 * @param {unknown} chunk
 * @param {unknown} encoding
 */
export function chunkToBuffer(chunk, encoding) {
  if (Buffer.isBuffer(chunk)) return Buffer.from(chunk);
  if (chunk instanceof Uint8Array)
    return Buffer.from(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
  return Buffer.from(String(chunk), typeof encoding === "string" ? /** @type {BufferEncoding} */ (encoding) : "utf8");
}
