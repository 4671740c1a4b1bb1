// Evidence files end to end, in Chromium with JavaScript off: an Urdu report with a photo carrying GPS and a
// camera's name; the receipt shows only how many files there are; an FIA agent sees the cleaned preview and
// downloads it under the case reference; another agency's agent gets 404.
import http from "node:http";
import sharp from "sharp";
import { expect, test } from "vitest";
import { baseURL, useBrowser } from "./browser";
import { serverData } from "./server-data";
import { signIn } from "./staff-pages";

const { newPage, allowConsoleError } = useBrowser();
const canary = "E2E-CANARY-CAMERA-5521";

test("an Urdu report with a photo, JavaScript off: the FIA sees the cleaned picture, nobody else does", async () => {
  const photo = await sharp({
    create: {
      width: 800,
      height: 600,
      channels: 3,
      background: "#2a6f4e",
      noise: { type: "gaussian", mean: 120, sigma: 30 },
    },
  })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: canary, Model: canary, Artist: canary },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "31/1 33/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "74/1 20/1 0/1" },
    })
    .toBuffer();

  const reporter = await newPage({ javaScriptEnabled: false });
  await reporter.goto(`${baseURL}/ur/report`);
  // The warnings sit next to the upload.
  expect(await reporter.locator("#evidence-warning").textContent()).toContain("واٹس ایپ");
  for (const [name, value] of Object.entries({
    category: "fake_job_offer",
    crossesBorder: "yes",
    province: "sindh",
    victimAgeGroup: "adult",
    immediateDanger: "no",
    contactConsent: "no",
  })) {
    await reporter.locator(`input[name="${name}"][value="${value}"]`).check();
  }
  await reporter.locator("#country").selectOption("OM");
  await reporter.locator("#description").fill("ایجنٹ نے عمان میں نوکری کا اشتہار بھیجا، یہ اس کی تصویر ہے۔");
  await reporter
    .locator("#evidence")
    .setInputFiles({ name: `IMG_${canary}.jpg`, mimeType: "image/jpeg", buffer: photo });
  await reporter.locator("form#form button[type=submit]").click();
  await reporter.waitForURL(/\/report\/sent\?t=/);
  const reference = (await reporter.locator("[data-reference]").textContent())!.trim();
  const receipt = (await reporter.locator("[data-receipt]").textContent())!.trim();

  // The reporter sees that a file is attached and nothing to open it with.
  await reporter.goto(`${baseURL}/ur/follow-up`);
  await reporter.locator("#receipt").fill(receipt);
  await reporter.locator("main form button[type=submit]").click();
  await reporter.waitForURL(/\/follow-up\/case/);
  expect(await reporter.locator("[data-evidence-count]").getAttribute("data-evidence-count")).toBe("1");
  expect(await reporter.locator("[data-evidence-count]").textContent()).toContain("1 فائل");
  expect(await reporter.locator('a[href*="evidence"], img[src*="evidence"]').count()).toBe(0);

  const { db } = await serverData();
  const { id: tipId } = await db.tip.findUniqueOrThrow({ where: { reference }, select: { id: true } });
  const fileAddress = `${baseURL}/staff/tips/${tipId}/evidence/1`;
  // Without a staff session the file's address sends to the sign-in page, never the file.
  const anonymous = await fetch(fileAddress, { redirect: "manual" });
  expect(anonymous.status).toBe(302);

  const staff = await newPage({ javaScriptEnabled: false });
  await signIn(staff, "fia.agent@aagahi.demo");
  await staff.goto(`${baseURL}/staff/tips/${tipId}`);
  const preview = staff.locator('[data-evidence-file="1"] img');
  await expect
    .poll(() => preview.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
    .toBeGreaterThan(0);
  // Orientation applied: the 800 × 600 photo taken sideways stands up.
  expect(await preview.evaluate((image: HTMLImageElement) => [image.naturalWidth, image.naturalHeight])).toEqual([
    600, 800,
  ]);

  const download = await staff.request.get(fileAddress);
  expect(download.status()).toBe(200);
  const headers = download.headers();
  expect(headers["content-disposition"]).toBe(`attachment; filename="${reference}-1.jpg"`);
  expect(headers["content-type"]).toBe("image/jpeg");
  expect(headers["cache-control"]).toBe("no-store");
  expect(headers["x-content-type-options"]).toMatch(/^nosniff/);
  expect(headers["content-security-policy"]).toContain("sandbox");
  const cleaned = await download.body();
  expect(cleaned.includes(canary)).toBe(false);
  expect((await sharp(cleaned).metadata()).exif).toBeUndefined();

  // The printable case file carries the cleaned picture, under the name its download gets.
  await staff.goto(`${baseURL}/staff/tips/${tipId}/case-file`);
  await staff.emulateMedia({ media: "print" });
  const printed = staff.locator('[data-case-file-evidence] [data-evidence-file="1"] img');
  await expect
    .poll(() => printed.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
    .toBeGreaterThan(0);
  expect(await printed.isVisible()).toBe(true);
  expect(await staff.locator("[data-case-file-evidence]").innerText()).toContain(`${reference}-1.jpg`);

  // Another agency's agent: 404, as for the tip itself.
  const punjab = await newPage({ javaScriptEnabled: false });
  await signIn(punjab, "punjab.agent@aagahi.demo");
  allowConsoleError(/status of 404/);
  expect((await punjab.request.get(fileAddress)).status()).toBe(404);
  expect((await punjab.request.get(`${fileAddress}?page=1`)).status()).toBe(404);
});

test("a photo over 10 MB gives the form back in Urdu with the answers kept, not an error page", async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(`${baseURL}/ur/report`);
  for (const [name, value] of Object.entries({
    category: "bonded_labour",
    crossesBorder: "no",
    province: "punjab",
    victimAgeGroup: "adult",
    immediateDanger: "no",
    contactConsent: "no",
  })) {
    await page.locator(`input[name="${name}"][value="${value}"]`).check();
  }
  await page.locator("#description").fill("بھٹے پر خاندان قید ہیں، مالک قرض کے نام پر جانے نہیں دیتا۔");
  allowConsoleError(/status of 400/);
  await page
    .locator("#evidence")
    .setInputFiles({ name: "big.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });
  await page.locator("form#form button[type=submit]").click();
  await page.waitForLoadState();
  expect(await page.locator(".error-summary").textContent()).toContain("فائل 1");
  expect(await page.locator("#evidence-error").textContent()).toContain("دوبارہ");
  expect(await page.locator("#description").inputValue()).toContain("بھٹے پر خاندان");
});

test("the partner API takes a tip with files through the production server (answered before Remix)", async () => {
  const photo = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#aa3322" } })
    .png()
    .toBuffer();
  const body = new FormData();
  body.append(
    "tip",
    JSON.stringify({
      category: "fake_job_offer",
      description: "Agent's WhatsApp offer for Qatar, screenshot attached.",
      crossesBorder: "yes",
    }),
  );
  body.append("evidence", new File([photo], "offer.png", { type: "image/png" }));
  body.append("evidence", new File([photo], "offer-2.png", { type: "image/png" }));
  const response = await fetch(`${baseURL}/api/v1/tips`, {
    method: "POST",
    body,
    headers: { "Accept-Language": "en" },
  });
  expect(response.status).toBe(201);
  expect((await response.json()).evidence).toBe(2);

  const bad = new FormData();
  bad.append("tip", JSON.stringify({ category: "other", description: "A tip with a file that is not a picture." }));
  bad.append("evidence", new File(["<html>hello</html>"], "page.jpg", { type: "image/jpeg" }));
  const refused = await fetch(`${baseURL}/api/v1/tips`, {
    method: "POST",
    body: bad,
    headers: { "Accept-Language": "en" },
  });
  expect(refused.status).toBe(400);
  expect(Object.keys((await refused.json()).errors)).toEqual(["evidence[1]"]);
});

test("an upload that declares more than 61 MiB is refused at once with 413; a 256 KB+ multipart report is not", async () => {
  const declared = await new Promise<number>((resolve, reject) => {
    const url = new URL("/en/report", baseURL);
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(70 * 1024 * 1024) },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.write("--x\r\n");
  });
  expect(declared).toBe(413);

  // 300 KB of photo: over the general 256 KB body limit, through to the form's own checks (here: no answers).
  const body = new FormData();
  body.append("description", "x");
  body.append("evidence", new File([new Uint8Array(300 * 1024)], "a.jpg", { type: "image/jpeg" }));
  const response = await fetch(`${baseURL}/en/report`, { method: "POST", body });
  expect(response.status).toBe(400);
  expect(await response.text()).toContain("error-summary");
});
