import { sqliteOnly, testDatabaseFile } from "../setup/database";
import fs from "node:fs";
import { beforeAll, expect, test } from "vitest";
import { routingTableData as routingTable } from "~/domain/reference-data";
import { tipScopeOf } from "~/domain/permissions";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { findLinkedTips } from "~/models/tip-identifiers.server";
import { createTip } from "~/models/tip.server";
import { getDb } from "~/server/db.server";
import { seedDirectory } from "../../prisma/seed";

const ids: Record<string, string> = {};

async function tip(name: string, input: Record<string, unknown>) {
  const db = await getDb();
  const parsed = tipSchema.parse({ category: "fake_job_offer", ...input });
  ids[name] = (await createTip(db, parsed, routeTip(parsed, routingTable), "api")).id;
}

beforeAll(async () => {
  await seedDirectory(await getDb());
  await tip("first", {
    province: "punjab",
    crossesBorder: "no",
    description: "Agent calls from 0300-7771234 about kiln work.",
    suspects: "Star Travels",
  });
  await tip("sameNumber", {
    province: "punjab",
    crossesBorder: "no",
    description: "ایجنٹ کا نمبر +92 300 7771234 ہے، وہ پیسے مانگ رہا ہے",
  });
  await tip("otherAgency", {
    province: "sindh",
    crossesBorder: "no",
    description: "Same recruiter, phone 00923007771234, in Karachi.",
  });
  await tip("unrelated", {
    province: "punjab",
    crossesBorder: "no",
    description: "Another matter entirely, phone 0321-5550000.",
  });
});

test("tips that mention the same phone number in different forms are linked, within the viewer's scope", async () => {
  const db = await getDb();
  const punjabAgent = { id: "x", role: "agent" as const, agencyCode: "police-punjab", unitCode: null };
  const coordinator = { id: "y", role: "coordinator" as const, agencyCode: null, unitCode: null };
  const seenByAgent = await findLinkedTips(db, ids.first!, tipScopeOf(punjabAgent));
  expect(seenByAgent.map((linked) => linked.id)).toEqual([ids.sameNumber]);
  expect(seenByAgent[0]?.kinds).toEqual(["phone"]);
  const seenByCoordinator = await findLinkedTips(db, ids.first!, tipScopeOf(coordinator));
  expect(seenByCoordinator.map((linked) => linked.id).sort()).toEqual([ids.sameNumber, ids.otherAgency].sort());
  expect(await findLinkedTips(db, ids.unrelated!, tipScopeOf(coordinator))).toEqual([]);
});

test.skipIf(sqliteOnly("searches the SQLite file's bytes"))(
  "identifiers are stored only as keyed hashes, never in clear",
  () => {
    const raw = fs.readFileSync(testDatabaseFile);
    const wal = fs.existsSync(`${testDatabaseFile}-wal`) ? fs.readFileSync(`${testDatabaseFile}-wal`) : Buffer.alloc(0);
    for (const needle of ["+923007771234", "3007771234", "7771234", "star travels"]) {
      expect(raw.includes(needle) || wal.includes(needle), needle).toBe(false);
    }
  },
);
