// Bad input, public forms (suite 3 of the threat model): the report form, the follow-up form, the reply
// form on a case, and the job-offer check, each called as Remix calls it, with thousands of generated
// requests. The oracle is in fuzz-harness.ts: never a crash or a 5xx, a translated message in the
// request's language for every rejection, and no row written for a rejected input.
import "../setup/database";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { countryCodes } from "~/domain/countries";
import { districtsByProvince, routingTableData as routingTable } from "~/domain/reference-data";
import { jobCheckQuestions } from "~/domain/job-offer-check";
import { receiptFromRandomBytes } from "~/domain/receipt";
import { borderAnswers, provinceAnswers, tipCategories, tipSchema, victimAgeGroups } from "~/domain/tip";
import { createTip, findTipIdByReceipt, readTipContent } from "~/models/tip.server";
import { routeTip } from "~/domain/routing";
import { action as caseAction } from "~/routes/$lang.follow-up_.case/route";
import { action as followUpAction } from "~/routes/$lang.follow-up";
import { action as jobCheckAction } from "~/routes/$lang.job-check._index";
import { action as reportAction } from "~/routes/$lang.report/route";
import { action as receiptSavedAction } from "~/routes/$lang.report_.sent";
import { getDb, type Database } from "~/server/db.server";
import { followUpTokens, receiptDisplayTokens } from "~/server/tokens.server";
import { seedDirectory } from "../../prisma/seed";
import {
  FuzzTally,
  expectRowChanges,
  fieldValue,
  fuzzFormRoute,
  fuzzParameters,
  rowCounter,
  hostileText,
  hugeText,
  origin,
  plausibleDescription,
  type FormEntry,
} from "./fuzz-harness";

// Inputs per route; together with fuzz-api.test.ts well over 10,000. FUZZ_RUNS_SCALE=10 for a long run.
const runs = { report: 3_000, followUp: 1_500, reply: 1_000, receiptSaved: 500, jobCheck: 1_000 };
const tallies: FuzzTally[] = [];
let db: Database;
let knownReceipt = "";
let knownTipId = "";
let clientCounter = 0;
/** A fresh client key per input, so rate limits never hide what the validation does (they have their own tests). */
const freshClient = () => ({ clientKey: `fuzz-client-${clientCounter++}` });

beforeAll(async () => {
  db = await getDb();
  await seedDirectory(db);
  const tip = tipSchema.parse({
    category: "other",
    description: "A tip the follow-up fuzzing opens again and again.",
    province: "ict",
  });
  const created = await createTip(db, tip, routeTip(tip, routingTable), "api");
  knownReceipt = created.receipt;
  knownTipId = created.id;
});

afterAll(() => {
  const total = tallies.reduce((sum, tally) => sum + tally.inputs, 0);
  const serverErrors = tallies.reduce((sum, tally) => sum + tally.serverErrors, 0);
  console.log(`[fuzz] public forms: ${total} inputs, ${serverErrors} 5xx`);
});

const some = <T extends string>(values: readonly T[]) => fc.constantFrom(...values);
const districts = Object.values(districtsByProvince)
  .flat()
  .map((district) => district.id);
const countries = [...countryCodes].slice(0, 30);

test("the report form never fails and never stores a rejected tip", { timeout: 120_000 }, async () => {
  const tally = new FuzzTally("report-form");
  tallies.push(tally);
  await fuzzFormRoute({
    tally,
    rows: rowCounter(),
    numRuns: runs.report,
    namespace: "report",
    pathname: (language) => `/${language}/report`,
    fields: {
      category: fieldValue(some(tipCategories), 12),
      crossesBorder: fieldValue(some(borderAnswers), 12),
      country: fieldValue(fc.constantFrom(...countries, "PK", "pk", "ae", " SA ", "XX"), 12),
      province: fieldValue(some(provinceAnswers), 12),
      district: fieldValue(
        fc.oneof({ weight: 3, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom(...districts) }),
        12,
      ),
      victimCount: fieldValue(
        fc.constantFrom("1", "3", " 12 ", "۳", "١٠", "10000", "10001", "0", "-1", "1e3", "2.5", "٣ ٤"),
        12,
      ),
      victimAgeGroup: fieldValue(some(victimAgeGroups), 12),
      immediateDanger: fieldValue(fc.constantFrom("yes", "no"), 12),
      description: fc.oneof(
        { weight: 6, arbitrary: plausibleDescription },
        { weight: 3, arbitrary: hostileText },
        { weight: 1, arbitrary: hugeText },
      ),
      suspects: fieldValue(fc.constantFrom("Agent Shakeel near the bus stand", "ملک صاحب", ""), 12),
      contactConsent: fieldValue(fc.constantFrom("yes", "no"), 12),
      contact: fieldValue(fc.constantFrom("Call my sister after Isha", ""), 12),
      website: fc.oneof({ weight: 12, arbitrary: fc.constant("") }, { weight: 1, arbitrary: hostileText }),
    },
    invoke: (request, language) =>
      reportAction({ request, params: { lang: language }, context: freshClient() } as never),
    accepted: async (outcome, { language }) => {
      if (outcome.status !== 302) return null;
      expect(outcome.location).toMatch(new RegExp(`^/${language}/report/sent\\?t=[\\w-]+$`));
      // The receipt shown next opens a tip whose text decrypts.
      const shown = (await receiptDisplayTokens.open(db, new URL(outcome.location!, origin).searchParams.get("t")))
        ?.value;
      expect(shown?.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
      const tipId = await findTipIdByReceipt(db, shown!.receipt);
      const content = await readTipContent(db, tipId!);
      expect(content!.description.length).toBeGreaterThanOrEqual(10);
      expect(content!.description.length).toBeLessThanOrEqual(5_000);
      return {
        kind: "accepted",
        expectRows: (delta) => expectRowChanges(delta, { Tip: 1, TipEvent: 1, TipMessage: 0 }),
      };
    },
  });
  const summary = tally.report();
  expect(summary.inputs).toBe(fuzzParameters(runs.report).numRuns);
  expect(summary.outcomes.accepted, "the generator also produces valid tips").toBeGreaterThan(0);
});

/**
 * Ending a link writes one row, a hash of its id, when the link sent is live: surely so when the form named it
 * cleanly, never when it carried no live link, and either way for the odd encodings whose first value may be it.
 */
function expectEndedRows(delta: Record<string, number>, named: boolean, carriedLiveLink: boolean) {
  if (named) expect(delta).toEqual({ EndedReporterLink: 1 });
  else if (!carriedLiveLink) expect(delta).toEqual({});
  else expect([{}, { EndedReporterLink: 1 }]).toContainEqual(delta);
}

/** The known receipt as people type it: any case, spaces, look-alike letters, invisible marks. */
function typedReceipt(receipt: string) {
  return fc
    .tuple(fc.boolean(), fc.constantFrom("-", " ", "", " - ", "\u200c"), fc.boolean())
    .map(([lower, separator, lookalikes]) => {
      let typed = receipt.replace(/-/g, separator);
      if (lookalikes) typed = typed.replace(/0/g, "O").replace(/1/g, "I");
      return lower ? typed.toLowerCase() : typed;
    });
}

test("the follow-up form never fails, and a wrong code is a clear message", { timeout: 120_000 }, async () => {
  const tally = new FuzzTally("follow-up-form");
  tallies.push(tally);
  const wellFormed = fc.uint8Array({ minLength: 12, maxLength: 12 }).map((bytes) => receiptFromRandomBytes(bytes));
  const oneSymbolOff = fc.nat(18).map((index) => {
    const compact = knownReceipt.replace(/-/g, "");
    const swapped = compact[index] === "7" ? "8" : "7";
    return compact.slice(0, index) + swapped + compact.slice(index + 1);
  });
  await fuzzFormRoute({
    tally,
    rows: rowCounter(),
    numRuns: runs.followUp,
    namespace: "follow-up",
    pathname: (language) => `/${language}/follow-up`,
    fields: {
      receipt: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null).chain(() => typedReceipt(knownReceipt)) },
        { weight: 3, arbitrary: wellFormed },
        { weight: 2, arbitrary: oneSymbolOff },
        { weight: 3, arbitrary: hostileText },
        { weight: 1, arbitrary: fc.constantFrom("", "    ", "\u0000".repeat(25)) },
      ),
    },
    invoke: (request, language) =>
      followUpAction({ request, params: { lang: language }, context: freshClient() } as never),
    accepted: async (outcome, { language }) => {
      if (outcome.status !== 302) return null;
      expect(outcome.location).toMatch(new RegExp(`^/${language}/follow-up/case\\?t=[\\w-]+$`));
      const visit = await followUpTokens.open(db, new URL(outcome.location!, origin).searchParams.get("t"));
      expect(visit?.value.tipId).toBe(knownTipId);
      return { kind: "opened", expectRows: (delta) => expect(delta).toEqual({}) };
    },
  });
  const summary = tally.report();
  expect(summary.outcomes.opened, "the generator also types the right code").toBeGreaterThan(0);
});

test("the reply form on a case never fails, and stores only real replies", { timeout: 120_000 }, async () => {
  const tally = new FuzzTally("follow-up-reply");
  tallies.push(tally);
  await fuzzFormRoute<{ token: string }>({
    tally,
    rows: rowCounter(),
    numRuns: runs.reply,
    namespace: "follow-up",
    pathname: (language) => `/${language}/follow-up/case`,
    fields: {
      t: fc.oneof(
        { weight: 1, arbitrary: hostileText },
        { weight: 1, arbitrary: fc.constantFrom("", "expired-token") },
      ),
      intent: fieldValue(fc.constantFrom("reply", "reply", "end"), 10),
      message: fc.oneof(
        { weight: 5, arbitrary: plausibleDescription },
        { weight: 4, arbitrary: hostileText },
        { weight: 1, arbitrary: hugeText },
      ),
    },
    // Most inputs carry a live visit token first (the first value of a field counts); some carry none.
    prepare: async (input) => {
      const token = await followUpTokens.issue(db, { tipId: knownTipId });
      const withToken = input.salt % 5 !== 0;
      return { token: withToken ? token : "", entries: withToken ? ([["t", token]] as FormEntry[]) : [] };
    },
    invoke: (request, language) => caseAction({ request, params: { lang: language }, context: freshClient() } as never),
    accepted: async (outcome, { language, prepared, input }) => {
      if (outcome.status !== 302) return null;
      const location = outcome.location ?? "";
      if (location === `/${language}/follow-up?ended=1`) {
        // With a clean encoding the token sent is the live one: ending the visit revokes it on every server,
        // which writes one row, a hash of the visit's id (docs/decisions/019). Anything else writes nothing.
        const named = input.encoding === "urlencoded" && prepared.token !== "";
        if (named) expect(await followUpTokens.open(db, prepared.token)).toBeNull();
        return { kind: "ended", expectRows: (delta) => expectEndedRows(delta, named, prepared.token !== "") };
      }
      if (location === `/${language}/follow-up/case?t=`) {
        return { kind: "no-visit", expectRows: (delta) => expect(delta).toEqual({}) };
      }
      // Back to the case with the visit renewed (sliding expiry): a new link for the same tip.
      const replied = new URL(location, origin);
      expect(`${replied.pathname}?t=${replied.searchParams.get("t")}&sent=1`).toBe(location);
      expect((await followUpTokens.open(db, replied.searchParams.get("t")))?.value.tipId).toBe(knownTipId);
      return { kind: "replied", expectRows: (delta) => expect(delta).toEqual({ TipMessage: 1 }) };
    },
  });
  const summary = tally.report();
  expect(summary.outcomes.replied, "the generator also sends real replies").toBeGreaterThan(0);
});

test(
  'the "I have saved my code" form never fails, writes no more than the hash of the link it ends, and ends only the receipt it names',
  { timeout: 120_000 },
  async () => {
    const tally = new FuzzTally("receipt-saved");
    tallies.push(tally);
    const bystander = await receiptDisplayTokens.issue(db, {
      reference: "AG-2026-000002",
      receipt: knownReceipt,
      agency: "police-ict",
      unit: null,
      jurisdiction: "internal",
      reasons: [],
      destinationPlaces: [],
      alsoNotify: [],
      urgent: false,
    });
    await fuzzFormRoute<{ token: string }>({
      tally,
      rows: rowCounter(),
      numRuns: runs.receiptSaved,
      namespace: "report",
      pathname: (language) => `/${language}/report/sent`,
      fields: {
        t: fc.oneof(
          { weight: 1, arbitrary: hostileText },
          { weight: 1, arbitrary: fc.constantFrom("", "expired-token") },
        ),
        intent: fieldValue(fc.constantFrom("saved"), 10),
      },
      // Most inputs carry a live receipt token first (the first value of a field counts); some carry none.
      prepare: async (input) => {
        const token = await receiptDisplayTokens.issue(db, {
          reference: "AG-2026-000001",
          receipt: knownReceipt,
          agency: "police-ict",
          unit: null,
          jurisdiction: "internal",
          reasons: [],
          destinationPlaces: [],
          alsoNotify: [],
          urgent: false,
        });
        const withToken = input.salt % 5 !== 0;
        return { token, entries: withToken ? ([["t", token]] as FormEntry[]) : [] };
      },
      invoke: (request, language) => receiptSavedAction({ request, params: { lang: language }, context: {} } as never),
      accepted: async (outcome, { language, prepared, input }) => {
        if (outcome.status !== 302) return null;
        expect(outcome.location).toBe(`/${language}/report/sent?saved=1`);
        const named = input.encoding === "urlencoded" && input.salt % 5 !== 0;
        if (named) expect(await receiptDisplayTokens.open(db, prepared.token)).toBeNull();
        // Ending a live link writes one row (a hash of its id, never the receipt: docs/decisions/019).
        return { kind: "saved", expectRows: (delta) => expectEndedRows(delta, named, input.salt % 5 !== 0) };
      },
    });
    const summary = tally.report();
    expect(summary.outcomes.saved, "the generator also sends the real button").toBeGreaterThan(0);
    expect(await receiptDisplayTokens.open(db, bystander), "another reporter's receipt page").not.toBeNull();
  },
);

test("the job-offer check never fails and writes nothing", { timeout: 120_000 }, async () => {
  const tally = new FuzzTally("job-check-form");
  tallies.push(tally);
  const fields = Object.fromEntries(
    Object.entries(jobCheckQuestions).map(([question, options]) => [
      question,
      fieldValue(fc.constantFrom(...options), 10),
    ]),
  );
  await fuzzFormRoute({
    tally,
    rows: rowCounter(),
    numRuns: runs.jobCheck,
    namespace: "job-check",
    pathname: (language) => `/${language}/job-check`,
    fields,
    invoke: (request, language) => jobCheckAction({ request, params: { lang: language }, context: {} } as never),
    accepted: async (outcome, { language }) => {
      if (outcome.status !== 302) return null;
      const location = new URL(outcome.location!, origin);
      expect(location.pathname).toBe(`/${language}/job-check/result`);
      expect([...location.searchParams.keys()].sort()).toEqual(Object.keys(jobCheckQuestions).sort());
      return { kind: "result", expectRows: (delta) => expect(delta).toEqual({}) };
    },
  });
  const summary = tally.report();
  expect(summary.outcomes.result).toBeGreaterThan(0);
});
