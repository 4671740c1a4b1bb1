// What several app instances on one database share (docs/decisions/020-what-instances-share.md): a directory
// change made through one instance's client is seen by another's check, which forgets the kept directory and
// has the page cache emptied; seeding and the release step run once when instances start together.
import "../setup/database";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { inject } from "vitest";
import { agencyData, helplineData } from "~/domain/reference-data";
import {
  addUnit,
  createDirectoryWatch,
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
import { createDatabase, getDb, type Database } from "~/server/db.server";
import { directoryWatchIntervalMs, startDirectoryWatch } from "../../server/directory-watch.mjs";
import { databaseOnServer } from "../setup/postgres-server.mjs";
import { testEngine } from "../setup/database";

const root = path.resolve(__dirname, "../..");
const onPostgres = testEngine === "postgresql";
/** Instance A: a second, independent client on the same database (instance B is this process's getDb()). */
let instanceA: Database;

beforeAll(async () => {
  const { db, ready } = createDatabase(process.env.DATABASE_URL);
  await ready;
  instanceA = db;
});

afterAll(async () => {
  await instanceA.$disconnect();
});

const unitsCount = agencyData.reduce((sum, agency) => sum + agency.units.length, 0);

// First, on the empty database the set-up migrated: two seeders at once.
test.skipIf(!onPostgres)(
  "two instances seeding an empty PostgreSQL database at once: one adds the rows, the other waits and adds none",
  async () => {
    const added = await Promise.all([seedDirectory(instanceA), seedDirectory(await getDb())]);
    expect(Math.min(...added)).toBe(0);
    expect(Math.max(...added)).toBeGreaterThan(agencyData.length);
    const db = await getDb();
    expect(await db.agency.count()).toBe(agencyData.length);
    expect(await db.agencyUnit.count()).toBe(unitsCount);
    expect(await db.helpline.count()).toBe(helplineData.length);
  },
);

describe("directory changes reach every instance", () => {
  beforeAll(async () => {
    await seedDirectory(await getDb());
  });

  const helpline = {
    id: "instances-test",
    position: 50,
    number: "0800-12345",
    tel: "080012345",
    emergency: false,
    name: { en: "Instances test line", ur: "آزمائشی لائن" },
    description: { en: "A helpline added through instance A.", ur: "انسٹینس اے سے شامل کی گئی لائن۔" },
    source: { en: "Test", ur: "آزمائش" },
    sourceDate: null,
  };

  test("a helpline saved through instance A is reported by instance B's check, which forgets B's directory and empties its page cache", async () => {
    const clearPageCache = vi.fn();
    const watchB = createDirectoryWatch();
    const polling = startDirectoryWatch({
      check: () => watchB.changed(),
      onChange: clearPageCache,
      intervalMs: 60_000,
    });
    try {
      // B starts: its first check empties whatever it held, then it keeps its copy.
      await polling.pollNow();
      expect(clearPageCache).toHaveBeenCalledTimes(1);
      const before = await getDirectory();
      expect(before.helplines.some((line) => line.id === helpline.id)).toBe(false);
      await polling.pollNow();
      expect(clearPageCache).toHaveBeenCalledTimes(1);

      await saveHelpline(null, helpline, instanceA);
      await polling.pollNow();
      expect(clearPageCache).toHaveBeenCalledTimes(2);
      const after = await getDirectory();
      expect(after.helplines.find((line) => line.id === helpline.id)?.number).toBe("0800-12345");

      // In this test both instances share one module, so A's change above also forgot the copy here. Another
      // process's change does not: written straight through A's client, it leaves B's copy until B checks.
      await instanceA.$transaction([
        instanceA.helpline.update({ where: { id: helpline.id }, data: { number: "0800-99999" } }),
        instanceA.directoryVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } }),
      ]);
      expect(await getDirectory()).toBe(after);
      await polling.pollNow();
      expect(clearPageCache).toHaveBeenCalledTimes(3);
      expect((await getDirectory()).helplines.find((line) => line.id === helpline.id)?.number).toBe("0800-99999");

      await removeHelpline(null, helpline.id, instanceA);
      await polling.pollNow();
      expect(clearPageCache).toHaveBeenCalledTimes(4);
      expect((await getDirectory()).helplines.some((line) => line.id === helpline.id)).toBe(false);
      await polling.pollNow();
      expect(clearPageCache).toHaveBeenCalledTimes(4);
    } finally {
      await polling.stop();
    }
  });

  test("a routing change through instance A is seen by B's next check, and B routes by it", async () => {
    const watchB = createDirectoryWatch();
    await watchB.changed();
    const fiaUnit = agencyData.find((agency) => agency.code === "fia")!.units.at(-1)!.code;
    expect(
      await setFiaRoute(null, { placeKind: "district", place: "instances-town", unitCode: fiaUnit }, instanceA),
    ).toEqual({ ok: true });
    expect(await watchB.changed()).toBe(true);
    expect((await getDirectory()).routes).toContainEqual({
      placeKind: "district",
      place: "instances-town",
      unitCode: fiaUnit,
    });
    expect(await watchB.changed()).toBe(false);
    await removeFiaRoute(null, "district", "instances-town", instanceA);
    expect(await watchB.changed()).toBe(true);
    expect((await getDirectory()).routes.some((route) => route.place === "instances-town")).toBe(false);
  });

  test("every kind of directory change moves the version, in the change's own transaction", async () => {
    const db = await getDb();
    const agency = agencyData[0]!;
    const changes: [string, () => Promise<unknown>][] = [
      [
        "rename an agency",
        () => renameAgency(null, agency.code, { en: `${agency.en} (renamed)`, ur: agency.ur }, instanceA),
      ],
      [
        "rename a unit",
        () => renameUnit(null, agency.units[0]!.code, { en: "Renamed unit", ur: "نیا نام" }, instanceA),
      ],
      [
        "add a unit",
        () =>
          addUnit(
            null,
            { agencyCode: "fia", code: "fia-instances", nameEn: "FIA test circle", nameUr: "ایف آئی اے" },
            instanceA,
          ),
      ],
      [
        "set a route",
        () => setFiaRoute(null, { placeKind: "district", place: "versions", unitCode: "fia-instances" }, instanceA),
      ],
      ["remove a route", () => removeFiaRoute(null, "district", "versions", instanceA)],
      ["save a helpline", () => saveHelpline(null, { ...helpline, id: "versions" }, instanceA)],
      ["remove a helpline", () => removeHelpline(null, "versions", instanceA)],
    ];
    for (const [what, change] of changes) {
      const before = await directoryVersion(db);
      await change();
      expect(await directoryVersion(db), what).toBe(before + 1);
    }
    // A change that fails leaves the version as it was: nothing was announced that did not happen.
    const before = await directoryVersion(db);
    await expect(
      saveHelpline(null, { ...helpline, id: "versions-bad", number: null as never }, instanceA),
    ).rejects.toThrow();
    expect(await directoryVersion(db)).toBe(before);
    // Seeding a directory that is complete adds nothing and announces nothing.
    expect(await seedDirectory(instanceA)).toBe(0);
    expect(await directoryVersion(db)).toBe(before);
  });

  test("a server checks often enough that a change shows everywhere within five seconds", () => {
    // One interval, plus the check's single-row read and a new render, stays well inside the promise.
    expect(directoryWatchIntervalMs).toBeLessThanOrEqual(2_000);
  });
});

/** Runs `node scripts/prepare-db.mjs` with DATABASE_URL set; resolves with its exit code and output. */
function prepareDb(url: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["scripts/prepare-db.mjs"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}

test.skipIf(!onPostgres)(
  "two instances running the release step at the same moment on a new PostgreSQL database: both succeed, migrations and seed run once",
  async () => {
    const postgres = inject("postgres")!;
    const url = databaseOnServer(
      postgres.serverUrl,
      `${postgres.databasePrefix}release_${crypto.randomBytes(4).toString("hex")}`,
    );
    const [first, second] = await Promise.all([prepareDb(url), prepareDb(url)]);
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);
    // One of them applied the migrations; the other found the database up to date.
    expect([first.output, second.output].filter((output) => output.includes("Applied:"))).toHaveLength(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const migrations = await client.query(
        `SELECT migration_name, count(*)::int AS times, bool_and(finished_at IS NOT NULL AND rolled_back_at IS NULL) AS ok FROM _prisma_migrations GROUP BY migration_name`,
      );
      expect(migrations.rows.length).toBeGreaterThan(1);
      expect(migrations.rows.every((row) => row.times === 1 && row.ok)).toBe(true);
      const counts = await client.query(
        `SELECT (SELECT count(*)::int FROM "Agency") AS agencies, (SELECT count(*)::int FROM "AgencyUnit") AS units,
                (SELECT count(*)::int FROM "Helpline") AS helplines, (SELECT count(*)::int FROM "Tip") AS tips,
                (SELECT count(*)::int FROM "StaffUser") AS staff`,
      );
      expect(counts.rows[0]).toMatchObject({
        agencies: agencyData.length,
        units: unitsCount,
        helplines: helplineData.length,
      });
      // The demo data (this run is a demo: NODE_ENV=test) was added once too.
      const { sampleTips, demoStaff } = await import("../../prisma/seed");
      expect(counts.rows[0]).toMatchObject({ tips: sampleTips.length, staff: demoStaff.length });
    } finally {
      await client.end();
    }
  },
  180_000,
);
