// @ts-check
// One address per page. `/ur/`, `/%75r`, `/UR`, `/ur//get-help` and `/ur/./get-help` all reach a page (Remix
// decodes the path and matches routes without regard to case, and the URL parser drops dot segments), but the page
// cache keys on the address: each spelling would be rendered, compressed at brotli's highest quality and kept on
// its own, so a few thousand made-up spellings could push the real pages out of memory and keep the server
// compressing (docs/decisions/042). Browsers never send these spellings for our own links; a GET or HEAD for one is
// sent to the one address with a redirect, and a request target no browser sends is refused.
import { noStoreHeaders as noStore } from "../app/utils/no-store.mjs";
import { answerPlainText } from "./steps.mjs";

/** Characters a path may hold as they are (RFC 3986 unreserved), so their %-encoding means the same thing. */
const unreserved = /^[A-Za-z0-9\-._~]$/;

/**
 * A request target no browser sends: a backslash (the URL parser reads it as `/`, so `/ur\get-help` would be
 * another spelling of a page), a fragment, or a space or control character.
 * @param {string} url the request target as sent
 */
export function isRefusedTarget(url) {
  return /[\\#\u0000-\u0020\u007f]/.test(url);
}

/**
 * A Host header as browsers send it: a DNS name or IPv4 address, or an IPv6 address in brackets, with an optional
 * port; or none at all (HTTP/1.0). Anything else is refused: the URL Remix reads is made from the Host and the
 * path, so a Host such as `x/en/safety#` would have Remix render another page than the one asked for, and the
 * page cache could keep that page under the address asked for (docs/decisions/044).
 * @param {string | undefined} host
 */
export function isAcceptableHost(host) {
  return (
    host === undefined || /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/.test(host)
  );
}

/**
 * The canonical spelling of a request path, or null when it is canonical already (or is not a path). Canonical:
 * - %-encodings of unreserved characters decoded and the others in capital hex (RFC 3986 §6.2.2);
 * - no `.` or `..` segments, no empty segments (`//`) and no trailing `/` except the root;
 * - lower case outside `/build/`, whose file names (content hashes) are matched by case. Every page, resource
 *   route and public file of the app is named in lower case, and tip ids are lower-case UUIDs.
 * Never returns a path that a browser could read as another site: it starts with one `/` and holds no backslash.
 * Call it only for a target isRefusedTarget lets through.
 * @param {string} pathname the path as it was sent, without the query string
 * @returns {string | null}
 */
export function canonicalPath(pathname) {
  if (!pathname.startsWith("/")) return null;
  /** @type {string[]} */
  const segments = [];
  for (const raw of pathname.split("/")) {
    const segment = raw.replace(/%([0-9A-Fa-f]{2})/g, (encoded, hex) => {
      const character = String.fromCharCode(Number.parseInt(hex, 16));
      return unreserved.test(character) ? character : `%${hex.toUpperCase()}`;
    });
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  // Letters outside %-escapes only: the escapes keep their capital hex.
  const lowerCase = (/** @type {string} */ segment) =>
    segment.replace(/%[0-9A-F]{2}|[^%]+/g, (part) => (part.startsWith("%") ? part : part.toLowerCase()));
  const canonical = `/${(segments[0] === "build" ? segments : segments.map(lowerCase)).join("/")}`;
  return canonical === pathname ? null : canonical;
}

/**
 * Refuses a Host header or a request target no browser sends (400), and sends a GET or HEAD for a non-canonical path to the
 * canonical one (301), the query string kept as it was. Neither is kept by browsers (no-store): the query may be a
 * reporter's sealed link. A POST is never redirected: that would lose the form's answers.
 * @type {import("./steps.mjs").Step}
 */
export function redirectToCanonicalPath(req, res, next) {
  const url = req.url ?? "/";
  if (!isAcceptableHost(req.headers.host))
    return answerPlainText(res, 400, "Bad Request: the Host header is not a host name.", noStore);
  if (isRefusedTarget(url))
    return answerPlainText(res, 400, "Bad Request: this address has characters no link of this website has.", noStore);
  if (req.method !== "GET" && req.method !== "HEAD") return next();
  const queryAt = url.indexOf("?");
  const canonical = canonicalPath(queryAt === -1 ? url : url.slice(0, queryAt));
  if (canonical === null) return next();
  res.writeHead(301, { ...noStore, Location: canonical + (queryAt === -1 ? "" : url.slice(queryAt)) });
  res.end();
}
