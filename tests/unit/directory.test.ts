import "../setup/database";
import { beforeAll, describe, expect, test } from "vitest";
import { agencyData, helplineData, routingTableData } from "~/domain/reference-data";
import { tipSchema } from "~/domain/tip";
import { forgetDirectory, getDirectory, loadDirectory, seedDirectory } from "~/models/directory.server";
import { startSession } from "~/server/staff-session.server";
import { getDb } from "~/server/db.server";
import { takeTip } from "~/models/tip-intake.server";
import { transferTip } from "~/models/staff-tips.server";
import { seedDemoStaff } from "../../prisma/seed";
import * as helplinesRoute from "~/routes/staff.helplines/route";
import * as routingRoute from "~/routes/staff.routing";
import * as directoryRoute from "~/routes/staff.directory/route";
import * as usersRoute from "~/routes/staff.users";
import * as caseRoute from "~/routes/staff.tips.$tipId/route";
import { loader as getHelpLoader } from "~/routes/$lang.get-help";
import { loader as articleLoader } from "~/routes/$lang.$article";
import { topicPages } from "~/content/pages";

const origin = "http://aagahi.test";
const cookies: Record<string, string> = {};

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
  for (const email of ["admin@aagahi.demo", "coordinator@aagahi.demo"]) {
    const user = await db.staffUser.findUniqueOrThrow({ where: { email } });
    cookies[email] = (await startSession(user.id, "full", new Request(origin))).split(";")[0]!;
  }
});

function post(email: string, path: string, form: Record<string, string>) {
  return new Request(`${origin}${path}`, {
    method: "POST",
    headers: { Cookie: cookies[email]! },
    body: new URLSearchParams(form),
  });
}

async function statusOf(run: () => Promise<unknown>) {
  try {
    const result = await run();
    if (result instanceof Response)
      return { status: result.status, location: result.headers.get("Location"), body: null };
    const rejected = result as { init?: { status?: number }; data?: unknown };
    return { status: rejected.init?.status ?? 200, location: null, body: rejected.data };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, location: null, body: null };
    throw error;
  }
}

const asAdmin = (
  route: { action: (args: never) => unknown },
  path: string,
  form: Record<string, string>,
  context: Record<string, unknown> = {},
) =>
  statusOf(async () => route.action({ request: post("admin@aagahi.demo", path, form), params: {}, context } as never));

async function externalTip(district: string, province = "sindh") {
  const tip = tipSchema.parse({
    category: "fake_job_offer",
    crossesBorder: "yes",
    province,
    district,
    description: "Directory routing test tip.",
  });
  const result = await takeTip(tip, "api", `directory-${Math.random()}`);
  if (!result.ok) throw new Error("rate limited");
  return result.decision;
}

const helplineForm = {
  intent: "save",
  mode: "new",
  id: "shelter-line",
  number: "0800-24-365",
  nameEn: "Shelter line",
  nameUr: "پناہ گاہ لائن",
  descriptionEn: "A place to stay.",
  descriptionUr: "رہنے کی جگہ۔",
  sourceEn: "Test",
  sourceUr: "آزمائش",
  sourceDate: "",
  position: "5",
};

describe("seeding", () => {
  test("a new database gets the starting agencies, units, routing table and helplines", async () => {
    const directory = await loadDirectory(await getDb());
    expect(directory.agencies.map((agency) => agency.code)).toEqual(agencyData.map((agency) => agency.code));
    expect(directory.agencies.find((agency) => agency.code === "fia")?.units.map((unit) => unit.code)).toEqual(
      agencyData[0]!.units.map((unit) => unit.code),
    );
    expect(directory.routingTable).toEqual(routingTableData);
    expect(directory.helplines).toEqual(helplineData);
    expect(directory.emergencyHelpline?.number).toBe("15");
  });

  test("seeding again (every start) keeps what admins changed", async () => {
    const db = await getDb();
    await db.agency.update({ where: { code: "police-gb" }, data: { nameEn: "Gilgit-Baltistan Police (renamed)" } });
    await db.helpline.update({ where: { id: "mohr-helpline" }, data: { number: "1099-0" } });
    await db.fiaUnitRoute.delete({ where: { placeKind_place: { placeKind: "district", place: "attock" } } });
    await seedDirectory(db);
    const directory = await getDirectory();
    expect(directory.agencyName("police-gb", "en")).toBe("Gilgit-Baltistan Police (renamed)");
    expect(directory.helplines.find((helpline) => helpline.id === "mohr-helpline")?.number).toBe("1099-0");
    expect(directory.routingTable.fiaUnits.byDistrict.attock).toBeUndefined();
    await db.agency.update({ where: { code: "police-gb" }, data: { nameEn: "Gilgit-Baltistan Police" } });
    await db.helpline.update({ where: { id: "mohr-helpline" }, data: { number: "1099" } });
    forgetDirectory();
  });
});

describe("helplines", () => {
  test("an admin adds a helpline: the public page shows it, the page cache is emptied, and it is audited", async () => {
    let cleared = 0;
    const saved = await asAdmin(helplinesRoute, "/staff/helplines", helplineForm, {
      publicContentChanged: () => (cleared += 1),
    });
    expect(saved).toMatchObject({ status: 302, location: "/staff/helplines?done=saved" });
    expect(cleared).toBe(1);
    const page = await getHelpLoader({
      params: { lang: "ur" },
      request: new Request(`${origin}/ur/get-help`),
      context: {},
    } as never);
    expect(page.helplines.find((helpline) => helpline.id === "shelter-line")).toMatchObject({
      number: "0800-24-365",
      tel: "080024365",
    });
    // Every topic page shows the helplines too (the page cache they sit in is the one emptied above).
    for (const topic of topicPages) {
      const shown = await articleLoader({
        params: { lang: "en", article: topic.slug },
        request: new Request(`${origin}/en/${topic.slug}`),
        context: {},
      } as never);
      expect(
        shown.helplines.map((helpline) => helpline.id),
        topic.slug,
      ).toContain("shelter-line");
      expect(shown.emergencyHelpline?.number, topic.slug).toBe("15");
    }
    const entry = await (
      await getDb()
    ).auditEntry.findFirstOrThrow({ where: { action: "helpline_saved" }, orderBy: { at: "desc" } });
    expect(JSON.parse(entry.details)).toMatchObject({ helpline: "shelter-line", created: true });
  });

  test("adding a second helpline with a taken id is refused instead of overwriting it", async () => {
    const result = await asAdmin(helplinesRoute, "/staff/helplines", { ...helplineForm, number: "0800-11-111" });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ fieldErrors: { id: "helplines.errors.idTaken" } });
    expect((await getDirectory()).helplines.find((helpline) => helpline.id === "shelter-line")?.number).toBe(
      "0800-24-365",
    );
  });

  test("editing a helpline that does not exist is a 404, not a new one", async () => {
    expect(
      (await asAdmin(helplinesRoute, "/staff/helplines", { ...helplineForm, mode: "edit", id: "ghost-line" })).status,
    ).toBe(404);
    expect((await getDirectory()).helplines.some((helpline) => helpline.id === "ghost-line")).toBe(false);
  });

  test("one emergency number: marking another one takes the mark from police 15", async () => {
    await asAdmin(helplinesRoute, "/staff/helplines", { ...helplineForm, mode: "edit", emergency: "on" });
    const directory = await getDirectory();
    expect(directory.emergencyHelpline?.id).toBe("shelter-line");
    expect(directory.helplines.filter((helpline) => helpline.emergency)).toHaveLength(1);
    // Unticking it leaves no emergency number: the admin page says what that hides from the public.
    await asAdmin(helplinesRoute, "/staff/helplines", { ...helplineForm, mode: "edit" });
    const page = (await helplinesRoute.loader({
      request: new Request(`${origin}/staff/helplines`, { headers: { Cookie: cookies["admin@aagahi.demo"]! } }),
      params: {},
      context: {},
    } as never)) as Awaited<ReturnType<typeof helplinesRoute.loader>>;
    expect(page.noEmergencyNumber).toBe(true);
    expect(page.helplines.find((helpline) => helpline.id === "shelter-line")?.position).toBe(5);
    await (await getDb()).helpline.update({ where: { id: "police-emergency" }, data: { emergency: true } });
    forgetDirectory();
  });

  test("removing a helpline takes it off the public page", async () => {
    expect((await asAdmin(helplinesRoute, "/staff/helplines", { intent: "remove", id: "shelter-line" })).status).toBe(
      302,
    );
    expect((await getDirectory()).helplines.some((helpline) => helpline.id === "shelter-line")).toBe(false);
    expect((await asAdmin(helplinesRoute, "/staff/helplines", { intent: "remove", id: "shelter-line" })).status).toBe(
      404,
    );
  });
});

describe("FIA routing", () => {
  test("a district route sends the next external tip from there to its circle; removing it falls back to the province", async () => {
    expect((await externalTip("sukkur")).unit).toBe("fia-ahtc-karachi");
    expect(
      await asAdmin(routingRoute, "/staff/routing", {
        intent: "set",
        place: "district:sukkur",
        unitCode: "fia-ahtc-quetta",
      }),
    ).toMatchObject({ status: 302 });
    expect(await externalTip("sukkur")).toMatchObject({
      unit: "fia-ahtc-quetta",
      reasons: expect.arrayContaining(["fia_unit_for_district"]),
    });
    expect(await asAdmin(routingRoute, "/staff/routing", { intent: "remove", place: "district:sukkur" })).toMatchObject(
      { status: 302 },
    );
    expect(await externalTip("sukkur")).toMatchObject({
      unit: "fia-ahtc-karachi",
      reasons: expect.arrayContaining(["fia_unit_for_province"]),
    });
  });

  test("the default circle can be changed but not removed", async () => {
    expect((await asAdmin(routingRoute, "/staff/routing", { intent: "remove", place: "default:*" })).status).toBe(400);
    expect(
      (
        await asAdmin(routingRoute, "/staff/routing", {
          intent: "set",
          place: "default:*",
          unitCode: "fia-ahtc-lahore",
        })
      ).status,
    ).toBe(302);
    expect((await externalTip("", "unknown")).unit).toBe("fia-ahtc-lahore");
    await asAdmin(routingRoute, "/staff/routing", {
      intent: "set",
      place: "default:*",
      unitCode: "fia-ahtc-islamabad",
    });
  });

  test("only FIA circles can receive FIA routes", async () => {
    const db = await getDb();
    await db.agencyUnit.upsert({
      where: { code: "punjab-ahtu" },
      create: { code: "punjab-ahtu", agencyCode: "police-punjab", nameEn: "AHTU", nameUr: "اے ایچ ٹی یو" },
      update: {},
    });
    const result = await asAdmin(routingRoute, "/staff/routing", {
      intent: "set",
      place: "province:punjab",
      unitCode: "punjab-ahtu",
    });
    expect(result).toMatchObject({ status: 400, body: { fieldErrors: { unitCode: "routing.errors.unit" } } });
    expect(
      (
        await asAdmin(routingRoute, "/staff/routing", {
          intent: "set",
          place: "province:punjab",
          unitCode: "no-such-unit",
        })
      ).status,
    ).toBe(400);
  });
});

describe("agencies and units", () => {
  test("an admin adds a unit; it can be given to staff of its agency only, and its code cannot be taken twice", async () => {
    const added = await asAdmin(directoryRoute, "/staff/directory", {
      intent: "add-unit",
      agencyCode: "fia",
      code: "fia-ahtc-sukkur",
      nameEn: "FIA AHTC Sukkur",
      nameUr: "ایف آئی اے سرکل سکھر",
    });
    expect(added).toMatchObject({ status: 302, location: "/staff/directory?done=added" });
    expect((await getDirectory()).agencyOfUnit("fia-ahtc-sukkur")).toBe("fia");
    const again = await asAdmin(directoryRoute, "/staff/directory", {
      intent: "add-unit",
      agencyCode: "fia",
      code: "fia-ahtc-sukkur",
      nameEn: "x",
      nameUr: "y",
    });
    expect(again).toMatchObject({ status: 400, body: { fieldErrors: { code: "directory.errors.unitExists" } } });
    const unknownAgency = await asAdmin(directoryRoute, "/staff/directory", {
      intent: "add-unit",
      agencyCode: "nowhere",
      code: "x-unit",
      nameEn: "x",
      nameUr: "y",
    });
    expect(unknownAgency).toMatchObject({
      status: 400,
      body: { fieldErrors: { agencyCode: "directory.errors.agency" } },
    });

    const staffMember = {
      intent: "create",
      email: "sukkur.agent@aagahi.test",
      name: "Sukkur agent",
      role: "agent",
      unitCode: "fia-ahtc-sukkur",
      password: "a long enough password",
    };
    expect(
      (await asAdmin(usersRoute, "/staff/users", { ...staffMember, agencyCode: "police-sindh" })).body,
    ).toMatchObject({ fieldErrors: { unitCode: "users.errors.unit" } });
    expect((await asAdmin(usersRoute, "/staff/users", { ...staffMember, agencyCode: "fia" })).status).toBe(302);
  });

  test("renaming an agency changes the name everywhere it is shown, in each language", async () => {
    expect(
      (
        await asAdmin(directoryRoute, "/staff/directory", {
          intent: "rename-agency",
          code: "police-ajk",
          nameEn: "AJK Police",
          nameUr: "آزاد کشمیر پولیس",
        })
      ).status,
    ).toBe(302);
    const directory = await getDirectory();
    expect(directory.agencyName("police-ajk", "en")).toBe("AJK Police");
    expect(directory.agencyName("police-ajk", "ur")).toBe("آزاد کشمیر پولیس");
    expect(
      (
        await asAdmin(directoryRoute, "/staff/directory", {
          intent: "rename-unit",
          code: "no-such-unit",
          nameEn: "x",
          nameUr: "y",
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await asAdmin(directoryRoute, "/staff/directory", {
          intent: "rename-agency",
          code: "police-ajk",
          nameEn: "",
          nameUr: "",
        })
      ).body,
    ).toMatchObject({
      fieldErrors: { nameEn: "directory.errors.nameEn", nameUr: "directory.errors.nameUr" },
    });
  });
});

describe("a coordinator assigns a triage-desk tip", () => {
  async function triageTip(province = "unknown", district?: string) {
    const tip = tipSchema.parse({
      category: "other",
      crossesBorder: "unknown",
      province,
      district,
      description: "Someone is kept in a house.",
    });
    const result = await takeTip(tip, "api", `triage-${Math.random()}`);
    if (!result.ok) throw new Error("rate limited");
    const db = await getDb();
    const id = (await db.tip.findUniqueOrThrow({ where: { reference: result.reference }, select: { id: true } })).id;
    // Still at the triage desk (no province given), so the coordinator decides.
    expect(result.decision.agency).toBe("triage-desk");
    return id;
  }

  const assign = (tipId: string, agency: string) =>
    statusOf(async () =>
      caseRoute.action({
        request: post("coordinator@aagahi.demo", `/staff/tips/${tipId}`, { intent: "assign", agency }),
        params: { tipId },
        context: {},
      } as never),
    );

  test("straight to an officer of the chosen agency, who will see it in their queue", async () => {
    const db = await getDb();
    const tipId = await triageTip();
    const kpAgent = await db.staffUser.findUniqueOrThrow({ where: { email: "kp.agent@aagahi.demo" } });
    expect((await assign(tipId, `police-kp/${kpAgent.id}`)).status).toBe(302);
    const tip = await db.tip.findUniqueOrThrow({ where: { id: tipId } });
    expect(tip).toMatchObject({ agencyCode: "police-kp", assignedToId: kpAgent.id, status: "new" });
  });

  test("not to someone of another agency, nor to an FIA agent of a circle that will not get the tip", async () => {
    const db = await getDb();
    const tipId = await triageTip();
    const fiaLahore = await db.staffUser.findUniqueOrThrow({ where: { email: "fia.lahore@aagahi.demo" } });
    const punjabAgent = await db.staffUser.findUniqueOrThrow({ where: { email: "punjab.agent@aagahi.demo" } });
    // With no province the tip would land at the FIA's default circle (Islamabad), not Lahore.
    expect(await assign(tipId, `fia/${fiaLahore.id}`)).toMatchObject({
      status: 400,
      body: { fieldErrors: { "assign-agency": "case.errors.assigneeInvalid" } },
    });
    expect(await assign(tipId, `police-kp/${punjabAgent.id}`)).toMatchObject({ status: 400 });
    expect(await assign(tipId, "triage-desk")).toMatchObject({ status: 400 });
    expect((await db.tip.findUniqueOrThrow({ where: { id: tipId } })).agencyCode).toBe("triage-desk");
  });

  test("two coordinators at once: the second move is refused, not a silent overwrite", async () => {
    const db = await getDb();
    const tipId = await triageTip();
    const kpAgent = await db.staffUser.findUniqueOrThrow({ where: { email: "kp.agent@aagahi.demo" } });
    const coordinator = await db.staffUser.findUniqueOrThrow({ where: { email: "coordinator@aagahi.demo" } });
    const [first, second] = await Promise.all([
      transferTip(db, tipId, {
        from: "triage-desk",
        toAgency: "police-kp",
        reason: "triage",
        staffUserId: coordinator.id,
        assignee: kpAgent.id,
      }),
      transferTip(db, tipId, {
        from: "triage-desk",
        toAgency: "police-sindh",
        reason: "triage",
        staffUserId: coordinator.id,
      }),
    ]);
    expect([first, second].filter((move) => move === null)).toHaveLength(1);
    const tip = await db.tip.findUniqueOrThrow({ where: { id: tipId }, include: { events: true, notes: true } });
    expect(tip.agencyCode).toBe(first ? "police-kp" : "police-sindh");
    expect(tip.events.filter((event) => event.kind === "transferred")).toHaveLength(1);
    expect(tip.notes).toHaveLength(1);
    // Once it has left the triage desk, the coordinator may read it but no longer send it anywhere.
    expect(await assign(tipId, "police-punjab")).toMatchObject({ status: 403 });
  });

  test("the case page offers each agency's queue and only the officers who would see the tip", async () => {
    const tipId = await triageTip();
    const page = (await caseRoute.loader({
      request: new Request(`${origin}/staff/tips/${tipId}`, {
        headers: { Cookie: cookies["coordinator@aagahi.demo"]! },
      }),
      params: { tipId },
      context: {},
    } as never)) as Awaited<ReturnType<typeof caseRoute.loader>>;
    expect(page.triageTargets.map((target) => target.code)).not.toContain("triage-desk");
    const fia = page.triageTargets.find((target) => target.code === "fia")!;
    const names = fia.staff.map((member) => member.name);
    expect(names).toContain("Nadia (FIA)");
    expect(names).not.toContain("Usman (FIA AHTC Lahore)");
  });
});
