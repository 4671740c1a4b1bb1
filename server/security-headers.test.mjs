import { expect, test } from "vitest";
import { createNonce, securityHeaders } from "./security-headers.mjs";

test("the content security policy allows only our origin and this response's nonce for scripts", () => {
  const headers = securityHeaders("abc123", { production: false });
  const csp = headers["Content-Security-Policy"];
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self' 'nonce-abc123'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(headers["Referrer-Policy"]).toBe("no-referrer");
  expect(headers["X-Content-Type-Options"]).toBe("nosniff");
  expect(headers["Permissions-Policy"]).toContain("geolocation=()");
  expect(headers["Strict-Transport-Security"]).toBeUndefined();
});

test("production adds HSTS", () => {
  expect(securityHeaders("n", { production: true })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
});

test("nonces are fresh for every response", () => {
  const nonces = new Set(Array.from({ length: 100 }, createNonce));
  expect(nonces.size).toBe(100);
});
