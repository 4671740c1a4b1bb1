import "../setup/database";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { deleteTipContent } from "~/models/retention.server";
import { changeTipStatus } from "~/models/staff-tips.server";
import { createTip } from "~/models/tip.server";
import { getDb } from "~/server/db.server";
import { startSession } from "~/server/staff-session.server";
import { demoStaff, seedDirectory, seedDemoStaff } from "../../prisma/seed";
import * as layout from "~/routes/staff";
import * as queue from "~/routes/staff._index";
import * as caseRoute from "~/routes/staff.tips.$tipId/route";
import * as caseFileRoute from "~/routes/staff.tips.$tipId_.case-file";
import * as auditRoute from "~/routes/staff.audit";
import * as stats from "~/routes/staff.stats";
import * as users from "~/routes/staff.users";
import * as account from "~/routes/staff.account";
import * as exportCsv from "~/routes/staff_.export[.]csv";
import * as statsCsv from "~/routes/staff_.stats[.]csv";
import * as directoryRoute from "~/routes/staff.directory/route";
import * as routingRoute from "~/routes/staff.routing";
import * as helplinesRoute from "~/routes/staff.helplines/route";
import * as evidenceRoute from "~/routes/staff_.tips.$tipId.evidence.$position";
import * as unknownStaffPath from "~/routes/staff.$";
import sharp from "sharp";
import { cleanEvidenceFile } from "~/evidence/clean.server";

const origin = "http://aagahi.test";
type Who = "anonymous" | "punjabAgent" | "punjabSupervisor" | "fiaAgent" | "coordinator" | "admin";
const emails: Record<Exclude<Who, "anonymous">, string> = {
  punjabAgent: "punjab.agent@aagahi.demo",
  punjabSupervisor: "punjab.supervisor@aagahi.demo",
  fiaAgent: "fia.agent@aagahi.demo",
  coordinator: "coordinator@aagahi.demo",
  admin: "admin@aagahi.demo",
};
const cookies: Partial<Record<Who, string>> = {};
const tips: Record<"punjab" | "fia" | "triage" | "punjabClosed" | "deleted", string> = {
  punjab: "",
  fia: "",
  triage: "",
  punjabClosed: "",
  deleted: "",
};

async function newTip(input: Record<string, unknown>, withPhoto = false) {
  const db = await getDb();
  const tip = tipSchema.parse({ category: "other", description: "Access matrix test tip text.", ...input });
  const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#884422" } })
    .png()
    .toBuffer();
  const cleaned = withPhoto ? await cleanEvidenceFile(photo) : null;
  if (cleaned && !cleaned.ok) throw new Error(`test photo refused: ${cleaned.refusal}`);
  return (await createTip(db, tip, routeTip(tip, routingTable), "api", new Date(), cleaned ? [cleaned.file] : [])).id;
}

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
  for (const [who, email] of Object.entries(emails)) {
    const user = await db.staffUser.findUniqueOrThrow({ where: { email } });
    const setCookie = await startSession(user.id, "full", new Request(origin));
    cookies[who as Who] = setCookie.split(";")[0];
  }
  tips.punjab = await newTip({ province: "punjab", crossesBorder: "no" }, true);
  tips.fia = await newTip({ province: "punjab", crossesBorder: "yes" }, true);
  tips.triage = await newTip({});
  // Closed, so its deletion is scheduled and can be postponed; and one whose content is already deleted.
  tips.punjabClosed = await newTip({ province: "punjab", crossesBorder: "no" });
  await changeTipStatus(db, tips.punjabClosed, "closed", "duplicate");
  tips.deleted = await newTip({ province: "punjab", crossesBorder: "no" });
  await changeTipStatus(db, tips.deleted, "closed", "duplicate");
  await deleteTipContent(db, tips.deleted, new Date());
});

function request(who: Who, url: string, form?: Record<string, string>) {
  const headers: Record<string, string> = {};
  if (cookies[who]) headers.Cookie = cookies[who]!;
  return new Request(
    `${origin}${url}`,
    form ? { method: "POST", headers, body: new URLSearchParams(form) } : { headers },
  );
}

/** Runs a loader or action and reduces the outcome to a status code (redirects and thrown Responses included). */
async function statusOf(run: () => Promise<unknown> | unknown): Promise<number> {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    const init = (result as { init?: { status?: number } } | undefined)?.init;
    return init?.status ?? 200;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

type Case = [string, (who: Who) => Promise<number>, Record<Who, number>];

const loaderCase =
  (route: { loader: (args: never) => unknown }, url: string, params: Record<string, string> = {}) =>
  (who: Who) =>
    statusOf(() => route.loader({ request: request(who, url), params, context: {} } as never));
const actionCase =
  (
    route: { action: (args: never) => unknown },
    url: string,
    form: Record<string, string>,
    params: Record<string, string> = {},
  ) =>
  (who: Who) =>
    statusOf(() => route.action({ request: request(who, url, form), params, context: {} } as never));

// 302 = sent to sign in (or elsewhere), 403 = role lacks the permission, 404 = tip outside their scope.
const matrix: Case[] = [
  [
    "layout",
    (who) => loaderCase(layout, "/staff")(who),
    { anonymous: 302, punjabAgent: 200, punjabSupervisor: 200, fiaAgent: 200, coordinator: 200, admin: 200 },
  ],
  [
    "queue",
    (who) => loaderCase(queue, "/staff")(who),
    { anonymous: 302, punjabAgent: 200, punjabSupervisor: 200, fiaAgent: 200, coordinator: 200, admin: 302 },
  ],
  [
    "Punjab tip page",
    (who) => loaderCase(caseRoute, `/staff/tips/${tips.punjab}`, { tipId: tips.punjab })(who),
    { anonymous: 302, punjabAgent: 200, punjabSupervisor: 200, fiaAgent: 404, coordinator: 200, admin: 403 },
  ],
  [
    "FIA tip page",
    (who) => loaderCase(caseRoute, `/staff/tips/${tips.fia}`, { tipId: tips.fia })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 200, coordinator: 200, admin: 403 },
  ],
  [
    "unknown tip page",
    (who) => loaderCase(caseRoute, "/staff/tips/nope", { tipId: "nope" })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 404, coordinator: 404, admin: 403 },
  ],
  [
    "note on the Punjab tip",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.punjab}`,
        { intent: "note", note: "checked" },
        { tipId: tips.punjab },
      )(who),
    { anonymous: 302, punjabAgent: 302, punjabSupervisor: 302, fiaAgent: 404, coordinator: 302, admin: 403 },
  ],
  [
    "message on the Punjab tip",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.punjab}`,
        { intent: "message", message: "Hello" },
        { tipId: tips.punjab },
      )(who),
    { anonymous: 302, punjabAgent: 302, punjabSupervisor: 302, fiaAgent: 404, coordinator: 403, admin: 403 },
  ],
  [
    "empty message is a 400",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.punjab}`,
        { intent: "message", message: "  " },
        { tipId: tips.punjab },
      )(who),
    { anonymous: 302, punjabAgent: 400, punjabSupervisor: 400, fiaAgent: 404, coordinator: 403, admin: 403 },
  ],
  [
    "illegal status on the Punjab tip",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.punjab}`,
        { intent: "status", status: "fir_registered" },
        { tipId: tips.punjab },
      )(who),
    { anonymous: 302, punjabAgent: 400, punjabSupervisor: 400, fiaAgent: 404, coordinator: 403, admin: 403 },
  ],
  [
    "assign on the Punjab tip",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.punjab}`,
        { intent: "assign", assignee: "" },
        { tipId: tips.punjab },
      )(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 302, fiaAgent: 404, coordinator: 403, admin: 403 },
  ],
  [
    "transfer without reason",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.punjab}`,
        { intent: "transfer", agency: "fia" },
        { tipId: tips.punjab },
      )(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 400, fiaAgent: 404, coordinator: 403, admin: 403 },
  ],
  [
    "unknown intent",
    (who) => actionCase(caseRoute, `/staff/tips/${tips.punjab}`, { intent: "delete" }, { tipId: tips.punjab })(who),
    { anonymous: 302, punjabAgent: 400, punjabSupervisor: 400, fiaAgent: 400, coordinator: 400, admin: 403 },
  ],
  [
    "assign a triage-desk tip to an agency (bad agency)",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.triage}`,
        { intent: "assign", agency: "nowhere" },
        { tipId: tips.triage },
      )(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 404, coordinator: 400, admin: 403 },
  ],
  [
    "closed Punjab tip page",
    (who) => loaderCase(caseRoute, `/staff/tips/${tips.punjabClosed}`, { tipId: tips.punjabClosed })(who),
    { anonymous: 302, punjabAgent: 200, punjabSupervisor: 200, fiaAgent: 404, coordinator: 200, admin: 403 },
  ],
  [
    "a deleted tip's page",
    (who) => loaderCase(caseRoute, `/staff/tips/${tips.deleted}`, { tipId: tips.deleted })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 404, coordinator: 404, admin: 403 },
  ],
  [
    "note on a deleted tip",
    (who) =>
      actionCase(caseRoute, `/staff/tips/${tips.deleted}`, { intent: "note", note: "x" }, { tipId: tips.deleted })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 404, coordinator: 404, admin: 403 },
  ],
  [
    "postpone a deletion",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.punjabClosed}`,
        { intent: "postpone-deletion", postponeDays: "30", postponeReason: "court case" },
        { tipId: tips.punjabClosed },
      )(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 302, fiaAgent: 404, coordinator: 302, admin: 403 },
  ],
  [
    "postpone a deletion without a reason",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.punjabClosed}`,
        { intent: "postpone-deletion", postponeDays: "30" },
        { tipId: tips.punjabClosed },
      )(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 400, fiaAgent: 404, coordinator: 400, admin: 403 },
  ],
  [
    "postpone by a length not offered",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.punjabClosed}`,
        { intent: "postpone-deletion", postponeDays: "9999", postponeReason: "forever" },
        { tipId: tips.punjabClosed },
      )(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 400, fiaAgent: 404, coordinator: 400, admin: 403 },
  ],
  [
    "postpone on an open tip (nothing scheduled)",
    (who) =>
      actionCase(
        caseRoute,
        `/staff/tips/${tips.punjab}`,
        { intent: "postpone-deletion", postponeDays: "30", postponeReason: "x" },
        { tipId: tips.punjab },
      )(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 400, fiaAgent: 404, coordinator: 400, admin: 403 },
  ],
  [
    "Punjab tip's case file",
    (who) => loaderCase(caseFileRoute, `/staff/tips/${tips.punjab}/case-file`, { tipId: tips.punjab })(who),
    { anonymous: 302, punjabAgent: 200, punjabSupervisor: 200, fiaAgent: 404, coordinator: 200, admin: 403 },
  ],
  [
    "FIA tip's case file",
    (who) => loaderCase(caseFileRoute, `/staff/tips/${tips.fia}/case-file`, { tipId: tips.fia })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 200, coordinator: 200, admin: 403 },
  ],
  [
    "unknown tip's case file",
    (who) => loaderCase(caseFileRoute, "/staff/tips/nope/case-file", { tipId: "nope" })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 404, coordinator: 404, admin: 403 },
  ],
  [
    "a deleted tip's case file",
    (who) => loaderCase(caseFileRoute, `/staff/tips/${tips.deleted}/case-file`, { tipId: tips.deleted })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 404, coordinator: 404, admin: 403 },
  ],
  [
    "queue searched by phone number",
    (who) => loaderCase(queue, "/staff?q=0300-1234567")(who),
    { anonymous: 302, punjabAgent: 200, punjabSupervisor: 200, fiaAgent: 200, coordinator: 200, admin: 302 },
  ],
  [
    "queue filtered to tips deleted within 72 hours",
    (who) => loaderCase(queue, "/staff?deletion=1")(who),
    { anonymous: 302, punjabAgent: 200, punjabSupervisor: 200, fiaAgent: 200, coordinator: 200, admin: 302 },
  ],
  [
    "preview of the FIA tip's file",
    (who) =>
      loaderCase(evidenceRoute, `/staff/tips/${tips.fia}/evidence/1?page=1`, { tipId: tips.fia, position: "1" })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 200, coordinator: 200, admin: 403 },
  ],
  [
    "download of the Punjab tip's file",
    (who) =>
      loaderCase(evidenceRoute, `/staff/tips/${tips.punjab}/evidence/1`, { tipId: tips.punjab, position: "1" })(who),
    { anonymous: 302, punjabAgent: 200, punjabSupervisor: 200, fiaAgent: 404, coordinator: 200, admin: 403 },
  ],
  [
    "a file the tip does not have",
    (who) =>
      loaderCase(evidenceRoute, `/staff/tips/${tips.punjab}/evidence/2`, { tipId: tips.punjab, position: "2" })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 404, coordinator: 404, admin: 403 },
  ],
  [
    "a page the file does not have",
    (who) =>
      loaderCase(evidenceRoute, `/staff/tips/${tips.punjab}/evidence/1?page=2`, { tipId: tips.punjab, position: "1" })(
        who,
      ),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 404, coordinator: 404, admin: 403 },
  ],
  [
    "a file of a deleted tip",
    (who) =>
      loaderCase(evidenceRoute, `/staff/tips/${tips.deleted}/evidence/1`, { tipId: tips.deleted, position: "1" })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 404, coordinator: 404, admin: 403 },
  ],
  [
    "audit log",
    (who) => loaderCase(auditRoute, "/staff/audit")(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 200, admin: 200 },
  ],
  [
    "statistics",
    (who) => loaderCase(stats, "/staff/stats")(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 200, fiaAgent: 403, coordinator: 200, admin: 403 },
  ],
  [
    "statistics CSV",
    (who) => loaderCase(statsCsv, "/staff/stats.csv")(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 200, fiaAgent: 403, coordinator: 200, admin: 403 },
  ],
  [
    "CSV export",
    (who) => loaderCase(exportCsv, "/staff/export.csv")(who),
    { anonymous: 302, punjabAgent: 200, punjabSupervisor: 200, fiaAgent: 200, coordinator: 200, admin: 403 },
  ],
  [
    "an address no staff page claims (signed out: sign in, revealing nothing; signed in: the staff 404)",
    (who) => loaderCase(unknownStaffPath, "/staff/no-such-page", { "*": "no-such-page" })(who),
    { anonymous: 302, punjabAgent: 404, punjabSupervisor: 404, fiaAgent: 404, coordinator: 404, admin: 404 },
  ],
  [
    "staff accounts page",
    (who) => loaderCase(users, "/staff/users")(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 200 },
  ],
  [
    "create staff (invalid)",
    (who) => actionCase(users, "/staff/users", { intent: "create", email: "bad" })(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 400 },
  ],
  [
    "agencies and units page",
    (who) => loaderCase(directoryRoute, "/staff/directory")(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 200 },
  ],
  [
    "add a unit (invalid)",
    (who) =>
      actionCase(directoryRoute, "/staff/directory", { intent: "add-unit", agencyCode: "fia", code: "Bad Code!" })(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 400 },
  ],
  [
    "rename an agency (invalid)",
    (who) =>
      actionCase(directoryRoute, "/staff/directory", { intent: "rename-agency", code: "fia", nameEn: "", nameUr: "" })(
        who,
      ),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 400 },
  ],
  [
    "set a duty alert address (invalid)",
    (who) =>
      actionCase(directoryRoute, "/staff/directory", {
        intent: "alert-email-agency",
        code: "fia",
        alertEmail: "not an address",
      })(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 400 },
  ],
  [
    "FIA routing page",
    (who) => loaderCase(routingRoute, "/staff/routing")(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 200 },
  ],
  [
    "set an FIA route (invalid place)",
    (who) =>
      actionCase(routingRoute, "/staff/routing", {
        intent: "set",
        place: "district:atlantis",
        unitCode: "fia-ahtc-lahore",
      })(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 400 },
  ],
  [
    "remove the default FIA route",
    (who) => actionCase(routingRoute, "/staff/routing", { intent: "remove", place: "default:*" })(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 400 },
  ],
  [
    "helplines page",
    (who) => loaderCase(helplinesRoute, "/staff/helplines")(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 200 },
  ],
  [
    "save a helpline (invalid)",
    (who) =>
      actionCase(helplinesRoute, "/staff/helplines", { intent: "save", mode: "new", id: "x", number: "call us" })(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 400 },
  ],
  [
    "my account",
    (who) => loaderCase(account, "/staff/account")(who),
    { anonymous: 302, punjabAgent: 200, punjabSupervisor: 200, fiaAgent: 200, coordinator: 200, admin: 200 },
  ],
  [
    "change my password (confirmation does not match)",
    (who) =>
      actionCase(account, "/staff/account", {
        intent: "password",
        currentPassword: "not-checked",
        newPassword: "long-enough-password",
        confirmPassword: "something-else",
      })(who),
    { anonymous: 302, punjabAgent: 400, punjabSupervisor: 400, fiaAgent: 400, coordinator: 400, admin: 400 },
  ],
  [
    "my alert choices (a language not offered)",
    (who) => actionCase(account, "/staff/account", { intent: "alerts", alertUrgent: "on", alertLanguage: "fr" })(who),
    { anonymous: 302, punjabAgent: 400, punjabSupervisor: 400, fiaAgent: 400, coordinator: 400, admin: 400 },
  ],
  [
    "unknown account intent",
    (who) => actionCase(account, "/staff/account", { intent: "delete" })(who),
    { anonymous: 302, punjabAgent: 400, punjabSupervisor: 400, fiaAgent: 400, coordinator: 400, admin: 400 },
  ],
  [
    "set a staff member's password (too short)",
    (who) => actionCase(users, "/staff/users", { intent: "password", staffUserId: "x", newPassword: "short" })(who),
    { anonymous: 302, punjabAgent: 403, punjabSupervisor: 403, fiaAgent: 403, coordinator: 403, admin: 400 },
  ],
];

const everyone: Who[] = ["anonymous", "punjabAgent", "punjabSupervisor", "fiaAgent", "coordinator", "admin"];

describe.each(matrix)("%s", (_, run, expected) => {
  test.each(everyone)("as %s", async (who) => {
    expect(await run(who)).toBe(expected[who]);
  });
});

test("every staff route module is covered by the access matrix", () => {
  const covered = new Set([
    "staff.tsx",
    "staff._index.tsx",
    "staff.tips.$tipId",
    "staff.tips.$tipId_.case-file.tsx",
    "staff.audit.tsx",
    "staff.stats.tsx",
    "staff.users.tsx",
    "staff.account.tsx",
    "staff_.export[.]csv.ts",
    "staff_.stats[.]csv.ts",
    "staff_.tips.$tipId.evidence.$position.ts",
    "staff.directory",
    "staff.routing.tsx",
    "staff.helplines",
    "staff.$.tsx",
  ]);
  // Sign-in routes are public by design and tested on their own.
  const publicByDesign = new Set(["staff_.login.tsx", "staff_.login_.verify.tsx", "staff_.logout.tsx"]);
  const routes = fs.readdirSync(path.resolve(__dirname, "../../app/routes")).filter((file) => file.startsWith("staff"));
  for (const file of routes)
    expect(covered.has(file) || publicByDesign.has(file), `${file} needs a row in the access matrix`).toBe(true);
});

test("a CSV export never includes contact details for a role that cannot read them", async () => {
  const response = (await exportCsv.loader({
    request: request("coordinator", "/staff/export.csv"),
    params: {},
    context: {},
  } as never)) as Response;
  const csv = await response.text();
  expect(csv.split("\r\n")[0]).not.toContain("contact");
  expect(csv).toContain("reference,received,category");
  // Files are counted, never included: the Punjab tip has one photo.
  const header = csv.split("\r\n")[0]!.split(",");
  expect(header).toContain("files");
  const { reference } = await (
    await getDb()
  ).tip.findUniqueOrThrow({ where: { id: tips.punjab }, select: { reference: true } });
  const row = csv
    .split("\r\n")
    .find((line) => line.startsWith(reference))!
    .split(",");
  expect(row[header.indexOf("files")]).toBe("1");
});

test("a file is sent so that no browser runs, guesses or keeps it, named by the case reference, and its opening is audited", async () => {
  const db = await getDb();
  const before = await db.auditEntry.count({ where: { tipId: tips.punjab, action: "tip_evidence_viewed" } });
  const download = (await evidenceRoute.loader({
    request: request("punjabAgent", `/staff/tips/${tips.punjab}/evidence/1`),
    params: { tipId: tips.punjab, position: "1" },
    context: {},
  } as never)) as Response;
  const { reference } = await db.tip.findUniqueOrThrow({ where: { id: tips.punjab }, select: { reference: true } });
  expect(download.headers.get("Content-Type")).toBe("image/png");
  expect(download.headers.get("Content-Disposition")).toBe(`attachment; filename="${reference}-1.png"`);
  expect(download.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(download.headers.get("Content-Security-Policy")).toBe("sandbox");
  expect(download.headers.get("Cache-Control")).toBe("no-store");
  const bytes = Buffer.from(await download.arrayBuffer());
  expect((await sharp(bytes).metadata()).width).toBe(8);
  const preview = (await evidenceRoute.loader({
    request: request("punjabAgent", `/staff/tips/${tips.punjab}/evidence/1?page=1`),
    params: { tipId: tips.punjab, position: "1" },
    context: {},
  } as never)) as Response;
  expect(preview.headers.get("Content-Disposition")).toMatch(/^inline; /);
  expect(preview.headers.get("Content-Security-Policy")).toBe("sandbox");
  expect(await db.auditEntry.count({ where: { tipId: tips.punjab, action: "tip_evidence_viewed" } })).toBe(before + 2);
});

test("a reporter's address for files does not exist: the follow-up pages have no route that serves them", () => {
  const routes = fs.readdirSync(path.resolve(__dirname, "../../app/routes"));
  const evidenceRoutes = routes.filter((file) => /evidence/i.test(file));
  expect(evidenceRoutes).toEqual(["staff_.tips.$tipId.evidence.$position.ts"]);
});

test("demo accounts exist for every role", () => {
  expect(new Set(demoStaff.map((member) => member.role))).toEqual(
    new Set(["admin", "coordinator", "agent", "supervisor"]),
  );
});
