import fs from "node:fs";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { chromiumArgs, findChromium } from "../../scripts/ensure-chromium.mjs";

export const baseURL = inject("baseURL");

/** Phone-sized, as most readers are. */
export const phone: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

interface Watched {
  context: BrowserContext;
  consoleErrors: string[];
  foreignRequests: string[];
}

/**
 * One Chromium per test file; each test gets fresh contexts. After every test: no console errors and no
 * request to any origin but ours (routes a test fulfils itself, like the quick-exit target, are allowed).
 */
export function useBrowser() {
  let browser: Browser;
  let watched: Watched[] = [];
  const allowedForeign = new Set<string>();
  const allowedConsoleErrors: RegExp[] = [];

  beforeAll(async () => {
    const executablePath = findChromium();
    if (!executablePath) throw new Error("Chromium not found: run scripts/ensure-chromium.mjs");
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
  });

  afterEach(async () => {
    const seen = watched;
    const allowed = allowedConsoleErrors.splice(0);
    watched = [];
    allowedForeign.clear();
    await Promise.all(seen.map((entry) => entry.context.close()));
    for (const entry of seen) {
      const unexpected = entry.consoleErrors.filter((text) => !allowed.some((re) => re.test(text)));
      expect(unexpected, "console errors").toEqual([]);
      expect(entry.foreignRequests, "requests to other origins").toEqual([]);
    }
  });

  afterAll(async () => {
    await browser?.close();
    expectCleanServerLog();
  });

  return {
    async newPage(options: BrowserContextOptions & { javaScriptEnabled?: boolean } = {}): Promise<Page> {
      const context = await browser.newContext({ ...phone, ...options });
      const entry: Watched = { context, consoleErrors: [], foreignRequests: [] };
      watched.push(entry);
      context.on("request", (request) => {
        const url = request.url();
        if (url.startsWith(baseURL) || url.startsWith("data:")) return;
        if ([...allowedForeign].some((prefix) => url.startsWith(prefix))) return;
        entry.foreignRequests.push(url);
      });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      page.on("console", (message) => {
        if (message.type() === "error") entry.consoleErrors.push(message.text());
      });
      page.on("pageerror", (error) => entry.consoleErrors.push(error.message));
      return page;
    },
    /** Lets a test expect a console error, such as Chromium's note about a 404 it was meant to get. */
    allowConsoleError(pattern: RegExp) {
      allowedConsoleErrors.push(pattern);
    },
    /** Lets a test navigate to an outside address it fulfils itself (no real network here). */
    allowForeign(prefix: string) {
      allowedForeign.add(prefix);
    },
  };
}

/** The server log must never show a missing translation or a crash. */
export function expectCleanServerLog() {
  const log = fs.readFileSync(inject("serverLogPath"), "utf8");
  expect(log).not.toMatch(/Missing translation/);
  expect(log).not.toMatch(/ 5\d\d \d/);
  expect(log).not.toMatch(/Error:/);
}
