// Password changes in Chromium with JavaScript off: a staff member changes their own password, and an
// administrator sets a new one. Each test uses an account made for it, so the demo accounts that other
// end-to-end tests sign in with keep their password.
import { serverData } from "./server-data";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { baseURL, useBrowser } from "./browser";
import { submitSignIn } from "./staff-pages";

const { newPage, allowConsoleError } = useBrowser();

async function newStaffMember(name: string, password: string) {
  const { db } = await serverData();
  const { createStaffUser } = await import("~/models/staff-user.server");
  const email = `${name}-${Date.now()}@aagahi.test`;
  await createStaffUser(db, { email, name, password, role: "agent", agencyCode: "police-sindh", language: "ur" });
  return email;
}

async function signIn(page: Page, email: string, password: string) {
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => url.pathname === "/staff");
}

const passwordForm = 'form:has(input[name="intent"][value="password"])';

test("a staff member changes their password, is signed out elsewhere, and signs in with the new one", async () => {
  allowConsoleError(/status of 400/);
  const first = "first-password-for-e2e";
  const second = "second passphrase for e2e";
  const email = await newStaffMember("changer", first);
  const page = await newPage({ javaScriptEnabled: false });
  const otherDevice = await newPage({ javaScriptEnabled: false });
  await signIn(page, email, first);
  await signIn(otherDevice, email, first);

  // A wrong current password: the GOV.UK error summary, in the staff member's language, and nothing changes.
  await page.goto(`${baseURL}/staff/account`);
  await page.locator(`${passwordForm} #currentPassword`).fill("not-the-password");
  await page.locator(`${passwordForm} #newPassword`).fill(second);
  await page.locator(`${passwordForm} #confirmPassword`).fill(second);
  await page.locator(`${passwordForm} button[type=submit]`).click();
  await page.locator(".error-summary").waitFor();
  // The summary comes first; the rest of the page may still be streaming in.
  await page.waitForLoadState("load");
  expect(await page.title()).toMatch(/^غلطی:/);
  expect(await page.locator('.error-summary a[href="#currentPassword"]').textContent()).toBe(
    "آپ کا موجودہ پاس ورڈ درست نہیں",
  );
  expect(await page.locator(`${passwordForm} #currentPassword`).inputValue()).toBe("");
  const screenshotDir = path.resolve(__dirname, "../../test-results/screenshots");
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, "ur-staff-password-error.png"), fullPage: true });

  await page.locator(`${passwordForm} #currentPassword`).fill(first);
  await page.locator(`${passwordForm} #newPassword`).fill(second);
  await page.locator(`${passwordForm} #confirmPassword`).fill(second);
  await page.locator(`${passwordForm} button[type=submit]`).click();
  await page.waitForURL(/\/staff\/account\?done=password/);
  expect(await page.locator("[data-password-changed]").textContent()).toContain("پاس ورڈ تبدیل ہو گیا");
  // This browser stays signed in (under a new session); the other one is signed out.
  await page.goto(`${baseURL}/staff`);
  expect(new URL(page.url()).pathname).toBe("/staff");
  await otherDevice.goto(`${baseURL}/staff`);
  expect(new URL(otherDevice.url()).pathname).toBe("/staff/login");

  // The old password no longer works; the new one does.
  await page.locator("form[action='/staff/logout'] button").click();
  await page.waitForURL(/\/staff\/login/);
  await submitSignIn(page, email, first);
  await page.locator(".error-summary").waitFor();
  // The summary comes first; the rest of the page may still be streaming in.
  await page.waitForLoadState("load");
  await signIn(page, email, second);

  const { db } = await serverData();
  const user = await db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const actions = (await db.auditEntry.findMany({ where: { staffUserId: user.id }, select: { action: true } })).map(
    (entry) => entry.action,
  );
  expect(actions).toEqual(expect.arrayContaining(["password_change_failed", "password_changed"]));
});

test("an administrator sets a new password for a staff member, who signs in with it", async () => {
  const first = "forgotten-password-e2e";
  const reset = "reset-by-the-administrator";
  const email = await newStaffMember("forgetful", first);
  const member = await newPage({ javaScriptEnabled: false });
  await signIn(member, email, first);

  const admin = await newPage({ javaScriptEnabled: false });
  await submitSignIn(admin, "admin@aagahi.demo");
  // Administrators read no tips: they land on the staff accounts page.
  await admin.waitForURL((url) => url.pathname === "/staff/users");
  const { db } = await serverData();
  const user = await db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const resetForm = admin.locator(passwordForm);
  await resetForm.locator("#staffUserId").selectOption(user.id);
  await resetForm.locator("#newPassword").fill(reset);
  await resetForm.locator("button[type=submit]").click();
  await admin.waitForURL(/\/staff\/users\?done=password/);
  expect(await admin.locator("[data-password-set]").count()).toBe(1);

  // Their open session has ended; the new password signs them in.
  await member.goto(`${baseURL}/staff`);
  expect(new URL(member.url()).pathname).toBe("/staff/login");
  await signIn(member, email, reset);
});

test("the new-staff-member form's errors reach the summary, which links to the field; the field points at its error", async () => {
  allowConsoleError(/status of 400/);
  const admin = await newPage({ javaScriptEnabled: false });
  await submitSignIn(admin, "admin@aagahi.demo");
  await admin.waitForURL((url) => url.pathname === "/staff/users");
  const createForm = admin.locator('form:has(input[name="intent"][value="create"])');
  await createForm.locator("#new-email").fill("not-an-e-mail");
  await createForm.locator("#new-name").fill("Typed Name");
  await createForm.locator("#new-password").fill("a long enough new password");
  await createForm.locator("button[type=submit]").click();
  await admin.locator(".error-summary").waitFor();
  await admin.waitForLoadState("load");
  const link = admin.locator('.error-summary a[href="#new-email"]');
  expect(await link.count()).toBe(1);
  expect((await link.textContent())?.length).toBeGreaterThan(0);
  // The field names its error, and the error starts with the hidden "Error:" prefix for screen readers.
  const describedBy = (await createForm.locator("#new-email").getAttribute("aria-describedby")) ?? "";
  expect(describedBy.split(" ")).toContain("new-email-error");
  const error = admin.locator("#new-email-error");
  expect(await error.locator(".visually-hidden").first().textContent()).toMatch(/^(Error:|غلطی:) ?$/);
  expect(await error.textContent()).toContain(await link.textContent());
  // What was typed is kept, the password is not.
  expect(await createForm.locator("#new-email").inputValue()).toBe("not-an-e-mail");
  expect(await createForm.locator("#new-name").inputValue()).toBe("Typed Name");
  expect(await createForm.locator("#new-password").inputValue()).toBe("");
});
