import fs from "node:fs";
import http from "node:http";
import { describe, expect, inject, test } from "vitest";
import { baseURL, useBrowser } from "./browser";
import { serverData } from "./server-data";

const { newPage, allowConsoleError } = useBrowser();

const text = {
  ur: { sent: "آپ کی اطلاع بھیج دی گئی ہے", errorPrefix: "غلطی:" },
  en: { sent: "Your report has been sent", errorPrefix: "Error:" },
} as const;

async function fillReport(
  page: import("playwright-core").Page,
  description: string,
  extra: Record<string, string> = {},
) {
  const answers: Record<string, string> = {
    category: "fake_job_offer",
    crossesBorder: "yes",
    province: "punjab",
    victimAgeGroup: "adult",
    immediateDanger: "no",
    contactConsent: "no",
    ...extra,
  };
  for (const [name, value] of Object.entries(answers)) {
    await page.locator(`input[name="${name}"][value="${value}"]`).check();
  }
  await page.locator("#district").selectOption("sialkot");
  await page.locator("#country").selectOption("SA");
  await page.locator("#victimCount").fill("2");
  await page.locator("#description").fill(description);
  await page.locator("#suspects").fill("Agent Tariq, phone 0301-5556677");
  await page.locator("form#form button[type=submit]").click();
}

describe.each([
  ["ur", false],
  ["en", false],
  ["ur", true],
  ["en", true],
] as const)("reporting in %s with JavaScript %s", (lang, javaScriptEnabled) => {
  test("a person reports, saves the receipt, later reads the agency's message and replies", async () => {
    const page = await newPage({ javaScriptEnabled });
    await page.goto(`${baseURL}/${lang}/report`);
    const marker = `E2E-${lang}-${javaScriptEnabled}-${Date.now()}`;
    await fillReport(page, `${marker} ایجنٹ نے سعودی عرب میں نوکری کے لیے پیسے لیے`);

    await page.waitForURL(/\/report\/sent\?t=/);
    expect(await page.locator("h1").textContent()).toBe(text[lang].sent);
    const reference = (await page.locator("[data-reference]").textContent())!.trim();
    const receipt = (await page.locator("[data-receipt]").textContent())!.trim();
    expect(reference).toMatch(/^AG-\d{4}-\d{6}$/);
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(await page.locator("[data-agency]").textContent()).toMatch(/FIA|ایف آئی اے/);
    expect(await page.locator("[data-agency]").textContent()).toMatch(/Gujranwala|گوجرانوالہ/);

    // An agency officer answers (issue 4 builds their screens; here the model writes the message).
    const { db, findTipIdByReceipt, addTipMessage } = await serverData();
    const tipId = await findTipIdByReceipt(db, receipt);
    expect(tipId).not.toBeNull();
    await addTipMessage(db, tipId!, "agency", `Officer question for ${marker}`);

    await page.goto(`${baseURL}/${lang}/follow-up`);
    await page.locator("#receipt").fill(receipt.toLowerCase());
    await page.locator("main form button[type=submit]").click();
    await page.waitForURL(/\/follow-up\/case\?t=/);
    expect(await page.locator("[data-status]").getAttribute("data-status")).toBe("new");
    expect(await page.locator('[data-author="agency"]').textContent()).toContain(`Officer question for ${marker}`);

    await page.locator("#message").fill(`Reply from the reporter ${marker}`);
    await page.locator('form:has(input[name="intent"][value="reply"]) button[type=submit]').click();
    await page.waitForURL(/sent=1/);
    expect(await page.locator('[data-author="reporter"]').last().textContent()).toContain(
      `Reply from the reporter ${marker}`,
    );

    const view = await (await serverData()).getReporterView(db, tipId!);
    expect(view?.messages.map((message) => message.author)).toEqual(["agency", "reporter"]);
    expect(view?.reference).toBe(reference);
  });

  test("a report without the required answers shows the error summary and keeps what was typed", async () => {
    const page = await newPage({ javaScriptEnabled });
    allowConsoleError(/status of 400/);
    await page.goto(`${baseURL}/${lang}/report`);
    await page.locator("#suspects").fill("kept text 123");
    await page.locator("form#form button[type=submit]").click();
    await page.locator(".error-summary").waitFor();
    // The summary comes first; the rest of the page may still be streaming in.
    await page.waitForLoadState("load");
    expect(await page.title()).toMatch(new RegExp(`^${text[lang].errorPrefix}`));
    const summaryLinks = await page
      .locator(".error-summary a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(summaryLinks).toEqual(["#category", "#description"]);
    expect(await page.locator("#suspects").inputValue()).toBe("kept text 123");
  });
});

describe.each([
  ["ur", false, "یہ صفحہ بند ہو گیا ہے"],
  ["en", true, "This page is closed"],
] as const)("in %s with JavaScript %s, the receipt page", (lang, javaScriptEnabled, closedTitle) => {
  test('closes at "I have saved my code", and its address does not show the receipt again', async () => {
    const page = await newPage({ javaScriptEnabled });
    await page.goto(`${baseURL}/${lang}/report`);
    await fillReport(page, `SAVED-${lang}-${javaScriptEnabled} ایجنٹ نے پاسپورٹ رکھ لیے`);
    await page.waitForURL(/\/report\/sent\?t=/);
    const receiptUrl = page.url();
    expect(await page.locator("[data-receipt]").count()).toBe(1);
    await page.locator("form[data-receipt-saved] button[type=submit]").click();
    await page.waitForURL(/\/report\/sent\?saved=1$/);
    expect(await page.locator("h1").textContent()).toBe(closedTitle);
    expect(await page.locator("[data-receipt]").count()).toBe(0);
    await page.goto(receiptUrl);
    expect(await page.locator("[data-receipt]").count()).toBe(0);
  });
});

test("when someone is in danger now, the confirmation shows the police emergency number", async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(`${baseURL}/en/report`);
  await fillReport(page, "Two girls are locked in a room right now.", { immediateDanger: "yes" });
  await page.waitForURL(/\/report\/sent\?t=/);
  expect(await page.locator(".emergency-callout a[href='tel:15']").count()).toBe(1);
});

test("the job check's report button opens the form with the category chosen", async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(`${baseURL}/ur/report?category=bonded_labour`);
  expect(await page.locator('input[name="category"][value="bonded_labour"]').isChecked()).toBe(true);
});

test("the confirmation and follow-up pages are never cached, and the receipt is not shown after its time", async () => {
  const response = await fetch(`${baseURL}/en/report/sent?t=not-a-real-token`);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const html = await response.text();
  expect(html).toContain("This page has expired");
  expect((await fetch(`${baseURL}/en/follow-up`)).headers.get("cache-control")).toBe("no-store");
});

test("the empty report form is never kept (no-store, no validator, never a 304), and a rejected form neither", async () => {
  for (const lang of ["ur", "en"] as const) {
    for (const path of [`/${lang}/report`, `/${lang}/report?category=bonded_labour`]) {
      const first = await fetch(`${baseURL}${path}`, { headers: { "Accept-Encoding": "br" } });
      expect(first.status).toBe(200);
      expect(first.headers.get("cache-control"), path).toBe("no-store");
      expect(first.headers.get("etag")).toBeNull();
      expect(first.headers.get("last-modified")).toBeNull();
      // Whatever the browser claims to hold, the form is sent again, never confirmed as kept.
      const again = await fetch(`${baseURL}${path}`, { headers: { "Accept-Encoding": "br", "If-None-Match": "*" } });
      expect(again.status).toBe(200);
      expect(again.headers.get("cache-control")).toBe("no-store");
    }
    // Another Host is another origin in the page's links: the form is rendered for it, never a shared copy.
    const otherHost = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`/${lang}/report`, baseURL);
      http
        .get(
          { host: url.hostname, port: url.port, path: url.pathname, headers: { Host: "aagahi.example" } },
          (response) => {
            let body = "";
            response.on("data", (chunk) => (body += chunk));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
          },
        )
        .on("error", reject);
    });
    expect(otherHost.status).toBe(200);
    expect(otherHost.body).toContain("http://aagahi.example/");
  }
  const rejected = await fetch(`${baseURL}/en/report`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL, "If-None-Match": "*" },
    body: "description=DO-NOT-KEEP-5521",
  });
  expect(rejected.status).toBe(400);
  expect(rejected.headers.get("cache-control")).toBe("no-store");
  expect(rejected.headers.get("etag")).toBeNull();
});

test("after a report is sent, Back shows an empty form, not what the reporter typed", async () => {
  // autocomplete="off" on the form: the browser does not restore the typed text into a page reloaded from
  // history. (Playwright turns the back/forward cache off, so this checks that restoration only.)
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(`${baseURL}/en/report`);
  await fillReport(page, "BACK-BUTTON-3317 families kept at the kiln");
  await page.waitForURL(/\/report\/sent\?t=/);
  await page.goBack();
  expect(new URL(page.url()).pathname).toBe("/en/report");
  expect(await page.locator("#description").inputValue()).toBe("");
  expect(await page.locator("#suspects").inputValue()).toBe("");
});

/** Sends a request from a distinctive loopback address, as a reporter's phone would from its own address. */
function requestFrom(localAddress: string, path: string, body: string, headers: Record<string, string>) {
  const url = new URL(path, baseURL);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: "POST", localAddress, headers },
      (response) => {
        let data = "";
        response.on("data", (chunk) => (data += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: data }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

test("no client address, user agent or referrer reaches the database or the server log", async () => {
  const clientAddress = "127.0.0.77";
  const userAgent = "DistinctiveReporterPhone/4.2 (Android 9; Tecno)";
  const referrer = "https://referrer.example/secret-page";
  const forwarded = "198.51.100.231";
  const headers = { "User-Agent": userAgent, Referer: referrer, "X-Forwarded-For": forwarded, "X-Real-IP": forwarded };

  const form = new URLSearchParams({
    category: "other",
    description: "ANON-FORM-5521 a worker is kept locked in",
    province: "ict",
  });
  const viaForm = await requestFrom(clientAddress, "/en/report", form.toString(), {
    ...headers,
    "Content-Type": "application/x-www-form-urlencoded",
  });
  expect(viaForm.status).toBe(302);
  const viaApi = await requestFrom(
    clientAddress,
    "/api/v1/tips",
    JSON.stringify({
      category: "other",
      description: "ANON-API-5522 children are begging for a gang",
      province: "sindh",
    }),
    { ...headers, "Content-Type": "application/json" },
  );
  expect(viaApi.status).toBe(201);

  // Give the server a moment to flush its log line.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const databaseFile = inject("databaseFile");
  const stored = Buffer.concat(
    [databaseFile, `${databaseFile}-wal`].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file)),
  );
  const log = fs.readFileSync(inject("serverLogPath"));
  for (const needle of [
    clientAddress,
    userAgent,
    "DistinctiveReporterPhone",
    referrer,
    "referrer.example",
    forwarded,
  ]) {
    expect(stored.includes(needle), `${needle} in the database`).toBe(false);
    expect(log.includes(needle), `${needle} in the server log`).toBe(false);
  }
  // And the tip text itself is stored only encrypted.
  for (const secret of ["ANON-FORM-5521", "ANON-API-5522"]) expect(stored.includes(secret), secret).toBe(false);
  // The log line exists, so the test would have seen a leak.
  expect(log.toString()).toMatch(/POST \/api\/v1\/tips 201/);
});
