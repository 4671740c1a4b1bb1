// Finds Chromium for the browser tests, and installs Debian's package when it is missing and we can
// (root with apt-get). Browser downloads by test tools cannot work on machines without internet access.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";

export const chromiumCandidates = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
].filter(Boolean);

/** Flags for Chromium here: without the background-networking ones it keeps trying to reach the internet. */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function findChromium() {
  return chromiumCandidates.find((candidate) => fs.existsSync(candidate));
}

function canInstall() {
  return process.getuid?.() === 0 && spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let chromium = findChromium();
  if (!chromium && canInstall()) {
    console.log("Chromium not found: installing Debian's chromium package.");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    chromium = findChromium();
  }
  if (!chromium) {
    console.error(
      "Chromium is needed for the browser tests. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.",
    );
    process.exit(1);
  }
  console.log(`Chromium: ${chromium}`);
}
