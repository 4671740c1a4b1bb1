// Layout shift when the Nastaliq web font arrives late: Chromium on a phone without a Nastaliq font of its
// own (fontconfig hides the system's), the font held back for 1.5 s so the page is first drawn with the
// fallback, then the cumulative layout shift (CLS) of the swap is read from the browser.
// Usage: node bench/font-shift.mjs   (builds if needed, starts the server on a free loopback port, stops it)
import { chromium } from "playwright-core";
import { findChromium } from "../scripts/ensure-chromium.mjs";
import {
  benchPages,
  chromiumArgs,
  chromiumVersion,
  fontconfigWithoutNastaliq,
  machine,
  saveResult,
  startApp,
  table,
} from "./lib.mjs";

const fontDelayMs = 1_500;
const goodCls = 0.1;

const app = await startApp();
const fonts = fontconfigWithoutNastaliq();
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: chromiumArgs,
  env: { ...process.env, FONTCONFIG_FILE: fonts.file },
});
const results = [];
try {
  for (const width of [320, 360, 393, 412]) {
    for (const benchPage of benchPages) {
      const context = await browser.newContext({
        viewport: { width, height: 800 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      await context.addInitScript(() => {
        const shifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            if (!entry.hadRecentInput) shifts.push({ value: entry.value, at: entry.startTime });
        }).observe({ type: "layout-shift", buffered: true });
        Object.defineProperty(window, "__shifts", { value: shifts });
      });
      let fontRequested = false;
      await context.route("**/*.woff2", async (route) => {
        fontRequested = true;
        await new Promise((resolve) => setTimeout(resolve, fontDelayMs));
        await route.continue();
      });
      const page = await context.newPage();
      await page.goto(`${app.baseURL}/ur${benchPage.path}`, { waitUntil: "load" });
      const before = await page.evaluate(() => document.fonts.check('1em "Aagahi Nastaliq"', "ا"));
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(500);
      const measured = await page.evaluate(() => ({
        shifts: window.__shifts,
        height: document.documentElement.scrollHeight,
        fontLoaded: document.fonts.check('1em "Aagahi Nastaliq"', "ا"),
      }));
      results.push({
        width,
        url: `/ur${benchPage.path}`,
        fontRequested,
        fontReadyBeforeLoad: before,
        fontLoaded: measured.fontLoaded,
        cls: measured.shifts.reduce((sum, shift) => sum + shift.value, 0),
        shifts: measured.shifts,
      });
      await context.close();
    }
  }
} finally {
  await browser.close();
  fonts.cleanup();
  await app.stop();
}

console.log(`\nLayout shift when the Urdu web font arrives ${fontDelayMs} ms late (no Nastaliq on the phone)`);
console.log(
  `${machine()}\n${chromiumVersion()}\nUrdu drawn first in: ${fonts.phoneFont ?? "an unadjusted fallback (no Noto Naskh/Sans Arabic: not like a phone)"}\n`,
);
console.log(
  table([
    ["page", "width", "font downloaded", "CLS (good <= 0.1, goal 0)", "shifts"],
    ...results.map((r) => [
      r.url,
      String(r.width),
      r.fontRequested && r.fontLoaded ? "yes" : "NO",
      `${r.cls.toFixed(3)}${r.cls > goodCls ? " !" : ""}`,
      String(r.shifts.length),
    ]),
  ]),
);
console.log(`\nFull results: ${saveResult("font-shift.json", results)}`);
