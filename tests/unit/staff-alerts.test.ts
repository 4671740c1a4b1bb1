// Staff alerts by e-mail (issue 16, docs/decisions/028), end to end through a real SMTP server started here: an
// urgent tip through the API reaches its agency's duty address through the server's own alert loop; nothing
// else does; escalations reach the right supervisors and then coordinators, once; a dead mail server never
// touches intake and its alerts go out once it is back; staff choices on My account are respected. No alert
// ever carries a word the reporter wrote (canaries).
import crypto from "node:crypto";
import { testEngine } from "../setup/database";
import { smtpPort } from "../setup/alert-mail-port";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMailServer, waitFor, type ReceivedMail } from "../setup/mail-server";
import { startAlertSchedule } from "../../server/alert-schedule.mjs";
import { action as apiAction } from "~/routes/api.v1.tips";
import { action as accountAction, loader as accountLoader } from "~/routes/staff.account";
import { action as directoryAction } from "~/routes/staff.directory/route";
import { maxAttempts } from "~/domain/alerts";
import { alertLeaseName, getAlertPreferences, runAlerts, setAlertPreferences } from "~/models/alerts.server";
import { acquireJobLease, releaseJobLease } from "~/models/retention.server";
import { setAlertAddress } from "~/models/directory.server";
import { assignCase, sendFromTriageDesk, transferCase } from "~/models/staff-case.server";
import { addReporterMessage } from "~/models/tip.server";
import { createStaffUser } from "~/models/staff-user.server";
import { caseLink, mailDeliverer, runScheduledAlerts } from "~/server/alerts.server";
import { getDb } from "~/server/db.server";
import { startSession } from "~/server/staff-session.server";
import { seedDirectory } from "../../prisma/seed";

const canaries = ["CANARY-DESCRIPTION-51f0", "CANARY-SUSPECT-9c2e", "canary-contact-3d7b@example.org"];
const origin = "https://aagahi.test";
const hour = 3_600_000;

type Staff = {
  id: string;
  email: string;
  role: "agent" | "supervisor" | "coordinator" | "admin";
  agencyCode: string | null;
  unitCode: string | null;
};
const staff: Record<string, Staff> = {};

async function addStaff(
  key: string,
  member: { email: string; role: Staff["role"]; agencyCode: string | null },
  preferences?: Partial<Parameters<typeof setAlertPreferences>[1]>,
) {
  const db = await getDb();
  const created = await createStaffUser(db, { ...member, name: key, password: "not-used-here-1234" });
  staff[key] = { ...member, id: created.id, unitCode: null };
  if (preferences)
    await setAlertPreferences(created, {
      alertUrgent: false,
      alertAssigned: false,
      alertMessages: false,
      alertLanguage: "en",
      ...preferences,
    });
}

let mail: Awaited<ReturnType<typeof startMailServer>> | null = null;

beforeAll(async () => {
  await seedDirectory(await getDb());
  await setAlertAddress(null, { kind: "agency", code: "police-sindh" }, "duty.sindh@police.test");
  await setAlertAddress(null, { kind: "agency", code: "police-punjab" }, "duty.punjab@police.test");
  await addStaff(
    "sindhAgent",
    { email: "sindh.agent@police.test", role: "agent", agencyCode: "police-sindh" },
    { alertUrgent: true, alertAssigned: true, alertMessages: true, alertLanguage: "en" },
  );
  await addStaff("sindhQuiet", { email: "sindh.quiet@police.test", role: "agent", agencyCode: "police-sindh" }, {});
  await addStaff(
    "sindhSupervisor",
    { email: "sindh.supervisor@police.test", role: "supervisor", agencyCode: "police-sindh" },
    { alertLanguage: "ur" },
  );
  await addStaff(
    "punjabAgent",
    { email: "punjab.agent@police.test", role: "agent", agencyCode: "police-punjab" },
    { alertUrgent: true, alertAssigned: true, alertMessages: true },
  );
  await addStaff("punjabSupervisor", {
    email: "punjab.supervisor@police.test",
    role: "supervisor",
    agencyCode: "police-punjab",
  });
  await addStaff(
    "coordinator",
    { email: "coordinator@police.test", role: "coordinator", agencyCode: null },
    { alertLanguage: "en" },
  );
  mail = await startMailServer(smtpPort);
});

afterAll(async () => {
  await mail?.close();
});

async function submitTip(fields: Record<string, unknown>) {
  const response = await apiAction({
    request: new Request(`${origin}/api/v1/tips`, {
      method: "POST",
      body: JSON.stringify({
        category: "bonded_labour",
        description: `Families are held at a kiln. ${canaries[0]}`,
        suspects: `The munshi ${canaries[1]}`,
        contactConsent: true,
        contact: canaries[2],
        crossesBorder: "no",
        province: "sindh",
        district: "hyderabad",
        language: "en",
        ...fields,
      }),
      headers: { "Content-Type": "application/json", "Accept-Language": "en" },
    }),
    params: {},
    context: { clientKey: `alerts-${Math.random()}` },
  } as never);
  expect(response.status).toBe(201);
  const body = (await response.json()) as { reference: string };
  const tip = await (
    await getDb()
  ).tip.findUniqueOrThrow({
    where: { reference: body.reference },
    select: { id: true, reference: true, createdAt: true, agencyCode: true, unitCode: true },
  });
  return tip;
}

const about = (reference: string) => (message: ReceivedMail) => message.decoded.includes(reference);
const recipientsOf = (messages: ReceivedMail[]) => messages.flatMap((message) => message.to).sort();

function expectNoTipContent(messages: ReceivedMail[]) {
  for (const message of messages) {
    for (const canary of canaries) {
      expect(message.raw.toLowerCase()).not.toContain(canary.toLowerCase());
      expect(message.decoded.toLowerCase()).not.toContain(canary.toLowerCase());
    }
  }
}

/** One turn of the sender at `now`, through the real mail server. */
const sendAt = (now: Date, scanEscalations = false) =>
  runAlerts({ now, deliver: mailDeliverer(process.env.SMTP_URL!), caseLink, scanEscalations });

describe("an urgent tip", () => {
  test("reaches its agency's duty address once, through the server's alert loop, with no tip content", async () => {
    const loop = startAlertSchedule({ run: () => runScheduledAlerts(), intervalMs: 100 });
    try {
      const tip = await submitTip({ immediateDanger: true });
      expect(tip.agencyCode).toBe("police-sindh");
      await waitFor(() => mail!.received.filter(about(tip.reference)).length >= 2);
      // A few more turns: nothing more may come.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const messages = mail!.received.filter(about(tip.reference));
      // The duty address (both languages) and the one Sindh agent who asked for urgent tips; not the Punjab agent
      // who asked too, not the Sindh agent who did not.
      expect(recipientsOf(messages)).toEqual(["duty.sindh@police.test", "sindh.agent@police.test"]);
      const duty = messages.find((message) => message.to.includes("duty.sindh@police.test"))!;
      expect(duty.subject).toContain(`Urgent tip ${tip.reference}`);
      expect(duty.subject).toContain(`فوری اطلاع ${tip.reference}`);
      expect(duty.decoded).toContain(`${origin}/staff/tips/${tip.id}`);
      expect(duty.decoded).toMatch(/^from: alerts@aagahi\.test/im);
      expectNoTipContent(messages);
      // Each sent alert is audited, naming the kind and whether it went to a duty address or a person.
      const audits = await (await getDb()).auditEntry.findMany({ where: { action: "alert_sent", tipId: tip.id } });
      expect(audits.map((entry) => JSON.parse(entry.details).to).sort()).toEqual(["duty", "staff"]);
    } finally {
      await loop.stop();
    }
  });

  test("a tip without immediate danger queues no alert at all", async () => {
    const tip = await submitTip({ immediateDanger: false });
    expect(await (await getDb()).alertOutbox.count({ where: { tipId: tip.id } })).toBe(0);
    const before = mail!.received.length;
    await sendAt(new Date());
    expect(mail!.received.length).toBe(before);
  });

  test("goes to the unit's own duty address when the unit has one", async () => {
    await setAlertAddress(null, { kind: "unit", code: "fia-ahtc-gujranwala" }, "duty.gujranwala@fia.test");
    await setAlertAddress(null, { kind: "agency", code: "fia" }, "duty.hq@fia.test");
    const tip = await submitTip({
      immediateDanger: true,
      category: "fake_job_offer",
      crossesBorder: "yes",
      country: "AE",
      province: "punjab",
      district: "gujranwala",
    });
    expect(tip.unitCode).toBe("fia-ahtc-gujranwala");
    await sendAt(new Date());
    const messages = mail!.received.filter(about(tip.reference));
    expect(recipientsOf(messages)).toEqual(["duty.gujranwala@fia.test"]);
    expectNoTipContent(messages);
  });
});

describe("an urgent tip moved to another agency", () => {
  test("alerts the duty address of the agency it goes to: from the triage desk, and by transfer", async () => {
    const db = await getDb();
    // No province and no hint of a border: the triage desk (which has no duty address here) gets it first.
    const triaged = await submitTip({
      immediateDanger: true,
      province: undefined,
      district: undefined,
      crossesBorder: undefined,
    });
    expect(triaged.agencyCode).toBe("triage-desk");
    await sendAt(new Date());
    expect(
      mail!.received
        .filter(about(triaged.reference))
        .map((message) => message.to)
        .flat(),
    ).not.toContain("duty.sindh@police.test");
    const coordinator = { ...staff.coordinator!, email: staff.coordinator!.email };
    expect(
      await sendFromTriageDesk(
        coordinator,
        triaged.id,
        { agencyCode: "triage-desk", unitCode: null, status: "new" },
        { toAgency: "police-sindh", toPerson: "" },
      ),
    ).toBeNull();
    await sendAt(new Date());
    expect(recipientsOf(mail!.received.filter(about(triaged.reference)))).toEqual([
      "duty.sindh@police.test",
      "sindh.agent@police.test",
    ]);

    const punjab = await submitTip({ immediateDanger: true, province: "punjab", district: "kasur" });
    await sendAt(new Date());
    expect(recipientsOf(mail!.received.filter(about(punjab.reference)))).toEqual([
      "duty.punjab@police.test",
      "punjab.agent@police.test",
    ]);
    const punjabSupervisor = { ...staff.punjabSupervisor!, email: staff.punjabSupervisor!.email };
    expect(
      await transferCase(
        punjabSupervisor,
        punjab.id,
        { agencyCode: "police-punjab", unitCode: null, status: "new" },
        "police-sindh",
        "The kiln is across the border in Sindh",
      ),
    ).toBeTruthy();
    await sendAt(new Date());
    expect(recipientsOf(mail!.received.filter(about(punjab.reference)))).toEqual([
      "duty.punjab@police.test",
      "duty.sindh@police.test",
      "punjab.agent@police.test",
      "sindh.agent@police.test",
    ]);
    expect(await db.alertOutbox.count({ where: { tipId: punjab.id, toAddress: null } })).toBe(2);
    expectNoTipContent(mail!.received);
  });
});

describe("escalations", () => {
  test("an overdue tip alerts its agency's supervisors once, and the coordinators once it is long overdue", async () => {
    const db = await getDb();
    // A tip whose alerts are already handled: only the escalations are looked at here.
    const tip = await submitTip({ immediateDanger: false, victimAgeGroup: "child" });
    const high = await db.tip.findUniqueOrThrow({ where: { id: tip.id }, select: { priority: true } });
    expect(high.priority).toBe("high"); // acknowledge within 24 hours by default
    const at = (hours: number) => new Date(tip.createdAt.getTime() + hours * hour);
    const forTip = () => mail!.received.filter(about(tip.reference));

    await sendAt(at(23), true);
    expect(forTip()).toEqual([]);

    await sendAt(at(25), true);
    await sendAt(at(25.1), true);
    expect(recipientsOf(forTip())).toEqual(["sindh.supervisor@police.test"]);
    // In the supervisor's chosen language (Urdu).
    expect(forTip()[0]!.subject).toContain("مقررہ وقت گزر گیا");

    // Past twice the time allowed (24 h) beyond the deadline: the coordinator too, and the supervisor not again.
    await sendAt(at(73), true);
    await sendAt(at(74), true);
    expect(recipientsOf(forTip())).toEqual(["coordinator@police.test", "sindh.supervisor@police.test"]);
    expect(forTip().every((message) => !message.to.includes("punjab.supervisor@police.test"))).toBe(true);
    expectNoTipContent(forTip());
  });

  test("a tip acknowledged in time is not escalated until the next deadline passes", async () => {
    const tip = await submitTip({ immediateDanger: false, victimAgeGroup: "adult" });
    const db = await getDb();
    await db.tip.update({
      where: { id: tip.id },
      data: { status: "acknowledged", acknowledgedAt: new Date(tip.createdAt.getTime() + hour) },
    });
    const at = (days: number) => new Date(tip.createdAt.getTime() + days * 24 * hour);
    await sendAt(at(13), true);
    expect(mail!.received.filter(about(tip.reference))).toEqual([]);
    await sendAt(at(15), true);
    expect(recipientsOf(mail!.received.filter(about(tip.reference)))).toEqual(["sindh.supervisor@police.test"]);
  });
});

describe("a mail server that is down", () => {
  test("leaves intake working, and the alert goes out once the server is back", async () => {
    await mail!.close();
    mail = null;
    const tip = await submitTip({ immediateDanger: true });
    const db = await getDb();
    const now = new Date();
    const first = await sendAt(now);
    expect(first.failed).toBeGreaterThan(0);
    const waiting = await db.alertOutbox.findMany({ where: { tipId: tip.id, toAddress: { not: null } } });
    expect(waiting.length).toBe(2);
    const failed = waiting.find((row) => row.attempts === 1)!;
    expect(failed.sentAt).toBeNull();
    expect(failed.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());

    // Another tip meanwhile is stored as usual.
    await submitTip({ immediateDanger: true });

    mail = await startMailServer(smtpPort);
    // The delivery that failed is not tried again before its retry is due...
    await sendAt(new Date(now.getTime() + 1_000));
    expect((await db.alertOutbox.findUniqueOrThrow({ where: { id: failed.id } })).sentAt).toBeNull();
    // ...then it is delivered, and so is everything else for the tip.
    await sendAt(new Date(now.getTime() + 10 * 60_000));
    expect((await db.alertOutbox.findUniqueOrThrow({ where: { id: failed.id } })).attempts).toBe(2);
    expect(recipientsOf(mail.received.filter(about(tip.reference)))).toEqual([
      "duty.sindh@police.test",
      "sindh.agent@police.test",
    ]);
  });
});

test("sent deliveries and ones given up after the last attempt are forgotten a week later, waiting ones are not", async () => {
  const tip = await submitTip({ immediateDanger: true });
  const db = await getDb();
  const now = new Date();
  await sendAt(now);
  const [givenUpLongAgo, sentLongAgo] = await db.alertOutbox.findMany({
    where: { tipId: tip.id, toAddress: { not: null } },
  });
  const weekAndADayAgo = new Date(now.getTime() - 8 * 24 * hour);
  await db.alertOutbox.update({
    where: { id: givenUpLongAgo!.id },
    data: { sentAt: null, attempts: maxAttempts, nextAttemptAt: weekAndADayAgo, lastError: "550" },
  });
  await db.alertOutbox.update({ where: { id: sentLongAgo!.id }, data: { sentAt: weekAndADayAgo } });
  const givenUpRecently = await db.alertOutbox.create({
    data: { ...givenUpLongAgo!, id: crypto.randomUUID(), sentAt: null, attempts: maxAttempts, nextAttemptAt: now },
  });
  const stillTrying = await db.alertOutbox.create({
    data: {
      ...givenUpLongAgo!,
      id: crypto.randomUUID(),
      sentAt: null,
      attempts: maxAttempts - 1,
      nextAttemptAt: new Date(now.getTime() + 24 * hour),
    },
  });
  await sendAt(now, true);
  const left = await db.alertOutbox.findMany({ where: { tipId: tip.id, toAddress: { not: null } } });
  expect(left.map((row) => row.id).sort()).toEqual([givenUpRecently.id, stillTrying.id].sort());
  await db.alertOutbox.deleteMany({ where: { id: { in: [givenUpRecently.id, stillTrying.id] } } });
});

test("while another instance holds the sender's lease, this one sends nothing", async () => {
  const tip = await submitTip({ immediateDanger: true });
  const db = await getDb();
  const now = new Date();
  expect(await acquireJobLease(db, alertLeaseName, "another-instance", now, 60_000)).toBe(true);
  try {
    expect(await sendAt(now)).toMatchObject({ ran: false, sent: 0 });
    expect(mail!.received.filter(about(tip.reference))).toEqual([]);
  } finally {
    await releaseJobLease(db, alertLeaseName, "another-instance");
  }
  expect(await sendAt(now)).toMatchObject({ ran: true, sent: 2 });
  expect(mail!.received.filter(about(tip.reference)).length).toBe(2);
});

describe("staff choices", () => {
  test("an assignment alerts the assignee who chose it, and nobody who did not", async () => {
    const tip = await submitTip({ immediateDanger: false });
    const supervisor = { ...staff.sindhSupervisor!, email: staff.sindhSupervisor!.email };
    const facts = { agencyCode: tip.agencyCode, unitCode: tip.unitCode, status: "new" };
    expect(await assignCase(supervisor, tip.id, facts, staff.sindhQuiet!.id)).toBe(true);
    await sendAt(new Date());
    expect(mail!.received.filter(about(tip.reference))).toEqual([]);
    expect(await assignCase(supervisor, tip.id, facts, staff.sindhAgent!.id)).toBe(true);
    await sendAt(new Date());
    const messages = mail!.received.filter(about(tip.reference));
    expect(recipientsOf(messages)).toEqual(["sindh.agent@police.test"]);
    expect(messages[0]!.subject).toBe(`Tip ${tip.reference} assigned to you`);
  });

  test("a reporter's message alerts the assignee after its coarse time step, without the message", async () => {
    const tip = await submitTip({ immediateDanger: false });
    const supervisor = { ...staff.sindhSupervisor!, email: staff.sindhSupervisor!.email };
    await assignCase(
      supervisor,
      tip.id,
      { agencyCode: tip.agencyCode, unitCode: tip.unitCode, status: "new" },
      staff.sindhAgent!.id,
    );
    await sendAt(new Date());
    const afterAssignment = mail!.received.length;
    await addReporterMessage(tip.id, `They moved the families last night ${canaries[0]}`);
    // Held back until the reply's time step (60 minutes by default) has passed.
    await sendAt(new Date());
    expect(mail!.received.length).toBe(afterAssignment);
    await sendAt(new Date(Date.now() + 61 * 60_000));
    const messages = mail!.received.slice(afterAssignment).filter(about(tip.reference));
    expect(recipientsOf(messages)).toEqual(["sindh.agent@police.test"]);
    expect(messages[0]!.subject).toContain("New message from the reporter");
    expectNoTipContent(messages);
  });

  test("My account saves the choices with an audit row, and refuses a language it does not offer", async () => {
    const member = staff.sindhQuiet!;
    const cookie = (await startSession(member.id, "full", new Request(origin))).split(";")[0]!;
    const post = (form: Record<string, string>) =>
      accountAction({
        request: new Request(`${origin}/staff/account`, {
          method: "POST",
          headers: { Cookie: cookie },
          body: new URLSearchParams(form),
        }),
        params: {},
        context: {},
      } as never);
    const saved = (await post({
      intent: "alerts",
      alertUrgent: "on",
      alertMessages: "on",
      alertLanguage: "ur",
    })) as Response;
    expect(saved.status).toBe(302);
    expect(await getAlertPreferences(member.id)).toEqual({
      alertUrgent: true,
      alertAssigned: false,
      alertMessages: true,
      alertLanguage: "ur",
    });
    const audited = await (
      await getDb()
    ).auditEntry.findFirst({
      where: { action: "alert_preferences_changed", staffUserId: member.id },
      orderBy: { at: "desc" },
    });
    expect(JSON.parse(audited!.details)).toMatchObject({ alertUrgent: true, alertAssigned: false });
    const refused = (await post({ intent: "alerts", alertLanguage: "fr" })) as {
      init: { status: number };
      data: { fieldErrors: Record<string, string> };
    };
    expect(refused.init.status).toBe(400);
    expect(refused.data.fieldErrors.alertLanguage).toBe("account.alerts.errors.language");
    expect((await getAlertPreferences(member.id)).alertUrgent).toBe(true);
    const page = (await accountLoader({
      request: new Request(`${origin}/staff/account`, { headers: { Cookie: cookie } }),
      params: {},
      context: {},
    } as never)) as { alerts: unknown; alertsOn: boolean };
    expect(page.alertsOn).toBe(true);
    // Back to no alerts, so the other tests' counts stay as they are.
    await post({ intent: "alerts", alertLanguage: "en" });
    expect(await getAlertPreferences(member.id)).toEqual({
      alertUrgent: false,
      alertAssigned: false,
      alertMessages: false,
      alertLanguage: "en",
    });
  });
});

describe("duty addresses on the directory page", () => {
  test("an admin sets and clears an address, audited; a wrong address is refused with a message", async () => {
    const db = await getDb();
    const admin = await createStaffUser(db, {
      email: "admin@police.test",
      name: "Admin",
      password: "not-used-here-1234",
      role: "admin",
      agencyCode: null,
    });
    const cookie = (await startSession(admin.id, "full", new Request(origin))).split(";")[0]!;
    const post = (form: Record<string, string>) =>
      directoryAction({
        request: new Request(`${origin}/staff/directory`, {
          method: "POST",
          headers: { Cookie: cookie },
          body: new URLSearchParams(form),
        }),
        params: {},
        context: {},
      } as never);
    const set = (await post({
      intent: "alert-email-agency",
      code: "police-kp",
      alertEmail: " Duty.KP@Police.test ",
    })) as Response;
    expect(set.status).toBe(302);
    expect((await db.agency.findUniqueOrThrow({ where: { code: "police-kp" } })).alertEmail).toBe(
      "duty.kp@police.test",
    );
    const refused = (await post({
      intent: "alert-email-unit",
      code: "fia-ahtc-lahore",
      alertEmail: "not an address",
    })) as { init: { status: number }; data: { fieldErrors: Record<string, string> } };
    expect(refused.init.status).toBe(400);
    expect(refused.data.fieldErrors.alertEmail).toBe("directory.errors.alertEmail");
    expect(((await post({ intent: "alert-email-agency", code: "police-kp", alertEmail: "" })) as Response).status).toBe(
      302,
    );
    expect((await db.agency.findUniqueOrThrow({ where: { code: "police-kp" } })).alertEmail).toBeNull();
    const entries = await db.auditEntry.findMany({
      where: { action: "alert_email_set", staffUserId: admin.id },
      orderBy: { at: "asc" },
    });
    expect(entries.map((entry) => JSON.parse(entry.details))).toEqual([
      { agency: "police-kp", set: true },
      { agency: "police-kp", set: false },
    ]);
    await expect(post({ intent: "alert-email-agency", code: "nowhere", alertEmail: "a@b.test" })).rejects.toMatchObject(
      { status: 404 },
    );
  });
});

test("tips committed in one group get alert events for exactly their urgent ones, with their own references", async () => {
  const urgent = [true, false, false, true, false, false, false, true, false, false];
  // Sent together: the intake writer commits them in groups (docs/decisions/022).
  const tips = await Promise.all(urgent.map((immediateDanger) => submitTip({ immediateDanger })));
  const events = await (
    await getDb()
  ).alertOutbox.findMany({
    where: { tipId: { in: tips.map((tip) => tip.id) } },
    select: { tipId: true, caseReference: true, kind: true, agencyCode: true, toAddress: true },
  });
  expect(events.map((event) => event.tipId).sort()).toEqual(
    tips
      .filter((_, index) => urgent[index])
      .map((tip) => tip.id)
      .sort(),
  );
  for (const event of events) {
    const tip = tips.find((candidate) => candidate.id === event.tipId)!;
    expect(event).toEqual({
      tipId: tip.id,
      caseReference: tip.reference,
      kind: "urgent_tip",
      agencyCode: "police-sindh",
      toAddress: null,
    });
  }
});

test(`the suite ran on ${testEngine}`, () => {
  expect(["sqlite", "postgresql"]).toContain(testEngine);
});
