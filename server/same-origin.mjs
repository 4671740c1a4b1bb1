// @ts-check
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

/** @type {import("express").RequestHandler} */
export function refuseCrossSitePosts(req, res, next) {
  if (safeMethods.has(req.method)) return next();
  if (isCrossSiteRequest(req.headers, req.headers.host)) {
    res.status(403).type("text/plain").send("Forbidden: this form can only be sent from this website.");
    return;
  }
  // Remix compares Origin with Host itself and would reject the "null" that no-referrer produces.
  if (req.headers.origin === "null") delete req.headers.origin;
  next();
}

/**
 * Refuses request bodies larger than `maxBytes` before anything reads them (forms hold at most a few
 * thousand characters; the partner API caps its own bodies at 64 KB). Browsers always declare the length of
 * a form post; a reverse proxy should cap chunked bodies too (docs/threat-model.md).
 * @param {number} maxBytes
 * @returns {import("express").RequestHandler}
 */
export function limitRequestBodies(maxBytes) {
  return (req, res, next) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.status(413).type("text/plain").set("Connection", "close").send("Request too large.");
      return;
    }
    next();
  };
}
