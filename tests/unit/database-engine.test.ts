// Issue 12 (docs/decisions/018): DATABASE_URL chooses the engine. This suite runs in both test runs: against
// SQLite (vitest.config.ts) and against PostgreSQL (vitest.postgres.config.ts), with the same expectations
// wherever the behaviour must be the same.
import { testEngine } from "../setup/database";
import { beforeAll, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { formatReference } from "~/domain/receipt";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { createTip } from "~/models/tip.server";
import { createDatabase, engineOf, getDb, purgeDeletedContent } from "~/server/db.server";
import { seedDirectory } from "../../prisma/seed";

beforeAll(async () => {
  await seedDirectory(await getDb());
});

async function newTip(now: Date) {
  const tip = tipSchema.parse({ category: "other", description: "Engine test tip: a man in Lahore keeps passports." });
  return createTip(await getDb(), tip, routeTip(tip, routingTable), "api", now);
}

test("the app's client talks to the engine DATABASE_URL names", async () => {
  expect(engineOf(await getDb())).toBe(testEngine);
  expect(() => engineOf({} as never)).toThrow(/not a client made by createDatabase/);
});

test("a DATABASE_URL that is neither file: nor postgresql:// is refused before anything connects", () => {
  expect(() => createDatabase(process.env.DATABASE_URL!.replace(/^[a-z]+:/, "mysql:"))).toThrow();
});

test("twenty tips sent at once get twenty different references, numbered from 1 in the usual format", async () => {
  const now = new Date("2030-05-10T09:30:00Z");
  const created = await Promise.all(Array.from({ length: 20 }, () => newTip(now)));
  const references = created.map((tip) => tip.reference).sort();
  expect(references).toEqual(Array.from({ length: 20 }, (_, i) => formatReference(2030, i + 1)));
});

test("the year's numbers come from a ReferenceCounter row on SQLite and from a sequence on PostgreSQL", async () => {
  const db = await getDb();
  await newTip(new Date("2029-03-01T09:00:00Z"));
  const counter = await db.referenceCounter.findUnique({ where: { year: 2029 } });
  const sequences =
    testEngine === "postgresql"
      ? await db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT sequencename AS name FROM pg_sequences WHERE sequencename = 'TipReference_2029'`,
        )
      : [];
  if (testEngine === "postgresql") {
    // No row every intake would have to lock in turn.
    expect(counter).toBeNull();
    expect(sequences).toEqual([{ name: "TipReference_2029" }]);
  } else {
    expect(counter?.value).toBe(1);
  }
});

test("a year whose counter was carried over goes on after its last number, on both engines", async () => {
  const db = await getDb();
  await db.referenceCounter.create({ data: { year: 2031, value: 41 } });
  const tip = await newTip(new Date("2031-01-15T09:00:00Z"));
  expect(tip.reference).toBe("AG-2031-000042");
});

test("after a deletion the engine's clean-up step runs and reports success (a SQLite checkpoint, a PostgreSQL VACUUM)", async () => {
  expect(await purgeDeletedContent(await getDb())).toBe(true);
});

test("a NUL character in a query's values finds nothing and fails nothing, on both engines (PostgreSQL text cannot hold it)", async () => {
  const db = await getDb();
  // Lookups as hostile input makes them: an e-mail at sign-in, a tip id from the URL, a list of ids.
  expect(await db.staffUser.findUnique({ where: { email: "admin@aagahi.demo\u0000" } })).toBeNull();
  expect(await db.tip.findUnique({ where: { id: "x\u0000" } })).toBeNull();
  expect(await db.tip.findMany({ where: { id: { in: ["\u0000", "y"] } } })).toEqual([]);
  // Inside an interactive transaction too, and in a write.
  const names = await db.$transaction(async (tx) => {
    const user = await tx.staffUser.create({
      data: { email: "nul.test@example.org", name: "a\u0000b", passwordHash: "x", role: "admin" },
    });
    return [user.name, (await tx.staffUser.findUniqueOrThrow({ where: { id: user.id } })).name];
  });
  const stored = testEngine === "postgresql" ? "a\ufffdb" : "a\u0000b";
  expect(names).toEqual([stored, stored]);
});
