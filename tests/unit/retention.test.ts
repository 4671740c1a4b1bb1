// Data retention (docs/decisions/017, threat model "R"): a closed tip's content is deleted on schedule, leaves
// no trace in the database's files, and still counts in the statistics; what is not due is untouched; one run
// at a time; a receipt stops working after the idle period.
import { sqliteOnly, testDatabaseFile, testEngine } from "../setup/database";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { defaultRetentionPolicy, retentionPolicyFrom } from "~/domain/retention";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { tipStatistics } from "~/models/statistics.server";
import { addStaffNote, changeTipStatus, getTipScopeFacts, listQueue } from "~/models/staff-tips.server";
import {
  acquireJobLease,
  openTipForReporter,
  postponeDeletion,
  releaseJobLease,
  reporterAccessEndsAtFor,
  retentionLeaseName,
  runRetention,
} from "~/models/retention.server";
import { reencryptAll } from "~/models/reencrypt.server";
import { addTipMessage, createTip, findTipIdByReceipt, readTipContent } from "~/models/tip.server";
import { action as followUpAction } from "~/routes/$lang.follow-up";
import { loader as followUpCaseLoader } from "~/routes/$lang.follow-up_.case/route";
import { action as caseAction, loader as caseLoader } from "~/routes/staff.tips.$tipId/route";
import { getDb } from "~/server/db.server";
import { startSession } from "~/server/staff-session.server";
import { seedDemoStaff, seedDirectory } from "../../prisma/seed";
import { backupDatabase, backupPostgresDatabase } from "../../scripts/backup";
import { decryptEveryTip, restorePostgresDatabase } from "../../scripts/restore";

const day = 24 * 60 * 60 * 1000;
const now = new Date("2027-06-01T10:17:23.456Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * day);
const policy = defaultRetentionPolicy;

interface Made {
  id: string;
  receipt: string;
  canary: string;
}

let staffUserId = "";

/** A tip with a distinctive canary in every field with content, a linked phone number, a message and a note. */
async function makeTip(name: string, createdDaysAgo: number): Promise<Made> {
  const db = await getDb();
  const canary = `CANARY-${name}-${Math.random().toString(36).slice(2, 8)}`;
  const tip = tipSchema.parse({
    category: "bonded_labour",
    province: "sindh",
    district: "karachi-south",
    crossesBorder: "no",
    description: `${canary}-DESC families held at a kiln, agent phone 0300-${String(1000000 + createdDaysAgo).slice(0, 7)}`,
    suspects: `${canary}-SUSPECTS Malik of the kiln`,
    contactConsent: true,
    contact: `${canary}-CONTACT call after Isha`,
  });
  const created = await createTip(db, tip, routeTip(tip, routingTable), "web", daysAgo(createdDaysAgo));
  await addTipMessage(
    db,
    created.id,
    "reporter",
    `${canary}-MESSAGE they moved the families`,
    daysAgo(createdDaysAgo - 1),
  );
  await addStaffNote(
    db,
    created.id,
    staffUserId,
    `${canary}-NOTE checked with the district`,
    daysAgo(createdDaysAgo - 1),
  );
  return { id: created.id, receipt: created.receipt, canary };
}

async function closeTip(tip: Made, outcome: string, closedDaysAgo: number) {
  const result = await changeTipStatus(await getDb(), tip.id, "closed", outcome, daysAgo(closedDaysAgo));
  expect(result.ok).toBe(true);
}

function rawDatabaseBytes(): Buffer {
  return Buffer.concat(
    [testDatabaseFile, `${testDatabaseFile}-wal`]
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.readFileSync(file)),
  );
}

/** Every stored value that carries the tip's content or links it to a reporter: ciphertexts, hashes. */
async function storedSecretsOf(tipId: string): Promise<string[]> {
  const db = await getDb();
  const tip = await db.tip.findUniqueOrThrow({
    where: { id: tipId },
    select: { receiptHash: true, descriptionCipher: true, suspectsCipher: true, contactCipher: true },
  });
  const messages = await db.tipMessage.findMany({ where: { tipId }, select: { bodyCipher: true } });
  const notes = await db.tipNote.findMany({ where: { tipId }, select: { bodyCipher: true } });
  const identifiers = await db.tipIdentifier.findMany({ where: { tipId }, select: { keyHash: true } });
  return [
    tip.receiptHash,
    tip.descriptionCipher,
    tip.suspectsCipher!,
    tip.contactCipher!,
    ...messages.map((message) => message.bodyCipher),
    ...notes.map((note) => note.bodyCipher),
    ...identifiers.map((identifier) => identifier.keyHash),
  ];
}

const tips: Record<"due" | "notYet" | "open" | "postponed", Made> = {} as never;
let dueSecrets: string[] = [];
let statsBefore: Awaited<ReturnType<typeof tipStatistics>>;
let sindhStatsBefore: Awaited<ReturnType<typeof tipStatistics>>;
const sindhScope = { kind: "agency", agencyCode: "police-sindh", unitCode: null } as const;

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  await seedDemoStaff(db);
  staffUserId = (await db.staffUser.findUniqueOrThrow({ where: { email: "sindh.agent@aagahi.demo" } })).id;
  tips.due = await makeTip("due", 120);
  await closeTip(tips.due, "duplicate", 91);
  tips.notYet = await makeTip("notyet", 100);
  await closeTip(tips.notYet, "duplicate", 89);
  tips.open = await makeTip("open", 400);
  tips.postponed = await makeTip("postponed", 200);
  await closeTip(tips.postponed, "not_trafficking", 150);
  // Due 60 days ago by the policy; postponed (a day before that) by 90 days from the due date: until 30 days ahead.
  expect(
    await postponeDeletion(db, tips.postponed.id, {
      days: 90,
      reason: "court date set",
      staffUserId,
      now: daysAgo(61),
      policy,
    }),
  ).toEqual(new Date(now.getTime() + 30 * day));
  // An alert still waiting and an escalation already alerted: they must go with the tip.
  await db.alertOutbox.create({
    data: {
      id: "alert-for-due",
      kind: "overdue_supervisor",
      tipId: tips.due.id,
      caseReference: "AG-2026-999999",
      agencyCode: "police-sindh",
      nextAttemptAt: now,
      createdAt: now,
    },
  });
  await db.tipEscalationAlert.create({ data: { tipId: tips.due.id, stage: "act", level: "supervisor", at: now } });
  // A staff session past its expiry and one still valid at the run's time.
  for (const [id, expiresAt] of [
    ["session-expired", new Date(now.getTime() - day)],
    ["session-live", new Date(now.getTime() + day)],
  ] as const) {
    await db.staffSession.create({
      data: { id, userId: staffUserId, stage: "full", createdAt: daysAgo(2), lastSeenAt: daysAgo(2), expiresAt },
    });
  }
  dueSecrets = await storedSecretsOf(tips.due.id);
  expect(dueSecrets.length).toBeGreaterThanOrEqual(7);
  statsBefore = await tipStatistics(db, { kind: "all" }, now);
  sindhStatsBefore = await tipStatistics(db, sindhScope, now);
});

describe("a deletion run", () => {
  let report: Awaited<ReturnType<typeof runRetention>>;
  beforeAll(async () => {
    // The secrets are in the file before the run, so their absence afterwards means something.
    if (!sqliteOnly("searches the SQLite file's bytes")) {
      const before = rawDatabaseBytes();
      for (const secret of dueSecrets)
        expect(before.includes(Buffer.from(secret)), "present before the run").toBe(true);
    }
    report = await runRetention({ now, policy });
  });

  test("a tip closed as duplicate 91 days ago is gone: no content, no messages, notes, history or identifiers, no receipt", async () => {
    const db = await getDb();
    expect(report).toMatchObject({ ran: true, tipsDeleted: 1, checkpointed: true });
    expect(await getTipScopeFacts(db, tips.due.id)).toBeNull();
    expect(await findTipIdByReceipt(db, tips.due.receipt)).toBeNull();
    expect(await db.tip.findUnique({ where: { id: tips.due.id } })).toBeNull();
    // What stays, for statistics: no text, no place finer than the province, dates to the day.
    const row = await db.deletedTip.findUniqueOrThrow({ where: { id: tips.due.id } });
    expect(Object.keys(row).sort()).toEqual(
      [
        "id",
        "reference",
        "category",
        "crossesBorder",
        "province",
        "victimAgeGroup",
        "immediateDanger",
        "language",
        "channel",
        "jurisdiction",
        "agencyCode",
        "unitCode",
        "urgent",
        "priority",
        "status",
        "closeOutcome",
        "createdAt",
        "acknowledgedAt",
        "closedAt",
        "deletedAt",
      ].sort(),
    );
    expect(row).toMatchObject({
      category: "bonded_labour",
      province: "sindh",
      agencyCode: "police-sindh",
      status: "closed",
      closeOutcome: "duplicate",
    });
    for (const at of [row.createdAt, row.closedAt!, row.deletedAt]) expect(at.getTime() % day).toBe(0);
    expect(await db.tipMessage.count({ where: { tipId: tips.due.id } })).toBe(0);
    expect(await db.tipNote.count({ where: { tipId: tips.due.id } })).toBe(0);
    expect(await db.tipEvent.count({ where: { tipId: tips.due.id } })).toBe(0);
    expect(await db.tipIdentifier.count({ where: { tipId: tips.due.id } })).toBe(0);
    expect(await db.alertOutbox.count({ where: { tipId: tips.due.id } })).toBe(0);
    expect(await db.tipEscalationAlert.count({ where: { tipId: tips.due.id } })).toBe(0);
    const queue = await listQueue(db, { kind: "all" }, {}, staffUserId, now);
    expect(queue.tips.map((tip) => tip.id)).not.toContain(tips.due.id);
  });

  test.skipIf(sqliteOnly("searches the SQLite file's bytes"))(
    "its canary text, ciphertexts and hashes are not in the raw database file or its WAL",
    () => {
      const raw = rawDatabaseBytes();
      for (const suffix of ["DESC", "SUSPECTS", "CONTACT", "MESSAGE", "NOTE"]) {
        expect(raw.includes(Buffer.from(`${tips.due.canary}-${suffix}`)), suffix).toBe(false);
      }
      for (const secret of dueSecrets) expect(raw.includes(Buffer.from(secret)), secret.slice(0, 20)).toBe(false);
    },
  );

  test("a backup taken after the run holds none of it, and still restores", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-retention-backups-"));
    if (testEngine === "postgresql") {
      const backup = await backupPostgresDatabase({ dir, now, retentionDays: 30 });
      const raw = fs.readFileSync(backup.file);
      for (const secret of dueSecrets) expect(raw.includes(Buffer.from(secret))).toBe(false);
      const target = new URL(process.env.DATABASE_URL!);
      target.pathname = `${target.pathname}_restored`;
      expect((await restorePostgresDatabase({ backupFile: backup.file, url: target.toString() })).tips).toBe(
        backup.tips,
      );
      return;
    }
    const backup = backupDatabase({ source: testDatabaseFile, dir, now, retentionDays: 30 });
    const raw = fs.readFileSync(backup.file);
    for (const secret of dueSecrets) expect(raw.includes(Buffer.from(secret))).toBe(false);
    expect((await decryptEveryTip(`file:${backup.file}`)).tips).toBe(backup.tips);
  });

  test("key rotation still runs after a deletion", async () => {
    const report = await reencryptAll(await getDb());
    expect(report.tipsChecked).toBe(await (await getDb()).tip.count());
  });

  test("the statistics still count it", async () => {
    const after = await tipStatistics(await getDb(), { kind: "all" }, now);
    expect(after.total).toBe(statsBefore.total);
    expect(after.byCategory).toEqual(statsBefore.byCategory);
    expect(after.byProvince).toEqual(statsBefore.byProvince);
    expect(after.byAgency).toEqual(statsBefore.byAgency);
    expect(after.byStatus).toEqual(statsBefore.byStatus);
    // Also within an agency's own scope.
    const sindh = await tipStatistics(await getDb(), sindhScope, now);
    expect(sindh.total).toBe(sindhStatsBefore.total);
    expect(sindh.byCategory).toEqual(sindhStatsBefore.byCategory);
  });

  test("a tip closed 89 days ago, an open tip and a postponed tip are untouched", async () => {
    const db = await getDb();
    for (const tip of [tips.notYet, tips.open, tips.postponed]) {
      expect(await getTipScopeFacts(db, tip.id)).not.toBeNull();
      expect((await readTipContent(db, tip.id))?.description).toContain(`${tip.canary}-DESC`);
      expect(await db.tipMessage.count({ where: { tipId: tip.id } })).toBe(1);
      expect(await db.tipIdentifier.count({ where: { tipId: tip.id } })).toBe(1);
    }
  });

  test("expired staff sessions are removed; a session still valid stays", async () => {
    const db = await getDb();
    expect(report.staffSessionsRemoved).toBeGreaterThanOrEqual(1);
    expect(await db.staffSession.findUnique({ where: { id: "session-expired" } })).toBeNull();
    expect(await db.staffSession.findUnique({ where: { id: "session-live" } })).not.toBeNull();
  });

  test("the run is audited with counts only: one entry, written with its batch (a run this small is one batch)", async () => {
    const entries = await (await getDb()).auditEntry.findMany({ where: { action: "retention_run", at: now } });
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.details)).toEqual({
      tipsDeleted: 1,
      reporterAccessEnded: report.reporterAccessEnded,
    });
    expect(entries[0]!.tipId).toBeNull();
  });

  test("the queue marks a tip due within 72 hours, and its filter lists only those", async () => {
    const db = await getDb();
    // Two days later, the tip closed 89 days ago is one day from deletion.
    const later = new Date(now.getTime() + 2 * day);
    const queue = await listQueue(db, { kind: "all" }, { deletionDue: true }, staffUserId, later);
    expect(queue.tips.map((tip) => [tip.id, tip.deletionDueSoon])).toEqual([[tips.notYet.id, true]]);
    const all = await listQueue(db, { kind: "all" }, {}, staffUserId, now);
    expect(all.tips.find((tip) => tip.id === tips.open.id)?.deletionDueSoon).toBe(false);
  });

  test("a postponed tip is deleted once its postponement has passed", async () => {
    const db = await getDb();
    expect((await runRetention({ now: new Date(now.getTime() + 29 * day), policy })).ran).toBe(true);
    expect(await getTipScopeFacts(db, tips.postponed.id)).not.toBeNull();
    await runRetention({ now: new Date(now.getTime() + 30 * day), policy });
    expect(await getTipScopeFacts(db, tips.postponed.id)).toBeNull();
  });
});

describe("one run at a time", () => {
  test("two runs started together: one works, the other skips", async () => {
    const [first, second] = await Promise.all([runRetention({ now, policy }), runRetention({ now, policy })]);
    expect([first.ran, second.ran].sort()).toEqual([false, true]);
  });

  test("a held lease refuses a second holder until it is released or expires", async () => {
    const db = await getDb();
    expect(await acquireJobLease(db, retentionLeaseName, "run-a", now, 60_000)).toBe(true);
    expect(await acquireJobLease(db, retentionLeaseName, "run-b", now, 60_000)).toBe(false);
    expect((await runRetention({ now, policy })).ran).toBe(false);
    // A crashed holder's lease expires by itself.
    expect(await acquireJobLease(db, retentionLeaseName, "run-b", new Date(now.getTime() + 60_000), 60_000)).toBe(true);
    await releaseJobLease(db, retentionLeaseName, "run-a"); // not the holder any more: changes nothing
    expect(await acquireJobLease(db, retentionLeaseName, "run-c", new Date(now.getTime() + 60_001), 60_000)).toBe(
      false,
    );
    await releaseJobLease(db, retentionLeaseName, "run-b");
    expect((await runRetention({ now, policy })).ran).toBe(true);
  });
});

describe("reporter access", () => {
  const idle = retentionPolicyFrom(undefined, 90);

  test("a visit is stored rounded to the reporter-time step (REPORTER_TIME_STEP_MINUTES, 60 here), and moves the end of access", async () => {
    const db = await getDb();
    const tip = await makeTip("visit", 50);
    const visit = new Date(daysAgo(10).getTime() + 23 * 60_000 + 7_000);
    expect(await openTipForReporter(db, tip.receipt, { now: visit, policy: idle })).toBe(tip.id);
    const row = await db.tip.findUniqueOrThrow({
      where: { id: tip.id },
      select: { reporterSeenAt: true, updatedAt: true },
    });
    expect(row.reporterSeenAt!.getTime() % (60 * 60_000)).toBe(0);
    // Nor does the row's updatedAt keep the exact time of the visit.
    expect(row.updatedAt).toEqual(row.reporterSeenAt);
    expect(row.reporterSeenAt!.getTime()).toBeLessThanOrEqual(visit.getTime());
    expect(await reporterAccessEndsAtFor(db, tip.id, idle)).toEqual(new Date(row.reporterSeenAt!.getTime() + 90 * day));
  });

  test("access ends after the configured idle time without a visit", async () => {
    const db = await getDb();
    const tip = await makeTip("idle", 120);
    expect(await openTipForReporter(db, tip.receipt, { now: daysAgo(100), policy: idle })).toBe(tip.id);
    expect(await openTipForReporter(db, tip.receipt, { now: daysAgo(11), policy: idle })).toBe(tip.id);
    // 89 days after that visit it still works; at 90 it has ended, and stays ended.
    expect(
      await openTipForReporter(db, tip.receipt, { now: new Date(daysAgo(11).getTime() + 89 * day), policy: idle }),
    ).toBe(tip.id);
    const lastVisit = (await db.tip.findUniqueOrThrow({ where: { id: tip.id }, select: { reporterSeenAt: true } }))
      .reporterSeenAt!;
    expect(
      await openTipForReporter(db, tip.receipt, { now: new Date(lastVisit.getTime() + 90 * day), policy: idle }),
    ).toBeNull();
    expect(await openTipForReporter(db, tip.receipt, { now: lastVisit, policy: idle })).toBeNull();
    // The tip itself is still there for staff: only the reporter's way in has ended.
    expect(await getTipScopeFacts(db, tip.id)).not.toBeNull();
  });

  test("the run ends receipts that nobody used for the idle time, and the follow-up form then says not found", async () => {
    const db = await getDb();
    const quiet = await makeTip("quiet", 95);
    const recent = await makeTip("recent", 5);
    const result = await runRetention({ now, policy: idle });
    expect(result.reporterAccessEnded).toBeGreaterThanOrEqual(1);
    expect(await findTipIdByReceipt(db, quiet.receipt)).toBeNull();
    expect(await findTipIdByReceipt(db, recent.receipt)).toBe(recent.id);
    const response = await followUpAction({
      request: new Request("http://aagahi.test/en/follow-up", {
        method: "POST",
        body: new URLSearchParams({ receipt: quiet.receipt }),
      }),
      params: { lang: "en" },
      context: { clientKey: "retention-test" },
    } as never);
    expect((response as { init?: { status?: number } }).init?.status).toBe(400);
  });
});

test("the follow-up page tells the reporter, in their language, the date their receipt stops working", async () => {
  const db = await getDb();
  const tip = tipSchema.parse({ category: "other", description: "A tip sent today, for the follow-up notice." });
  const { id, receipt } = await createTip(db, tip, routeTip(tip, routingTable), "web");
  for (const [lang, locale] of [
    ["en", "en-PK"],
    ["ur", "ur-PK"],
  ] as const) {
    const opened = (await followUpAction({
      request: new Request(`http://aagahi.test/${lang}/follow-up`, {
        method: "POST",
        body: new URLSearchParams({ receipt }),
      }),
      params: { lang },
      context: { clientKey: `retention-notice-${lang}` },
    } as never)) as Response;
    expect(opened.status).toBe(302);
    const page = await followUpCaseLoader({
      request: new Request(`http://aagahi.test${opened.headers.get("Location")}`),
      params: { lang },
      context: {},
    } as never);
    const endsAt = (await reporterAccessEndsAtFor(db, id, defaultRetentionPolicy))!;
    // The visit just now moved the date to about 90 days from today.
    expect(Math.abs(endsAt.getTime() - (Date.now() + 90 * day))).toBeLessThan(2 * 60 * 60_000);
    expect(page.view?.accessEnds).toBe(
      new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "Asia/Karachi" }).format(endsAt),
    );
  }
});

test("a coordinator postpones a deletion on the case page: audited with codes only, the reason kept as an encrypted note", async () => {
  const db = await getDb();
  const coordinator = await db.staffUser.findUniqueOrThrow({ where: { email: "coordinator@aagahi.demo" } });
  const cookie = (await startSession(coordinator.id, "full", new Request("http://aagahi.test"))).split(";")[0]!;
  const tip = tipSchema.parse({ category: "other", description: "A tip closed today, to be kept for a court case." });
  const { id } = await createTip(db, tip, routeTip(tip, routingTable), "web");
  await changeTipStatus(db, id, "closed", "duplicate");
  const url = `http://aagahi.test/staff/tips/${id}`;
  const post = (form: Record<string, string>) =>
    caseAction({
      request: new Request(url, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(form) }),
      params: { tipId: id },
      context: {},
    } as never);

  const page = await caseLoader({
    request: new Request(url, { headers: { Cookie: cookie } }),
    params: { tipId: id },
    context: {},
  } as never);
  expect(page.permissions.postponeDeletion).toBe(true);
  expect(page.deletion).toMatchObject({ soon: false, postponed: false });

  const refused = (await post({ intent: "postpone-deletion", postponeDays: "30", postponeReason: "  " })) as {
    data: { fieldErrors: Record<string, string> };
    init: { status: number };
  };
  expect(refused.init.status).toBe(400);
  expect(refused.data.fieldErrors).toEqual({ postponeReason: "case.errors.postponeReason" });

  const done = (await post({
    intent: "postpone-deletion",
    postponeDays: "180",
    postponeReason: "RETENTION-REASON court hearing in March",
  })) as Response;
  expect(done.status).toBe(302);
  const row = await db.tip.findUniqueOrThrow({ where: { id }, select: { closedAt: true, retainUntil: true } });
  expect(row.retainUntil).toEqual(new Date(row.closedAt!.getTime() + (90 + 180) * day));
  const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "tip_deletion_postponed", tipId: id } });
  expect(JSON.parse(entry.details)).toEqual({ days: 180, until: row.retainUntil!.toISOString().slice(0, 10) });
  const notes = await db.tipNote.findMany({ where: { tipId: id }, select: { bodyCipher: true } });
  expect(notes).toHaveLength(1);
  expect(notes[0]!.bodyCipher).not.toContain("RETENTION-REASON");
  const after = await caseLoader({
    request: new Request(url, { headers: { Cookie: cookie } }),
    params: { tipId: id },
    context: {},
  } as never);
  expect(after.deletion).toMatchObject({ postponed: true });
  expect(after.tip.notes[0]?.body).toContain("RETENTION-REASON court hearing in March");
});

describe("npm run retention:run", () => {
  const root = path.resolve(__dirname, "../..");
  /** A demo on PostgreSQL takes its keys from the environment (docs/decisions/021): the ones this suite generated. */
  const keysFromTheDemoFile = (): Record<string, string> => {
    if (testEngine !== "postgresql") return {};
    const file = JSON.parse(fs.readFileSync(process.env.SECRETS_FILE!, "utf8")) as {
      encryptionKeys: { id: string; key: string }[];
      receiptKey: string;
    };
    return {
      TIP_ENCRYPTION_KEYS: file.encryptionKeys.map(({ id, key }) => `${id}:${key}`).join(","),
      RECEIPT_KEY: file.receiptKey,
    };
  };
  const runCommand = () =>
    spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/retention.ts"], {
      cwd: root,
      env: { ...process.env, AAGAHI_DEMO: "1", NODE_ENV: "production", ...keysFromTheDemoFile() },
      encoding: "utf8",
    });

  test("runs once and prints counts only, when no server uses the database", () => {
    const result = runCommand();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Retention run: deleted \d+ tips' content; ended \d+ idle receipts; /);
  });

  test.skipIf(sqliteOnly("the server mark is for SQLite files: one writing process per file"))(
    "leaves the work to a server that uses the same SQLite file (one writing process), and writes nothing",
    async () => {
      const db = await getDb();
      const runsBefore = await db.auditEntry.count({ where: { action: "retention_run" } });
      const server = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
      const marker = `${testDatabaseFile}.server-pid`;
      try {
        fs.writeFileSync(marker, String(server.pid));
        const result = runCommand();
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout).toContain(
          `Retention run skipped: the server (process ${server.pid}) uses this SQLite database`,
        );
        expect(await db.auditEntry.count({ where: { action: "retention_run" } })).toBe(runsBefore);
      } finally {
        fs.rmSync(marker, { force: true });
        server.kill();
      }
    },
  );
});
