// The empty report form is sent `private, no-cache` with a strong ETag: a repeat visit is a 304. It must never be
// kept in the server's shared page cache, and every answer to a POST stays `no-store` with no validator.
import http from "node:http";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createPageCache } from "../../server/page-cache.mjs";
import { encodedHere, isRevalidatable, revalidatePrivatePages } from "../../server/revalidate.mjs";
import { formPageHeaders, noStoreHeaders, revalidateHeaders } from "~/utils/no-store";

const html = { "Content-Type": "text/html; charset=utf-8" };
let renders: Record<string, number> = {};
let formVersion = 1;
let cache: ReturnType<typeof createPageCache>;
let server: http.Server;
let port = 0;

/** The same order as server/index.mjs: headers for this response, page cache, compression, capture, revalidation. */
function createTestApp() {
  const app = express();
  app.use((_req, res, next) => {
    res.setHeader("Content-Security-Policy", `script-src 'self' 'nonce-${Math.random().toString(36).slice(2)}'`);
    next();
  });
  app.use(cache.serve);
  app.use(compression({ filter: (req, res) => !encodedHere(res) && compression.filter(req, res) }));
  app.use(cache.capture);
  app.use(revalidatePrivatePages({ maxBodyBytes: 64 * 1024 }));
  const page =
    (name: string, headers: Record<string, string>, body?: () => string): express.RequestHandler =>
    (_req, res) => {
      renders[name] = (renders[name] ?? 0) + 1;
      res.status(200).set({ ...html, ...headers });
      const text = body?.() ?? `<!DOCTYPE html><html><body><h1>${name} v${formVersion}</h1>${"<p>اطلاع دیں</p>".repeat(300)}</body></html>`;
      // In pieces, as Remix streams a page.
      res.write(text.slice(0, 100));
      res.write(Buffer.from(text.slice(100, 300)));
      res.end(text.slice(300));
    };
  app.get("/ur/report", page("report", revalidateHeaders));
  app.get("/en/report", page("report-en", revalidateHeaders));
  app.post("/ur/report", page("report-post", noStoreHeaders));
  app.get("/ur/follow-up", page("follow-up", noStoreHeaders));
  app.get("/ur/cookie", page("cookie", { ...revalidateHeaders, "Set-Cookie": "a=b" }));
  app.get("/ur/big", page("big", revalidateHeaders, () => "x".repeat(200 * 1024)));
  app.get("/ur/public", page("public", { "Cache-Control": "public, max-age=300, must-revalidate" }));
  return app;
}

function request(path: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

function decoded(response: { headers: http.IncomingHttpHeaders; body: Buffer }) {
  const encoding = response.headers["content-encoding"];
  if (encoding === "br") return zlib.brotliDecompressSync(response.body).toString("utf8");
  if (encoding === "gzip") return zlib.gunzipSync(response.body).toString("utf8");
  return response.body.toString("utf8");
}

beforeAll(async () => {
  server = http.createServer((req, res) => createTestApp()(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  renders = {};
  formVersion = 1;
  cache = createPageCache();
});

describe("the empty report form", () => {
  test("is sent private, no-cache, compressed, with a strong ETag for its exact bytes", async () => {
    const br = await request("/ur/report", { "Accept-Encoding": "gzip, deflate, br" });
    const gz = await request("/ur/report", { "Accept-Encoding": "gzip" });
    const plain = await request("/ur/report");
    expect(br.status).toBe(200);
    expect(br.headers["cache-control"]).toBe("private, no-cache");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    for (const response of [br, gz, plain]) {
      expect(response.headers.etag).toMatch(/^"[\w-]+"$/); // strong: no W/
      expect(response.headers.vary).toMatch(/Accept-Encoding/i);
      expect(Number(response.headers["content-length"])).toBe(response.body.length);
      expect(decoded(response)).toBe(plain.body.toString("utf8"));
    }
    // Each coding is different bytes, so each has its own tag.
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
  });

  test("a repeat visit with its ETag gets a 304 with no body", async () => {
    const first = await request("/ur/report", { "Accept-Encoding": "br" });
    const etag = String(first.headers.etag);
    const again = await request("/ur/report", { "Accept-Encoding": "br", "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers["cache-control"]).toBe("private, no-cache");
    expect(again.headers["content-type"]).toBeUndefined();
    // A weak comparison of the same tag, or a list holding it, also matches.
    expect((await request("/ur/report", { "Accept-Encoding": "br", "If-None-Match": `"other", W/${etag}` })).status).toBe(304);
  });

  test("a changed form (new texts, new build) gets the new page, not a 304", async () => {
    const first = await request("/ur/report", { "Accept-Encoding": "br" });
    formVersion = 2;
    const changed = await request("/ur/report", { "Accept-Encoding": "br", "If-None-Match": String(first.headers.etag) });
    expect(changed.status).toBe(200);
    expect(decoded(changed)).toContain("report v2");
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });

  test("is never kept in the shared page cache: every request, 304s included, renders it afresh", async () => {
    const first = await request("/ur/report", { "Accept-Encoding": "br" });
    await cache.idle();
    for (let i = 0; i < 3; i++) await request("/ur/report", { "Accept-Encoding": "br", "If-None-Match": String(first.headers.etag) });
    await request("/en/report");
    await cache.idle();
    expect(renders.report).toBe(4);
    expect(renders["report-en"]).toBe(1);
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });
});

describe("everything else is left as it was", () => {
  test("answers to a POST stay no-store, with no validator and no 304", async () => {
    const first = await request("/ur/report", {}, "POST");
    const again = await request("/ur/report", { "If-None-Match": "*" }, "POST");
    for (const response of [first, again]) {
      expect(response.status).toBe(200);
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(response.headers.etag).toBeUndefined();
    }
    expect(cache.size).toBe(0);
  });

  test("no-store pages get no ETag and never a 304, even for If-None-Match: *", async () => {
    const response = await request("/ur/follow-up", { "Accept-Encoding": "br", "If-None-Match": "*" });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["content-encoding"]).toBe("br"); // compression still does its work
    expect(decoded(response)).toContain("follow-up v1");
  });

  test("a page that sets a cookie gets no validator", async () => {
    const response = await request("/ur/cookie", { "If-None-Match": "*" });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBeUndefined();
  });

  test("a page too big to hold is sent whole, as it comes, without a validator", async () => {
    const response = await request("/ur/big", { "Accept-Encoding": "gzip" });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBeUndefined();
    expect(decoded(response)).toBe("x".repeat(200 * 1024));
  });

  test("public pages are still kept by the page cache", async () => {
    await request("/ur/public");
    await cache.idle();
    await request("/ur/public");
    expect(renders.public).toBe(1);
    expect(cache.size).toBe(1);
  });
});

test("isRevalidatable: only a 200 that is private and no-cache, never no-store, public or with a cookie", () => {
  const base = { statusCode: 200, setCookie: undefined };
  expect(isRevalidatable({ ...base, cacheControl: "private, no-cache" })).toBe(true);
  expect(isRevalidatable({ ...base, cacheControl: "no-cache, private" })).toBe(true);
  expect(isRevalidatable({ ...base, cacheControl: "no-store" })).toBe(false);
  expect(isRevalidatable({ ...base, cacheControl: "private, no-cache, no-store" })).toBe(false);
  expect(isRevalidatable({ ...base, cacheControl: "private, max-age=60" })).toBe(false);
  expect(isRevalidatable({ ...base, cacheControl: "public, no-cache" })).toBe(false);
  expect(isRevalidatable({ ...base, cacheControl: undefined })).toBe(false);
  expect(isRevalidatable({ ...base, statusCode: 400, cacheControl: "private, no-cache" })).toBe(false);
  expect(isRevalidatable({ statusCode: 200, setCookie: "a=b", cacheControl: "private, no-cache" })).toBe(false);
});

test("formPageHeaders: revalidated only for the plain form; any action or error makes it no-store", () => {
  const asked = new Headers(revalidateHeaders);
  expect(formPageHeaders({ actionHeaders: new Headers(), loaderHeaders: asked, errorHeaders: undefined })).toEqual(revalidateHeaders);
  expect(formPageHeaders({ actionHeaders: new Headers(noStoreHeaders), loaderHeaders: asked, errorHeaders: undefined })).toEqual(noStoreHeaders);
  expect(formPageHeaders({ actionHeaders: new Headers(), loaderHeaders: asked, errorHeaders: new Headers() })).toEqual(noStoreHeaders);
  expect(formPageHeaders({ actionHeaders: new Headers(), loaderHeaders: new Headers(), errorHeaders: undefined })).toEqual(noStoreHeaders);
});
