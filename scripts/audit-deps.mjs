// @ts-check
// `npm audit --omit=dev`, as a step of `npm test` (scripts/run-tests.mjs): fails on a high or critical advisory
// against a production dependency, unless it is accepted below with its reason. When no audit report can be
// had (no network, a registry or mirror without the audit service), it prints a warning and passes: the
// tests must run offline. See docs/decisions/015.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Advisories that cannot be fixed by an update and were judged (docs/decisions/015); each names why.
 * @type {Record<string, string>}
 */
export const acceptedAdvisories = {
  // CVE-2026-34077: turbo-stream 2.4.1, pinned exactly by @remix-run/react and @remix-run/server-runtime 2.17.5
  // (the last Remix 2). turbo-stream 3 changed its API, so an override breaks Remix's single fetch.
  "GHSA-rxv8-25v2-qmq8": "turbo-stream 2.x under Remix 2: no compatible fix (docs/decisions/015)",
};

const blocking = new Set(["high", "critical"]);

/**
 * @typedef {{ verdict: "pass" | "fail" | "warn", lines: string[] }} AuditVerdict
 */

/**
 * Reads `npm audit --json` output. No report (an error object, or no JSON at all) is a warning, never a failure.
 * @param {string} stdout
 * @returns {AuditVerdict}
 */
export function auditVerdict(stdout) {
  /** @type {any} */
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { verdict: "warn", lines: ["npm audit gave no report (offline?): dependencies NOT checked."] };
  }
  if (!report || typeof report !== "object" || !report.vulnerabilities || !report.metadata) {
    const reason = String(report?.error?.summary || report?.message || report?.error?.code || "no report").split(
      "\n",
    )[0];
    return { verdict: "warn", lines: [`npm audit could not check the dependencies (${reason}): NOT checked.`] };
  }
  /** @type {Map<string, { id: string, title: string, severity: string, packages: Set<string> }>} */
  const advisories = new Map();
  for (const [name, entry] of Object.entries(report.vulnerabilities)) {
    for (const via of /** @type {any[]} */ (entry?.via ?? [])) {
      if (!via || typeof via !== "object") continue;
      const id = /GHSA-[\w-]+/i.exec(String(via.url ?? ""))?.[0] ?? String(via.source ?? via.title ?? "unknown");
      const advisory = advisories.get(id) ?? {
        id,
        title: String(via.title ?? ""),
        severity: String(via.severity ?? ""),
        packages: new Set(),
      };
      advisory.packages.add(String(via.name ?? name));
      advisories.set(id, advisory);
    }
  }
  const lines = [];
  let failed = false;
  for (const advisory of advisories.values()) {
    const accepted = acceptedAdvisories[advisory.id];
    const where = `${advisory.id} (${advisory.severity}) in ${[...advisory.packages].join(", ")}: ${advisory.title}`;
    if (accepted) lines.push(`accepted: ${where}. ${accepted}`);
    else if (blocking.has(advisory.severity)) {
      failed = true;
      lines.push(`HIGH: ${where}`);
    } else lines.push(`noted: ${where}`);
  }
  if (advisories.size === 0) lines.push("No known vulnerabilities in production dependencies.");
  return { verdict: failed ? "fail" : "pass", lines };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const result = spawnSync("npm", ["audit", "--omit=dev", "--json"], { cwd: root, encoding: "utf8", timeout: 120_000 });
  const { verdict, lines } = auditVerdict(result.stdout ?? "");
  for (const line of lines)
    (verdict === "pass" ? console.log : console.warn)(verdict === "warn" ? `WARNING: ${line}` : line);
  process.exit(verdict === "fail" ? 1 : 0);
}
