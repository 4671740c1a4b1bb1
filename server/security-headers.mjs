// @ts-check
import { freshRandomText } from "../app/server/random-bytes.server.mjs";

/** A fresh, unguessable nonce for each response's Content-Security-Policy: 16 bytes from the shared pool. */
export function createNonce() {
  return freshRandomText(16, "base64");
}

/**
 * The Content-Security-Policy for one response. Nothing may load from a third party: a request to another
 * origin would tell that origin who is reading about trafficking. Without a nonce (a kept public page, which
 * holds none), scripts load from this origin only.
 * @param {string} [nonce]
 */
export function contentSecurityPolicy(nonce) {
  return [
    "default-src 'self'",
    nonce === undefined ? "script-src 'self'" : `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The headers that are the same for every response (all but the CSP).
 * @param {{ production: boolean }} options
 * @returns {Record<string, string>}
 */
export function fixedSecurityHeaders({ production }) {
  /** @type {Record<string, string>} */
  const headers = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy":
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()",
  };
  if (production) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/**
 * Headers for every response.
 * @param {string} nonce
 * @param {{ production: boolean }} options
 * @returns {Record<string, string>}
 */
export function securityHeaders(nonce, { production }) {
  return { "Content-Security-Policy": contentSecurityPolicy(nonce), ...fixedSecurityHeaders({ production }) };
}

/**
 * Middleware: a fresh nonce (in res.locals.cspNonce for the renderer) and every security header. Plain
 * Node.js (server/index.mjs runs it before its request steps; Express, for static files, keeps an existing
 * res.locals).
 * @param {{ production: boolean }} options
 */
export function securityHeadersMiddleware({ production }) {
  const fixed = Object.entries(fixedSecurityHeaders({ production }));
  /**
   * @param {import("node:http").IncomingMessage} _req
   * @param {import("node:http").ServerResponse & { locals?: Record<string, unknown> }} res
   * @param {() => void} next
   */
  return (_req, res, next) => {
    const nonce = createNonce();
    res.locals ??= {};
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    for (const [name, value] of fixed) res.setHeader(name, value);
    next();
  };
}

/**
 * The same headers as the middleware, as a name, value... list, for answers served from the page cache, which
 * go out in one `writeHead` built when the page was kept (server/page-cache.mjs). Their CSP has no nonce: a
 * kept page holds none, so a fresh one on each answer would allow nothing and cost about 15 % of the cache's
 * speed (docs/performance.md).
 * @param {{ production: boolean }} options
 * @returns {string[]}
 */
export function keptPageSecurityHeaders({ production }) {
  return [
    "Content-Security-Policy",
    contentSecurityPolicy(),
    ...Object.entries(fixedSecurityHeaders({ production })).flat(),
  ];
}
