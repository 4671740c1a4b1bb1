// axe-core in Chromium on every public page in both languages, in their error states too: zero violations.
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { publicPaths } from "~/content/pages";
import { baseURL, useBrowser } from "./browser";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core");
const { newPage, allowConsoleError } = useBrowser();

const highRiskAnswers = new URLSearchParams({
  under18: "yes",
  fee: "without_receipt",
  passport: "agent_or_employer",
  visa: "visit",
  contract: "no",
  channel: "office_showed_licence",
  jobType: "salon_dancer_hostess",
  pay: "much_higher",
  advance: "yes",
  marriage: "no",
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs every axe rule (WCAG 2.x A and AA, and best practices) on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations;
  });
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
}

/** axe is injected as an inline script, which the site's CSP rightly refuses: the test context bypasses it. */
const openPage = () => newPage({ bypassCSP: true });

describe.each(["ur", "en"] as const)("accessibility in %s", (lang) => {
  test.each(publicPaths.map((path) => [path || "/", path]))("%s has no axe violations", async (_label, path) => {
    const page = await openPage();
    const response = await page.goto(`${baseURL}/${lang}${path}`);
    expect(response?.status()).toBe(200);
    expect(await axeViolations(page)).toEqual([]);
  });

  test("the job-offer check with every answer missing has no axe violations", async () => {
    const page = await openPage();
    allowConsoleError(/status of 400/);
    await page.goto(`${baseURL}/${lang}/job-check`);
    await page.locator("main form button[type=submit]").click();
    await page.locator(".error-summary").waitFor();
    // The summary comes first; the rest of the page may still be streaming in.
    await page.waitForLoadState("load");
    expect(await axeViolations(page)).toEqual([]);
  });

  test("a high-risk job-offer result has no axe violations", async () => {
    const page = await openPage();
    await page.goto(`${baseURL}/${lang}/job-check/result?${highRiskAnswers}`);
    await page.locator("[data-risk]").waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  test("the report form sent empty, with its errors, has no axe violations", async () => {
    const page = await openPage();
    allowConsoleError(/status of 400/);
    await page.goto(`${baseURL}/${lang}/report`);
    await page.locator("form#form button[type=submit]").click();
    await page.locator(".error-summary").waitFor();
    // The summary comes first; the rest of the page may still be streaming in.
    await page.waitForLoadState("load");
    expect(await axeViolations(page)).toEqual([]);
  });

  test("the follow-up form with a mistyped receipt has no axe violations", async () => {
    const page = await openPage();
    allowConsoleError(/status of 400/);
    await page.goto(`${baseURL}/${lang}/follow-up`);
    await page.locator("#receipt").fill("ABCD-EFGH");
    await page.locator("main form button[type=submit]").click();
    await page.locator(".error-summary").waitFor();
    // The summary comes first; the rest of the page may still be streaming in.
    await page.waitForLoadState("load");
    expect(await axeViolations(page)).toEqual([]);
  });

  test("the not-found page has no axe violations", async () => {
    const page = await openPage();
    allowConsoleError(/status of 404/);
    const response = await page.goto(`${baseURL}/${lang}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await axeViolations(page)).toEqual([]);
  });
});

test("the check itself works: axe reports a page built to fail", async () => {
  const page = await openPage();
  await page.goto(`${baseURL}/en`);
  await page.evaluate(() => {
    document.documentElement.removeAttribute("lang");
    document.querySelector("h1")?.insertAdjacentHTML("afterend", '<img src="/favicon.svg">');
  });
  const violations = await axeViolations(page);
  expect(violations.map((violation) => violation.split(" ")[0])).toEqual(
    expect.arrayContaining(["html-has-lang", "image-alt"]),
  );
});
