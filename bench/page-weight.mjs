// Page weight in real Chromium: bytes transferred (compressed, headers included) on a first visit and on a
// repeat visit to the home page, a topic page, get help and the report page, in Urdu and English, by type.
// Usage: node bench/page-weight.mjs   (builds if needed, starts the server on a free loopback port, stops it)
//
// The phone is simulated without a Nastaliq font of its own (fontconfig hides the system's), so the web font
// is really downloaded: the worst case. Phones that have the font download none (`local()` comes first).
import { chromium } from "playwright-core";
import { findChromium } from "../scripts/ensure-chromium.mjs";
import {
  benchPages,
  chromiumArgs,
  chromiumVersion,
  fontconfigWithoutNastaliq,
  kb,
  machine,
  offlinePagePaths,
  saveResult,
  startApp,
  table,
  transferSize,
} from "./lib.mjs";

const budgets = { withoutFonts: 40_000, font: 120_000, total: 160_000, repeat: 5_000 };
const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

function typeOf(request, response) {
  const contentType = response?.headers()["content-type"] ?? "";
  if (request.resourceType() === "document" || contentType.startsWith("text/html")) return "html";
  if (request.resourceType() === "stylesheet" || contentType.startsWith("text/css")) return "css";
  if (request.resourceType() === "script" || contentType.includes("javascript")) return "js";
  if (request.resourceType() === "font" || contentType.startsWith("font/")) return "font";
  return "other";
}

/** Records every request of a context, from pages and from the service worker, with its wire size. */
function recorder(context) {
  const entries = [];
  const pending = new Set();
  context.on("requestfinished", (request) => {
    const done = (async () => {
      const response = await request.response();
      const sizes = await request.sizes();
      const fromCache = response ? await response.fromServiceWorker() : false;
      entries.push({
        url: request.url(),
        type: typeOf(request, response),
        byWorker: Boolean(request.serviceWorker()),
        status: response?.status() ?? 0,
        fromServiceWorker: fromCache,
        // A response the worker took from its cache reports a negative body: nothing crossed the network.
        bytes: Math.max(0, sizes.responseHeadersSize + sizes.responseBodySize),
      });
    })();
    pending.add(done);
    done.finally(() => pending.delete(done));
  });
  return {
    async settle() {
      while (pending.size) await Promise.all([...pending]);
    },
    take() {
      return entries.splice(0);
    },
  };
}

/** Bytes that crossed the network, by type. Answers the page got from its service worker did not. */
function sum(entries) {
  const totals = { html: 0, css: 0, js: 0, font: 0, other: 0 };
  for (const entry of entries) {
    if (entry.fromServiceWorker) continue;
    totals[entry.type] += entry.bytes;
  }
  const all = Object.values(totals).reduce((a, b) => a + b, 0);
  return { ...totals, withoutFonts: all - totals.font, total: all };
}

async function waitForPrecache(page) {
  // The enhance script asks the worker to keep the language's pages once the page has loaded.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const names = await caches.keys();
      if (names.length > 0) {
        const cache = await caches.open(names[0]);
        const keys = await cache.keys();
        if (keys.some((request) => new URL(request.url).pathname.endsWith("/get-help"))) return registration.scope;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the service worker did not keep the pages");
  });
}

/** Requests every measured page, its files and the font once, so the server has them in memory. */
async function warmUp(baseURL) {
  const get = async (url) => (await fetch(new URL(url, baseURL))).text();
  const assets = new Set();
  for (const lang of ["ur", "en"]) {
    for (const path of new Set([...benchPages.map((p) => p.path), ...offlinePagePaths])) {
      const html = await get(`/${lang}${path}`);
      for (const [, asset] of html.matchAll(/(?:href|src)="(\/(?:build|assets)\/[^"]+)"/g)) assets.add(asset);
    }
  }
  for (const asset of assets) {
    const text = await get(asset);
    for (const [, font] of text.matchAll(/url\(([^)]+\.woff2)\)/g)) await get(font);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

const app = await startApp();
// Readers arrive at a running server: fill its page cache first, as earlier readers would have.
await warmUp(app.baseURL);
const fonts = fontconfigWithoutNastaliq();
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: chromiumArgs,
  env: { ...process.env, FONTCONFIG_FILE: fonts.file },
});
const results = [];
const jsSizes = [];
try {
  for (const lang of ["ur", "en"]) {
    for (const benchPage of benchPages) {
      const url = `${app.baseURL}/${lang}${benchPage.path}`;
      const context = await browser.newContext(phone);
      const record = recorder(context);
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      await page.waitForLoadState("networkidle");
      await waitForPrecache(page);
      await page.waitForTimeout(300);
      await record.settle();
      const loaded = record.take();
      const first = loaded.filter((entry) => !entry.byWorker);
      const background = loaded.filter((entry) => entry.byWorker);
      // A repeat visit after the HTML's max-age: a reload revalidates the page (304); hashed files are
      // immutable and are not asked for again.
      await page.reload({ waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      await page.waitForLoadState("networkidle");
      await record.settle();
      const repeat = record.take();
      results.push({
        lang,
        page: benchPage.name,
        url: `/${lang}${benchPage.path}`,
        first: sum(first),
        repeat: sum(repeat),
        precache: sum(background.filter((entry) => entry.byWorker)),
        requests: { first, repeat, background },
      });
      await context.close();
    }
  }
  const enhancePath = new Set(
    results
      .flatMap((r) => r.requests.first)
      .filter((e) => e.type === "js")
      .map((e) => new URL(e.url).pathname + new URL(e.url).search),
  );
  for (const path of [...enhancePath, "/sw.js"]) {
    jsSizes.push({
      path,
      raw: await transferSize(`${app.baseURL}${path}`, "identity"),
      br: await transferSize(`${app.baseURL}${path}`, "br"),
      gzip: await transferSize(`${app.baseURL}${path}`, "gzip"),
    });
  }
} finally {
  await browser.close();
  fonts.cleanup();
  await app.stop();
}

const flag = (value, budget) => `${kb(value)}${value > budget ? " !" : ""}`;
console.log(
  `\nPage weight (KB = 1,000 bytes, compressed, headers included; ! = over budget)\n${machine()}\n${chromiumVersion()}\n`,
);
console.log("First visit (no Nastaliq font on the phone, so the web font is downloaded)");
console.log(
  table([
    ["page", "HTML", "CSS", "JS", "other", "without fonts (<=40)", "font (<=120)", "total (<=160)"],
    ...results.map((r) => [
      r.url,
      kb(r.first.html),
      kb(r.first.css),
      kb(r.first.js),
      kb(r.first.other),
      flag(r.first.withoutFonts, budgets.withoutFonts),
      flag(r.first.font, budgets.font),
      flag(r.first.total, budgets.total),
    ]),
  ]),
);
console.log("\nRepeat visit (reload after the HTML's max-age: HTML revalidated, hashed files from cache;");
console.log(
  "the report form is no-store by design, so its HTML comes again: outside the budget, docs/threat-model.md P8)",
);
console.log(
  table([
    ["page", "HTML", "CSS", "JS", "font", "other", "total (<=5)"],
    ...results.map((r) => [
      r.url,
      kb(r.repeat.html),
      kb(r.repeat.css),
      kb(r.repeat.js),
      kb(r.repeat.font),
      kb(r.repeat.other),
      flag(r.repeat.total, /\/report$/.test(r.url) ? Infinity : budgets.repeat),
    ]),
  ]),
);
console.log(
  "\nOffline copy the service worker fetches in the background after the first page of a language has loaded",
);
console.log(
  table([
    ["first page", "requests", "HTML", "other", "total"],
    ...results.map((r) => [
      r.url,
      String(r.requests.background.filter((e) => e.bytes > 0).length),
      kb(r.precache.html),
      kb(r.precache.total - r.precache.html),
      kb(r.precache.total),
    ]),
  ]),
);
console.log("\nJavaScript on public pages (response body only; nothing else runs)");
console.log(
  table([
    ["script", "as sent (bytes)", "brotli (bytes)", "gzip (bytes)"],
    ...jsSizes.map((js) => [js.path, String(js.raw), String(js.br), String(js.gzip)]),
  ]),
);
console.log(`\nFull results: ${saveResult("page-weight.json", results)}`);
