// Evidence files through the real intake (the report form, a follow-up reply, the partner API): cleaned before
// the tip is written, refused with the answers kept, stored encrypted and padded, rotated, deleted with the tip.
import { sqliteOnly, testDatabaseFile } from "../setup/database";
import crypto from "node:crypto";
import fs from "node:fs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { evidenceLimits, type CleanedEvidence } from "~/domain/evidence";
import { evidencePaddingStep } from "~/domain/evidence-padding";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { listEvidence, readEvidence } from "~/models/evidence.server";
import { pdfFromPages } from "~/evidence/clean.server";
import { PDFDocument } from "pdf-lib";
import { reencryptAll } from "~/models/reencrypt.server";
import { deleteTipContent } from "~/models/retention.server";
import { createTip, findTipIdByReceipt, getReporterView } from "~/models/tip.server";
import { action as reportAction } from "~/routes/$lang.report/route";
import { action as caseAction } from "~/routes/$lang.follow-up_.case/route";
import { action as apiAction } from "~/routes/api.v1.tips";
import { keyIdOfBytes } from "~/server/crypto.server";
import { getDb } from "~/server/db.server";
import { getSecrets, resetSecretsCache } from "~/server/secrets.server";
import { followUpTokens } from "~/server/tokens.server";
import { receiptDisplayTokens } from "~/server/tokens.server";
import { seedDemoStaff, seedDirectory } from "../../prisma/seed";
import type { StaffRole } from "~/domain/permissions";
import { findCaseFacts, openEvidence } from "~/models/staff-case.server";
import { withAuditRefused } from "../setup/refuse-audit";

const origin = "http://aagahi.test";
const canary = "CANARY-GPS-7f3a91";

/** A JPEG with a noisy picture (so its bytes are distinctive) and metadata carrying the canary everywhere it can. */
async function photoWithMetadata(width = 640, height = 480): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: "#336699", noise: { type: "gaussian", mean: 128, sigma: 40 } },
  })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: `Phone ${canary}`, Model: `Model ${canary}`, Artist: `Owner ${canary}`, ImageDescription: canary },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "31/1 33/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "74/1 20/1 0/1" },
    })
    .toBuffer();
}

const reportAnswers = (overrides: Record<string, string> = {}) => ({
  category: "fake_job_offer",
  crossesBorder: "yes",
  country: "AE",
  province: "punjab",
  district: "lahore",
  immediateDanger: "no",
  victimAgeGroup: "adult",
  description: "ایجنٹ نے دبئی میں نوکری کا وعدہ کیا اور پاسپورٹ رکھ لیا۔",
  contactConsent: "no",
  website: "",
  ...overrides,
});

function multipart(
  fields: Record<string, string>,
  files: { name?: string; bytes: Uint8Array; filename: string; type?: string }[],
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files)
    form.append(
      file.name ?? "evidence",
      new File([file.bytes as Uint8Array<ArrayBuffer>], file.filename, { type: file.type ?? "image/jpeg" }),
    );
  return form;
}

type Rejection = {
  data: { fieldErrors: Record<string, string>; values: Record<string, string>; evidencePosition?: number | null };
  init: { status: number };
};

async function sendReport(lang: "ur" | "en", body: FormData) {
  return (await reportAction({
    request: new Request(`${origin}/${lang}/report`, { method: "POST", body }),
    params: { lang },
    context: { clientKey: `evidence-${Math.random()}` },
  } as never)) as Response | Rejection;
}

async function receiptOf(response: Response): Promise<string> {
  const token = new URL(response.headers.get("Location")!, origin).searchParams.get("t");
  return (await receiptDisplayTokens.open(await getDb(), token))!.value.receipt;
}

async function tipCount() {
  return (await getDb()).tip.count();
}

beforeAll(async () => {
  await seedDirectory(await getDb());
});

describe("the report form", () => {
  test("an Urdu report with a photo: stored cleaned, encrypted and padded; neither the metadata nor the picture is in the database files", async () => {
    const photo = await photoWithMetadata();
    expect(photo.includes(canary)).toBe(true);
    const response = (await sendReport(
      "ur",
      multipart(reportAnswers(), [{ bytes: photo, filename: `IMG_${canary}.jpg` }]),
    )) as Response;
    expect(response.status).toBe(302);
    const db = await getDb();
    const tipId = (await findTipIdByReceipt(db, await receiptOf(response)))!;
    const rows = await db.evidencePage.findMany({ where: { tipId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      position: 1,
      page: 1,
      fileType: "image/jpeg",
      imageType: "image/jpeg",
      pageCount: 1,
    });
    expect(rows[0]!.paddedBytes % evidencePaddingStep).toBe(0);

    const stored = await readEvidence(tipId, 1);
    expect(stored?.kind).toBe("image");
    const cleaned = Buffer.from(stored!.kind === "image" ? stored!.bytes : []);
    const metadata = await sharp(cleaned).metadata();
    expect(metadata.exif).toBeUndefined();
    // Orientation 6 was applied: the picture stands up now.
    expect([metadata.width, metadata.height]).toEqual([480, 640]);
    expect(cleaned.includes(canary)).toBe(false);

    if (!sqliteOnly("the raw SQLite file and its WAL")) {
      const raw = Buffer.concat(
        [testDatabaseFile, `${testDatabaseFile}-wal`]
          .filter((file) => fs.existsSync(file))
          .map((file) => fs.readFileSync(file)),
      );
      expect(raw.includes(canary), "the metadata's canary at rest").toBe(false);
      expect(raw.includes(`IMG_${canary}`), "the file name at rest").toBe(false);
      // A run of the cleaned picture's own bytes, from its compressed data (past the headers).
      for (const offset of [cleaned.length / 4, cleaned.length / 2, (3 * cleaned.length) / 4].map(Math.floor)) {
        expect(raw.includes(cleaned.subarray(offset, offset + 48)), `cleaned bytes at ${offset} at rest`).toBe(false);
      }
    }
    // No hash of the original anywhere in the rows either.
    const sha = crypto.createHash("sha256").update(photo).digest();
    expect(
      rows.some(
        (row) => Buffer.from(row.cipher).includes(sha) || Buffer.from(row.cipher).includes(sha.toString("hex")),
      ),
    ).toBe(false);
  });

  test("an empty file input is no file", async () => {
    const response = (await sendReport(
      "en",
      multipart(reportAnswers(), [{ bytes: new Uint8Array(0), filename: "", type: "application/octet-stream" }]),
    )) as Response;
    expect(response.status).toBe(302);
    const tipId = (await findTipIdByReceipt(await getDb(), await receiptOf(response)))!;
    expect((await getReporterView(await getDb(), tipId))?.evidenceCount).toBe(0);
  });

  test.each<[string, () => Promise<Parameters<typeof multipart>[1]>, Record<string, string>, string, number | null]>([
    [
      "a file over 10 MB",
      async () => [
        { bytes: await photoWithMetadata(32, 32), filename: "a.jpg" },
        { bytes: new Uint8Array(evidenceLimits.fileBytes + 1), filename: "big.jpg" },
      ],
      {},
      "tooLarge",
      2,
    ],
    [
      "six files",
      async () =>
        Array.from({ length: 6 }, (_, index) => ({ bytes: new Uint8Array([index + 1]), filename: `${index}.jpg` })),
      {},
      "tooManyFiles",
      null,
    ],
    [
      "more than 25 MB together",
      async () =>
        Array.from({ length: 3 }, (_, index) => ({ bytes: new Uint8Array(9 * 1024 * 1024), filename: `${index}.jpg` })),
      {},
      "submissionTooLarge",
      null,
    ],
    [
      "a text file called .jpg",
      async () => [{ bytes: new TextEncoder().encode("<script>alert(1)</script>"), filename: "photo.jpg" }],
      {},
      "unsupportedType",
      1,
    ],
    [
      "a photo with a report about a child",
      async () => [{ bytes: await photoWithMetadata(32, 32), filename: "a.jpg" }],
      { category: "child_exploitation", victimAgeGroup: "child" },
      "imageInChildCategory",
      null,
    ],
  ])("%s: refused with the answers kept, and no tip is written", async (_, files, overrides, refusal, position) => {
    const before = await tipCount();
    const answers = reportAnswers({ description: "Kept answer: the agent in Lahore keeps passports.", ...overrides });
    const result = (await sendReport("en", multipart(answers, await files()))) as Rejection;
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors).toEqual({ evidence: `evidence.errors.${refusal}` });
    expect(result.data.evidencePosition ?? null).toBe(position);
    expect(result.data.values.description).toBe(answers.description);
    expect(result.data.values.district).toBe("lahore");
    expect(await tipCount()).toBe(before);
  });
});

test("submissions refused after their files were decoded count against the connection's limit; cheap refusals do not", async () => {
  const clientKey = `evidence-limit-${Math.random()}`;
  const send = async (files: Parameters<typeof multipart>[1]) =>
    (await reportAction({
      request: new Request(`${origin}/en/report`, { method: "POST", body: multipart(reportAnswers(), files) }),
      params: { lang: "en" },
      context: { clientKey },
    } as never)) as Response | Rejection;
  const notAPicture = { bytes: new TextEncoder().encode("not a picture"), filename: "a.jpg" };
  // Six files are refused before any is decoded: as often as you like.
  for (let index = 0; index < 25; index++)
    expect(((await send(Array.from({ length: 6 }, () => notAPicture))) as Rejection).data.fieldErrors.evidence).toBe(
      "evidence.errors.tooManyFiles",
    );
  for (let index = 0; index < 20; index++)
    expect(((await send([notAPicture])) as Rejection).data.fieldErrors.evidence).toBe(
      "evidence.errors.unsupportedType",
    );
  const limited = (await send([])) as Rejection;
  expect(limited.init.status).toBe(429);
});

describe("a follow-up reply", () => {
  async function visitFor(tipId: string) {
    return followUpTokens.issue(await getDb(), { tipId });
  }

  async function reply(
    token: string,
    message: string,
    files: Parameters<typeof multipart>[1],
    clientKey = `reply-${Math.random()}`,
  ) {
    return (await caseAction({
      request: new Request(`${origin}/en/follow-up/case`, {
        method: "POST",
        body: multipart({ t: token, intent: "reply", message }, files),
      }),
      params: { lang: "en" },
      context: { clientKey },
    } as never)) as Response | Rejection;
  }

  test("replies with files count against the connection's tip limit, before cleaning; a reply without files does not", async () => {
    const { tipSubmissionLimiter } = await import("~/server/rate-limit.server");
    const { getEnv } = await import("~/server/env.server");
    const db = await getDb();
    const tip = tipSchema.parse({ category: "other", description: "A tip whose reporter sends many files." });
    const { id } = await createTip(db, tip, routeTip(tip, routingTable), "api");
    const clientKey = `busy-${Math.random()}`;
    for (let n = 0; n < getEnv().TIPS_PER_HOUR_PER_CONNECTION; n++) tipSubmissionLimiter.record(clientKey);
    const refused = (await reply(
      await visitFor(id),
      "One more photo.",
      [{ bytes: await photoWithMetadata(32, 32), filename: "a.jpg" }],
      clientKey,
    )) as Rejection;
    expect(refused.init.status).toBe(429);
    expect(refused.data.fieldErrors).toEqual({ evidence: "report:evidence.errors.connectionBusy" });
    expect(refused.data.values.message).toBe("One more photo.");
    expect(await db.tipMessage.count({ where: { tipId: id } })).toBe(0);
    const withoutFiles = await reply(await visitFor(id), "Just words this time.", [], clientKey);
    expect(withoutFiles).toBeInstanceOf(Response);
    expect(await db.tipMessage.count({ where: { tipId: id } })).toBe(1);
  });

  test("adds files after the report's, and the reporter sees only how many", async () => {
    const db = await getDb();
    const response = (await sendReport(
      "en",
      multipart(reportAnswers(), [{ bytes: await photoWithMetadata(64, 64), filename: "a.jpg" }]),
    )) as Response;
    const tipId = (await findTipIdByReceipt(db, await receiptOf(response)))!;
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: "#ff000080" } })
      .png()
      .withMetadata()
      .toBuffer();
    const sent = (await reply(await visitFor(tipId), "Two more screenshots of the offer.", [
      { bytes: png, filename: "s1.png", type: "image/png" },
      { bytes: await photoWithMetadata(50, 50), filename: "s2.jpg" },
    ])) as Response;
    expect(sent.status).toBe(302);
    const rows = await db.evidencePage.findMany({
      where: { tipId },
      orderBy: { position: "asc" },
      select: { position: true, fileType: true },
    });
    expect(rows).toEqual([
      { position: 1, fileType: "image/jpeg" },
      { position: 2, fileType: "image/png" },
      { position: 3, fileType: "image/jpeg" },
    ]);
    const view = await getReporterView(db, tipId);
    expect(view?.evidenceCount).toBe(3);
    expect(view?.messages.at(-1)?.body).toBe("Two more screenshots of the offer.");
  });

  test("a refused file keeps the message and writes nothing", async () => {
    const db = await getDb();
    const tip = tipSchema.parse({ category: "other", description: "A tip for a refused reply." });
    const { id } = await createTip(db, tip, routeTip(tip, routingTable), "api");
    const result = (await reply(await visitFor(id), "Here is the contract.", [
      { bytes: new TextEncoder().encode("<html>not a contract</html>"), filename: "c.pdf" },
    ])) as Rejection;
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors).toEqual({ evidence: "report:evidence.errors.unsupportedType" });
    expect(result.data.values.message).toBe("Here is the contract.");
    expect(await db.tipMessage.count({ where: { tipId: id } })).toBe(0);
    expect(await db.evidencePage.count({ where: { tipId: id } })).toBe(0);
  });

  test("a tip about a child takes no files in a reply either", async () => {
    const db = await getDb();
    const tip = tipSchema.parse({
      category: "child_exploitation",
      victimAgeGroup: "child",
      description: "Children begging at the signal.",
    });
    const { id } = await createTip(db, tip, routeTip(tip, routingTable), "api");
    const result = (await reply(await visitFor(id), "A photo.", [
      { bytes: await photoWithMetadata(32, 32), filename: "a.jpg" },
    ])) as Rejection;
    expect(result.data.fieldErrors).toEqual({ evidence: "report:evidence.errors.imageInChildCategory" });
    expect(await db.evidencePage.count({ where: { tipId: id } })).toBe(0);
  });
});

describe("the partner API with multipart/form-data", () => {
  const tipJson = JSON.stringify({
    category: "fake_job_offer",
    description: "Agent took fees for jobs in Dubai and keeps passports.",
    crossesBorder: "yes",
    province: "punjab",
    language: "en",
  });

  async function postApi(body: FormData) {
    return apiAction({
      request: new Request(`${origin}/api/v1/tips`, { method: "POST", body, headers: { "Accept-Language": "en" } }),
      params: {},
      context: { clientKey: `api-evidence-${Math.random()}` },
    } as never);
  }

  test("a tip with two files: 201 and the number kept", async () => {
    const response = await postApi(
      multipart({ tip: tipJson }, [
        { bytes: await photoWithMetadata(64, 48), filename: "a.jpg" },
        { bytes: await photoWithMetadata(48, 64), filename: "b.jpg" },
      ]),
    );
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.evidence).toBe(2);
    const tipId = (await findTipIdByReceipt(await getDb(), body.receipt))!;
    expect(await (await getDb()).evidencePage.count({ where: { tipId } })).toBe(2);
  });

  test("a bad second file: 400 naming it by position, and no tip", async () => {
    const before = await tipCount();
    const response = await postApi(
      multipart({ tip: tipJson }, [
        { bytes: await photoWithMetadata(64, 48), filename: "a.jpg" },
        { bytes: new TextEncoder().encode("MZ not a picture"), filename: "b.jpg" },
      ]),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "invalid_request",
      errors: { "evidence[2]": "File 2 is not a JPEG, PNG, WebP or PDF file." },
    });
    expect(await tipCount()).toBe(before);
  });

  test.each<[string, () => Promise<FormData>, Record<string, string>]>([
    [
      "no tip part",
      async () => multipart({}, [{ bytes: new Uint8Array([1]), filename: "a.jpg" }]),
      { tip: "A multipart request needs a part named tip holding the tip as JSON" },
    ],
    ["an unknown part", async () => multipart({ tip: tipJson, note: "x" }, []), { note: "Unknown field" }],
    [
      "a tip part that is not JSON",
      async () => multipart({ tip: "{nope" }, []),
      { body: "The request body is not valid JSON" },
    ],
    [
      "six files",
      async () =>
        multipart(
          { tip: tipJson },
          Array.from({ length: 6 }, (_, index) => ({ bytes: new Uint8Array([index + 1]), filename: `${index}.jpg` })),
        ),
      { evidence: "Choose at most 5 files." },
    ],
  ])("%s: 400", async (_, body, errors) => {
    const before = await tipCount();
    const response = await postApi(await body());
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual(errors);
    expect(await tipCount()).toBe(before);
  });

  test("a JSON tip still works and reports no files", async () => {
    const response = await apiAction({
      request: new Request(`${origin}/api/v1/tips`, {
        method: "POST",
        body: tipJson,
        headers: { "Content-Type": "application/json" },
      }),
      params: {},
      context: { clientKey: `api-json-${Math.random()}` },
    } as never);
    expect(response.status).toBe(201);
    expect((await response.json()).evidence).toBe(0);
  });
});

describe("a PDF (as the cleaning gives it: its page images)", () => {
  test("is stored one page a row, each page opens alone, and the download is a PDF again", async () => {
    const db = await getDb();
    const page = async (shade: string) => {
      const bytes = await sharp({ create: { width: 300, height: 420, channels: 3, background: shade } })
        .jpeg()
        .toBuffer();
      return { type: "image/jpeg" as const, bytes: new Uint8Array(bytes), width: 300, height: 420 };
    };
    const pdf: CleanedEvidence = {
      kind: "pdf",
      type: "application/pdf",
      pages: [await page("#ffffff"), await page("#eeeeee"), await page("#dddddd")],
    };
    const tip = tipSchema.parse({ category: "fake_job_offer", description: "An offer letter as a PDF, three pages." });
    const { id } = await createTip(db, tip, routeTip(tip, routingTable), "api", new Date(), [pdf]);
    expect(await listEvidence(db, id)).toEqual([
      { position: 1, type: "application/pdf", pageCount: 3, sizeBytes: 3 * evidencePaddingStep },
    ]);
    const second = await readEvidence(id, 1, 2);
    expect(second?.kind === "pdf" && Buffer.from(second.pages[0]!.bytes).equals(Buffer.from(pdf.pages[1]!.bytes))).toBe(
      true,
    );
    expect(await readEvidence(id, 1, 4)).toBeNull();
    const whole = await readEvidence(id, 1);
    const rebuilt = await pdfFromPages(whole!.kind === "pdf" ? whole!.pages : []);
    const loaded = await PDFDocument.load(rebuilt);
    expect(loaded.getPageCount()).toBe(3);
    // Each page at its image's proportions (the cleaner may scale pixels to points).
    const size = loaded.getPage(0).getSize();
    expect(size.width / size.height).toBeCloseTo(300 / 420, 3);
  });
});

test("opening a file writes its tip_evidence_viewed row first: refused, no file leaves", async () => {
  const db = await getDb();
  await seedDemoStaff(db);
  const member = await db.staffUser.findUniqueOrThrow({
    where: { email: "fia.agent@aagahi.demo" },
    select: { id: true, email: true, role: true, agencyCode: true, unitCode: true },
  });
  const agent = { ...member, role: member.role as StaffRole };
  const response = (await sendReport(
    "en",
    multipart(reportAnswers(), [{ bytes: await photoWithMetadata(32, 32), filename: "a.jpg" }]),
  )) as Response;
  const tipId = (await findTipIdByReceipt(db, await receiptOf(response)))!;
  const facts = (await findCaseFacts(tipId))!;
  const rows = () =>
    db.auditEntry.findMany({
      where: { tipId, action: "tip_evidence_viewed" },
      select: { staffUserId: true, details: true },
    });
  await withAuditRefused(() => openEvidence(agent, tipId, facts, 1, 1));
  expect(await rows()).toEqual([]);
  expect((await openEvidence(agent, tipId, facts, 1, 1))?.file.kind).toBe("image");
  expect(await rows()).toEqual([{ staffUserId: agent.id, details: JSON.stringify({ file: 1, page: 1 }) }]);
  // A file the tip does not have writes nothing.
  expect(await openEvidence(agent, tipId, facts, 2)).toBeNull();
  expect(await rows()).toHaveLength(1);
});

describe("keys and deletion", () => {
  afterAll(() => {
    delete process.env.TIP_ENCRYPTION_KEYS;
    delete process.env.RECEIPT_KEY;
    resetSecretsCache();
  });

  test("a stored image opens only in its own place: copied to another position it fails", async () => {
    const db = await getDb();
    const response = (await sendReport(
      "en",
      multipart(reportAnswers(), [
        { bytes: await photoWithMetadata(32, 32), filename: "a.jpg" },
        { bytes: await photoWithMetadata(40, 40), filename: "b.jpg" },
      ]),
    )) as Response;
    const tipId = (await findTipIdByReceipt(db, await receiptOf(response)))!;
    const [first, second] = await db.evidencePage.findMany({ where: { tipId }, orderBy: { position: "asc" } });
    await db.evidencePage.update({ where: { id: second!.id }, data: { cipher: first!.cipher } });
    await expect(readEvidence(tipId, 2)).rejects.toThrow(/authentication/);
    await deleteTipContent(db, tipId, new Date());
  });

  test("key rotation re-encrypts every evidence image; deletion takes the files with the tip", async () => {
    const db = await getDb();
    // The suite's demo keys stay configured (earlier tests' rows use them); a new key goes first.
    const secrets = getSecrets();
    const oldKey = secrets.encryptionKeys.map(({ id, key }) => `${id}:${key.toString("base64")}`).join(",");
    const newKey = `new:${crypto.randomBytes(32).toString("base64")}`;
    process.env.RECEIPT_KEY = secrets.receiptKey.toString("base64");
    process.env.TIP_ENCRYPTION_KEYS = oldKey;
    resetSecretsCache();
    const response = (await sendReport(
      "en",
      multipart(reportAnswers(), [{ bytes: await photoWithMetadata(120, 90), filename: "a.jpg" }]),
    )) as Response;
    const tipId = (await findTipIdByReceipt(db, await receiptOf(response)))!;
    const before = await readEvidence(tipId, 1);

    process.env.TIP_ENCRYPTION_KEYS = `${newKey},${oldKey}`;
    resetSecretsCache();
    const report = await reencryptAll(db, 7);
    expect(report.evidencePagesChecked).toBeGreaterThan(0);
    const rows = await db.evidencePage.findMany({ select: { cipher: true } });
    expect(rows.every((row) => keyIdOfBytes(row.cipher) === "new")).toBe(true);

    process.env.TIP_ENCRYPTION_KEYS = newKey.replace(/,.*/, "");
    resetSecretsCache();
    const after = await readEvidence(tipId, 1);
    expect(
      after?.kind === "image" && before?.kind === "image" && Buffer.from(after.bytes).equals(Buffer.from(before.bytes)),
    ).toBe(true);

    await deleteTipContent(db, tipId, new Date());
    expect(await db.evidencePage.count({ where: { tipId } })).toBe(0);
  });
});

test("parallel submissions with files from one connection cannot pass the tip limit while the first is being cleaned", async () => {
  const { takeTip } = await import("~/models/tip-intake.server");
  const { getEnv } = await import("~/server/env.server");
  const allowed = getEnv().TIPS_PER_HOUR_PER_CONNECTION;
  const photo = new Uint8Array(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: "#336699" } })
      .jpeg()
      .toBuffer(),
  );
  const tip = tipSchema.parse({
    category: "fake_job_offer",
    crossesBorder: "yes",
    description: "Parallel file submissions from one phone.",
  });
  const clientKey = `parallel-${Math.random()}`;
  const before = await tipCount();
  // Found by review: the limit was recorded only after cleaning, so all of these passed the check at once.
  const results = await Promise.all(
    Array.from({ length: allowed + 3 }, () =>
      takeTip(tip, "web", clientKey, [{ size: photo.byteLength, bytes: photo }]),
    ),
  );
  expect(results.filter((result) => result.ok)).toHaveLength(allowed);
  expect(results.filter((result) => !result.ok && result.problem === "rateLimited")).toHaveLength(3);
  expect((await tipCount()) - before).toBe(allowed);
});

test("replies with files sent at once each keep their files, at the next positions (review finding: a 500 on PostgreSQL)", async () => {
  const { addReporterMessage } = await import("~/models/tip.server");
  const db = await getDb();
  const tip = tipSchema.parse({
    category: "fake_job_offer",
    crossesBorder: "yes",
    description: "A tip with replies sent from two tabs.",
  });
  const { id } = await createTip(db, tip, routeTip(tip, routingTable), "api");
  const bytes = new Uint8Array(
    await sharp({ create: { width: 40, height: 30, channels: 3, background: "#884422" } })
      .jpeg()
      .toBuffer(),
  );
  const file: CleanedEvidence = { kind: "image", type: "image/jpeg", bytes, width: 40, height: 30 };
  await Promise.all([1, 2, 3].map((n) => addReporterMessage(id, `Reply ${n} with a photo.`, [file])));
  expect(await db.tipMessage.count({ where: { tipId: id } })).toBe(3);
  const positions = (await listEvidence(db, id)).map((listed) => listed.position);
  expect(positions).toEqual([1, 2, 3]);
});
