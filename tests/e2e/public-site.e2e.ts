import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { articlePages, publicPaths, topicPages } from "~/content/pages";
import { baseURL, useBrowser } from "./browser";

const { newPage, allowForeign, allowConsoleError } = useBrowser();

/** Answers every job-check question and waits for the result page. */
async function answerJobCheck(page: Page, answers: Record<string, string>) {
  for (const [question, option] of Object.entries(answers)) {
    await page.locator(`input[name="${question}"][value="${option}"]`).check();
  }
  await page.locator("main form button[type=submit]").click();
  await page.waitForURL(/\/job-check\/result\?/);
}
const screenshotDir = path.resolve(__dirname, "../../test-results/screenshots");
const quickExitTarget = "https://www.google.com/";

const expected = {
  ur: { dir: "rtl", switchLabel: "English", errorPrefix: "غلطی:" },
  en: { dir: "ltr", switchLabel: "اردو", errorPrefix: "Error:" },
} as const;

describe.each(["ur", "en"] as const)("public pages in %s", (lang) => {
  test.each(publicPaths)(
    `/${lang}%s loads with the right lang and dir, a heading and the quick exit`,
    async (suffix) => {
      const page = await newPage();
      const response = await page.goto(`${baseURL}/${lang}${suffix}`);
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
      expect(await page.getAttribute("html", "dir")).toBe(expected[lang].dir);
      expect(await page.locator("h1").count()).toBe(1);
      expect(await page.locator("a[data-quick-exit]").isVisible()).toBe(true);
      expect(await page.locator("main#main").count()).toBe(1);
      // Nothing is wider than a phone's screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    },
  );

  test("the home page links to every topic, the law, get help, safety and the job-offer check", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${baseURL}/${lang}`);
    const hrefs = await page.locator("main a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    for (const slug of [...articlePages.map((p) => p.slug), "get-help", "job-check"]) {
      expect(hrefs).toContain(`/${lang}/${slug}`);
    }
  });

  test("the language switch keeps the reader on the same page, with JavaScript off", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${baseURL}/${lang}/bonded-labour`);
    await page.getByRole("link", { name: expected[lang].switchLabel }).click();
    const other = lang === "ur" ? "en" : "ur";
    expect(new URL(page.url()).pathname).toBe(`/${other}/bonded-labour`);
    expect(await page.getAttribute("html", "lang")).toBe(other);
    expect(await page.getAttribute("html", "dir")).toBe(expected[other].dir);
  });

  test("every topic page has red flags, a real case, what to do, and a WhatsApp share link", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    for (const topic of topicPages) {
      await page.goto(`${baseURL}/${lang}/${topic.slug}`);
      expect(await page.locator("section#redFlags li").count(), topic.slug).toBeGreaterThanOrEqual(4);
      if (topic.slug !== "migrant-smuggling") expect(await page.locator("section#case").count(), topic.slug).toBe(1);
      expect(await page.locator("section#do li").count(), topic.slug).toBeGreaterThan(0);
      const share = await page.locator("a.share-link").getAttribute("href");
      expect(share).toMatch(/^https:\/\/wa\.me\/\?text=/);
      expect(decodeURIComponent(share!)).toContain(`/${lang}/${topic.slug}`);
      const report = await page.locator(`a[href^="/${lang}/report?category="]`).getAttribute("href");
      expect(report).toBe(`/${lang}/report?category=${topic.reportCategory}`);
    }
  });

  test("every topic page shows police 15 and the directory's helplines in a help box on the page", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    for (const topic of topicPages) {
      await page.goto(`${baseURL}/${lang}/${topic.slug}`);
      const box = page.locator("aside#help");
      expect(await box.count(), topic.slug).toBe(1);
      const tels = await box
        .locator('a[href^="tel:"]')
        .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      // From the directory (app/data/helplines.json on a new database): police emergency, FIA hotline, MoHR.
      expect(tels, topic.slug).toEqual(expect.arrayContaining(["tel:15", "tel:111247786", "tel:1099"]));
      // The box is part of the page, after "What you can do".
      expect(await page.locator("section#do aside#help").count(), topic.slug).toBe(1);
    }
  });

  test("a text about someone in danger links straight to help: the box on a topic page, the help page elsewhere", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${baseURL}/${lang}/law`);
    const lawLinks = await page.locator("a.help-link").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(lawLinks.length).toBeGreaterThan(0);
    for (const href of lawLinks) expect(href).toBe(`/${lang}/get-help`);
    for (const topic of topicPages) {
      await page.goto(`${baseURL}/${lang}/${topic.slug}`);
      for (const href of await page
        .locator("a.help-link")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href")))) {
        expect(href, topic.slug).toBe("#help");
      }
    }
  });

  test("an unknown page is a 404 in the reader's language, with the quick exit", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    allowConsoleError(/status of 404/);
    const response = await page.goto(`${baseURL}/${lang}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await page.getAttribute("html", "lang")).toBe(lang);
    expect(await page.locator("a[data-quick-exit]").count()).toBe(1);
  });
});

describe("quick exit", () => {
  async function pageWithNeutralSite(javaScriptEnabled: boolean) {
    const page = await newPage({ javaScriptEnabled });
    allowForeign(quickExitTarget);
    await page.route(`${quickExitTarget}**`, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<title>Weather</title><p>Weather</p>" }),
    );
    return page;
  }

  test("with JavaScript, the button leaves and Back does not return to the page that was open", async () => {
    const page = await pageWithNeutralSite(true);
    await page.goto(`${baseURL}/ur`);
    await page.goto(`${baseURL}/ur/bride-trafficking`);
    await page.locator("a[data-quick-exit]").click();
    await page.waitForURL(`${quickExitTarget}**`);
    await page.goBack();
    // The sensitive page was replaced in history: Back lands on the page before it.
    expect(new URL(page.url()).pathname).toBe("/ur");
  });

  test("with JavaScript, the Escape key leaves the site", async () => {
    const page = await pageWithNeutralSite(true);
    await page.goto(`${baseURL}/en/fake-job-offers`);
    await page.keyboard.press("Escape");
    await page.waitForURL(`${quickExitTarget}**`);
    expect(page.url().startsWith(quickExitTarget)).toBe(true);
  });

  test("without JavaScript, the button is a plain link that leaves the site", async () => {
    const page = await pageWithNeutralSite(false);
    await page.goto(`${baseURL}/ur/fake-job-offers`);
    await page.locator("a[data-quick-exit]").click();
    await page.waitForURL(`${quickExitTarget}**`);
    expect(await page.getAttribute("a[data-quick-exit]", "href").catch(() => null)).toBeNull();
    expect(await page.textContent("p")).toBe("Weather");
  });
});

describe.each([
  ["ur", false],
  ["en", false],
  ["ur", true],
  ["en", true],
] as const)("the job-offer check in %s (JavaScript %s)", (lang, javaScriptEnabled) => {
  test("an empty form shows the GOV.UK error summary, field errors and an Error: title", async () => {
    const page = await newPage({ javaScriptEnabled });
    allowConsoleError(/status of 400/);
    await page.goto(`${baseURL}/${lang}/job-check`);
    await page.locator("main form button[type=submit]").click();
    await page.locator(".error-summary").waitFor();
    // The summary comes first; the rest of the page may still be streaming in.
    await page.waitForLoadState("load");
    expect(await page.title()).toMatch(new RegExp(`^${expected[lang].errorPrefix}`));
    expect(await page.locator(".error-summary li").count()).toBe(10);
    expect(await page.locator(".field-error").count()).toBe(10);
    // The summary takes focus so screen readers announce it.
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
  });

  test("answers with serious warning signs give a high-risk result and a report button with the category", async () => {
    const page = await newPage({ javaScriptEnabled });
    await page.goto(`${baseURL}/${lang}/job-check`);
    const answers: Record<string, string> = {
      under18: "no",
      fee: "without_receipt",
      passport: "agent_or_employer",
      visa: "visit",
      contract: "no",
      channel: "phone_or_social_media",
      jobType: "salon_dancer_hostess",
      pay: "much_higher",
      advance: "no",
      marriage: "no",
    };
    await answerJobCheck(page, answers);
    expect(await page.locator("[data-risk]").getAttribute("data-risk")).toBe("high");
    const flags = await page
      .locator("[data-flag]")
      .evaluateAll((items) => items.map((li) => li.getAttribute("data-flag")));
    expect(flags).toEqual(
      expect.arrayContaining([
        "passport_held",
        "visit_visa_for_work",
        "fee_without_receipt",
        "entertainment_job_abroad",
      ]),
    );
    expect(await page.locator(`a[href="/${lang}/report?category=fake_job_offer"]`).count()).toBe(1);
  });

  test("a partly answered form keeps the answers given", async () => {
    const page = await newPage({ javaScriptEnabled });
    allowConsoleError(/status of 400/);
    await page.goto(`${baseURL}/${lang}/job-check`);
    await page.locator('input[name="fee"][value="none"]').check();
    await page.locator('input[name="marriage"][value="yes"]').check();
    await page.locator("main form button[type=submit]").click();
    await page.locator(".error-summary").waitFor();
    // The summary comes first; the rest of the page may still be streaming in.
    await page.waitForLoadState("load");
    expect(await page.locator('input[name="fee"][value="none"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="marriage"][value="yes"]').isChecked()).toBe(true);
    expect(await page.locator(".field-error").count()).toBe(8);
  });

  test("a parent paying an agent, with a receipt, for a daughter's city maid job through a relative gets high risk and a child report button", async () => {
    const page = await newPage({ javaScriptEnabled });
    await page.goto(`${baseURL}/${lang}/job-check`);
    const answers: Record<string, string> = {
      under18: "yes",
      fee: "with_receipt",
      passport: "me",
      visa: "not_abroad",
      contract: "yes",
      channel: "friend_or_relative",
      jobType: "domestic",
      pay: "normal",
      advance: "no",
      marriage: "no",
    };
    await answerJobCheck(page, answers);
    expect(await page.locator("[data-risk]").getAttribute("data-risk")).toBe("high");
    expect(await page.locator('[data-flag="child_job_serious"]').count()).toBe(1);
    expect(await page.locator(`a[href="/${lang}/report?category=child_exploitation"]`).count()).toBe(1);
  });
});

test("without JavaScript, each public page's full text is in the HTML (as curl sees it)", async () => {
  for (const lang of ["ur", "en"] as const) {
    for (const page of articlePages) {
      const html = await (await fetch(`${baseURL}/${lang}/${page.slug}`)).text();
      const content = JSON.parse(
        fs.readFileSync(path.resolve(__dirname, `../../locales/${lang}/${page.namespace}.json`), "utf8"),
      ) as { lead: string; sections: Record<string, { heading: string; items?: (string | { text: string })[] }> };
      const escape = (text: string) =>
        text
          .replace(/&/g, "&amp;")
          .replace(/</g, "&lt;")
          .replace(/>/g, "&gt;")
          .replace(/"/g, "&quot;")
          .replace(/'/g, "&#x27;");
      // React 18 once streamed NUL bytes into Urdu text (scripts/patch-react-dom.mjs).
      expect(html.includes("\u0000"), `${lang}/${page.slug} has no NUL bytes`).toBe(false);
      expect(html).toContain(escape(content.lead));
      for (const section of Object.values(content.sections)) {
        expect(html).toContain(escape(section.heading));
        const lastItem = section.items?.at(-1);
        if (lastItem) expect(html).toContain(escape(typeof lastItem === "string" ? lastItem : lastItem.text));
      }
      // No React runtime on public pages: they must be light and work the same without JavaScript.
      expect(html).not.toMatch(/entry\.client|__remixContext/);
    }
  }
});

test("the first visit goes to Urdu, or to English when the browser asks for it", async () => {
  const urdu = await fetch(`${baseURL}/`, { redirect: "manual" });
  expect(urdu.headers.get("location")).toMatch(/\/ur$/);
  const english = await fetch(`${baseURL}/`, { redirect: "manual", headers: { "Accept-Language": "en-GB,en;q=0.9" } });
  expect(english.headers.get("location")).toMatch(/\/en$/);
});

test("another spelling of a page's address goes to its one address, so each page is rendered and kept once", async () => {
  for (const [spelling, address] of [
    ["/ur/", "/ur"],
    ["/%75r/get-help", "/ur/get-help"],
    ["/en//get-help/?from=share", "/en/get-help?from=share"],
  ]) {
    const response = await fetch(`${baseURL}${spelling}`, { redirect: "manual" });
    expect(response.status, spelling).toBe(301);
    expect(response.headers.get("location"), spelling).toBe(address);
  }
  const followed = await fetch(`${baseURL}/%75r/`);
  expect(followed.url).toBe(`${baseURL}/ur`);
  expect(await followed.text()).toContain('lang="ur"');
});

test("public pages set no cookie", async () => {
  for (const suffix of publicPaths) {
    const response = await fetch(`${baseURL}/ur${suffix}`);
    expect(response.headers.get("set-cookie"), suffix).toBeNull();
  }
});

test("screenshots of Urdu pages at phone width are saved for a person to look at", async () => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const page = await newPage({ deviceScaleFactor: 1 });
  for (const [name, pathname] of [
    ["ur-home", "/ur"],
    ["ur-fake-job-offers", "/ur/fake-job-offers"],
    [
      "ur-job-check-result",
      "/ur/job-check/result?under18=yes&fee=without_receipt&passport=agent_or_employer&visa=visit&contract=no&channel=office_showed_licence&jobType=domestic&pay=normal&advance=no&marriage=no",
    ],
  ]) {
    await page.goto(`${baseURL}${pathname}`);
    await page.evaluate(() => document.fonts.ready);
    // The Nastaliq face is used for Urdu text, not a fallback.
    expect(await page.evaluate(() => document.fonts.check('1rem "Aagahi Nastaliq"', "آگاہی"))).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    expect(fs.statSync(path.join(screenshotDir, `${name}.png`)).size).toBeGreaterThan(10_000);
  }
});
