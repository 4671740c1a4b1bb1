// What the staff end-to-end tests do again and again: sign in through the form, post a tip through the partner
// API, open a tip from the queue. `base` is another server's address (the two-instance test).
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { baseURL } from "./browser";

/** The demo accounts' password (AAGAHI_DEMO servers only). */
export const demoPassword = "demo-password-2026";

/** Fills in and sends the sign-in form; what follows is the caller's to check. */
export async function submitSignIn(page: Page, email: string, password = demoPassword, base = baseURL) {
  await page.goto(`${base}/staff/login`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("main form button[type=submit]").click();
}

/** Signs in and waits until the sign-in page is left. */
export async function signIn(page: Page, email: string, password = demoPassword, base = baseURL) {
  await submitSignIn(page, email, password, base);
  await page.waitForURL((url) => !url.pathname.startsWith("/staff/login"));
}

/** Posts a tip through the partner API (in English) and returns the answer; 201 or the test fails. */
export async function postTip(body: Record<string, unknown>, base = baseURL) {
  const response = await fetch(`${base}/api/v1/tips`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": "en" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as {
    reference: string;
    receipt: string;
    routing: { agency: string; unit: string | null; reasons: string[] };
  };
}

/** Finds a tip by its reference in the queue's search and opens its case page. */
export async function openByReference(page: Page, reference: string) {
  await page.goto(`${baseURL}/staff?q=${reference}`);
  await page.locator(`tr[data-reference="${reference}"] a`).click();
  await page.waitForURL(/\/staff\/tips\//);
}
