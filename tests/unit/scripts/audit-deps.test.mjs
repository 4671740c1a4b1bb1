import { expect, test } from "vitest";
import { auditVerdict } from "../../../scripts/audit-deps.mjs";

const report = (vulnerabilities) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: {} } });
const advisory = (name, id, severity, title = "something bad") => ({
  [name]: { name, severity, via: [{ source: 1, name, title, url: `https://github.com/advisories/${id}`, severity }] },
});

test.each([
  ["no network", "", "warn"],
  [
    "the registry has no audit service (405)",
    JSON.stringify({
      message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
      statusCode: 405,
    }),
    "warn",
  ],
  [
    "a DNS failure",
    JSON.stringify({ error: { code: "ENOTFOUND", summary: "request to https://registry.npmjs.org failed" } }),
    "warn",
  ],
  ["a clean report", report({}), "pass"],
  ["a moderate advisory", report(advisory("cookie", "GHSA-aaaa-bbbb-cccc", "moderate")), "pass"],
  ["a high advisory", report(advisory("express", "GHSA-dddd-eeee-ffff", "high")), "fail"],
  ["a critical advisory", report(advisory("qs", "GHSA-gggg-hhhh-iiii", "critical")), "fail"],
  [
    "the accepted turbo-stream advisory (CVE-2026-34077)",
    report(advisory("turbo-stream", "GHSA-rxv8-25v2-qmq8", "high")),
    "pass",
  ],
  [
    "the accepted advisory next to a new high one",
    report({
      ...advisory("turbo-stream", "GHSA-rxv8-25v2-qmq8", "high"),
      ...advisory("express", "GHSA-dddd-eeee-ffff", "high"),
    }),
    "fail",
  ],
])("%s: %s", (_, stdout, verdict) => {
  expect(auditVerdict(stdout).verdict).toBe(verdict);
});

test("a failure names the advisory and the package; an offline run says nothing was checked", () => {
  const failed = auditVerdict(report(advisory("express", "GHSA-dddd-eeee-ffff", "high", "Open redirect")));
  expect(failed.lines).toContain("HIGH: GHSA-dddd-eeee-ffff (high) in express: Open redirect");
  expect(auditVerdict("").lines.join("\n")).toMatch(/NOT checked/);
});
