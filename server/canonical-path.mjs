// @ts-check
// One address per page. `/ur/`, `/%75r`, `/ur//get-help` and `/ur/./get-help` are the same page as `/ur` or
// `/ur/get-help` to Remix, but not to the page cache, which keys on the address: each spelling would be rendered,
// compressed at brotli's highest quality and kept on its own, so a few thousand made-up spellings could push the
// real pages out of memory and keep the server compressing (docs/decisions/042). Browsers never send these
// spellings for our own links; a GET or HEAD for one is sent to the one address with a redirect.

/** Characters a path may hold as they are (RFC 3986 unreserved), so their %-encoding means the same thing. */
const unreserved = /^[A-Za-z0-9\-._~]$/;

/**
 * The canonical spelling of a request path, or null when it is canonical already or is not one to redirect.
 * Canonical: %-encodings of unreserved characters decoded and the others in upper case (RFC 3986 §6.2.2),
 * no `.` or `..` segments, no empty segments (`//`) and no trailing `/` except the root.
 * Never returns a path that a browser could read as another site (`//host` or `/\host`): a path holding a
 * backslash or a control character is left to the app, which answers 404.
 * @param {string} pathname the path as it was sent, without the query string
 * @returns {string | null}
 */
export function canonicalPath(pathname) {
  if (!pathname.startsWith("/") || /[\\\u0000-\u0020\u007f]/.test(pathname)) return null;
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
  const canonical = `/${segments.join("/")}`;
  return canonical === pathname ? null : canonical;
}

/**
 * Sends a GET or HEAD for a non-canonical path to the canonical one (301), the query string kept as it was.
 * Not kept by browsers (no-store): the query may be a reporter's sealed link.
 * @type {import("express").RequestHandler}
 */
export function redirectToCanonicalPath(req, res, next) {
  if (req.method !== "GET" && req.method !== "HEAD") return next();
  const url = req.url;
  const queryAt = url.indexOf("?");
  const canonical = canonicalPath(queryAt === -1 ? url : url.slice(0, queryAt));
  if (canonical === null) return next();
  res.writeHead(301, { Location: canonical + (queryAt === -1 ? "" : url.slice(queryAt)), "Cache-Control": "no-store" });
  res.end();
}
