// @ts-check
// Plain JavaScript: the Node.js server's page cache (server/page-cache.mjs) and the Remix entry's compression of
// a reader's own page (app/server/rendered-page-compression.server.ts) choose the same way.
import Negotiator from "negotiator";

/**
 * The encoding to send: brotli, else gzip, else none, whatever the order or weights of the acceptable ones
 * (brotli is smaller). A coding with q=0 is refused. Parsed by negotiator.
 * @param {string | null | undefined} acceptEncoding
 * @returns {"br" | "gzip" | "identity"}
 */
export function chooseEncoding(acceptEncoding) {
  if (!acceptEncoding) return "identity";
  const known = encodingChoices.get(acceptEncoding);
  if (known) return known;
  const acceptable = new Negotiator({ headers: { "accept-encoding": acceptEncoding } }).encodings(["br", "gzip"]);
  /** @type {"br" | "gzip" | "identity"} */
  const choice = acceptable.includes("br") ? "br" : acceptable.includes("gzip") ? "gzip" : "identity";
  // Browsers send a handful of distinct headers: remember the answer for each. A plain Map, emptied when it
  // holds 64 (whatever is sent), is cheaper on this path than an LRU's bookkeeping.
  if (encodingChoices.size >= 64) encodingChoices.clear();
  encodingChoices.set(acceptEncoding, choice);
  return choice;
}

/** @type {Map<string, "br" | "gzip" | "identity">} */
const encodingChoices = new Map();
