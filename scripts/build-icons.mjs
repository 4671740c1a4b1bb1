// Draws the app icons (public/icons/*.png) from the favicon's design, in Chromium, with no network.
// The PNGs are committed; run this again only when the design changes: node scripts/build-icons.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { chromiumArgs, findChromium } from "./ensure-chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "public/icons");
const mark = `<path d="M16 6l9 20H7z" fill="none" stroke="#ffdd00" stroke-width="3" stroke-linejoin="round"/>
  <circle cx="16" cy="21" r="1.8" fill="#ffdd00"/>`;
// "any": the favicon's rounded square. "maskable": full bleed, the mark inside the central safe circle
// (radius 40 % of the icon) that every launcher mask keeps.
const designs = {
  icon: `<rect width="32" height="32" rx="6" fill="#0b3d5c"/>${mark}`,
  maskable: `<rect width="32" height="32" fill="#0b3d5c"/><g transform="translate(16 16.5) scale(0.72) translate(-16 -16)">${mark}</g>`,
};

const browser = await chromium.launch({
  executablePath: findChromium(),
  args: chromiumArgs,
});
fs.mkdirSync(outDir, { recursive: true });
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  for (const [name, body] of Object.entries(designs)) {
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${size}" height="${size}" style="display:block">${body}</svg></body></html>`,
    );
    const file = path.join(outDir, `${name}-${size}.png`);
    await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`${path.relative(root, file)} ${fs.statSync(file).size} bytes`);
  }
  await page.close();
}
await browser.close();
