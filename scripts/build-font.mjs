// Builds the Urdu web font: Noto Nastaliq Urdu (one weight, from the npm package) subset to the Urdu
// alphabet and every character the Urdu pages use. Runs before each build; skips when up to date.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import subsetFont from "subset-font";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const source = require.resolve("@fontsource/noto-nastaliq-urdu/files/noto-nastaliq-urdu-arabic-400-normal.woff2");
const output = path.join(root, "app/styles/fonts/noto-nastaliq-urdu-subset.woff2");
const urduLocales = path.join(root, "locales/ur");

// Everything a reporter or staff member may type in Urdu must render too, not only our own text.
const urduAlphabet = "ءآأؤإئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھۂۃیےۓ";
const marks = String.fromCodePoint(...range(0x064b, 0x065f), 0x0670, 0x0654, 0x0655);
const digits = "0123456789" + String.fromCodePoint(...range(0x06f0, 0x06f9), ...range(0x0660, 0x0669));
const punctuation = "،؛؟۔٪٫٬ـ\u200c\u200d\u200e\u200f\u00a0 .,:;!?()[]«»\"'-–—/%+*=#@&";

function range(from, to) {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function usedText() {
  const files = fs.readdirSync(urduLocales).filter((f) => f.endsWith(".json"));
  return files.map((f) => fs.readFileSync(path.join(urduLocales, f), "utf8")).join("");
}

function isUpToDate() {
  if (!fs.existsSync(output)) return false;
  const built = fs.statSync(output).mtimeMs;
  const inputs = [
    source,
    fileURLToPath(import.meta.url),
    ...fs.readdirSync(urduLocales).map((f) => path.join(urduLocales, f)),
  ];
  return inputs.every((file) => fs.statSync(file).mtimeMs <= built);
}

if (isUpToDate()) {
  console.log("Urdu font subset is up to date.");
} else {
  const wanted = new Set([...urduAlphabet, ...marks, ...digits, ...punctuation]);
  // Keep only Arabic-script characters from the pages; Latin text is shown in the system font.
  for (const char of usedText()) {
    const code = char.codePointAt(0) ?? 0;
    if ((code >= 0x0600 && code <= 0x06ff) || (code >= 0xfb50 && code <= 0xfeff)) wanted.add(char);
  }
  const subset = await subsetFont(fs.readFileSync(source), [...wanted].join(""), { targetFormat: "woff2" });
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, subset);
  console.log(
    `Urdu font subset: ${wanted.size} characters, ${(subset.length / 1024).toFixed(1)} KiB -> ${path.relative(root, output)}`,
  );
}
