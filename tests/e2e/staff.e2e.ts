import { describe, expect, test } from "vitest";
import { totpCode, totpStep } from "~/server/totp.server";
import { baseURL, useBrowser } from "./browser";
import { demoPassword, openByReference, postTip, signIn, submitSignIn } from "./staff-pages";
import { serverData } from "./server-data";
import enCommon from "../../locales/en/common.json";
import urCommon from "../../locales/ur/common.json";

const { newPage, allowConsoleError } = useBrowser();
const apiTip = (body: Record<string, unknown>) =>
  postTip({ category: "other", description: "Staff workflow test tip.", ...body });

describe.each([true, false])("staff workspace (JavaScript %s)", (javaScriptEnabled) => {
  test("a Punjab police agent sees a Punjab tip but gets 404 for an FIA tip", async () => {
    const punjab = await apiTip({
      province: "punjab",
      crossesBorder: "no",
      description: "A boy is kept at a workshop in Lahore.",
    });
    const fia = await apiTip({
      province: "punjab",
      crossesBorder: "yes",
      description: "Agent sending girls to Dubai.",
    });
    expect(fia.routing.agency).toBe("fia");
    const page = await newPage({ javaScriptEnabled });
    await signIn(page, "punjab.agent@aagahi.demo");
    await openByReference(page, punjab.reference);
    expect(await page.locator("[data-description]").textContent()).toContain("workshop in Lahore");
    const fiaTipUrl = page.url().replace(/[^/]+$/, "");
    // Find the FIA tip's id through the database (an agent could guess or be sent a URL).
    const { db } = await serverData();
    const fiaTip = await db.tip.findUniqueOrThrow({ where: { reference: fia.reference }, select: { id: true } });
    allowConsoleError(/status of 404/);
    const response = await page.goto(`${fiaTipUrl}${fiaTip.id}`);
    expect(response?.status()).toBe(404);
    expect(await page.content()).not.toContain("Dubai");
    // Staff error pages keep the staff header and navigation (issue 17).
    expect(await page.locator("main[data-staff-error='404'] h1").count()).toBe(1);
    expect(await page.locator('.staff-header nav a[href="/staff/account"]').count()).toBe(1);
    allowConsoleError(/status of 403/);
    const forbidden = await page.goto(`${baseURL}/staff/users`);
    expect(forbidden?.status()).toBe(403);
    expect(await page.locator("main[data-staff-error='403'] h1").count()).toBe(1);
    expect(await page.locator('.staff-header nav a[href="/staff"]').count()).toBe(1);
  });

  test("an address no staff page claims: sign in first, then the staff 404 with the staff navigation", async () => {
    const page = await newPage({ javaScriptEnabled });
    // Signed out it looks like any staff page: sign in, nothing about whether the address exists.
    await page.goto(`${baseURL}/staff/no-such-page`);
    expect(new URL(page.url()).pathname).toBe("/staff/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/staff/no-such-page");
    await signIn(page, "fia.agent@aagahi.demo");
    allowConsoleError(/status of 404/);
    const response = await page.goto(`${baseURL}/staff/tips/x/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(response?.headers()["cache-control"]).toBe("no-store");
    // "Page not found" (not the tip's "does not exist or is not yours"), in the staff member's language.
    const pageNotFound = [enCommon.errors.notFoundTitle, urCommon.errors.notFoundTitle];
    expect(pageNotFound).toContain(await page.locator("main[data-staff-error='404'] h1").textContent());
    expect(await page.locator('.staff-header nav a[href="/staff"]').count()).toBe(1);
    expect(await page.locator('.staff-header nav a[href="/staff/account"]').count()).toBe(1);
    // Not the public 404: no public site header, no language switch.
    expect(await page.locator("[data-quick-exit]").count()).toBe(0);
  });

  test("an FIA agent acknowledges a tip and messages the reporter, who reads it through follow-up", async () => {
    const tip = await apiTip({
      province: "sindh",
      crossesBorder: "yes",
      country: "OM",
      description: "Women promised salon work in Oman.",
    });
    const staff = await newPage({ javaScriptEnabled });
    await signIn(staff, "fia.agent@aagahi.demo");
    await openByReference(staff, tip.reference);
    await staff.locator("#status").selectOption("acknowledged");
    await staff.locator('form:has(input[name="intent"][value="status"]) button[type=submit]').click();
    await staff.waitForURL(/done=status/);
    await staff.locator("#message").fill(`Thank you, we are looking into ${tip.reference}. When do they travel?`);
    await staff.locator('form:has(input[name="intent"][value="message"]) button[type=submit]').click();
    await staff.waitForURL(/done=message/);

    const reporter = await newPage({ javaScriptEnabled });
    await reporter.goto(`${baseURL}/en/follow-up`);
    await reporter.locator("#receipt").fill(tip.receipt);
    await reporter.locator("main form button[type=submit]").click();
    await reporter.waitForURL(/\/follow-up\/case/);
    expect(await reporter.locator("[data-status]").getAttribute("data-status")).toBe("acknowledged");
    expect(await reporter.locator('[data-author="agency"]').textContent()).toContain(
      `we are looking into ${tip.reference}`,
    );
    // The reporter sees the agency, never the officer's name.
    expect(await reporter.content()).not.toContain("Nadia");
  });

  test("a supervisor transfers a tip to another agency and it leaves their queue", async () => {
    const tip = await apiTip({
      province: "punjab",
      crossesBorder: "no",
      description: "Girl taken to a house, now said to be abroad.",
    });
    const page = await newPage({ javaScriptEnabled });
    await signIn(page, "punjab.supervisor@aagahi.demo");
    await openByReference(page, tip.reference);
    await page.locator("#transfer-agency").selectOption("fia");
    await page.locator("#reason").fill("The victim has been taken to Iran: external case.");
    await page.locator('form:has(input[name="intent"][value="transfer"]) button[type=submit]').click();
    await page.waitForURL(/\/staff\?done=transfer/);
    await page.goto(`${baseURL}/staff?q=${tip.reference}`);
    expect(await page.locator(`tr[data-reference="${tip.reference}"]`).count()).toBe(0);
    const { db } = await serverData();
    expect((await db.tip.findUniqueOrThrow({ where: { reference: tip.reference } })).agencyCode).toBe("fia");
  });

  test("a supervisor closes a tip, postpones its deletion with a reason, and the queue flags tips deleted within 72 hours", async () => {
    const tip = await apiTip({
      province: "punjab",
      crossesBorder: "no",
      description: "Same kiln as an earlier report.",
    });
    const page = await newPage({ javaScriptEnabled });
    await signIn(page, "punjab.supervisor@aagahi.demo");
    await openByReference(page, tip.reference);
    await page.locator("#status").selectOption("closed");
    await page.locator("#outcome").selectOption("duplicate");
    await page.locator('form:has(input[name="intent"][value="status"]) button[type=submit]').click();
    await page.waitForURL(/done=status/);
    expect(await page.locator("[data-deletion]").count()).toBe(1);
    // No choice and no reason: the GOV.UK error summary, linked to the first field.
    allowConsoleError(/status of 400/);
    await page.locator('form:has(input[name="intent"][value="postpone-deletion"]) button[type=submit]').click();
    await page.locator(".error-summary a[href='#postponeDays']").waitFor();
    await page.locator("#postponeDays").check();
    await page.locator("#postponeReason").fill("Court hearing next month.");
    await page.locator('form:has(input[name="intent"][value="postpone-deletion"]) button[type=submit]').click();
    await page.waitForURL(/done=postpone/);
    const { db } = await serverData();
    const stored = await db.tip.findUniqueOrThrow({
      where: { reference: tip.reference },
      select: { retainUntil: true },
    });
    expect(stored.retainUntil).not.toBeNull();
    // Closed 88 days ago without a postponement: deleted within 72 hours, so flagged and listed by the filter.
    await db.tip.update({
      where: { reference: tip.reference },
      data: { retainUntil: null, closedAt: new Date(Date.now() - 88 * 24 * 3_600_000) },
    });
    await page.goto(`${baseURL}/staff?deletion=1&q=${tip.reference}`);
    expect(await page.locator(`tr[data-reference="${tip.reference}"] [data-deletion-soon]`).count()).toBe(1);
  });

  test("a coordinator assigns a triage-desk tip, and the audit log shows who did what", async () => {
    const tip = await apiTip({ description: "Someone is kept in a house, I do not know where." });
    expect(tip.routing.agency).toBe("triage-desk");
    const page = await newPage({ javaScriptEnabled });
    await signIn(page, "coordinator@aagahi.demo");
    await openByReference(page, tip.reference);
    // To the agency's queue with JavaScript, straight to an officer there without: both are offered.
    if (javaScriptEnabled) await page.locator("#assign-agency").selectOption("police-kp");
    else await page.locator("#assign-agency").selectOption({ label: "Gul (KP Police)" });
    await page.locator('form:has(input[name="intent"][value="assign"]) button[type=submit]').click();
    await page.waitForURL(/done=assign/);
    expect(await page.locator("[data-agency]").textContent()).toMatch(/Khyber Pakhtunkhwa|خیبر پختونخوا/);
    const { db } = await serverData();
    const assigned = await db.tip.findUniqueOrThrow({
      where: { reference: tip.reference },
      select: { agencyCode: true, assignedTo: { select: { email: true } } },
    });
    expect(assigned.agencyCode).toBe("police-kp");
    expect(assigned.assignedTo?.email ?? null).toBe(javaScriptEnabled ? null : "kp.agent@aagahi.demo");

    await page.goto(`${baseURL}/staff/audit`);
    const actions = await page
      .locator("[data-action]")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
    for (const action of [
      "tip_assigned",
      "tip_transferred",
      "tip_message_sent",
      "tip_status_changed",
      "tip_viewed",
      "sign_in",
    ]) {
      expect(actions).toContain(action);
    }
    // The audit log never holds what reporters wrote.
    expect(await page.content()).not.toContain("Someone is kept in a house");
  });
});

test("two-step sign-in with TOTP works end to end", async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await signIn(page, "kp.agent@aagahi.demo");
  await page.goto(`${baseURL}/staff/account`);
  await page.locator('form:has(input[name="intent"][value="totp-start"]) button').click();
  await page.waitForURL(/enrol=1/);
  expect(await page.locator(".qr svg").count()).toBe(1);
  const secret = (await page.locator("[data-totp-secret]").textContent())!.replace(/\s/g, "");
  await page.locator("#code").fill(totpCode(secret, totpStep(new Date())));
  await page.locator('form:has(input[name="intent"][value="totp-confirm"]) button').click();
  await page.locator("[data-recovery-codes]").waitFor();
  const recoveryCodes = await page.locator("[data-recovery-codes] code").allTextContents();
  expect(recoveryCodes).toHaveLength(10);

  await page.locator("form[action='/staff/logout'] button").click();
  await page.waitForURL(/\/staff\/login/);
  await submitSignIn(page, "kp.agent@aagahi.demo");
  await page.waitForURL(/\/staff\/login\/verify/);
  // Without the second factor nothing opens.
  await page.goto(`${baseURL}/staff`);
  expect(new URL(page.url()).pathname).toBe("/staff/login/verify");
  // The code used at enrolment cannot be used again; the next step's code is accepted.
  await page.locator("#code").fill(totpCode(secret, totpStep(new Date()) + 1));
  await page.locator("main form button[type=submit]").click();
  await page.waitForURL((url) => url.pathname === "/staff");
  expect(await page.locator("h1").textContent()).toBeTruthy();

  // A recovery code works once.
  await page.locator("form[action='/staff/logout'] button").click();
  await page.waitForURL(/\/staff\/login/);
  await submitSignIn(page, "kp.agent@aagahi.demo");
  await page.waitForURL(/\/staff\/login\/verify/);
  await page.locator("#code").fill(recoveryCodes[0]!);
  await page.locator("main form button[type=submit]").click();
  await page.waitForURL((url) => url.pathname === "/staff");
});

test("wrong staff passwords pause the account without blocking other accounts", async () => {
  const page = await newPage({ javaScriptEnabled: false });
  allowConsoleError(/status of (400|429)/);
  for (let attempt = 0; attempt < 5; attempt++) {
    // An account no other test signs in with: this one stays paused for minutes, and the e2e files share a server.
    await submitSignIn(page, "triage.agent@aagahi.demo", `wrong-password-${attempt}`);
    await page.locator(".error-summary").waitFor();
    // The summary comes first; the rest of the page may still be streaming in.
    await page.waitForLoadState("load");
  }
  // Even the right password alone is refused while the e-mail waits (ADR 014)...
  await page.locator("#password").fill(demoPassword);
  await page.locator("main form button[type=submit]").click();
  await page.locator(".error-summary").waitFor();
  // The summary comes first; the rest of the page may still be streaming in.
  await page.waitForLoadState("load");
  expect(await page.locator(".error-summary").textContent()).toMatch(/Wait a few minutes|چند منٹ انتظار/);
  // ...but a colleague on the same connection signs in normally.
  const colleague = await newPage({ javaScriptEnabled: false });
  await signIn(colleague, "punjab.agent@aagahi.demo");
  expect(new URL(colleague.url()).pathname).toBe("/staff");
});

test("on a 390 px phone the staff queue and a case fit the screen; wide tables scroll inside their box", async () => {
  const tip = await apiTip({
    province: "punjab",
    crossesBorder: "no",
    description: "Phone width check: a family kept at a kiln.",
  });
  const page = await newPage({ javaScriptEnabled: false, viewport: { width: 390, height: 800 }, isMobile: true });
  await signIn(page, "coordinator@aagahi.demo");
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  // The category filter's longest option once pushed the page to 448 px.
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  await openByReference(page, tip.reference);
  expect(await pageWidth()).toBeLessThanOrEqual(390);
});
