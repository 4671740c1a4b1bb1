import { expect, test } from "vitest";
import {
  createNonce,
  keptPageSecurityHeaders,
  securityHeaders,
  securityHeadersMiddleware,
} from "../../../server/security-headers.mjs";

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

test("nonces are 16 random bytes in base64 and never repeat across many pool refills", () => {
  const nonces = Array.from({ length: 2000 }, createNonce);
  expect(new Set(nonces).size).toBe(2000);
  for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
});

test("the middleware sets every header and hands the renderer the nonce of this response's CSP", () => {
  /** @type {Record<string, string>} */
  const set = {};
  const res = {
    locals: /** @type {Record<string, unknown>} */ ({}),
    setHeader: (/** @type {string} */ name, /** @type {string} */ value) => (set[name] = value),
  };
  let called = false;
  securityHeadersMiddleware({ production: true })(
    /** @type {any} */ ({}),
    /** @type {any} */ (res),
    () => (called = true),
  );
  expect(called).toBe(true);
  expect(Object.keys(set).sort()).toEqual(Object.keys(securityHeaders("x", { production: true })).sort());
  expect(set["Content-Security-Policy"]).toContain(`'nonce-${res.locals.cspNonce}'`);
});

test("a kept page's answers carry the same headers, with a CSP that allows scripts from this origin only", () => {
  for (const production of [false, true]) {
    const list = keptPageSecurityHeaders({ production });
    const kept = Object.fromEntries(Array.from({ length: list.length / 2 }, (_, i) => [list[2 * i], list[2 * i + 1]]));
    const { "Content-Security-Policy": policy, ...others } = securityHeaders("n", { production });
    const { "Content-Security-Policy": keptPolicy, ...keptOthers } = kept;
    expect(keptOthers).toEqual(others);
    expect(keptPolicy).toBe(policy.replace(" 'nonce-n'", ""));
    expect(keptPolicy).toContain("script-src 'self';");
    expect(keptPolicy).not.toContain("nonce");
  }
});
