// After one visit, the awareness pages, red flags and helplines open with the network off; report and
// follow-up pages never come from the service worker's cache, which holds no tip data.
import fs from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import { topicPages } from "~/content/pages";
import { baseURL, useBrowser } from "./browser";

const { newPage, allowConsoleError } = useBrowser();

/** What the server logged since `from` (bytes): proof that a page did, or did not, come from the server. */
function serverLogSince(from: number): string {
  return fs.readFileSync(inject("serverLogPath")).subarray(from).toString("utf8");
}
const serverLogSize = () => fs.statSync(inject("serverLogPath")).size;

/**
 * Empties Chromium's HTTP cache, as the pages' five-minute max-age running out would: what opens offline
 * afterwards can only come from the service worker's own cache.
 */
async function forgetHttpCache(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.clearBrowserCache");
  await cdp.detach();
}

/** Waits until the service worker has kept the language's pages (the enhance script asks it to on load). */
async function waitUntilKeptForOffline(page: Page, lang: string) {
  await page.evaluate(async (lang) => {
    await navigator.serviceWorker.ready;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      for (const name of await caches.keys()) {
        const kept = (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
        if ([`/${lang}`, `/${lang}/get-help`, `/${lang}/job-check`].every((path) => kept.includes(path))) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the service worker did not keep the pages");
  }, lang);
}

async function keptPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys())
        paths.push(new URL(request.url).pathname + new URL(request.url).search);
    }
    return paths;
  });
}

describe.each(["ur", "en"] as const)("offline in %s", (lang) => {
  test("after one visit to the home page, the topics, red flags, law, safety and helplines open with the network off", async () => {
    const page = await newPage();
    await page.goto(`${baseURL}/${lang}`);
    await waitUntilKeptForOffline(page, lang);
    await forgetHttpCache(page);
    await page.context().setOffline(true);
    // Chromium logs the refused update check of the worker script; nothing else may fail.
    allowConsoleError(/sw\.js|ERR_INTERNET_DISCONNECTED/);
    const logStart = serverLogSize();

    for (const topic of topicPages) {
      const response = await page.goto(`${baseURL}/${lang}/${topic.slug}`);
      expect(response?.status(), topic.slug).toBe(200);
      expect(response?.fromServiceWorker(), topic.slug).toBe(true);
      expect(await page.locator("section#redFlags li").count(), topic.slug).toBeGreaterThanOrEqual(4);
    }
    for (const path of ["/law", "/safety", "/job-check", ""]) {
      const response = await page.goto(`${baseURL}/${lang}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await page.locator("h1").count(), path).toBe(1);
    }

    await page.goto(`${baseURL}/${lang}/get-help`);
    expect(await page.locator(".helpline__number a[href^='tel:']").count()).toBeGreaterThan(2);
    // Styled from the cache too, not a bare page.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")!).backgroundColor)).toBe(
      "rgb(11, 61, 92)",
    );
    // None of it reached the server: it all came from the worker's cache.
    expect(serverLogSince(logStart)).not.toMatch(new RegExp(`GET /${lang}\\b`));
  });
});

test("report and follow-up pages never come from the cache: offline they fail like any page off the network", async () => {
  const page = await newPage();
  // Visit the report and follow-up pages online first: still nothing of them may be kept.
  await page.goto(`${baseURL}/ur/report`);
  await page.goto(`${baseURL}/ur/follow-up`);
  await page.goto(`${baseURL}/ur`);
  await waitUntilKeptForOffline(page, "ur");
  await forgetHttpCache(page);
  await page.context().setOffline(true);
  allowConsoleError(/sw\.js|ERR_INTERNET_DISCONNECTED/);

  for (const path of ["/ur/report", "/ur/report?category=bonded_labour", "/ur/follow-up"]) {
    const error = await page.goto(`${baseURL}${path}`).then(
      () => null,
      (reason: Error) => reason.message,
    );
    expect(error, path).toMatch(/ERR_INTERNET_DISCONNECTED|ERR_FAILED/);
  }
  // On a kept page (still offline), look at everything the worker holds.
  const keptPage = await page.context().newPage();
  await keptPage.goto(`${baseURL}/ur`);
  const kept = await keptPaths(keptPage);
  expect(kept.length).toBeGreaterThan(10);
  expect(
    kept.filter((path) => /report|follow-up|api|staff|\?/.test(path) && !path.startsWith("/assets/enhance.js?v=")),
  ).toEqual([]);
});

test("a sent report leaves nothing in the service worker's cache", async () => {
  const page = await newPage();
  await page.goto(`${baseURL}/en`);
  await waitUntilKeptForOffline(page, "en");
  await page.goto(`${baseURL}/en/report`);
  for (const [name, value] of Object.entries({ category: "bonded_labour", crossesBorder: "no", province: "sindh" })) {
    await page.locator(`input[name="${name}"][value="${value}"]`).check();
  }
  await page.locator("#description").fill("Offline test: families kept at a brick kiln until the advance is repaid");
  await page.locator("form#form button[type=submit]").click();
  await page.waitForURL(/\/en\/report\/sent\?t=/);
  const kept = await keptPaths(page);
  expect(kept.filter((path) => /report|follow-up|api/.test(path))).toEqual([]);
  const texts = await page.evaluate(async () => {
    const bodies: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        if (response?.headers.get("Content-Type")?.startsWith("text/html")) bodies.push(await response.text());
      }
    }
    return bodies;
  });
  expect(texts.length).toBeGreaterThan(5);
  for (const text of texts) expect(text).not.toContain("brick kiln until the advance");
});

test("the app can be installed: a manifest per language with icons that load, and a worker for the whole site", async () => {
  const page = await newPage();
  for (const lang of ["ur", "en"] as const) {
    await page.goto(`${baseURL}/${lang}`);
    const href = await page.getAttribute('link[rel="manifest"]', "href");
    expect(href).toBe(`/${lang}/manifest.webmanifest`);
    const manifest = await (await page.request.get(`${baseURL}${href}`)).json();
    expect(manifest).toMatchObject({
      id: "/",
      start_url: `/${lang}`,
      scope: "/",
      lang,
      dir: lang === "ur" ? "rtl" : "ltr",
      display: "standalone",
    });
    for (const icon of manifest.icons as { src: string; sizes: string; purpose: string }[]) {
      const response = await page.request.get(`${baseURL}${icon.src}`);
      expect(response.status(), icon.src).toBe(200);
      expect(response.headers()["content-type"]).toBe("image/png");
    }
    expect(
      manifest.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`).sort(),
    ).toEqual(["192x192 any", "192x192 maskable", "512x512 any", "512x512 maskable"]);
  }
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(`${baseURL}/`);
});
