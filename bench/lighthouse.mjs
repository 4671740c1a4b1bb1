// Lighthouse (npm `lighthouse`, run through npx so it is not a project dependency) with Debian's Chromium and
// Lighthouse's default mobile settings (a mid-range phone, simulated slow 4G), on the home page, a topic page,
// get help and the report page in Urdu and English.
// Usage: node bench/lighthouse.mjs [--runs 1]   (builds if needed, starts the server on a free loopback port,
// stops it). With several runs per page the run with the median performance score is reported, as
// Lighthouse's own documentation advises: its performance score varies from run to run on a busy machine.
//
// Like bench/page-weight.mjs, Chromium runs without a Nastaliq font of its own, so the Urdu web font is
// downloaded: the worst case.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromiumArgs, findChromium } from "../scripts/ensure-chromium.mjs";
import {
  benchPages,
  chromiumVersion,
  fontconfigWithoutNastaliq,
  machine,
  saveResult,
  startApp,
  table,
} from "./lib.mjs";

const lighthouseVersion = process.env.LIGHTHOUSE_VERSION ?? "13.5.0";
const runsIndex = process.argv.indexOf("--runs");
const runs = runsIndex > 0 ? Number(process.argv[runsIndex + 1]) : 1;
const goals = { performance: 98, accessibility: 100, "best-practices": 100, seo: 100 };
const chromeFlags = ["--headless=new", ...chromiumArgs].join(" ");

function runLighthouse(url, outputPath, env) {
  return new Promise((resolve, reject) => {
    const args = [
      "--yes",
      `lighthouse@${lighthouseVersion}`,
      url,
      "--quiet",
      "--output=json",
      `--output-path=${outputPath}`,
      "--only-categories=performance,accessibility,best-practices,seo",
      `--chrome-flags=${chromeFlags}`,
    ];
    const child = spawn("npx", args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) =>
      code === 0 ? resolve(undefined) : reject(new Error(`lighthouse failed for ${url}:\n${stderr}`)),
    );
  });
}

/** Scores, main metrics and what cost points in one Lighthouse report. */
function summarise(report, url) {
  const scores = Object.fromEntries(
    Object.keys(goals).map((id) => [id, Math.round((report.categories[id]?.score ?? 0) * 100)]),
  );
  const lost = Object.keys(goals).flatMap((id) =>
    (report.categories[id]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && report.audits[ref.id]?.score !== null && report.audits[ref.id]?.score < 1)
      .map((ref) => `${id}: ${ref.id} (${report.audits[ref.id].displayValue ?? report.audits[ref.id].score})`),
  );
  const metric = (id) => report.audits[id]?.numericValue ?? 0;
  return {
    url,
    scores,
    metrics: {
      fcpMs: metric("first-contentful-paint"),
      lcpMs: metric("largest-contentful-paint"),
      tbtMs: metric("total-blocking-time"),
      cls: metric("cumulative-layout-shift"),
      speedIndexMs: metric("speed-index"),
    },
    lost,
  };
}

const app = await startApp();
const fonts = fontconfigWithoutNastaliq();
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-lighthouse-"));
const env = { ...process.env, CHROME_PATH: findChromium() ?? "/usr/bin/chromium", FONTCONFIG_FILE: fonts.file };
const results = [];
try {
  // Fill the server's page cache, as earlier readers would have.
  for (const lang of ["ur", "en"])
    for (const page of benchPages) await (await fetch(`${app.baseURL}/${lang}${page.path}`)).text();
  for (const lang of ["ur", "en"]) {
    for (const page of benchPages) {
      const url = `${app.baseURL}/${lang}${page.path}`;
      const attempts = [];
      for (let run = 1; run <= runs; run++) {
        const outputPath = path.join(outDir, `${lang}-${page.name.replace(/\W/g, "-")}-${run}.json`);
        process.stdout.write(`lighthouse ${url} (${run}/${runs}) ... `);
        // Lighthouse now and then fails to record a trace (NO_NAVSTART, NO_FCP) on a busy machine: try again.
        for (let attempt = 1; ; attempt++) {
          try {
            await runLighthouse(url, outputPath, env);
            break;
          } catch (error) {
            if (attempt >= 3) throw error;
            process.stdout.write("(retrying) ");
          }
        }
        const report = JSON.parse(fs.readFileSync(outputPath, "utf8"));
        attempts.push(summarise(report, `/${lang}${page.path}`));
        console.log(Object.values(attempts.at(-1).scores).join(" / "));
      }
      attempts.sort((a, b) => a.scores.performance - b.scores.performance);
      const chosen = attempts[Math.floor((attempts.length - 1) / 2)];
      results.push({ ...chosen, performanceRuns: attempts.map((a) => a.scores.performance) });
    }
  }
} finally {
  fs.rmSync(outDir, { recursive: true, force: true });
  fonts.cleanup();
  await app.stop();
}

const mark = (value, goal) => `${value}${value < goal ? " !" : ""}`;
console.log(
  `\nLighthouse ${lighthouseVersion}, mobile (its default: emulated phone, simulated slow 4G, 4x CPU slowdown), ${runs} run(s) per page`,
);
console.log(`${machine()}\n${chromiumVersion()}\n`);
console.log(
  table([
    [
      "page",
      "performance (>=98)",
      "accessibility (100)",
      "best practices (100)",
      "SEO (100)",
      "FCP ms",
      "LCP ms",
      "TBT ms",
      "CLS",
    ],
    ...results.map((r) => [
      r.url,
      `${mark(r.scores.performance, goals.performance)}${runs > 1 ? ` (${r.performanceRuns.join(",")})` : ""}`,
      mark(r.scores.accessibility, goals.accessibility),
      mark(r.scores["best-practices"], goals["best-practices"]),
      mark(r.scores.seo, goals.seo),
      r.metrics.fcpMs.toFixed(0),
      r.metrics.lcpMs.toFixed(0),
      r.metrics.tbtMs.toFixed(0),
      r.metrics.cls.toFixed(3),
    ]),
  ]),
);
const misses = results.filter((r) => r.lost.length > 0);
if (misses.length) {
  console.log("\nAudits that cost points:");
  for (const r of misses) console.log(`  ${r.url}: ${r.lost.join("; ")}`);
}
console.log(`\nFull results: ${saveResult("lighthouse.json", results)}`);
