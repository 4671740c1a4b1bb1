// Issue 12: every directory change (agencies, units, FIA routes, helplines) and every retention run is one
// transaction with the audit row that records it. When the database refuses the audit row, the change is rolled
// back, the directory version (docs/decisions/020) does not move, and nothing is announced; when it succeeds,
// exactly one row is written, with the details the pages always wrote.
import "../setup/database";
import { beforeAll, describe, expect, test } from "vitest";
import { routingTableData } from "~/domain/reference-data";
import { defaultRetentionPolicy } from "~/domain/retention";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import {
  addUnit,
  directoryVersion,
  getDirectory,
  removeFiaRoute,
  removeHelpline,
  renameAgency,
  renameUnit,
  saveHelpline,
  seedDirectory,
  setFiaRoute,
} from "~/models/directory.server";
import { runRetention } from "~/models/retention.server";
import { createTip, findTipIdByReceipt } from "~/models/tip.server";
import * as directoryRoute from "~/routes/staff.directory/route";
import * as helplinesRoute from "~/routes/staff.helplines/route";
import * as routingRoute from "~/routes/staff.routing";
import { getDb } from "~/server/db.server";
import { startSession } from "~/server/staff-session.server";
import { seedDemoStaff } from "../../prisma/seed";
import { withAuditRefused } from "../setup/refuse-audit";

const origin = "http://aagahi.test";
let admin: { id: string; email: string };
let cookie = "";

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
  admin = await db.staffUser.findUniqueOrThrow({
    where: { email: "admin@aagahi.demo" },
    select: { id: true, email: true },
  });
  cookie = (await startSession(admin.id, "full", new Request(origin))).split(";")[0]!;
});

/** Posts a form to a staff page as the admin; answers the redirect's location (the change was made). */
async function postAsAdmin(
  route: { action: (args: never) => unknown },
  path: string,
  form: Record<string, string>,
): Promise<string | null> {
  const request = new Request(`${origin}${path}`, {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams(form),
  });
  const result = await route.action({ request, params: {}, context: {} } as never);
  expect(result).toBeInstanceOf(Response);
  return (result as Response).headers.get("Location");
}

/** The audit rows and the directory version, to compare before and after. */
async function snapshot() {
  const db = await getDb();
  return { audit: await db.auditEntry.count(), version: await directoryVersion(db) };
}

/** Runs a change while audit rows are refused; expects it to fail and to leave the audit log and version as they were. */
async function refused(change: () => Promise<unknown>) {
  const before = await snapshot();
  await withAuditRefused(change);
  expect(await snapshot()).toEqual(before);
}

/** The ids of the audit rows so far. */
async function entryIds(): Promise<string[]> {
  return (await (await getDb()).auditEntry.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map(
    (entry) => entry.id,
  );
}

/** The one row written since `before` (the ids then), with its details parsed. */
async function onlyNewEntry(before: string[]) {
  const entries = await (await getDb()).auditEntry.findMany({ where: { id: { notIn: before } } });
  expect(entries).toHaveLength(1);
  const [entry] = entries;
  return { ...entry!, details: JSON.parse(entry!.details) as unknown };
}

const helplineForm = {
  intent: "save",
  mode: "new",
  id: "audited-line",
  number: "0800-11122",
  nameUr: "آزمائشی لائن",
  nameEn: "Audited test line",
  descriptionUr: "آزمائش کے لیے۔",
  descriptionEn: "A helpline for the audit tests.",
  sourceUr: "آزمائش",
  sourceEn: "Test",
  sourceDate: "",
  position: "40",
  emergency: "",
};

const helpline = {
  id: "audited-line",
  position: 40,
  number: "0800-11122",
  tel: "080011122",
  emergency: false,
  name: { en: "Audited test line", ur: "آزمائشی لائن" },
  description: { en: "A helpline for the audit tests.", ur: "آزمائش کے لیے۔" },
  source: { en: "Test", ur: "آزمائش" },
  sourceDate: null,
};

describe("agencies and units", () => {
  test("renaming an agency is rolled back with its refused audit row; once allowed, one row with the code", async () => {
    const db = await getDb();
    const agency = await db.agency.findFirstOrThrow({ select: { code: true, nameEn: true, nameUr: true } });
    await refused(() => renameAgency(admin, agency.code, { en: "Refused name", ur: agency.nameUr }));
    expect((await db.agency.findUniqueOrThrow({ where: { code: agency.code } })).nameEn).toBe(agency.nameEn);
    expect((await getDirectory()).agencyName(agency.code, "en")).toBe(agency.nameEn);

    const { version } = await snapshot();
    const audit = await entryIds();
    const location = await postAsAdmin(directoryRoute, "/staff/directory", {
      intent: "rename-agency",
      code: agency.code,
      nameUr: agency.nameUr,
      nameEn: "Kept name",
    });
    expect(location).toBe("/staff/directory?done=renamed");
    expect((await db.agency.findUniqueOrThrow({ where: { code: agency.code } })).nameEn).toBe("Kept name");
    expect(await directoryVersion(db)).toBe(version + 1);
    expect(await onlyNewEntry(audit)).toMatchObject({
      action: "agency_renamed",
      staffUserId: admin.id,
      actorEmail: admin.email,
      details: { code: agency.code },
    });
    // The kept directory was forgotten after the commit: the next read has the new name.
    expect((await getDirectory()).agencyName(agency.code, "en")).toBe("Kept name");
  });

  test("renaming a unit is rolled back with its refused audit row; once allowed, one row with the code", async () => {
    const db = await getDb();
    const unit = await db.agencyUnit.findFirstOrThrow({ select: { code: true, nameEn: true, nameUr: true } });
    await refused(() => renameUnit(admin, unit.code, { en: "Refused unit", ur: unit.nameUr }));
    expect((await db.agencyUnit.findUniqueOrThrow({ where: { code: unit.code } })).nameEn).toBe(unit.nameEn);

    const audit = await entryIds();
    const location = await postAsAdmin(directoryRoute, "/staff/directory", {
      intent: "rename-unit",
      code: unit.code,
      nameUr: unit.nameUr,
      nameEn: "Kept unit",
    });
    expect(location).toBe("/staff/directory?done=renamed");
    expect(await onlyNewEntry(audit)).toMatchObject({ action: "unit_renamed", details: { code: unit.code } });
  });

  test("adding a unit is rolled back with its refused audit row; once allowed, one row with the agency and unit", async () => {
    const db = await getDb();
    const unit = { agencyCode: "fia", code: "fia-audited", nameEn: "FIA audited circle", nameUr: "ایف آئی اے" };
    await refused(() => addUnit(admin, unit));
    expect(await db.agencyUnit.findUnique({ where: { code: unit.code } })).toBeNull();

    const { version } = await snapshot();
    const audit = await entryIds();
    expect(await postAsAdmin(directoryRoute, "/staff/directory", { intent: "add-unit", ...unit })).toBe(
      "/staff/directory?done=added",
    );
    expect(await db.agencyUnit.findUnique({ where: { code: unit.code } })).not.toBeNull();
    expect(await directoryVersion(db)).toBe(version + 1);
    expect(await onlyNewEntry(audit)).toMatchObject({
      action: "unit_added",
      agencyCode: "fia",
      details: { unit: unit.code },
    });
  });

  test("a change that finds nothing to change writes no audit row and does not move the version", async () => {
    const before = await snapshot();
    expect(await renameAgency(admin, "no-such-agency", { en: "x", ur: "x" })).toBe(false);
    expect(await renameUnit(admin, "no-such-unit", { en: "x", ur: "x" })).toBe(false);
    expect(await addUnit(admin, { agencyCode: "no-such-agency", code: "x-unit", nameEn: "x", nameUr: "x" })).toEqual({
      ok: false,
      problem: "agency",
    });
    expect(await addUnit(admin, { agencyCode: "fia", code: "fia-audited", nameEn: "x", nameUr: "x" })).toEqual({
      ok: false,
      problem: "exists",
    });
    expect(
      await setFiaRoute(admin, { placeKind: "district", place: "karachi-south", unitCode: "no-such-unit" }),
    ).toEqual({ ok: false, problem: "unit" });
    expect(await removeFiaRoute(admin, "default", "*")).toEqual({ ok: false, problem: "default" });
    expect(await removeHelpline(admin, "no-such-line")).toBe(false);
    expect(await snapshot()).toEqual(before);
  });
});

describe("FIA routes", () => {
  const place = "district:karachi-south";

  test("setting a route is rolled back with its refused audit row; once allowed, one row with the place and unit", async () => {
    const db = await getDb();
    const where = { placeKind_place: { placeKind: "district", place: "karachi-south" } };
    const before = await db.fiaUnitRoute.findUnique({ where });
    await refused(() => setFiaRoute(admin, { placeKind: "district", place: "karachi-south", unitCode: "fia-audited" }));
    expect(await db.fiaUnitRoute.findUnique({ where })).toEqual(before);

    const { version } = await snapshot();
    const audit = await entryIds();
    expect(await postAsAdmin(routingRoute, "/staff/routing", { intent: "set", place, unitCode: "fia-audited" })).toBe(
      "/staff/routing?done=saved",
    );
    expect((await db.fiaUnitRoute.findUniqueOrThrow({ where })).unitCode).toBe("fia-audited");
    expect(await directoryVersion(db)).toBe(version + 1);
    expect(await onlyNewEntry(audit)).toMatchObject({
      action: "fia_route_set",
      staffUserId: admin.id,
      details: { place, unit: "fia-audited" },
    });
  });

  test("removing a route is rolled back with its refused audit row; once allowed, one row with the place", async () => {
    const db = await getDb();
    const where = { placeKind_place: { placeKind: "district", place: "karachi-south" } };
    await refused(() => removeFiaRoute(admin, "district", "karachi-south"));
    expect(await db.fiaUnitRoute.findUnique({ where })).not.toBeNull();

    const audit = await entryIds();
    expect(await postAsAdmin(routingRoute, "/staff/routing", { intent: "remove", place })).toBe(
      "/staff/routing?done=removed",
    );
    expect(await db.fiaUnitRoute.findUnique({ where })).toBeNull();
    expect(await onlyNewEntry(audit)).toMatchObject({ action: "fia_route_removed", details: { place } });
  });
});

describe("helplines", () => {
  test("saving a new helpline is rolled back with its refused audit row; once allowed, one row with id, created and number", async () => {
    const db = await getDb();
    await refused(() => saveHelpline(admin, helpline));
    expect(await db.helpline.findUnique({ where: { id: helpline.id } })).toBeNull();

    const { version } = await snapshot();
    const audit = await entryIds();
    expect(await postAsAdmin(helplinesRoute, "/staff/helplines", helplineForm)).toBe("/staff/helplines?done=saved");
    expect(await db.helpline.findUnique({ where: { id: helpline.id } })).not.toBeNull();
    expect(await directoryVersion(db)).toBe(version + 1);
    expect(await onlyNewEntry(audit)).toMatchObject({
      action: "helpline_saved",
      details: { helpline: helpline.id, created: true, number: "0800-11122" },
    });
  });

  test("making another helpline the emergency number is rolled back whole: the mark stays where it was", async () => {
    const db = await getDb();
    const emergency = await db.helpline.findFirstOrThrow({ where: { emergency: true }, select: { id: true } });
    await refused(() => saveHelpline(admin, { ...helpline, number: "0800-99999", emergency: true }));
    expect((await db.helpline.findUniqueOrThrow({ where: { id: emergency.id } })).emergency).toBe(true);
    expect(await db.helpline.findUniqueOrThrow({ where: { id: helpline.id } })).toMatchObject({
      emergency: false,
      number: "0800-11122",
    });

    const audit = await entryIds();
    expect(
      await postAsAdmin(helplinesRoute, "/staff/helplines", { ...helplineForm, mode: "edit", number: "0800-99999" }),
    ).toBe("/staff/helplines?done=saved");
    expect(await onlyNewEntry(audit)).toMatchObject({
      action: "helpline_saved",
      details: { helpline: helpline.id, created: false, number: "0800-99999" },
    });
  });

  test("removing a helpline is rolled back with its refused audit row; once allowed, one row with the id", async () => {
    const db = await getDb();
    await refused(() => removeHelpline(admin, helpline.id));
    expect(await db.helpline.findUnique({ where: { id: helpline.id } })).not.toBeNull();

    const { version } = await snapshot();
    const audit = await entryIds();
    expect(await postAsAdmin(helplinesRoute, "/staff/helplines", { intent: "remove", id: helpline.id })).toBe(
      "/staff/helplines?done=removed",
    );
    expect(await db.helpline.findUnique({ where: { id: helpline.id } })).toBeNull();
    expect(await directoryVersion(db)).toBe(version + 1);
    expect(await onlyNewEntry(audit)).toMatchObject({ action: "helpline_removed", details: { helpline: helpline.id } });
  });
});

describe("a retention run", () => {
  const day = 24 * 60 * 60 * 1000;
  const now = new Date("2027-09-01T08:00:00.000Z");

  test("is rolled back with its refused audit row: the due tip and the idle receipt stay, and the lease is free again", async () => {
    const db = await getDb();
    const due = tipSchema.parse({ category: "other", description: "A tip closed long ago, due for deletion." });
    const dueTip = await createTip(
      db,
      due,
      routeTip(due, routingTableData),
      "web",
      new Date(now.getTime() - 200 * day),
    );
    // Closed straight in the database: the run reads only these facts.
    await db.tip.update({
      where: { id: dueTip.id },
      data: { status: "closed", closeOutcome: "duplicate", closedAt: new Date(now.getTime() - 120 * day) },
    });
    const idle = tipSchema.parse({ category: "other", description: "An open tip whose reporter never came back." });
    const idleTip = await createTip(
      db,
      idle,
      routeTip(idle, routingTableData),
      "web",
      new Date(now.getTime() - 100 * day),
    );

    const auditBefore = await entryIds();
    await withAuditRefused(() => runRetention({ now, policy: defaultRetentionPolicy }));
    expect(await db.tip.findUnique({ where: { id: dueTip.id } })).not.toBeNull();
    expect(await db.deletedTip.findUnique({ where: { id: dueTip.id } })).toBeNull();
    expect(await findTipIdByReceipt(db, idleTip.receipt)).toBe(idleTip.id);
    expect(await entryIds()).toEqual(auditBefore);

    // The lease was released, so the next run works: one row with the same counts as the report.
    const report = await runRetention({ now, policy: defaultRetentionPolicy });
    expect(report).toMatchObject({ ran: true, tipsDeleted: 1 });
    expect(report.reporterAccessEnded).toBeGreaterThanOrEqual(1);
    expect(await db.tip.findUnique({ where: { id: dueTip.id } })).toBeNull();
    expect(await findTipIdByReceipt(db, idleTip.receipt)).toBeNull();
    const entry = await onlyNewEntry(auditBefore);
    expect(entry).toMatchObject({ action: "retention_run", staffUserId: null, tipId: null });
    expect(entry.details).toEqual({ tipsDeleted: 1, reporterAccessEnded: report.reporterAccessEnded });
  });

  test("with more than one batch of work writes one row per batch, each committed with the batch it counts", async () => {
    const db = await getDb();
    const later = new Date(now.getTime() + 400 * day);
    const old = new Date(later.getTime() - 300 * day);
    const tips = [];
    for (let index = 0; index < 55; index += 1) {
      const tip = tipSchema.parse({ category: "other", description: `Batch tip ${index}, closed long ago.` });
      tips.push(await createTip(db, tip, routeTip(tip, routingTableData), "web", old));
    }
    await db.tip.updateMany({
      where: { id: { in: tips.map((tip) => tip.id) } },
      data: { status: "closed", closeOutcome: "duplicate", closedAt: old },
    });
    const auditBefore = await db.auditEntry.count();
    const report = await runRetention({ now: later, policy: defaultRetentionPolicy });
    expect(report.tipsDeleted).toBe(55);
    const entries = await db.auditEntry.findMany({ where: { action: "retention_run", at: later } });
    const thisRun = entries.map(
      (entry) => JSON.parse(entry.details) as { tipsDeleted: number; reporterAccessEnded: number },
    );
    expect(await db.auditEntry.count()).toBe(auditBefore + thisRun.length);
    expect(thisRun.length).toBeGreaterThanOrEqual(2);
    expect(thisRun.reduce((sum, details) => sum + details.tipsDeleted, 0)).toBe(55);
    expect(thisRun.reduce((sum, details) => sum + details.reporterAccessEnded, 0)).toBe(report.reporterAccessEnded);
  });
});
