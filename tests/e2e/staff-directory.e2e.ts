// An administrator keeps the directory up to date in the browser, with JavaScript off: a helpline they add
// appears on the public page at once (past the server's page cache), and a new FIA circle with its own
// district route receives the next external tip from there.
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { baseURL, useBrowser } from "./browser";
import { postTip, signIn } from "./staff-pages";

const { newPage, allowConsoleError } = useBrowser();

const signInAsAdmin = (page: Page) => signIn(page, "admin@aagahi.demo");

async function publicPage(path: string) {
  // A reader without cookies: the answer may come from the server's page cache.
  const response = await fetch(`${baseURL}${path}`);
  expect(response.status).toBe(200);
  return response.text();
}

// The help page and a topic page (its help box) both show the directory's helplines.
const publicGetHelp = () => publicPage("/en/get-help");
const publicTopic = () => publicPage("/ur/child-trafficking");

async function externalTipFrom(district: string) {
  const body = { category: "fake_job_offer", crossesBorder: "yes", province: "sindh", district };
  return (await postTip({ ...body, description: "Agent promising jobs in Malaysia." })).routing;
}

test("an admin adds a helpline, the help page and the topic pages show it at once, and removing it takes it away", async () => {
  // Warm the page cache first, so the test proves the change gets past it.
  expect(await publicGetHelp()).not.toContain("0800-24-365");
  expect(await publicGetHelp()).not.toContain("0800-24-365");
  expect(await publicTopic()).not.toContain("0800-24-365");
  expect(await publicTopic()).not.toContain("0800-24-365");

  const page = await newPage({ javaScriptEnabled: false });
  await signInAsAdmin(page);
  await page.goto(`${baseURL}/staff/helplines`);
  // A bad number is refused with a message (a 400 answer), and the other answers are kept.
  allowConsoleError(/status of 400/);
  await page.locator("#id").fill("e2e-shelter-line");
  await page.locator("#number").fill("call us");
  await page.locator("#nameEn").fill("Shelter line (test)");
  await page.locator('form:has(input[name="intent"][value="save"]) button[type=submit]').click();
  await page.locator(".error-summary").waitFor();
  await page.waitForLoadState("load");
  expect(await page.locator(".error-summary").count()).toBe(1);
  expect(await page.locator("#nameEn").inputValue()).toBe("Shelter line (test)");

  await page.locator("#number").fill("0800-24-365");
  await page.locator("#nameUr").fill("پناہ گاہ لائن (آزمائش)");
  await page.locator("#descriptionUr").fill("آزمائشی نمبر۔");
  await page.locator("#descriptionEn").fill("A test number.");
  await page.locator("#sourceUr").fill("آزمائش");
  await page.locator("#sourceEn").fill("Test");
  await page.locator("#position").fill("9");
  await page.locator('form:has(input[name="intent"][value="save"]) button[type=submit]').click();
  await page.waitForURL(/done=saved/);

  const shown = await publicGetHelp();
  expect(shown).toContain("0800-24-365");
  expect(shown).toContain('href="tel:080024365"');
  expect(await publicTopic()).toContain('href="tel:080024365"');

  await page.locator('form:has(input[name="id"][value="e2e-shelter-line"]) button[type=submit]').click();
  await page.waitForURL(/done=removed/);
  expect(await publicGetHelp()).not.toContain("0800-24-365");
  expect(await publicTopic()).not.toContain("0800-24-365");

  // Both changes are in the audit log.
  await page.goto(`${baseURL}/staff/audit`);
  const actions = await page
    .locator("[data-action]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
  expect(actions).toEqual(expect.arrayContaining(["helpline_saved", "helpline_removed"]));
});

test("an admin adds an FIA circle and routes a district to it; the next external tip from there goes to it", async () => {
  expect(await externalTipFrom("sukkur")).toMatchObject({
    unit: "fia-ahtc-karachi",
    reasons: expect.arrayContaining(["fia_unit_for_province"]),
  });

  const page = await newPage({ javaScriptEnabled: false });
  await signInAsAdmin(page);
  await page.goto(`${baseURL}/staff/directory`);
  await page.locator("#agencyCode").selectOption("fia");
  await page.locator("#code").fill("fia-ahtc-sukkur");
  await page.locator("#nameUr").fill("ایف آئی اے انسدادِ انسانی تجارت سرکل، سکھر");
  await page.locator("#nameEn").fill("FIA Anti Human Trafficking Circle, Sukkur");
  await page.locator("main form button[type=submit]").click();
  await page.waitForURL(/done=added/);

  await page.goto(`${baseURL}/staff/routing`);
  await page.locator("#place").selectOption("district:sukkur");
  await page.locator("#unitCode").selectOption("fia-ahtc-sukkur");
  await page.locator('form:has(input[name="intent"][value="set"]) button[type=submit]').click();
  await page.waitForURL(/done=saved/);
  expect(await externalTipFrom("sukkur")).toMatchObject({
    unit: "fia-ahtc-sukkur",
    reasons: expect.arrayContaining(["fia_unit_for_district"]),
  });

  // Removing the district's route sends its tips back to the province's circle.
  await page.locator('form:has(input[name="place"][value="district:sukkur"]) button[type=submit]').click();
  await page.waitForURL(/done=removed/);
  expect(await externalTipFrom("sukkur")).toMatchObject({ unit: "fia-ahtc-karachi" });
});

test("an admin sets a unit's duty address for urgent alerts; a wrong one is refused with a message", async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await signInAsAdmin(page);
  await page.goto(`${baseURL}/staff/directory?unit=fia-ahtc-lahore#directory-form`);
  allowConsoleError(/status of 400/);
  await page.locator("#alertEmail").fill("not an address");
  await page.locator('form:has(input[name="intent"][value="alert-email-unit"]) button[type=submit]').click();
  await page.locator(".error-summary").waitFor();
  await page.waitForLoadState("load");
  expect(await page.locator('.error-summary a[href="#alertEmail"]').count()).toBe(1);
  expect(await page.locator("#alertEmail").inputValue()).toBe("not an address");
  // The rename form above it is still the unit's.
  expect(await page.locator("#nameEn").inputValue()).toContain("Lahore");

  await page.locator("#alertEmail").fill("duty.lahore@fia.gov.pk");
  await page.locator('form:has(input[name="intent"][value="alert-email-unit"]) button[type=submit]').click();
  await page.waitForURL(/done=alertEmail/);
  expect(await page.content()).toContain("duty.lahore@fia.gov.pk");
  await page.goto(`${baseURL}/staff/audit`);
  const actions = await page
    .locator("[data-action]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
  expect(actions).toContain("alert_email_set");
});
