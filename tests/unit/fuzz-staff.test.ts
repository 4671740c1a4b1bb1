// Bad input, staff forms (suite 3 of the threat model): the case page's actions, sign-in, the two-step code,
// account settings and staff accounts, called as Remix calls them with generated requests. Never a crash or
// a 5xx, and a rejected input changes nothing but the audit log.
import "../setup/database";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { closeOutcomes, tipStatuses } from "~/domain/tip-status";
import { createTip } from "~/models/tip.server";
import { action as caseAction } from "~/routes/staff.tips.$tipId/route";
import { action as accountAction } from "~/routes/staff.account";
import { action as usersAction } from "~/routes/staff.users";
import { action as loginAction } from "~/routes/staff_.login";
import { action as verifyAction } from "~/routes/staff_.login_.verify";
import { getDb } from "~/server/db.server";
import { startSession } from "~/server/staff-session.server";
import { seedDirectory, seedDemoStaff } from "../../prisma/seed";
import {
  encodeForm,
  formEncoding,
  FuzzTally,
  fuzzParameters,
  hostileText,
  hugeText,
  outcomeOf,
  postRequest,
  rowCounter,
  rowDelta,
  type FormEntry,
} from "./fuzz-harness";

const runs = { case: 1_500, login: 150, verify: 300, account: 300, users: 150 };
const tallies: FuzzTally[] = [];
const cookies: Record<string, string> = {};
let tipId = "";
let client = 0;

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
  for (const email of ["punjab.supervisor@aagahi.demo", "admin@aagahi.demo", "kp.agent@aagahi.demo"]) {
    const user = await db.staffUser.findUniqueOrThrow({ where: { email } });
    cookies[email] = (await startSession(user.id, "full", new Request("http://aagahi.test"))).split(";")[0]!;
  }
  const user = await db.staffUser.findUniqueOrThrow({ where: { email: "sindh.agent@aagahi.demo" } });
  cookies.halfSignedIn = (await startSession(user.id, "password", new Request("http://aagahi.test"))).split(";")[0]!;
  const tip = tipSchema.parse({
    category: "bonded_labour",
    description: "A kiln family cannot leave.",
    province: "punjab",
    crossesBorder: "no",
  });
  tipId = (await createTip(db, tip, routeTip(tip, routingTable), "api")).id;
});

afterAll(() => {
  const total = tallies.reduce((sum, tally) => sum + tally.inputs, 0);
  console.log(
    `[fuzz] staff forms: ${total} inputs, ${tallies.reduce((sum, tally) => sum + tally.serverErrors, 0)} 5xx`,
  );
});

const value = (valid: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 3, arbitrary: hostileText },
    { weight: 1, arbitrary: hugeText },
    { weight: 1, arbitrary: fc.constant("") },
  );

function entries(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<FormEntry[]> {
  return fc
    .tuple(
      ...Object.entries(fields).map(([name, arbitrary]) =>
        fc.option(
          fc.array(
            arbitrary.map((v) => [name, v] as FormEntry),
            { minLength: 1, maxLength: 2 },
          ),
          { nil: undefined },
        ),
      ),
    )
    .map((groups) => groups.flatMap((group) => group ?? []));
}

/** Tables a rejected or refused input may touch: the audit log, and account counters for wrong passwords. */
const bookkeeping = new Set(["AuditEntry", "StaffSession", "StaffSignInThrottle"]);

async function fuzzStaffForm(options: {
  suite: string;
  numRuns: number;
  path: string;
  cookie: string;
  fields: Record<string, fc.Arbitrary<string>>;
  invoke: (request: Request) => Promise<unknown>;
}) {
  const tally = new FuzzTally(options.suite);
  tallies.push(tally);
  const rows = rowCounter();
  await fc.assert(
    fc.asyncProperty(entries(options.fields), formEncoding, fc.nat(1000), async (formEntries, encoding, salt) => {
      const before = await rows();
      const request = postRequest(options.path, encodeForm(formEntries, encoding, salt), {
        Cookie: options.cookie,
        "X-Client": String(client++),
      });
      const outcome = await outcomeOf(() => options.invoke(request));
      const delta = rowDelta(before, await rows());
      if (outcome.status >= 400 || outcome.status === 200) {
        for (const table of Object.keys(delta))
          expect(bookkeeping.has(table), `a rejected input changed ${table}`).toBe(true);
      }
      tally.record(outcome, String(outcome.status));
    }),
    fuzzParameters(options.numRuns),
  );
  const summary = tally.report();
  expect(summary.serverErrors).toBe(0);
  return summary;
}

test("the case page's actions never fail and write only on success", { timeout: 180_000 }, async () => {
  const summary = await fuzzStaffForm({
    suite: "staff-case",
    numRuns: runs.case,
    path: `/staff/tips/${tipId}`,
    cookie: cookies["punjab.supervisor@aagahi.demo"]!,
    fields: {
      intent: value(fc.constantFrom("status", "message", "note", "assign", "transfer", "postpone-deletion", "delete")),
      status: value(fc.constantFrom(...tipStatuses)),
      outcome: value(fc.constantFrom(...closeOutcomes)),
      message: value(fc.string({ minLength: 1, maxLength: 80 })),
      note: value(fc.string({ minLength: 1, maxLength: 80 })),
      assignee: value(fc.constantFrom("", "nobody", "x")),
      agency: value(fc.constantFrom("fia", "police-sindh", "police-punjab", "triage-desk", "nowhere")),
      reason: value(fc.string({ minLength: 1, maxLength: 40 })),
      postponeDays: value(fc.constantFrom("30", "90", "365", "0", "-30", "1e9", "thirty")),
      postponeReason: value(fc.string({ minLength: 1, maxLength: 40 })),
    },
    invoke: (request) => caseAction({ request, params: { tipId }, context: {} } as never),
  });
  expect(summary.statuses[400]).toBeGreaterThan(0);
});

test("sign-in never fails on hostile input", { timeout: 180_000 }, async () => {
  await fuzzStaffForm({
    suite: "staff-login",
    numRuns: runs.login,
    path: "/staff/login",
    cookie: "",
    fields: {
      email: value(fc.constantFrom("punjab.agent@aagahi.demo", "nobody@example.org")),
      password: value(fc.string({ maxLength: 30 })),
      next: value(fc.constantFrom("/staff", "//evil.example", "https://evil.example")),
    },
    invoke: (request) => loginAction({ request, params: {}, context: { clientKey: `login-${client++}` } } as never),
  });
});

test("the two-step code form never fails on hostile input", { timeout: 120_000 }, async () => {
  await fuzzStaffForm({
    suite: "staff-verify",
    numRuns: runs.verify,
    path: "/staff/login/verify",
    cookie: cookies.halfSignedIn!,
    fields: { code: value(fc.stringMatching(/^\d{6}$/)), next: value(fc.constant("/staff")) },
    invoke: async (request) => {
      // Five wrong codes end the half-signed-in session (ADR 014); start each input from no wrong codes so
      // every one reaches the form rather than the redirect.
      const db = await getDb();
      await db.staffUser.update({
        where: { email: "sindh.agent@aagahi.demo" },
        data: { failedSecondFactors: 0, secondFactorPausedUntil: null },
      });
      return verifyAction({ request, params: {}, context: { clientKey: `verify-${client++}` } } as never);
    },
  });
});

test("account settings never fail on hostile input", { timeout: 120_000 }, async () => {
  await fuzzStaffForm({
    suite: "staff-account",
    numRuns: runs.account,
    path: "/staff/account",
    cookie: cookies["kp.agent@aagahi.demo"]!,
    fields: {
      intent: value(fc.constantFrom("language", "totp-confirm", "password", "alerts", "other")),
      language: value(fc.constantFrom("ur", "en", "fr")),
      alertUrgent: value(fc.constantFrom("on", "off", "1")),
      alertAssigned: value(fc.constantFrom("on", "")),
      alertMessages: value(fc.constantFrom("on", "true")),
      alertLanguage: value(fc.constantFrom("ur", "en", "fr")),
      code: value(fc.stringMatching(/^\d{6}$/)),
      // Never the right current password: a change would end the session the suite runs on.
      currentPassword: value(fc.string({ minLength: 1, maxLength: 30 })),
      newPassword: value(fc.string({ minLength: 12, maxLength: 20 })),
      confirmPassword: value(fc.string({ minLength: 12, maxLength: 20 })),
    },
    invoke: (request) => accountAction({ request, params: {}, context: { clientKey: `account-${client++}` } } as never),
  });
});

test("the staff-accounts form never fails on hostile input", { timeout: 180_000 }, async () => {
  await fuzzStaffForm({
    suite: "staff-users",
    numRuns: runs.users,
    path: "/staff/users",
    cookie: cookies["admin@aagahi.demo"]!,
    fields: {
      intent: value(fc.constantFrom("create", "disable", "password")),
      email: value(fc.emailAddress()),
      name: value(fc.string({ minLength: 1, maxLength: 20 })),
      role: value(fc.constantFrom("agent", "supervisor", "coordinator", "admin", "root")),
      agencyCode: value(fc.constantFrom("police-punjab", "fia", "nowhere")),
      unitCode: value(fc.constantFrom("", "fia-ahtc-lahore", "nowhere")),
      password: value(fc.string({ minLength: 12, maxLength: 20 })),
      id: value(fc.constantFrom("x", "")),
      staffUserId: value(fc.constantFrom("x", "")),
      newPassword: value(fc.string({ minLength: 12, maxLength: 20 })),
    },
    invoke: (request) => usersAction({ request, params: {}, context: {} } as never),
  });
});
