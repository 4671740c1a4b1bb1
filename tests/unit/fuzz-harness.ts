// Shared pieces of the bad-input suites (tests/unit/fuzz-*.test.ts): hostile values, form and JSON bodies
// encoded in every way a client can send them (and some it should not), and one oracle for every route:
//   - the action returns or throws a Response: any other thrown error would be a 500 page;
//   - the status is below 500;
//   - a rejection carries messages in the request's language (Urdu: Arabic-script letters; English: Latin
//     letters and no Arabic script), every one of them translated (a missing key also fails the test through
//     tests/setup/fail-on-console-error.ts, because i18next reports it with console.error);
//   - a rejected input writes no row in any table.
// The staff suite reuses `fuzzFormRoute` with its own fields, session headers and accepted-outcome check.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import pg from "pg";
import { expect } from "vitest";
import { getFixedT } from "~/i18n/i18n.server";
import type { Language } from "~/i18n/languages";
import type { Namespace } from "~/i18n/namespaces";
import { engineOfUrl } from "~/server/database-url.server.mjs";

// ---------------------------------------------------------------------------------------------------------
// Values

/** Pieces of text that have broken real systems: scripts, direction marks, controls, markup, injections. */
export const awkwardPieces = [
  "پاسپورٹ ایجنٹ کے پاس ہے",
  "بچوں سے بھٹے پر کام",
  "جواز السفر",
  "agent ne passport le liya",
  "पासपोर्ट",
  "护照",
  "👩‍👧‍👦",
  "🇵🇰",
  "e\u0301",
  "\u202eRTL override\u202c",
  "\u200b\u200c\u200d\u2060",
  "\ufeff",
  "\u0000",
  "\u0007\u001b[31m",
  "\r\n",
  "\n\n\n\n\n\n",
  "\t",
  "\u2028\u2029",
  "\ud800",
  "\udfff",
  "\uffff\ufffe",
  "۱۲۳",
  "١٢٣",
  '\'; DROP TABLE "Tip"; --',
  "<script>alert(1)</script>",
  "{{minutes}}",
  "$t(errors.form.notSent)",
  "%s%n%x",
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "1e309",
  "-0",
  " ",
  "",
];

const piece = fc.constantFrom(...awkwardPieces);

/** Many characters: sized so that some pass and some fail each length limit (5,000; 2,000; 500; 60). */
export const hugeText = fc
  .tuple(
    fc.constantFrom("x", "آ", "ٹھ ", "👩‍👧", "a\u0000", "\ud800"),
    fc.constantFrom(59, 61, 499, 501, 1_999, 2_001, 4_999, 5_001, 20_000, 70_000),
  )
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/** Any text a hostile or clumsy client might send in a field. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(" ")) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()).map(String) },
);

/** A plausible description, in the languages reporters write, sometimes with awkward pieces inside. */
export const plausibleDescription = fc
  .tuple(
    fc.constantFrom(
      "An agent took money for jobs in Dubai and keeps the passports.",
      "اینٹوں کے بھٹے پر ایک خاندان پیشگی کی وجہ سے قید ہے۔",
      "agent keh raha hai ke Iran ke raaste Greece bhej dega",
      "Children are made to beg at the crossing every day.",
    ),
    fc.array(piece, { maxLength: 3 }),
  )
  .map(([text, extra]) => [text, ...extra].join(" "));

/** A field value: usually one of the field's real answers (`validWeight` to 1), sometimes anything at all. */
export function fieldValue(valid: fc.Arbitrary<string>, validWeight = 3): fc.Arbitrary<string> {
  return fc.oneof({ weight: validWeight, arbitrary: valid }, { weight: 1, arbitrary: hostileText });
}

// ---------------------------------------------------------------------------------------------------------
// Form bodies

export type FormEntry = [name: string, value: string];

/**
 * Form entries built from known fields: each may be missing, present, or repeated with a different value
 * (the first one counts), plus fields the form does not have.
 */
export function formEntries(
  fields: Record<string, fc.Arbitrary<string>>,
  options: { presence?: number } = {},
): fc.Arbitrary<FormEntry[]> {
  const presence = options.presence ?? 0.85;
  const known = Object.entries(fields).map(([name, value]) =>
    fc
      .tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        value,
        fc.oneof({ weight: 10, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileText }),
      )
      .map(([roll, first, duplicate]) => {
        if (roll > presence) return [] as FormEntry[];
        return duplicate === null
          ? ([[name, first]] as FormEntry[])
          : ([
              [name, first],
              [name, duplicate],
            ] as FormEntry[]);
      }),
  );
  const unknown = fc.array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom("ip", "user_agent", "__proto__", "constructor", "lang", "_data", "intent"),
        fc.string({ maxLength: 12 }),
      ),
      hostileText,
    ),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...known), unknown, fc.boolean()).map(([groups, extra, extraFirst]) => {
    const entries = groups.flat();
    return extraFirst ? [...extra, ...entries] : [...entries, ...extra];
  });
}

export type FormEncoding =
  | "urlencoded"
  | "urlencoded-bad-utf8"
  | "multipart"
  | "multipart-bad-utf8"
  | "multipart-with-files"
  | "json-instead-of-form"
  | "text-plain"
  | "no-content-type"
  | "broken-multipart";

export const formEncoding: fc.Arbitrary<FormEncoding> = fc.oneof(
  { weight: 10, arbitrary: fc.constant("urlencoded" as const) },
  { weight: 3, arbitrary: fc.constant("multipart" as const) },
  { weight: 3, arbitrary: fc.constant("urlencoded-bad-utf8" as const) },
  { weight: 2, arbitrary: fc.constant("multipart-bad-utf8" as const) },
  { weight: 1, arbitrary: fc.constant("multipart-with-files" as const) },
  { weight: 1, arbitrary: fc.constant("json-instead-of-form" as const) },
  { weight: 1, arbitrary: fc.constant("text-plain" as const) },
  { weight: 1, arbitrary: fc.constant("no-content-type" as const) },
  { weight: 1, arbitrary: fc.constant("broken-multipart" as const) },
);

/** Byte sequences that are not UTF-8, raw and percent-encoded. */
const badUtf8 = [
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from("%FF"),
  Buffer.from("%C3%28"),
  Buffer.from("%ED%A0%80"),
  Buffer.from("%"),
  Buffer.from("%zz"),
];

export interface EncodedBody {
  body: BodyInit | undefined;
  headers: Record<string, string>;
}

/** Encodes entries as a client would; `salt` picks which bad bytes go where, so runs are reproducible. */
export function encodeForm(entries: FormEntry[], encoding: FormEncoding, salt = 0): EncodedBody {
  const bad = (index: number) => badUtf8[(salt + index) % badUtf8.length]!;
  switch (encoding) {
    case "urlencoded":
      return {
        body: new URLSearchParams(entries).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      };
    case "urlencoded-bad-utf8": {
      const parts = entries.map(([name, value], index) =>
        Buffer.concat([
          Buffer.from(new URLSearchParams([[name, value]]).toString()),
          index % 2 === salt % 2 ? bad(index) : Buffer.alloc(0),
        ]),
      );
      const body = Buffer.concat(parts.flatMap((part, index) => (index === 0 ? [part] : [Buffer.from("&"), part])));
      return {
        body: new Uint8Array(body),
        headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" },
      };
    }
    case "multipart":
    case "multipart-with-files": {
      const form = new FormData();
      for (const [index, [name, value]] of entries.entries()) {
        if (encoding === "multipart-with-files" && index % 2 === 0)
          form.append(name, new Blob([value], { type: "text/plain" }), "evidence.txt");
        else form.append(name, value);
      }
      return { body: form, headers: {} };
    }
    case "multipart-bad-utf8": {
      const boundary = `----aagahi${salt}`;
      const chunks: Buffer[] = [];
      for (const [index, [name, value]] of entries.entries()) {
        chunks.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, "_")}"\r\n\r\n`,
          ),
        );
        chunks.push(Buffer.from(value, "utf8"), bad(index), Buffer.from("\r\n"));
      }
      chunks.push(Buffer.from(`--${boundary}--\r\n`));
      return {
        body: new Uint8Array(Buffer.concat(chunks)),
        headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      };
    }
    case "json-instead-of-form":
      return { body: JSON.stringify(Object.fromEntries(entries)), headers: { "Content-Type": "application/json" } };
    case "text-plain":
      return {
        body: entries.map(([name, value]) => `${name}=${value}`).join("\n"),
        headers: { "Content-Type": "text/plain" },
      };
    case "no-content-type":
      return { body: new Uint8Array(Buffer.from(new URLSearchParams(entries).toString())), headers: {} };
    case "broken-multipart":
      return {
        body: `--X\r\nContent-Disposition: form-data; name="description"\r\n\r\n${entries[0]?.[1] ?? ""}`,
        headers: { "Content-Type": "multipart/form-data; boundary=Y" },
      };
  }
}

export const origin = "http://aagahi.test";

export function postRequest(pathname: string, encoded: EncodedBody, headers: Record<string, string> = {}): Request {
  return new Request(`${origin}${pathname}`, {
    method: "POST",
    body: encoded.body,
    headers: { ...encoded.headers, ...headers },
  });
}

// ---------------------------------------------------------------------------------------------------------
// The oracle

export interface Outcome {
  status: number;
  /** A redirect's target. */
  location: string | null;
  /** The action's data (form routes) or the parsed JSON body (API). */
  data: unknown;
  /** True when the action threw a Response (rendered by the error boundary). */
  thrown: boolean;
}

function isDataWithInit(
  value: unknown,
): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

/** Calls an action the way Remix does and describes what the person would get. Fails on a 5xx or a crash. */
export async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown;
  let thrown = false;
  try {
    result = await call();
  } catch (error) {
    if (!(error instanceof Response)) {
      throw new Error(
        `The action threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}: a 500 for the user`,
      );
    }
    result = error;
    thrown = true;
  }
  let outcome: Outcome;
  if (result instanceof Response) {
    const type = result.headers.get("Content-Type") ?? "";
    outcome = {
      status: result.status,
      location: result.headers.get("Location"),
      data: type.includes("json") ? await result.json() : await result.text(),
      thrown,
    };
  } else if (isDataWithInit(result)) {
    outcome = { status: result.init?.status ?? 200, location: null, data: result.data, thrown };
  } else {
    outcome = { status: 200, location: null, data: result, thrown };
  }
  expect(outcome.status, `status ${outcome.status}`).toBeLessThan(500);
  return outcome;
}

const arabicScript = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;

/** Each message is real text in the language: Urdu has Arabic-script letters; English has Latin and none. */
export function expectMessagesIn(language: string, messages: string[]) {
  expect(messages.length, "a rejection without a message").toBeGreaterThan(0);
  for (const message of messages) {
    expect(typeof message).toBe("string");
    expect(message.trim().length, "an empty message").toBeGreaterThan(0);
    expect(message, "an untranslated key").not.toMatch(/^errors\.|^[a-z]+(\.[a-zA-Z]+)+$/);
    if (language === "ur") expect(message, `not Urdu: ${message}`).toMatch(arabicScript);
    else {
      expect(message, `not English: ${message}`).toMatch(/[A-Za-z]/);
      expect(message, `Urdu in an English message: ${message}`).not.toMatch(arabicScript);
    }
  }
}

/** Translates a form rejection's i18n keys the way the page does, with the values pages interpolate. */
export function translateFieldErrors(
  language: Language,
  namespace: Namespace,
  fieldErrors: Record<string, string>,
): string[] {
  const t = getFixedT(language, namespace);
  return Object.values(fieldErrors).map((key) => t(key, { minutes: 15, max: 5_000 }));
}

/** The error page a thrown Response shows (root ErrorBoundary), in the path's language. */
export function errorPageMessages(language: Language, status: number): string[] {
  const t = getFixedT(language, "common");
  return status === 404
    ? [t("errors.notFoundTitle"), t("errors.notFoundBody")]
    : [t("errors.serverTitle"), t("errors.serverBody")];
}

export type RowCounter = () => Promise<Record<string, number>>;

/**
 * Row counts of every table the app writes, so "no row written" covers tables added later (staff, audit).
 * A connection of its own, outside the app's client, sees exactly what was committed. On SQLite: the file
 * opened read-only (WAL: it sees every commit). On PostgreSQL: one pg connection, counting every table of the
 * public schema. `_prisma_migrations` is left out on both.
 */
export function rowCounter(url = process.env.DATABASE_URL ?? ""): RowCounter {
  const engine = engineOfUrl(url);
  if (engine === "postgresql") return postgresRowCounter(url);
  if (engine === "sqlite") return sqliteRowCounter(url.slice("file:".length));
  throw new Error(`rowCounter: DATABASE_URL is neither a SQLite file: URL nor a postgresql:// URL`);
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** One SELECT of one count per table; rebuilt when the number of tables changes. */
function countsQuery(tables: string[]): string {
  return `SELECT ${tables.map((name) => `(SELECT count(*) FROM ${quoteName(name)}) AS ${quoteName(name)}`).join(", ")}`;
}

function sqliteRowCounter(databaseFile: string): RowCounter {
  type Statement = { get(): Record<string, number>; all(): { name: string }[] };
  const Sqlite = createRequire(import.meta.url)("better-sqlite3") as new (
    file: string,
    options: { readonly: boolean },
  ) => {
    prepare(sql: string): Statement;
  };
  const connection = new Sqlite(databaseFile, { readonly: true });
  let statement: Statement | undefined;
  let tableCount = -1;
  return async () => {
    const tables = connection
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`,
      )
      .all();
    if (!statement || tables.length !== tableCount) {
      statement = connection.prepare(countsQuery(tables.map(({ name }) => name)));
      tableCount = tables.length;
    }
    return { ...statement.get() };
  };
}

function postgresRowCounter(url: string): RowCounter {
  // A pool of one that lets the test process exit while idle: the suites never close their clients.
  const pool = new pg.Pool({ connectionString: url, max: 1, allowExitOnIdle: true });
  return async () => {
    const { rows: tables } = await pool.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`,
    );
    const { rows } = await pool.query<Record<string, string>>(countsQuery(tables.map(({ name }) => name)));
    // count(*) is a bigint, which pg returns as a string.
    return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([name, count]) => [name, Number(count)]));
  };
}

/** No rows at all, or exactly these changes in these tables (other tables may grow: identifiers, audit). */
export function expectRowChanges(delta: Record<string, number>, exact: Record<string, number>) {
  for (const [table, change] of Object.entries(exact)) expect(delta[table] ?? 0, `rows in ${table}`).toBe(change);
  for (const [table, change] of Object.entries(delta)) expect(change, `rows removed from ${table}`).toBeGreaterThan(0);
}

export function rowDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const change = (after[name] ?? 0) - (before[name] ?? 0);
    if (change !== 0) delta[name] = change;
  }
  return delta;
}

// ---------------------------------------------------------------------------------------------------------
// Tally: how many inputs each suite tried, and what came back

export class FuzzTally {
  inputs = 0;
  readonly statuses = new Map<number, number>();
  readonly kinds = new Map<string, number>();

  constructor(readonly suite: string) {}

  record(outcome: Outcome, kind: string) {
    this.inputs += 1;
    this.statuses.set(outcome.status, (this.statuses.get(outcome.status) ?? 0) + 1);
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
  }

  get serverErrors(): number {
    return [...this.statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  }

  /** Prints one line and writes test-results/fuzz/<suite>.json for the evidence table. */
  report() {
    const summary = {
      suite: this.suite,
      inputs: this.inputs,
      serverErrors: this.serverErrors,
      statuses: Object.fromEntries([...this.statuses].sort(([a], [b]) => a - b)),
      outcomes: Object.fromEntries(this.kinds),
    };
    const dir = path.resolve(__dirname, "../../test-results/fuzz");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${this.suite}.json`), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(
      `[fuzz] ${this.suite}: ${this.inputs} inputs, ${this.serverErrors} 5xx, statuses ${JSON.stringify(summary.statuses)}`,
    );
    return summary;
  }
}

/** FUZZ_RUNS_SCALE=10 multiplies every suite's input count for a long run; FUZZ_SEED replays a failure. */
export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  const scale = Number(process.env.FUZZ_RUNS_SCALE ?? "1");
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
    ...(seed === undefined ? {} : { seed }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// A whole form route

export interface FormRouteInput {
  language: string;
  entries: FormEntry[];
  encoding: FormEncoding;
  salt: number;
}

export interface FormRouteFuzz<Prepared> {
  tally: FuzzTally;
  rows: RowCounter;
  numRuns: number;
  /** Known fields and their interesting values. */
  fields: Record<string, fc.Arbitrary<string>>;
  /** The language part of the path; a few wrong ones are mixed in by default. */
  languages?: fc.Arbitrary<string>;
  /** Per-input setup: tokens, a staff session. Its entries are added to the form (first, so they count). */
  prepare?: (input: FormRouteInput) => Promise<Prepared & { entries?: FormEntry[]; headers?: Record<string, string> }>;
  /** Calls the action with the request. */
  invoke: (request: Request, language: string, prepared: Prepared) => Promise<unknown>;
  pathname: (language: string) => string;
  /** Namespace of the route's error keys. */
  namespace: Namespace;
  /**
   * Checks an outcome that is not a plain rejection (a redirect, a thrown Response) and checks the rows it
   * wrote. Return null for "this is a rejection": then no row may change.
   */
  accepted: (
    outcome: Outcome,
    context: { language: Language; input: FormRouteInput; prepared: Prepared },
  ) => Promise<{ kind: string; expectRows: (delta: Record<string, number>) => void } | null>;
}

export const pathLanguages = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom("ur", "en") },
  { weight: 1, arbitrary: fc.constantFrom("fr", "", "UR", "ur-PK", "..", "%00") },
);

/** Sends `numRuns` generated forms to one route and checks the oracle on each. */
export async function fuzzFormRoute<Prepared>(spec: FormRouteFuzz<Prepared>) {
  const input = fc.record({
    language: spec.languages ?? pathLanguages,
    entries: formEntries(spec.fields),
    encoding: formEncoding,
    salt: fc.nat(1_000),
  });
  await fc.assert(
    fc.asyncProperty(input, async (generated) => {
      const prepared = (spec.prepare ? await spec.prepare(generated) : {}) as Prepared & {
        entries?: FormEntry[];
        headers?: Record<string, string>;
      };
      const entries = [...(prepared.entries ?? []), ...generated.entries];
      const request = postRequest(
        spec.pathname(generated.language),
        encodeForm(entries, generated.encoding, generated.salt),
        prepared.headers,
      );
      const before = await spec.rows();
      const outcome = await outcomeOf(() => spec.invoke(request, generated.language, prepared));
      const changed = rowDelta(before, await spec.rows());

      if (generated.language !== "ur" && generated.language !== "en") {
        // An unknown language prefix is a 404 page, before the form is read.
        expect(outcome).toMatchObject({ status: 404, thrown: true });
        expect(changed).toEqual({});
        spec.tally.record(outcome, "unknown-language-404");
        return;
      }
      const language = generated.language as Language;
      const verdict = await spec.accepted(outcome, { language, input: generated, prepared });
      if (verdict) {
        verdict.expectRows(changed);
        spec.tally.record(outcome, verdict.kind);
        return;
      }
      expect(outcome.status, "a rejection is a 4xx").toBeGreaterThanOrEqual(400);
      if (outcome.thrown) {
        expectMessagesIn(language, errorPageMessages(language, outcome.status));
      } else {
        const fieldErrors = (outcome.data as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
        expectMessagesIn(language, translateFieldErrors(language, spec.namespace, fieldErrors));
      }
      expect(changed, "a rejected input wrote rows").toEqual({});
      spec.tally.record(outcome, outcome.thrown ? `thrown-${outcome.status}` : `rejected-${outcome.status}`);
    }),
    fuzzParameters(spec.numRuns),
  );
}
