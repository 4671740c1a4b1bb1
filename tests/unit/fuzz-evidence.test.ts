// Bad input with files (suite 3 of the threat model, extended to multipart bodies): the report form, the reply
// form and the partner API, each sent generated multipart/form-data bodies: wrong and lying types, polyglots,
// truncated and empty files, too many parts, parts over the limits, a missing or wrong boundary, bodies cut
// short, parts without headers. The oracle is fuzz-harness.ts's: never a crash or a 5xx, a message in the
// request's language for every rejection, and no row written for a rejected tip or reply.
import "../setup/database";
import fc from "fast-check";
import sharp from "sharp";
import { afterAll, beforeAll, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { evidenceLimits } from "~/domain/evidence";
import { evidenceMessageNumbers } from "~/domain/evidence-intake";
import { routeTip } from "~/domain/routing";
import { tipCategories, tipSchema } from "~/domain/tip";
import { getFixedT } from "~/i18n/i18n.server";
import { createTip, findTipIdByReceipt } from "~/models/tip.server";
import { action as reportAction } from "~/routes/$lang.report/route";
import { action as caseAction } from "~/routes/$lang.follow-up_.case/route";
import { action as apiAction } from "~/routes/api.v1.tips";
import { getDb, type Database } from "~/server/db.server";
import { followUpTokens, receiptDisplayTokens } from "~/server/tokens.server";
import { seedDirectory } from "../../prisma/seed";
import {
  FuzzTally,
  expectMessagesIn,
  fuzzParameters,
  hostileText,
  origin,
  outcomeOf,
  rowCounter,
  rowDelta,
  type Outcome,
} from "./fuzz-harness";

const runs = { report: 200, reply: 100, api: 200 };
const tallies: FuzzTally[] = [];
let db: Database;
let knownTipId = "";
let clientCounter = 0;
const freshClient = () => ({ clientKey: `fuzz-evidence-${clientCounter++}` });
const samples: Record<string, Uint8Array> = {};

beforeAll(async () => {
  db = await getDb();
  await seedDirectory(db);
  const tip = tipSchema.parse({
    category: "other",
    description: "A tip the evidence fuzzing replies to.",
    province: "ict",
  });
  knownTipId = (await createTip(db, tip, routeTip(tip, routingTable), "api")).id;
  const picture = sharp({ create: { width: 24, height: 16, channels: 3, background: "#3366aa" } });
  samples.jpeg = await picture.clone().jpeg().toBuffer();
  samples.png = await picture.clone().png().toBuffer();
  samples.webp = await picture.clone().webp().toBuffer();
});

afterAll(() => {
  const total = tallies.reduce((sum, tally) => sum + tally.inputs, 0);
  console.log(
    `[fuzz] multipart bodies with files: ${total} inputs, ${tallies.reduce((sum, tally) => sum + tally.serverErrors, 0)} 5xx`,
  );
});

const text = (value: string) => new TextEncoder().encode(value);
const join = (...pieces: Uint8Array[]) => {
  const joined = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.byteLength, 0));
  let offset = 0;
  for (const piece of pieces) {
    joined.set(piece, offset);
    offset += piece.byteLength;
  }
  return joined;
};

/** What a file part may hold: real pictures, and everything that pretends to be one. */
const fileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("jpeg", "png", "webp").map((kind) => samples[kind]!) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constant(0).map(() => samples.jpeg!.subarray(0, Math.floor(samples.jpeg!.length / 2))) },
  // Polyglots: a picture with a ZIP or HTML after it, HTML that starts like a JPEG.
  { weight: 1, arbitrary: fc.constant(0).map(() => join(samples.jpeg!, text("PK\u0003\u0004 zip inside"))) },
  {
    weight: 1,
    arbitrary: fc.constant(0).map(() => join(samples.png!, text("<html><script>alert(1)</script></html>"))),
  },
  {
    weight: 1,
    arbitrary: fc.constant(join(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), text("<script>alert(1)</script>"))),
  },
  { weight: 1, arbitrary: fc.constant(text("%PDF-1.7\n1 0 obj << /JavaScript (app.alert(1)) >> endobj\n%%EOF")) },
  { weight: 1, arbitrary: fc.constant(text("GIF89a not allowed")) },
  // Over the per-file limit (rarely: each is 10 MB of memory for a moment).
  { weight: 1, arbitrary: fc.constant(0).map(() => new Uint8Array(evidenceLimits.fileBytes + 1)) },
);

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  body: Uint8Array;
  /** Leave out the Content-Disposition header (a broken part). */
  bare?: boolean;
}

const filePart: fc.Arbitrary<Part> = fc.record({
  name: fc.oneof(
    { weight: 12, arbitrary: fc.constant("evidence") },
    { weight: 1, arbitrary: fc.constantFrom("evidence[]", "file", "") },
  ),
  filename: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom("photo.jpg", "IMG_0001.JPG", "screenshot.png", "") },
    { weight: 1, arbitrary: hostileText.map((value) => value.replace(/["\r\n]/g, "").slice(0, 80)) },
  ),
  contentType: fc.constantFrom(
    "image/jpeg",
    "image/png",
    "application/pdf",
    "text/html",
    "application/octet-stream",
    "image/svg+xml",
  ),
  body: fileBytes,
  bare: fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** How the body and its Content-Type header go wrong, if they do. */
const framing = fc.oneof(
  { weight: 12, arbitrary: fc.constant("ok" as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "noBoundary",
      "wrongBoundary",
      "quotedBoundary",
      "cutShort",
      "noClosing",
      "notMultipart",
      "tooManyParts",
      "hugeText",
    ),
  },
);
type Framing =
  | "ok"
  | "noBoundary"
  | "wrongBoundary"
  | "quotedBoundary"
  | "cutShort"
  | "noClosing"
  | "notMultipart"
  | "tooManyParts"
  | "hugeText";

function encode(fields: [string, string][], files: Part[], how: Framing): { body: Uint8Array; contentType: string } {
  const boundary = `----fuzz${Math.random().toString(16).slice(2)}`;
  const parts: Part[] = [...fields.map(([name, value]) => ({ name, body: text(value) })), ...files];
  if (how === "tooManyParts")
    for (let index = 0; index < 80; index++)
      parts.push({
        name: "evidence",
        filename: `${index}.jpg`,
        contentType: "image/jpeg",
        body: new Uint8Array([index]),
      });
  if (how === "hugeText") parts.push({ name: "description", body: text("x".repeat(200_000)) });
  const pieces: Uint8Array[] = [];
  for (const part of parts) {
    const disposition = part.bare
      ? ""
      : `Content-Disposition: form-data; name="${part.name}"${part.filename === undefined ? "" : `; filename="${part.filename}"`}\r\n`;
    const type = part.contentType ? `Content-Type: ${part.contentType}\r\n` : "";
    pieces.push(text(`--${boundary}\r\n${disposition}${type}\r\n`), part.body, text("\r\n"));
  }
  if (how !== "noClosing") pieces.push(text(`--${boundary}--\r\n`));
  let body = join(...pieces);
  if (how === "cutShort") body = body.subarray(0, Math.floor(body.byteLength * 0.6));
  const contentType =
    how === "noBoundary"
      ? "multipart/form-data"
      : how === "wrongBoundary"
        ? "multipart/form-data; boundary=not-the-one"
        : how === "quotedBoundary"
          ? `multipart/form-data; boundary="${boundary}"`
          : how === "notMultipart"
            ? "application/x-www-form-urlencoded"
            : `multipart/form-data; boundary=${boundary}`;
  return { body, contentType };
}

const request = (
  path: string,
  encoded: { body: Uint8Array; contentType: string },
  headers: Record<string, string> = {},
) =>
  new Request(`${origin}${path}`, {
    method: "POST",
    body: encoded.body as Uint8Array<ArrayBuffer>,
    headers: { "Content-Type": encoded.contentType, ...headers },
  });

const reportFields = (category: string, language: string): [string, string][] => [
  ["website", ""],
  ["category", category],
  ["crossesBorder", "yes"],
  ["country", "AE"],
  ["province", "punjab"],
  ["immediateDanger", "no"],
  ["victimAgeGroup", category === "child_exploitation" ? "child" : "adult"],
  [
    "description",
    language === "ur"
      ? "ایجنٹ نے دبئی میں نوکری کا وعدہ کر کے پاسپورٹ رکھ لیا۔"
      : "The agent promised a job in Dubai and kept the passport.",
  ],
  ["contactConsent", "no"],
];

/** The messages a rejected form shows, translated as the page does. */
function formMessages(language: "ur" | "en", outcome: Outcome, namespace: "report" | "follow-up"): string[] {
  const data = outcome.data as {
    fieldErrors?: Record<string, string>;
    evidencePosition?: number | null;
    retryAfterMinutes?: number;
  };
  const t = getFixedT(language, namespace);
  return Object.values(data.fieldErrors ?? {}).map((key) =>
    t(key, { ...evidenceMessageNumbers, position: data.evidencePosition ?? 1, minutes: 15, max: 5_000 }),
  );
}

const language = fc.constantFrom<"ur" | "en">("ur", "en");
const files = fc.array(filePart, { maxLength: 7 });

test("the report form with files never fails, and a rejected tip writes no row", { timeout: 300_000 }, async () => {
  const tally = new FuzzTally("report-form-evidence");
  tallies.push(tally);
  const rows = rowCounter();
  await fc.assert(
    fc.asyncProperty(
      language,
      fc.constantFrom(...tipCategories),
      files,
      framing,
      async (lang, category, parts, how) => {
        const before = await rows();
        const outcome = await outcomeOf(() =>
          reportAction({
            request: request(`/${lang}/report`, encode(reportFields(category, lang), parts, how)),
            params: { lang },
            context: freshClient(),
          } as never),
        );
        const delta = rowDelta(before, await rows());
        if (outcome.status === 302) {
          const shown = (await receiptDisplayTokens.open(db, new URL(outcome.location!, origin).searchParams.get("t")))
            ?.value;
          const tipId = (await findTipIdByReceipt(db, shown!.receipt))!;
          expect(delta.Tip).toBe(1);
          expect(delta.EvidencePage ?? 0).toBe(await db.evidencePage.count({ where: { tipId } }));
          if (category === "child_exploitation") expect(delta.EvidencePage ?? 0).toBe(0);
          tally.record(outcome, "accepted");
        } else {
          expect(delta, "a rejected tip wrote rows").toEqual({});
          expectMessagesIn(lang, formMessages(lang, outcome, "report"));
          tally.record(outcome, "rejected");
        }
      },
    ),
    fuzzParameters(runs.report),
  );
  const summary = tally.report();
  expect(summary.outcomes.accepted, "the generator also produces tips that are kept").toBeGreaterThan(0);
  expect(summary.outcomes.rejected, "and ones that are refused").toBeGreaterThan(0);
});

test("the reply form with files never fails, and a rejected reply writes no row", { timeout: 300_000 }, async () => {
  const tally = new FuzzTally("reply-form-evidence");
  tallies.push(tally);
  const rows = rowCounter();
  await fc.assert(
    fc.asyncProperty(language, files, framing, async (lang, parts, how) => {
      const token = await followUpTokens.issue(db, { tipId: knownTipId });
      const before = await rows();
      const fields: [string, string][] = [
        ["t", token],
        ["intent", "reply"],
        ["message", "More about the agent's office."],
      ];
      const outcome = await outcomeOf(() =>
        caseAction({
          request: request(`/${lang}/follow-up/case`, encode(fields, parts, how)),
          params: { lang },
          context: {},
        } as never),
      );
      const delta = rowDelta(before, await rows());
      if (outcome.status === 302 && outcome.location?.includes("sent=1")) {
        expect(delta.TipMessage).toBe(1);
        tally.record(outcome, "accepted");
      } else {
        // A body too broken to carry the reply's own fields is a plain 400 or a redirect, and writes nothing.
        expect(delta, "a rejected reply wrote rows").toEqual({});
        if (outcome.status === 400 && !outcome.thrown) expectMessagesIn(lang, formMessages(lang, outcome, "follow-up"));
        tally.record(outcome, "rejected");
      }
    }),
    fuzzParameters(runs.reply),
  );
  const summary = tally.report();
  expect(summary.outcomes.accepted).toBeGreaterThan(0);
  expect(summary.outcomes.rejected).toBeGreaterThan(0);
});

test(
  "the partner API with files never fails: 201 with the files kept, or 4xx and no row",
  { timeout: 300_000 },
  async () => {
    const tally = new FuzzTally("api-evidence");
    tallies.push(tally);
    const rows = rowCounter();
    const tipJson = fc.oneof(
      {
        weight: 8,
        arbitrary: fc.constantFrom(...tipCategories).map((category) =>
          JSON.stringify({
            category,
            description: "Agent took fees for jobs abroad and keeps passports.",
            crossesBorder: "yes",
            province: "punjab",
          }),
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom("{", "[]", "null", JSON.stringify({ category: "nope" })) },
    );
    await fc.assert(
      fc.asyncProperty(language, tipJson, files, framing, fc.boolean(), async (lang, json, parts, how, withTip) => {
        const before = await rows();
        const fields: [string, string][] = withTip ? [["tip", json]] : [];
        const outcome = await outcomeOf(() =>
          apiAction({
            request: request(`/api/v1/tips?lang=${lang}`, encode(fields, parts, how)),
            params: {},
            context: freshClient(),
          } as never),
        );
        const delta = rowDelta(before, await rows());
        const body = outcome.data as { evidence?: number; errors?: Record<string, string>; message?: string };
        if (outcome.status === 201) {
          expect(delta.Tip).toBe(1);
          expect(delta.EvidencePage ?? 0).toBe(body.evidence);
          tally.record(outcome, "accepted");
        } else {
          expect([400, 415]).toContain(outcome.status);
          expect(delta, "a rejected tip wrote rows").toEqual({});
          expectMessagesIn(lang, body.errors ? Object.values(body.errors) : [body.message!]);
          // A file is named by its place (evidence[1] to evidence[5]); a part the API does not know is named as sent.
          const unknownField = getFixedT(lang, "report")("errors.body.unknownField");
          for (const [field, message] of Object.entries(body.errors ?? {})) {
            if (message !== unknownField && field.startsWith("evidence[")) expect(field).toMatch(/^evidence\[[1-9]\]$/);
          }
          tally.record(outcome, "rejected");
        }
      }),
      fuzzParameters(runs.api),
    );
    const summary = tally.report();
    expect(summary.outcomes.accepted).toBeGreaterThan(0);
    expect(summary.outcomes.rejected).toBeGreaterThan(0);
  },
);
