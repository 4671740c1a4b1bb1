// On SQLite every statement shares one connection: a statement sent outside a transaction must not run inside
// another request's open one (docs/decisions/022, Consequences). On PostgreSQL each transaction has its own
// connection from the pool; the same guarantees hold there, so the first two tests run on both engines.
import { sqliteOnly } from "../setup/database";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { StaffRole } from "~/domain/permissions";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { forgetDirectory, getDirectory, seedDirectory } from "~/models/directory.server";
import { findCaseFacts, transferCase } from "~/models/staff-case.server";
import { createTip } from "~/models/tip.server";
import { createDatabase, getDb, type Database } from "~/server/db.server";
import { seedDemoStaff } from "../../prisma/seed";

const loneStatementWaitMs = 300;
let db: Database;

beforeAll(async () => {
  const created = createDatabase(process.env.DATABASE_URL, { loneStatementWaitMs });
  await created.ready;
  db = created.db;
});

afterAll(async () => {
  await db.$disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const helpline = (id: string) => ({
  id,
  number: "1099",
  tel: "1099",
  nameUr: "ٹیسٹ",
  nameEn: "Test",
  descriptionUr: "ٹیسٹ",
  descriptionEn: "Test",
  sourceUr: "ٹیسٹ",
  sourceEn: "Test",
});

class RolledBack extends Error {}

/** Sends a Prisma query now (its promise is lazy: it runs only once something awaits it). */
const send = <T>(query: PromiseLike<T>): Promise<T> => new Promise((resolve, reject) => query.then(resolve, reject));

test("lone writes made while another transaction is open survive that transaction's rollback", async () => {
  await db.helpline.create({ data: helpline("turns-updated") });
  const loneWrites: Promise<unknown>[] = [];
  await expect(
    db.$transaction(async (tx) => {
      await tx.helpline.create({ data: helpline("turns-rolled-back") });
      // Another request's writes, not awaited here: the transaction stays open while they are sent.
      loneWrites.push(
        send(db.helpline.create({ data: helpline("turns-lone-create") })),
        send(db.helpline.createMany({ data: [helpline("turns-lone-create-many")] })),
        send(db.helpline.updateMany({ where: { id: "turns-updated" }, data: { position: 7 } })),
        send(db.$transaction([db.helpline.create({ data: helpline("turns-batch-of-one") })])),
        send(db.$executeRaw`UPDATE "Helpline" SET "tel" = '1098' WHERE "id" = 'turns-updated'`),
      );
      await sleep(100);
      throw new RolledBack();
    }),
  ).rejects.toBeInstanceOf(RolledBack);
  await Promise.all(loneWrites);
  const rows = await db.helpline.findMany({
    where: { id: { startsWith: "turns-" } },
    select: { id: true, position: true, tel: true },
    orderBy: { id: "asc" },
  });
  expect(rows.map(({ id }) => id)).toEqual([
    "turns-batch-of-one",
    "turns-lone-create",
    "turns-lone-create-many",
    "turns-updated",
  ]);
  expect(rows.at(-1)).toMatchObject({ position: 7, tel: "1098" });
  await db.helpline.deleteMany({ where: { id: { startsWith: "turns-" } } });
});

test("a lone read made while another transaction is open does not see that transaction's uncommitted row", async () => {
  const loneReads: Promise<unknown>[] = [];
  await expect(
    db.$transaction(async (tx) => {
      await tx.helpline.create({ data: helpline("turns-uncommitted") });
      loneReads.push(
        send(db.helpline.findUnique({ where: { id: "turns-uncommitted" } })),
        send(db.helpline.findFirst({ where: { id: "turns-uncommitted" } })),
        send(db.helpline.count({ where: { id: "turns-uncommitted" } })),
        send(db.$queryRaw`SELECT "id" FROM "Helpline" WHERE "id" = 'turns-uncommitted'`),
      );
      await sleep(100);
      throw new RolledBack();
    }),
  ).rejects.toBeInstanceOf(RolledBack);
  expect(await Promise.all(loneReads)).toEqual([null, null, 0, []]);
});

test.skipIf(sqliteOnly("only SQLite's one connection makes the outer client wait for its own transaction"))(
  "the outer client used inside a transaction fails with an error naming the mistake instead of hanging",
  async () => {
    const started = Date.now();
    await expect(
      db.$transaction(async (tx) => {
        await tx.helpline.create({ data: helpline("turns-deadlock") });
        await db.helpline.count();
      }),
    ).rejects.toThrow(/outer client .*inside a transaction/);
    expect(Date.now() - started).toBeLessThan(loneStatementWaitMs + 2_000);
    // The failed callback rolled its transaction back and gave the connection up.
    expect(await db.helpline.findUnique({ where: { id: "turns-deadlock" } })).toBeNull();
    await db.helpline.create({ data: helpline("turns-after-deadlock") });
    await db.$transaction(async (tx) => tx.helpline.delete({ where: { id: "turns-after-deadlock" } }));
  },
);

test.skipIf(sqliteOnly("only SQLite's one connection makes the outer client wait for its own transaction"))(
  "a transaction that swallows that error is ended by Prisma's timeout, which gives the connection back",
  async () => {
    let caught: unknown;
    let carryOn!: () => void;
    const gate = new Promise<void>((resolve) => (carryOn = resolve));
    const transaction = db.$transaction(
      async (tx) => {
        await tx.helpline.create({ data: helpline("turns-timed-out") });
        try {
          await db.helpline.count();
        } catch (error) {
          caught = error;
        }
        await gate;
        await tx.helpline.count();
      },
      { timeout: loneStatementWaitMs + 200 },
    );
    const outcome = transaction.then(
      () => "committed",
      (error: unknown) => error,
    );
    while (!caught) await sleep(20);
    expect(String(caught)).toMatch(/outer client/);
    // Past Prisma's timeout: the transaction is rolled back and the connection free again.
    await sleep(400);
    expect(await db.helpline.findUnique({ where: { id: "turns-timed-out" } })).toBeNull();
    await db.helpline.create({ data: helpline("turns-after-timeout") });
    carryOn();
    expect(await outcome).toBeInstanceOf(Error);
    expect(await db.helpline.count({ where: { id: "turns-after-timeout" } })).toBe(1);
  },
);

// The one place a transaction's callback reached the outer client (a first load of the directory inside
// transferTip); with the directory not loaded it would wait for its own transaction's turn.
test("a transfer made while the directory is not loaded does not wait for its own transaction", async () => {
  const app = await getDb();
  await seedDirectory(app);
  await seedDemoStaff(app);
  const member = await app.staffUser.findUniqueOrThrow({
    where: { email: "punjab.supervisor@aagahi.demo" },
    select: { id: true, email: true, role: true, agencyCode: true, unitCode: true },
  });
  const tip = tipSchema.parse({
    category: "other",
    description: "A tip to transfer with the directory forgotten.",
    crossesBorder: "no",
    province: "punjab",
  });
  const { id } = await createTip(app, tip, routeTip(tip, (await getDirectory()).routingTable), "web");
  const facts = (await findCaseFacts(id))!;
  forgetDirectory();
  const started = Date.now();
  expect(
    await transferCase({ ...member, role: member.role as StaffRole }, id, facts, "fia", "Crosses the border."),
  ).toEqual({ from: "police-punjab", to: "fia" });
  expect(Date.now() - started).toBeLessThan(5_000);
});
