// @ts-check
import crypto from "node:crypto";

/** A fresh, unguessable nonce for each response's Content-Security-Policy. */
export function createNonce() {
  return crypto.randomBytes(16).toString("base64");
}

/**
 * Headers for every response. Nothing may load from a third party: a request to another origin would tell
 * that origin who is reading about trafficking.
 * @param {string} nonce
 * @param {{ production: boolean }} options
 * @returns {Record<string, string>}
 */
export function securityHeaders(nonce, { production }) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
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
  /** @type {Record<string, string>} */
  const headers = {
    "Content-Security-Policy": csp,
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
