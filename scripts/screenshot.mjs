// Screenshots of a page as a phone shows it, one image per screenful, for a person to look at.
// Usage: node scripts/screenshot.mjs URL OUT_PREFIX [--width 360] [--height 740] [--screens 3] [--no-js]
import { chromium } from "playwright-core";
import { chromiumArgs, findChromium } from "./ensure-chromium.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const [url, prefix] = args;
if (!url || !prefix) {
  console.error(
    "usage: node scripts/screenshot.mjs URL OUT_PREFIX [--width 360] [--height 740] [--screens 3] [--no-js]",
  );
  process.exit(2);
}
const width = Number(option("width", 360));
const height = Number(option("height", 740));
const screens = Number(option("screens", 3));

const browser = await chromium.launch({
  executablePath: findChromium(),
  args: chromiumArgs,
});
const context = await browser.newContext({
  viewport: { width, height },
  isMobile: true,
  javaScriptEnabled: !args.includes("--no-js"),
});
const page = await context.newPage();
await page.goto(url);
await page.evaluate(() => document.fonts.ready);
const total = await page.evaluate(() => document.documentElement.scrollHeight);
for (let i = 0; i < screens && i * height < total; i++) {
  const file = `${prefix}-${i + 1}.png`;
  await page.screenshot({
    path: file,
    fullPage: true,
    clip: { x: 0, y: i * height, width, height: Math.min(height, total - i * height) },
  });
  console.log(file);
}
console.log(`page height ${total}px, width ${await page.evaluate(() => document.documentElement.scrollWidth)}px`);
await browser.close();
