// Issue 12: a change and its audit row are written in one transaction, on SQLite and on PostgreSQL.
import "../setup/database";
import { expect, test } from "vitest";
import { changeWithAudit } from "~/models/audit.server";
import { createStaffUser } from "~/models/staff-user.server";
import { getDb } from "~/server/db.server";

async function newMember(email: string) {
  return createStaffUser(await getDb(), {
    email,
    name: "Member",
    password: "a long enough password 1",
    role: "coordinator",
    agencyCode: null,
  });
}

test("a change and its audit row are both kept when both succeed", async () => {
  const db = await getDb();
  const member = await newMember("kept@example.test");
  await changeWithAudit(
    db,
    (tx) => tx.staffUser.update({ where: { id: member.id }, data: { disabledAt: new Date() } }),
    {
      actor: null,
      action: "staff_disabled",
      details: { staffUserId: member.id },
    },
  );
  expect((await db.staffUser.findUniqueOrThrow({ where: { id: member.id } })).disabledAt).not.toBeNull();
  expect(await db.auditEntry.count({ where: { action: "staff_disabled", details: { contains: member.id } } })).toBe(1);
});

test("a change is rolled back when its audit row cannot be written", async () => {
  const db = await getDb();
  const member = await newMember("rolled-back@example.test");
  const before = await db.auditEntry.count();
  // A BigInt cannot be serialised into the details column: the audit write throws after the change was made.
  await expect(
    changeWithAudit(db, (tx) => tx.staffUser.update({ where: { id: member.id }, data: { disabledAt: new Date() } }), {
      actor: null,
      action: "staff_disabled",
      details: { staffUserId: member.id, broken: 1n } as never,
    }),
  ).rejects.toThrow();
  expect((await db.staffUser.findUniqueOrThrow({ where: { id: member.id } })).disabledAt).toBeNull();
  expect(await db.auditEntry.count()).toBe(before);
});

test("no audit row is kept when the change it records fails", async () => {
  const db = await getDb();
  const before = await db.auditEntry.count();
  await expect(
    changeWithAudit(
      db,
      (tx) => tx.staffUser.update({ where: { id: "no-such-member" }, data: { disabledAt: new Date() } }),
      {
        actor: null,
        action: "staff_disabled",
        details: { staffUserId: "no-such-member" },
      },
    ),
  ).rejects.toThrow();
  expect(await db.auditEntry.count()).toBe(before);
});

test("the test hook that refuses audit rows makes a direct audit write fail, and lifts cleanly", async () => {
  const { refuseAuditWrites } = await import("../setup/refuse-audit");
  const { recordAuditEvent } = await import("~/models/audit.server");
  const allow = await refuseAuditWrites();
  await expect(recordAuditEvent({ actor: null, action: "sign_out" })).rejects.toThrow();
  await allow();
  await expect(recordAuditEvent({ actor: null, action: "sign_out" })).resolves.toBeUndefined();
});
