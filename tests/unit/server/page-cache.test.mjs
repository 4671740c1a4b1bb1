import http from "node:http";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { chooseEncoding } from "../../../app/server/accept-encoding.server.mjs";
import {
  createPageCache,
  isCacheablePath,
  isShareableResponse,
  matchesIfNoneMatch,
} from "../../../server/page-cache.mjs";
import { privatePathSegments } from "../../../app/utils/private-paths.mjs";

const publicHeaders = {
  "Cache-Control": "public, max-age=300, must-revalidate",
  "Content-Type": "text/html; charset=utf-8",
};
/** @type {Record<string, number>} */
let renders = {};
/** @type {Array<() => void>} Renders waiting for the other of the pair (/ur/together-a and -b). */
const arrivals = [];
/** Whether /ur/together-a and -b wait for each other, or render at once. */
let renderTogether = false;
/** What the cache reported as kept pages sent (server/index.mjs gives it the request log's counter). */
/** @type {string[]} */
let sentKept = [];
/** @type {ReturnType<typeof createPageCache>} */
let cache;
/** @type {http.Server} */
let server;
let port = 0;

const freshPolicy = () => `script-src 'self' 'nonce-${Math.random().toString(36).slice(2)}'`;
/** What server/index.mjs gives the cache (keptPageSecurityHeaders): a CSP without a nonce and the fixed headers. */
const keptPolicy = "script-src 'self'";
const securityHeaders = ["Content-Security-Policy", keptPolicy, "X-Frame-Options", "DENY"];

/** The same order as server/index.mjs: serve, then per-response headers, compression, capture and the app. */
function createTestApp() {
  const app = express();
  // As in server/index.mjs: nothing is set before the cache serves, so a kept page goes out in one writeHead.
  app.disable("x-powered-by");
  app.use((req, res, next) =>
    cache.serve(req, res, next, (sent, status) => sentKept.push(`${sent.method} ${sent.url} ${status}`)),
  );
  app.use((_req, res, next) => {
    res.setHeader("Content-Security-Policy", freshPolicy());
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });
  app.use(compression());
  app.use(cache.capture);
  const page = (/** @type {string} */ name, /** @type {Record<string, string>} */ headers, status = 200, body) =>
    /** @type {import("express").RequestHandler} */ (
      (req, res) => {
        renders[name] = (renders[name] ?? 0) + 1;
        res.status(status).set(headers);
        // Written in pieces, as Remix streams a page.
        const html =
          body ??
          `<!DOCTYPE html><html><body><h1>${name} on ${req.headers.host}</h1>${"<p>آگاہی text</p>".repeat(200)}</body></html>`;
        res.write(html.slice(0, 100));
        res.end(html.slice(100));
      }
    );
  app.get("/ur", page("home", publicHeaders));
  app.get("/ur/law", page("law", publicHeaders));
  app.get("/ur/safety", page("safety", publicHeaders));
  app.get("/ur/report", page("report", publicHeaders));
  app.get("/en/follow-up", page("follow-up", publicHeaders));
  app.get("/api/v1/tips", page("api", publicHeaders));
  app.get("/staff/tips", page("staff", publicHeaders));
  app.get("/ur/private", page("private", { ...publicHeaders, "Cache-Control": "private, max-age=60" }));
  app.get("/ur/no-store", page("no-store", { ...publicHeaders, "Cache-Control": "no-store" }));
  app.get("/ur/cookie", page("cookie", { ...publicHeaders, "Set-Cookie": "a=b" }));
  app.get("/ur/vary", page("vary", { ...publicHeaders, Vary: "Accept-Language" }));
  app.get("/ur/missing", page("missing", publicHeaders, 404));
  app.get(
    "/ur/nonce",
    page("nonce", publicHeaders, 200, `<script nonce="abc" src="/x.js"></script>${"x".repeat(2000)}`),
  );
  // Two renders that finish together (each waits for the other to arrive): both pages end before either is kept.
  for (const name of ["together-a", "together-b"])
    app.get(`/ur/${name}`, (req, res, next) => {
      arrivals.push(() => page(name, publicHeaders)(req, res, next));
      if (!renderTogether || arrivals.length === 2) for (const render of arrivals.splice(0)) render();
    });
  // Slow renders, so that concurrent requests overlap.
  app.get("/ur/slow", (req, res, next) => setTimeout(() => page("slow", publicHeaders)(req, res, next), 50));
  app.get("/ur/slow-private", (req, res, next) =>
    setTimeout(() => page("slow-private", { ...publicHeaders, "Cache-Control": "no-store" })(req, res, next), 50),
  );
  return app;
}

/**
 * @param {string} path
 * @param {Record<string, string>} [headers]
 * @param {string} [method]
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, body: Buffer }>}
 */
function request(path, headers = {}, method = "GET") {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks = /** @type {Buffer[]} */ ([]);
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** @param {{ headers: http.IncomingHttpHeaders, body: Buffer }} response */
function decoded(response) {
  const encoding = response.headers["content-encoding"];
  if (encoding === "br") return zlib.brotliDecompressSync(response.body).toString("utf8");
  if (encoding === "gzip") return zlib.gunzipSync(response.body).toString("utf8");
  return response.body.toString("utf8");
}

/** Requests a page twice (the first renders it, the second may come from memory) after storing settles. */
async function twice(/** @type {string} */ path, /** @type {Record<string, string>} */ headers = {}) {
  const first = await request(path, headers);
  await cache.idle();
  const second = await request(path, headers);
  return { first, second };
}

beforeAll(async () => {
  server = http.createServer((req, res) => createTestApp()(req, res));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
});

afterAll(() => new Promise((resolve) => server.close(() => resolve(undefined))));

beforeEach(() => {
  renders = {};
  sentKept = [];
  cache = createPageCache({ securityHeaders });
});

test("a public page is rendered once, then served from memory with the same bytes", async () => {
  const { first, second } = await twice("/ur");
  for (let i = 0; i < 5; i++) await request("/ur");
  expect(renders.home).toBe(1);
  expect(cache.size).toBe(1);
  expect(decoded(second)).toBe(decoded(first));
  expect(second.headers["cache-control"]).toBe(publicHeaders["Cache-Control"]);
  expect(second.headers["content-type"]).toBe(publicHeaders["Content-Type"]);
});

test("kept pages are sent as brotli, gzip or plain as the browser accepts, each with its own strong ETag", async () => {
  const { first } = await twice("/ur");
  const plain = first.body.toString("utf8");
  const br = await request("/ur", { "Accept-Encoding": "gzip, deflate, br, zstd" });
  const gz = await request("/ur", { "Accept-Encoding": "gzip" });
  const none = await request("/ur");
  const refusesBrotli = await request("/ur", { "Accept-Encoding": "br;q=0, gzip" });
  expect(br.headers["content-encoding"]).toBe("br");
  expect(gz.headers["content-encoding"]).toBe("gzip");
  expect(none.headers["content-encoding"]).toBeUndefined();
  expect(refusesBrotli.headers["content-encoding"]).toBe("gzip");
  for (const response of [br, gz, none]) {
    expect(decoded(response)).toBe(plain);
    expect(response.headers.vary).toBe("Accept-Encoding");
    expect(response.headers.etag).toMatch(/^"[\w+/-]+"$/);
    expect(Number(response.headers["content-length"])).toBe(response.body.length);
  }
  expect(new Set([br.headers.etag, gz.headers.etag, none.headers.etag]).size).toBe(3);
  expect(br.body.length).toBeLessThan(gz.body.length);
});

test("If-None-Match with the page's ETag answers 304 with no body; another ETag gets the page", async () => {
  await twice("/ur", { "Accept-Encoding": "br" });
  const page = await request("/ur", { "Accept-Encoding": "br" });
  const etag = String(page.headers.etag);
  const notModified = await request("/ur", { "Accept-Encoding": "br", "If-None-Match": etag });
  expect(notModified.status).toBe(304);
  expect(notModified.body.length).toBe(0);
  expect(notModified.headers.etag).toBe(etag);
  expect(notModified.headers["cache-control"]).toBe(publicHeaders["Cache-Control"]);
  const weak = await request("/ur", { "Accept-Encoding": "br", "If-None-Match": `"other", W/${etag}` });
  expect(weak.status).toBe(304);
  const stale = await request("/ur", { "Accept-Encoding": "br", "If-None-Match": '"an-old-version"' });
  expect(stale.status).toBe(200);
  expect(stale.body.length).toBeGreaterThan(0);
});

test("HEAD of a kept page sends its headers and length without the body", async () => {
  await twice("/ur", { "Accept-Encoding": "br" });
  const head = await request("/ur", { "Accept-Encoding": "br" }, "HEAD");
  expect(head.status).toBe(200);
  expect(head.body.length).toBe(0);
  expect(Number(head.headers["content-length"])).toBeGreaterThan(0);
  expect(renders.home).toBe(1);
});

test("a rendered page has its own nonce; kept copies carry the security headers once, with a CSP needing none", async () => {
  const { first, second } = await twice("/ur");
  const third = await request("/ur");
  // The first answer was rendered for this request, with a nonce of its own; that CSP was not kept with the copy.
  expect(first.headers["content-security-policy"]).toMatch(/^script-src 'self' 'nonce-[a-z0-9]+'$/);
  // Sent once each (Node's client would join a repeated header with ", ").
  for (const response of [second, third]) {
    expect(response.headers["content-security-policy"]).toBe(keptPolicy);
    expect(response.headers["x-frame-options"]).toBe("DENY");
  }
  expect(first.headers["x-frame-options"]).toBe("DENY");
});

test("a 304 for a kept page carries its ETag and per-answer headers but no type or length", async () => {
  const { second } = await twice("/ur", { "Accept-Encoding": "gzip" });
  const revalidated = await request("/ur", { "Accept-Encoding": "gzip", "If-None-Match": String(second.headers.etag) });
  expect(revalidated.status).toBe(304);
  expect(revalidated.headers.etag).toBe(second.headers.etag);
  expect(revalidated.headers["content-type"]).toBeUndefined();
  expect(revalidated.headers["content-encoding"]).toBeUndefined();
  expect(revalidated.headers["content-security-policy"]).toBe(keptPolicy);
  expect(revalidated.body.length).toBe(0);
});

test.each(["/ur/report", "/en/follow-up", "/api/v1/tips", "/staff/tips"])(
  "%s is never kept, even when it says public",
  async (path) => {
    await twice(path);
    await request(path);
    expect(Object.values(renders)).toEqual([3]);
    expect(cache.size).toBe(0);
  },
);

test.each([
  ["a query string", "/ur?category=x", "home"],
  ["Cache-Control: private", "/ur/private", "private"],
  ["Cache-Control: no-store", "/ur/no-store", "no-store"],
  ["a cookie being set", "/ur/cookie", "cookie"],
  ["a Vary on another header", "/ur/vary", "vary"],
  ["an answer other than 200", "/ur/missing", "missing"],
  ["a CSP nonce in the page", "/ur/nonce", "nonce"],
])("a page with %s is rendered every time", async (_what, path, name) => {
  await twice(path);
  expect(renders[name]).toBe(2);
  expect(cache.size).toBe(0);
});

test("readers arriving while a page is first rendered wait for that render instead of rendering it again", async () => {
  const responses = await Promise.all(
    Array.from({ length: 20 }, () => request("/ur/slow", { "Accept-Encoding": "gzip" })),
  );
  expect(renders.slow).toBe(1);
  expect(new Set(responses.map((response) => decoded(response))).size).toBe(1);
  expect(responses.every((response) => response.status === 200)).toBe(true);
});

test("every kept page sent is reported, also to readers who waited for the first render; nothing else is", async () => {
  await Promise.all(Array.from({ length: 4 }, () => request("/ur/slow")));
  await cache.idle();
  expect(renders.slow).toBe(1);
  expect(sentKept).toEqual(Array(3).fill("GET /ur/slow 200"));
  sentKept = [];
  const { second } = await twice("/ur");
  await request("/ur", { "If-None-Match": String(second.headers.etag) });
  await request("/ur", {}, "HEAD");
  await twice("/ur/report");
  await twice("/ur/no-store");
  await request("/ur?x=1");
  expect(sentKept).toEqual(["GET /ur 200", "GET /ur 304", "HEAD /ur 200"]);
});

test("when the first render cannot be kept, the waiting readers get their own", async () => {
  const responses = await Promise.all(Array.from({ length: 5 }, () => request("/ur/slow-private")));
  expect(renders["slow-private"]).toBe(5);
  expect(
    responses.every((response) => response.status === 200 && response.headers["cache-control"] === "no-store"),
  ).toBe(true);
});

test("a request with a cookie or credentials neither gets nor fills the shared copy", async () => {
  await twice("/ur", { Cookie: "__session=abc" });
  await twice("/ur", { Authorization: "Bearer x" });
  expect(renders.home).toBe(4);
  expect(cache.size).toBe(0);
});

test("the same path on another Host is another page (share links use the request's origin)", async () => {
  const a = await twice("/ur", { Host: "a.example" });
  const b = await twice("/ur", { Host: "b.example" });
  expect(renders.home).toBe(2);
  expect(decoded(a.second)).toContain("home on a.example");
  expect(decoded(b.second)).toContain("home on b.example");
});

test("with sameOnEveryHost (PUBLIC_ORIGIN set), one copy of a page serves every Host", async () => {
  cache = createPageCache({ securityHeaders, sameOnEveryHost: true });
  const a = await twice("/ur", { Host: "a.example" });
  const b = await request("/ur", { Host: "b.example" });
  expect(renders.home).toBe(1);
  expect(decoded(b)).toBe(decoded(a.first));
  expect(cache.size).toBe(1);
});

test("no more than maxStoring pages are compressed at once; with no room to wait, one rendered meanwhile is sent, not kept", async () => {
  cache = createPageCache({ securityHeaders, maxStoring: 1, maxWaitingStores: 0 });
  renderTogether = true;
  const [a, b] = await Promise.all([request("/ur/together-a"), request("/ur/together-b")]);
  renderTogether = false;
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(decoded(a)).toContain("together-a");
  expect(decoded(b)).toContain("together-b");
  await cache.idle();
  expect(cache.size).toBe(1);
  // The one not kept is rendered again, and kept now that nothing else is being compressed.
  await twice("/ur/together-a");
  await twice("/ur/together-b");
  expect(renders["together-a"] + renders["together-b"]).toBe(3);
  expect(cache.size).toBe(2);
});

test("pages rendered together wait their turn to be compressed, and each is kept once", async () => {
  cache = createPageCache({ securityHeaders, maxStoring: 1 });
  renderTogether = true;
  const answers = await Promise.all([request("/ur/together-a"), request("/ur/together-b")]);
  renderTogether = false;
  expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
  await cache.idle();
  expect(cache.size).toBe(2);
  for (let i = 0; i < 3; i++) await Promise.all([request("/ur/together-a"), request("/ur/together-b")]);
  expect(renders).toEqual({ "together-a": 1, "together-b": 1 });
});

test("an address that is not a page's one spelling is never kept", async () => {
  for (const path of ["/ur/", "/UR", "/%75r", "/ur/./law", "/ur\\law", "/ur#x"])
    expect(isCacheablePath(path), path).toBe(false);
  expect(isCacheablePath("/build/_assets/app-BT3J4WEX.css")).toBe(true);
  expect(isCacheablePath("/ur")).toBe(true);
});

test("the cache holds at most maxEntries pages, forgetting the least recently used", async () => {
  cache = createPageCache({ maxEntries: 2 });
  await twice("/ur");
  await twice("/ur/law");
  await request("/ur"); // /ur is now more recent than /ur/law
  await twice("/ur/safety");
  expect(cache.size).toBe(2);
  await request("/ur");
  await request("/ur/law");
  expect(renders).toEqual({ home: 1, law: 2, safety: 1 });
});

test("the cache holds at most maxBytes (every encoding of a page counted), forgetting the least recently used", async () => {
  cache = createPageCache();
  await twice("/ur");
  const onePage = cache.bytes;
  expect(onePage).toBeGreaterThan(0);
  const maxBytes = Math.floor(onePage * 2.5);
  cache = createPageCache({ maxBytes });
  await twice("/ur");
  await twice("/ur/law");
  await twice("/ur/safety");
  expect(cache.size).toBe(2);
  expect(cache.bytes).toBeLessThanOrEqual(maxBytes);
  await request("/ur/law");
  await request("/ur");
  // Once to measure, once into this cache, and again after /ur, the least recently used, made room.
  expect(renders).toEqual({ home: 3, law: 1, safety: 1 });
});

test("clear() empties the cache, and a page being rendered when it was called is not kept", async () => {
  await twice("/ur");
  cache.clear();
  expect(cache.size).toBe(0);
  await request("/ur");
  expect(renders.home).toBe(2);
  // A slow render that began before the clear may show what the change replaced: served, never kept.
  const during = request("/ur/slow");
  await new Promise((resolve) => setTimeout(resolve, 10));
  cache.clear();
  expect((await during).status).toBe(200);
  await cache.idle();
  await request("/ur/slow");
  expect(renders.slow).toBe(2);
});

test("private addresses are recognised at any depth, whatever their case or encoding", () => {
  for (const path of [
    "/ur/report",
    "/en/report/sent",
    "/ur/follow-up/case",
    "/api/v1/tips",
    "/staff",
    "/staff/tips/x/evidence/1",
    "/UR/REPORT",
    "/ur/%72eport",
    "/webhooks/sms/generic/outbox",
  ]) {
    expect(isCacheablePath(path), path).toBe(false);
  }
  for (const path of ["/ur", "/en/get-help", "/ur/fake-job-offers", "/build/_assets/app.css", "/favicon.svg"]) {
    expect(isCacheablePath(path), path).toBe(true);
  }
});

test("every private segment of app/utils/private-paths.mjs keeps its pages out of the cache", () => {
  expect(privatePathSegments).toEqual(expect.arrayContaining(["report", "follow-up", "api", "staff", "webhooks"]));
  for (const segment of privatePathSegments) {
    expect(isCacheablePath(`/ur/${segment}`), segment).toBe(false);
    expect(isCacheablePath(`/build/${segment.toUpperCase()}/x`), segment).toBe(false);
  }
});

test("Accept-Encoding picks brotli, then gzip, then nothing, honouring q=0", () => {
  expect(chooseEncoding(undefined)).toBe("identity");
  expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("br");
  expect(chooseEncoding("gzip;q=0.5, br;q=0")).toBe("gzip");
  expect(chooseEncoding("deflate")).toBe("identity");
  expect(chooseEncoding("*")).toBe("br");
});

test("If-None-Match matching accepts lists, weak tags and *", () => {
  const tags = new Set(['"abc"', '"abc-br"']);
  expect(matchesIfNoneMatch('"abc-br"', tags)).toBe(true);
  expect(matchesIfNoneMatch('"x", W/"abc"', tags)).toBe(true);
  expect(matchesIfNoneMatch("*", tags)).toBe(true);
  expect(matchesIfNoneMatch('"abcd"', tags)).toBe(false);
  expect(matchesIfNoneMatch(undefined, tags)).toBe(false);
});

test("only 200s marked public, without cookies, nonces or other Vary, may be shared", () => {
  const ok = {
    statusCode: 200,
    cacheControl: "public, max-age=300",
    setCookie: undefined,
    vary: "Accept-Encoding",
    body: Buffer.from("<p>hi</p>"),
  };
  expect(isShareableResponse(ok)).toBe(true);
  expect(isShareableResponse({ ...ok, cacheControl: "max-age=300" })).toBe(false);
  expect(isShareableResponse({ ...ok, cacheControl: "public, no-cache" })).toBe(false);
  expect(isShareableResponse({ ...ok, statusCode: 302 })).toBe(false);
  expect(isShareableResponse({ ...ok, setCookie: "a=b" })).toBe(false);
  expect(isShareableResponse({ ...ok, vary: "Cookie, Accept-Encoding" })).toBe(false);
  expect(isShareableResponse({ ...ok, body: Buffer.from('<script nonce="x"></script>') })).toBe(false);
});
