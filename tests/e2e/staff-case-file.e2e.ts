import { describe, expect, test } from "vitest";
import { baseURL, useBrowser } from "./browser";
import { openByReference, postTip, signIn } from "./staff-pages";

// Issue 16: the case file for prosecutors (printed, contents and contact permission, audited) and the queue's
// search by identifier, in Chromium with and without JavaScript.

const { newPage } = useBrowser();
const apiTip = (body: Record<string, unknown>) =>
  postTip({ category: "other", description: "Case file test tip.", ...body });

describe.each([true, false])("case file and search (JavaScript %s)", (javaScriptEnabled) => {
  test("an agent produces a printable case file; a coordinator's has no contact details; the audit log shows both", async () => {
    const contact = `canary-contact-${javaScriptEnabled ? "js" : "nojs"}@example.pk`;
    const tip = await apiTip({
      category: "bonded_labour",
      province: "punjab",
      crossesBorder: "no",
      description: "A family is kept at a brick kiln near Kasur for a debt.",
      suspects: "Munshi Akram",
      contact,
      contactConsent: true,
    });
    const agent = await newPage({ javaScriptEnabled });
    await signIn(agent, "punjab.agent@aagahi.demo");
    await openByReference(agent, tip.reference);
    await agent.locator("#note").fill("Visited the kiln area on Monday.");
    await agent.locator('form:has(input[name="intent"][value="note"]) button[type=submit]').click();
    await agent.waitForURL(/done=note/);
    await agent.locator("[data-case-file-link]").click();
    await agent.waitForURL(/\/case-file$/);

    await agent.emulateMedia({ media: "print" });
    // Printed: the document only, no workspace header, navigation or screen-only links.
    expect(await agent.locator(".site-header__nav").isVisible()).toBe(false);
    expect(await agent.locator(".staff-header").isVisible()).toBe(false);
    expect(await agent.locator(".case-file__actions").isVisible()).toBe(false);
    const file = agent.locator("[data-case-file]");
    expect(await file.isVisible()).toBe(true);
    const printed = (await file.innerText()).replace(/\s+/g, " ");
    for (const expected of [
      tip.reference,
      "brick kiln near Kasur",
      "Munshi Akram",
      "Visited the kiln area on Monday.",
      contact,
      "punjab.agent@aagahi.demo",
    ]) {
      expect(printed, expected).toContain(expected);
    }
    expect(await agent.locator("[data-confidential]").isVisible()).toBe(true);
    expect(await agent.locator("[data-legal-basis]").innerText()).toMatch(/1992/);
    // No files with this tip: the section says so (evidence.e2e.ts prints one with a photo).
    expect(await agent.locator("[data-case-file-evidence]").innerText()).toMatch(/None\.|کوئی نہیں/);
    expect(await agent.locator("[data-contact]").getAttribute("data-contact")).toBe("shown");

    const coordinator = await newPage({ javaScriptEnabled });
    await signIn(coordinator, "coordinator@aagahi.demo");
    await openByReference(coordinator, tip.reference);
    await coordinator.locator("[data-case-file-link]").click();
    await coordinator.waitForURL(/\/case-file$/);
    expect(await coordinator.locator("[data-contact]").getAttribute("data-contact")).toBe("withheld");
    expect(await coordinator.content()).not.toContain(contact);
    expect(await coordinator.locator("[data-description]").innerText()).toContain("brick kiln near Kasur");

    await coordinator.goto(`${baseURL}/staff/audit`);
    const rows = await coordinator.locator("[data-action='case_file_produced']").count();
    expect(rows).toBeGreaterThanOrEqual(2);
    expect(await coordinator.content()).not.toContain(contact);
  });

  test("a Sindh police agent searching a number only in an FIA tip finds nothing; an FIA agent finds it in Urdu digits", async () => {
    const number = javaScriptEnabled ? "0300-8881234" : "0300-8881235";
    const tip = await apiTip({
      province: "sindh",
      crossesBorder: "yes",
      country: "AE",
      description: `Recruiter on ${number} sends women to Dubai.`,
    });
    expect(tip.routing.agency).toBe("fia");
    const sindh = await newPage({ javaScriptEnabled });
    await signIn(sindh, "sindh.agent@aagahi.demo");
    await sindh.goto(`${baseURL}/staff`);
    await sindh.locator("input[name=q]").fill(`+92 ${number.slice(1).replace("-", " ")}`);
    await sindh.locator("form[role=search] button[type=submit]").click();
    await sindh.locator("[data-search-kind='phone']").waitFor();
    expect(await sindh.locator("tbody tr").count()).toBe(0);

    const fia = await newPage({ javaScriptEnabled });
    await signIn(fia, "fia.agent@aagahi.demo");
    await fia.goto(`${baseURL}/staff`);
    await fia
      .locator("input[name=q]")
      .fill(number.replace(/\d/g, (digit) => String.fromCharCode(0x06f0 + Number(digit))));
    await fia.locator("form[role=search] button[type=submit]").click();
    await fia.locator("[data-search-kind='phone']").waitFor();
    await fia.locator(`tr[data-reference="${tip.reference}"]`).waitFor();
    expect(await fia.locator("tbody tr").count()).toBe(1);

    // Something that is none of the kinds says so.
    await fia.locator("input[name=q]").fill("somebody");
    await fia.locator("form[role=search] button[type=submit]").click();
    await fia.locator("[data-search-problem='unrecognised']").waitFor();
  });
});

test("the statistics page shows no count below 5, and links its CSV", async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await signIn(page, "coordinator@aagahi.demo");
  await page.goto(`${baseURL}/staff/stats`);
  // The weeks before these tests had no tips: hidden like any count below 5.
  expect(await page.locator("[data-hidden-count]").count()).toBeGreaterThan(0);
  // Every chart cell and the total (the overdue count and the median hours stay exact: ADR 029).
  const values = [
    ...(await page.locator(".chart__value").allInnerTexts()),
    await page.locator(".stat-cards__value").first().innerText(),
  ];
  const digits = (text: string) =>
    text.replace(/[\u06f0-\u06f9]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0)).replace(/[^\d]/g, "");
  for (const value of values) {
    const number = digits(value);
    if (number !== "" && !/5/.test(value)) expect(Number(number), value).toBeGreaterThanOrEqual(5);
  }
  const csv = await page.request.get(`${baseURL}/staff/stats.csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("<5");
});
