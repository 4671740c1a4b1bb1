// Bad input, partner API (suite 3 of the threat model): generated JSON bodies with wrong types, unknown and
// duplicate fields, huge and broken text, bad UTF-8, wrong content types and odd language headers. The
// answer is always 201, 400 or 415 with messages in the request's language, never a crash or a 5xx, and a
// rejected body writes no row.
import "../setup/database";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { borderAnswers, provinceAnswers, tipCategories, victimAgeGroups } from "~/domain/tip";
import { pickLanguageFromAcceptLanguage } from "~/i18n/accept-language.server";
import { isLanguage, type Language } from "~/i18n/languages";
import { findTipIdByReceipt, readTipContent } from "~/models/tip.server";
import { action as apiAction } from "~/routes/api.v1.tips";
import { getDb, type Database } from "~/server/db.server";
import { seedDirectory } from "../../prisma/seed";
import {
  FuzzTally,
  expectMessagesIn,
  expectRowChanges,
  fuzzParameters,
  hostileText,
  hugeText,
  origin,
  outcomeOf,
  plausibleDescription,
  rowCounter,
  rowDelta,
} from "./fuzz-harness";

const numRuns = 5_000;
const maxBodyBytes = 64 * 1024;
let db: Database;
let clientCounter = 0;

beforeAll(async () => {
  db = await getDb();
  await seedDirectory(db);
});

const some = <T extends string>(values: readonly T[]) => fc.constantFrom(...values);

/** A JSON value of the wrong kind for almost any field. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  hostileText,
);

const jsonField = (valid: fc.Arbitrary<unknown>, validWeight = 16) =>
  fc.oneof({ weight: validWeight, arbitrary: valid }, { weight: 1, arbitrary: wrongType });

const absent = Symbol("absent");

const fields: Record<string, fc.Arbitrary<unknown>> = {
  category: jsonField(some(tipCategories)),
  description: fc.oneof(
    { weight: 8, arbitrary: plausibleDescription },
    { weight: 2, arbitrary: hostileText },
    { weight: 1, arbitrary: hugeText },
    { weight: 1, arbitrary: wrongType },
  ),
  crossesBorder: jsonField(some(borderAnswers)),
  country: jsonField(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("AE", "SA", "om", " GB ", "") },
      { weight: 1, arbitrary: fc.constantFrom("PK", "XX") },
    ),
  ),
  province: jsonField(some(provinceAnswers)),
  // A district must be in the province: mostly left out, as reporters mostly do.
  district: fc.oneof(
    { weight: 6, arbitrary: fc.constant<unknown>(absent) },
    { weight: 1, arbitrary: jsonField(fc.constantFrom("lahore", "peshawar", "quetta", "nowhere")) },
  ),
  victimCount: jsonField(
    fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(0, -1, 10_001, 2.5, 1e21, "3", "۳")),
  ),
  victimAgeGroup: jsonField(some(victimAgeGroups)),
  immediateDanger: jsonField(fc.oneof(fc.boolean(), fc.constantFrom("yes", "true", 1, 0))),
  suspects: jsonField(fc.constantFrom("Agent Shakeel, office near the bus stand", "ملک صاحب کا ڈیرہ", "")),
  contactConsent: jsonField(fc.oneof(fc.boolean(), fc.constantFrom("yes", 1))),
  contact: fc.oneof(
    { weight: 4, arbitrary: fc.constant<unknown>(absent) },
    { weight: 1, arbitrary: jsonField(fc.constantFrom("0300-1234567 after Isha", "")) },
  ),
  language: jsonField(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom("ur", "en") },
      { weight: 1, arbitrary: fc.constantFrom("UR", "fr", "") },
    ),
  ),
};

/** An object with each known field usually present, plus (sometimes) fields the API does not know. */
const tipObject: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc
      .record(
        Object.fromEntries(
          Object.entries(fields).map(([key, value]) => [
            key,
            fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: fc.constant(absent) }),
          ]),
        ),
      )
      .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== absent))),
    fc.oneof(
      { weight: 10, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: fc.dictionary(
          fc.oneof(
            fc.constantFrom("__proto__", "constructor", "toString", "ip", "userAgent", "x".repeat(200)),
            fc.string({ maxLength: 10 }),
          ),
          wrongType,
          {
            minKeys: 1,
            maxKeys: 3,
          },
        ),
      },
    ),
  )
  .map(([known, unknown]) => {
    const body: Record<string, unknown> = {};
    // Defined as own properties: a "__proto__" key must stay a key, as it does in JSON.parse.
    for (const [key, value] of [...Object.entries(known), ...Object.entries(unknown)]) {
      Object.defineProperty(body, key, { value, enumerable: true, configurable: true, writable: true });
    }
    return body;
  });

type BodyKind = "object" | "duplicate-keys" | "not-an-object" | "malformed" | "bad-utf8" | "too-large" | "empty";

const body: fc.Arbitrary<{ kind: BodyKind; bytes: Uint8Array<ArrayBuffer> }> = fc.oneof(
  {
    weight: 16,
    arbitrary: tipObject.map((value) => ({ kind: "object" as const, bytes: utf8(JSON.stringify(value)) })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(tipObject, wrongType).map(([value, duplicate]) => ({
      kind: "duplicate-keys" as const,
      // The later key wins in JSON.parse: the first "category" is a decoy.
      bytes: utf8(
        JSON.stringify(value).replace(
          /^\{/,
          `{"category":${JSON.stringify(duplicate) ?? "null"}${Object.keys(value).length ? "," : ""}`,
        ),
      ),
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
      .map((value) => ({ kind: "not-an-object" as const, bytes: utf8(JSON.stringify(value)) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        tipObject.chain((value) =>
          fc.nat().map((cut) => JSON.stringify(value).slice(0, cut % Math.max(1, JSON.stringify(value).length))),
        ),
        fc.string({ unit: "binary", maxLength: 30 }),
        fc.constantFrom("{category: 'other'}", '{"a":1,}', "NaN", "\ufeff{}", '{"description":"\\ud800"}', "[", "}"),
      )
      .map((text) => ({ kind: "malformed" as const, bytes: utf8(text) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(tipObject, fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82]))
      .map(([value, bad]) => {
        const text = JSON.stringify({
          ...value,
          description: `BADUTF8 ${typeof value.description === "string" ? value.description : "kiln families held"}`,
        });
        const at = text.indexOf("BADUTF8") + 3;
        const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bad), Buffer.from(text.slice(at))]);
        return { kind: "bad-utf8" as const, bytes: new Uint8Array(bytes) };
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("x", "ٹ", "👩‍👧").map((unit) => ({
      kind: "too-large" as const,
      bytes: utf8(
        JSON.stringify({
          category: "other",
          description: unit.repeat(Math.ceil((maxBodyBytes + 10) / Buffer.byteLength(unit))),
        }),
      ),
    })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "empty" as const, bytes: new Uint8Array() }) },
);

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(text, "utf8"));
}

const contentType = fc.oneof(
  { weight: 16, arbitrary: fc.constant<string | null>("application/json") },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | null>(
      "application/json; charset=utf-8",
      "Application/JSON",
      "application/json;charset=latin1",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | null>(
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
      null,
    ),
  },
);

/** Header values must be visible ASCII, or the client library refuses to send them. */
const headerText = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const acceptLanguage = fc.oneof(
  fc.constantFrom<string | null>(
    null,
    "en",
    "ur",
    "en-US,en;q=0.9",
    "ur-PK,ur;q=0.9,en;q=0.8",
    "en;q=0.1,ur;q=0.2",
    "fr",
    "*",
    "en;q=abc",
  ),
  headerText,
);
const queryLanguage = fc.constantFrom<string | null>(null, null, null, "ur", "en", "fr", "");

/** The request's language as the README defines it: body `language`, else `?lang`, else Accept-Language. */
function expectedLanguage(input: {
  bytes: Uint8Array<ArrayBuffer>;
  type: string | null;
  query: string | null;
  accept: string | null;
}): Language {
  let language: Language = isLanguage(input.query) ? input.query : pickLanguageFromAcceptLanguage(input.accept);
  if (!/^application\/json\b/i.test(input.type ?? "") || input.bytes.length > maxBodyBytes) return language;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(input.bytes));
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      const candidate = (parsed as Record<string, unknown>).language;
      if (isLanguage(candidate)) language = candidate;
    }
  } catch {
    // not JSON: the header or query decides
  }
  return language;
}

const tally = new FuzzTally("partner-api");
afterAll(() => {
  tally.report();
});

test(
  "the partner API never fails, answers in the request's language, and stores only valid tips",
  { timeout: 120_000 },
  async () => {
    const rows = rowCounter();
    await fc.assert(
      fc.asyncProperty(
        fc.record({ body, type: contentType, accept: acceptLanguage, query: queryLanguage }),
        async (input) => {
          const headers: Record<string, string> = {};
          if (input.type !== null) headers["Content-Type"] = input.type;
          if (input.accept !== null) headers["Accept-Language"] = input.accept;
          const url = `${origin}/api/v1/tips${input.query === null ? "" : `?lang=${encodeURIComponent(input.query)}`}`;
          const request = new Request(url, { method: "POST", body: input.body.bytes, headers });
          const language = expectedLanguage({
            bytes: input.body.bytes,
            type: input.type,
            query: input.query,
            accept: input.accept,
          });

          const before = await rows();
          const outcome = await outcomeOf(() =>
            apiAction({ request, params: {}, context: { clientKey: `fuzz-api-${clientCounter++}` } } as never),
          );
          const changed = rowDelta(before, await rows());
          const payload = outcome.data as Record<string, unknown>;

          if (outcome.status === 201) {
            expect(payload.reference).toMatch(/^AG-\d{4}-\d{6}$/);
            const tipId = await findTipIdByReceipt(db, String(payload.receipt));
            expect((await readTipContent(db, tipId!))?.description.length).toBeGreaterThanOrEqual(10);
            expectRowChanges(changed, { Tip: 1, TipEvent: 1, TipMessage: 0 });
            tally.record(outcome, "created");
            return;
          }
          expect(changed, "a rejected body wrote rows").toEqual({});
          if (outcome.status === 415) {
            expect(payload.error).toBe("unsupported_media_type");
            expectMessagesIn(language, [String(payload.message)]);
          } else {
            expect(outcome.status).toBe(400);
            expect(payload.error).toBe("invalid_request");
            const errors = payload.errors as Record<string, unknown>;
            expectMessagesIn(language, Object.values(errors).map(String));
          }
          tally.record(outcome, `${input.body.kind}-${outcome.status}`);
        },
      ),
      fuzzParameters(numRuns),
    );
    expect(tally.inputs).toBe(fuzzParameters(numRuns).numRuns);
    expect(tally.kinds.get("created"), "the generator also produces valid tips").toBeGreaterThan(0);
  },
);

test.each([
  ["__proto__", "the key JavaScript treats as an object's prototype"],
  ["constructor", "a key every object inherits"],
  ["x".repeat(200), "a very long key"],
])("an unknown field named %j gets its own clear message (%s)", async (key) => {
  const text = JSON.stringify({
    category: "other",
    description: "A worker is kept locked in a factory at night.",
  }).replace(/^\{/, `{${JSON.stringify(key)}:1,`);
  const before = await db.tip.count();
  const outcome = await outcomeOf(() =>
    apiAction({
      request: new Request(`${origin}/api/v1/tips`, {
        method: "POST",
        body: text,
        headers: { "Content-Type": "application/json", "Accept-Language": "ur" },
      }),
      params: {},
      context: { clientKey: `unknown-field-${key.length}` },
    } as never),
  );
  expect(outcome.status).toBe(400);
  const errors = (outcome.data as { errors: Record<string, string> }).errors;
  expect(Object.keys(errors)).toEqual([key.slice(0, 64)]);
  expectMessagesIn("ur", Object.values(errors));
  expect(await db.tip.count()).toBe(before);
});

test("one client's flood gets 429 with Retry-After, and the next client is not affected", async () => {
  const send = (clientKey: string) =>
    apiAction({
      request: new Request(`${origin}/api/v1/tips`, {
        method: "POST",
        body: JSON.stringify({ category: "other", description: "A worker is kept locked in a factory at night." }),
        headers: { "Content-Type": "application/json" },
      }),
      params: {},
      context: { clientKey },
    } as never) as Promise<Response>;
  const statuses: number[] = [];
  for (let i = 0; i < 20; i++) statuses.push((await send("one-flooding-client")).status);
  expect(statuses.every((status) => status === 201)).toBe(true);
  const refused = await send("one-flooding-client");
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  expect((await send("a-different-client")).status).toBe(201);
});
