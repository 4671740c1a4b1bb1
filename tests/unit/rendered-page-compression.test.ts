// Pages rendered for one reader are compressed in one call (docs/decisions/041); public pages are left to the
// middleware and the page cache, which must record them uncompressed.
import zlib from "node:zlib";
import { expect, test } from "vitest";
import { compressRenderedPage } from "~/server/rendered-page-compression.server";

const page = `<!DOCTYPE html><html lang="ur" dir="rtl"><body>${"<p>آگاہی: آپ کی اطلاع بھیج دی گئی ہے</p>".repeat(60)}</body></html>`;
const request = (acceptEncoding?: string) =>
  new Request(
    "http://aagahi.test/ur/report/sent",
    acceptEncoding ? { headers: { "Accept-Encoding": acceptEncoding } } : {},
  );
const headersWith = (cacheControl: string) => new Headers({ "Cache-Control": cacheControl, Vary: "Cookie" });

test.each([
  ["gzip, deflate, br, zstd", "br"],
  ["gzip, deflate", "gzip"],
  ["br;q=0, gzip", "gzip"],
  ["*", "br"],
])("a reader's own page asked for with %j goes out as %s, whole and readable", (acceptEncoding, encoding) => {
  const headers = headersWith("no-store");
  const bytes = compressRenderedPage(request(acceptEncoding), headers, page);
  expect(bytes).not.toBeNull();
  const text = (encoding === "br" ? zlib.brotliDecompressSync(bytes!) : zlib.gunzipSync(bytes!)).toString("utf8");
  expect(text).toBe(page);
  expect(bytes!.byteLength).toBeLessThan(Buffer.byteLength(page) / 4);
  expect(headers.get("Content-Encoding")).toBe(encoding);
  expect(headers.get("Vary")).toBe("Cookie, Accept-Encoding");
});

test("a private page is compressed too; a public one is left for the page cache to record as it is", () => {
  expect(compressRenderedPage(request("br"), headersWith("private, max-age=60"), page)).not.toBeNull();
  const publicHeaders = headersWith("public, max-age=300, must-revalidate");
  expect(compressRenderedPage(request("br"), publicHeaders, page)).toBeNull();
  expect(publicHeaders.has("Content-Encoding")).toBe(false);
  expect(compressRenderedPage(request("br"), new Headers(), page)).toBeNull();
});

test.each([
  ["no Accept-Encoding", undefined, page, {}],
  ["only encodings it does not make", "deflate, zstd", page, {}],
  ["identity only", "br;q=0, gzip;q=0", page, {}],
  ["a page under 1 KB", "br", "<!DOCTYPE html><p>short</p>", {}],
  ["an answer already encoded", "br", page, { "Content-Encoding": "gzip" }],
])("%s: sent as it is", (_, acceptEncoding, html, extra) => {
  const headers = new Headers({ "Cache-Control": "no-store", ...extra });
  const before = [...headers];
  expect(compressRenderedPage(request(acceptEncoding), headers, html)).toBeNull();
  expect([...headers]).toEqual(before);
});
