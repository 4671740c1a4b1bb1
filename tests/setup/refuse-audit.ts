// Makes the database itself refuse every new audit row, on SQLite and on PostgreSQL, so a test can show that
// a change is rolled back when the audit row that records it cannot be written (issue 12: one transaction).
import { getDb } from "~/server/db.server";
import { testEngine } from "./database";

/** Until the returned function is called, every INSERT into AuditEntry fails inside the database. */
export async function refuseAuditWrites(): Promise<() => Promise<void>> {
  const db = await getDb();
  if (testEngine === "postgresql") {
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION aagahi_test_refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit refused by test'; END $$ LANGUAGE plpgsql`,
    );
    await db.$executeRawUnsafe(
      `CREATE TRIGGER aagahi_test_refuse_audit BEFORE INSERT ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION aagahi_test_refuse_audit()`,
    );
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS aagahi_test_refuse_audit ON "AuditEntry"`);
    };
  }
  await db.$executeRawUnsafe(
    `CREATE TRIGGER aagahi_test_refuse_audit BEFORE INSERT ON "AuditEntry" BEGIN SELECT RAISE(ABORT, 'audit refused by test'); END`,
  );
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS aagahi_test_refuse_audit`);
  };
}

/** Runs `action` while audit rows are refused, expects it to fail, and always lifts the refusal. */
export async function withAuditRefused(action: () => Promise<unknown>): Promise<unknown> {
  const allow = await refuseAuditWrites();
  try {
    return await action().then(
      () => {
        throw new Error("the action succeeded although its audit row could not be written");
      },
      (error: unknown) => error,
    );
  } finally {
    await allow();
  }
}
