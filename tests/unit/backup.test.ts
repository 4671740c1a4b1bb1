// Backups (docs/decisions/011): an online backup of a live database is consistent, holds no readable tip text,
// and restores into a new file from which every tip and message is read back, decrypted.
import { sqliteOnly, testDatabaseFile, testDataDir, testEngine } from "../setup/database";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, test } from "vitest";
import { routeTip } from "~/domain/routing";
import { tipSchema } from "~/domain/tip";
import { loadDirectory } from "~/models/directory.server";
import { addTipMessage, createTip, findTipIdByReceipt, getReporterView, readTipContent } from "~/models/tip.server";
import { action as reportAction } from "~/routes/$lang.report/route";
import { action as apiAction } from "~/routes/api.v1.tips";
import { createDatabase, getDb, type Database } from "~/server/db.server";
import sharp from "sharp";
import { cleanEvidenceFile } from "~/evidence/clean.server";
import { addEvidence, readEvidence } from "~/models/evidence.server";
import { resetSecretsCache } from "~/server/secrets.server";
import { loader as staffCaseLoader } from "~/routes/staff.tips.$tipId/route";
import { startSession } from "~/server/staff-session.server";
import { seedDirectory, seedDemoStaff } from "../../prisma/seed";
import {
  backupDatabase,
  backupFileName,
  backupPostgresDatabase,
  backupRetentionDays,
  checkSqliteFile,
  openSqlite,
} from "../../scripts/backup";
import { chooseBackupMethod, toolMajorVersion } from "../../scripts/postgres-backup";
import { restoreDatabase, restorePostgresDatabase } from "../../scripts/restore";

const backupsDir = path.join(testDataDir, "backups");

/** On PostgreSQL: another database on the test server, named after this file's (so a run's clean-up drops it). */
function siblingDatabase(suffix: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_${suffix}`;
  return url.toString();
}

async function databaseExists(url: string): Promise<boolean> {
  const maintenance = new URL(url);
  const name = maintenance.pathname.slice(1);
  maintenance.pathname = "/postgres";
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    return ((await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** Distinctive text in every sensitive field, in English, Urdu and Roman Urdu, per tip. */
const secrets = {
  description: "BACKUP-DESC-8812 ایجنٹ نے پاسپورٹ رکھ لیے agent ne passport rakh liye",
  suspects: "BACKUP-SUSPECT-8813 Malik Rafiq 0300-1112223",
  contact: "BACKUP-CONTACT-8814 call my sister after Isha",
  reporterMessage: "BACKUP-REPLY-8815 they moved the girls to another house",
  agencyMessage: "BACKUP-AGENCY-8816 which district is the house in",
};

const tips: { id: string; suffix: string }[] = [];

function post(pathname: string, body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(`http://aagahi.test${pathname}`, { method: "POST", body, headers });
}

beforeAll(async () => {
  const db = await getDb();
  await seedDirectory(db);
  for (let i = 0; i < 12; i++) {
    const suffix = `#${i}`;
    let receipt: string;
    if (i % 2 === 0) {
      const response = (await apiAction({
        request: post(
          "/api/v1/tips",
          JSON.stringify({
            category: "fake_job_offer",
            description: `${secrets.description} ${suffix}`,
            suspects: `${secrets.suspects} ${suffix}`,
            contactConsent: true,
            contact: `${secrets.contact} ${suffix}`,
            crossesBorder: "yes",
            country: "SA",
            province: "punjab",
            language: "ur",
          }),
          { "Content-Type": "application/json" },
        ),
        params: {},
        context: { clientKey: `backup-api-${i}` },
      } as never)) as Response;
      expect(response.status).toBe(201);
      receipt = ((await response.json()) as { receipt: string }).receipt;
    } else {
      const response = (await reportAction({
        request: post(
          "/en/report",
          new URLSearchParams({
            category: "bonded_labour",
            description: `${secrets.description} ${suffix}`,
            suspects: `${secrets.suspects} ${suffix}`,
            contactConsent: "yes",
            contact: `${secrets.contact} ${suffix}`,
            crossesBorder: "no",
            province: "sindh",
          }),
        ),
        params: { lang: "en" },
        context: { clientKey: `backup-form-${i}` },
      } as never)) as Response;
      expect(response.status).toBe(302);
      // The form shows the receipt on the next page; the model finds the newest tip for this test.
      const newest = await db.tip.findFirst({ orderBy: { createdAt: "desc" }, select: { id: true } });
      tips.push({ id: newest!.id, suffix });
      await addTipMessage(db, newest!.id, "reporter", `${secrets.reporterMessage} ${suffix}`);
      await addTipMessage(db, newest!.id, "agency", `${secrets.agencyMessage} ${suffix}`);
      continue;
    }
    const id = (await findTipIdByReceipt(db, receipt))!;
    tips.push({ id, suffix });
    await addTipMessage(db, id, "reporter", `${secrets.reporterMessage} ${suffix}`);
    await addTipMessage(db, id, "agency", `${secrets.agencyMessage} ${suffix}`);
  }
  // An evidence file on the first tip: backups and restores carry the EvidencePage table too.
  const photo = await cleanEvidenceFile(
    await sharp({
      create: {
        width: 32,
        height: 24,
        channels: 3,
        background: "#123456",
        noise: { type: "gaussian", mean: 100, sigma: 30 },
      },
    })
      .png()
      .toBuffer(),
  );
  if (!photo.ok) throw new Error(photo.refusal);
  await db.$transaction((tx) => addEvidence(tx as unknown as Database, tips[0]!.id, [photo.file], new Date()));
});

/** The first evidence file of a tip, decrypted, from the app's database or another one. */
async function evidenceBytes(tipId: string, db?: Database): Promise<Uint8Array> {
  const file = await readEvidence(tipId, 1, undefined, db);
  if (file?.kind !== "image") throw new Error("no evidence image");
  return file.bytes;
}

function rawBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

/** Every marker, plus its Urdu part alone, so a leak of only part of a field is still caught. */
const needles = [
  ...Object.values(secrets).map((text) => text.split(" ")[0]!),
  "ایجنٹ نے پاسپورٹ",
  "Malik Rafiq",
  "0300-1112223",
  "after Isha",
];

describe("at rest", () => {
  test.skipIf(sqliteOnly("searches the SQLite file's bytes"))(
    "no tip text, suspect, contact detail or message is readable in the live database file or its WAL",
    () => {
      const raw = rawBytes(testDatabaseFile);
      expect(raw.length).toBeGreaterThan(0);
      for (const needle of needles) expect(raw.includes(Buffer.from(needle, "utf8")), needle).toBe(false);
    },
  );

  test("the decrypted fields are all there for the model staff screens read through", async () => {
    const db = await getDb();
    for (const { id, suffix } of tips) {
      expect(await readTipContent(db, id)).toEqual({
        description: `${secrets.description} ${suffix}`,
        suspects: `${secrets.suspects} ${suffix}`,
        contact: `${secrets.contact} ${suffix}`,
      });
    }
  });

  test("an authorised staff member opens the case and sees every sensitive field; another agency gets 404", async () => {
    const db = await getDb();
    await seedDemoStaff(db);
    const cookieFor = async (email: string) => {
      const user = await db.staffUser.findUniqueOrThrow({ where: { email } });
      return (await startSession(user.id, "full", new Request("http://aagahi.test"))).split(";")[0]!;
    };
    const cookies = {
      fia: await cookieFor("fia.agent@aagahi.demo"),
      "police-sindh": await cookieFor("sindh.agent@aagahi.demo"),
    };
    for (const { id, suffix } of tips) {
      const { agencyCode } = await db.tip.findUniqueOrThrow({ where: { id }, select: { agencyCode: true } });
      const own = agencyCode === "fia" ? cookies.fia : cookies["police-sindh"];
      const other = agencyCode === "fia" ? cookies["police-sindh"] : cookies.fia;
      const args = (cookie: string) =>
        ({
          request: new Request(`http://aagahi.test/staff/tips/${id}`, { headers: { Cookie: cookie } }),
          params: { tipId: id },
          context: {},
        }) as never;
      const shown = JSON.stringify(await staffCaseLoader(args(own)));
      for (const marker of [
        secrets.description,
        secrets.suspects,
        secrets.contact,
        secrets.reporterMessage,
        secrets.agencyMessage,
      ]) {
        expect(shown, `${marker} on the case page of ${suffix}`).toContain(JSON.stringify(marker).slice(1, -1));
      }
      const refused = await Promise.resolve(staffCaseLoader(args(other))).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused instanceof Response && refused.status).toBe(404);
    }
  });
});

describe.skipIf(testEngine === "postgresql")("backup and restore (SQLite: VACUUM INTO, WAL files)", () => {
  let backupFile = "";

  test("a backup taken while another connection is writing holds exactly the committed tips", async () => {
    const db = await getDb();
    const committed = await db.tip.count();
    // A second connection, as another process would have, in the middle of a write transaction.
    const writer = new openSqlite(testDatabaseFile, { fileMustExist: true, timeout: 5_000 });
    writer.exec("BEGIN IMMEDIATE");
    writer.prepare(`UPDATE "ReferenceCounter" SET value = value + 1000`).run();
    try {
      const result = backupDatabase({
        source: testDatabaseFile,
        dir: backupsDir,
        now: new Date("2026-11-23T18:30:12.345Z"),
      });
      backupFile = result.file;
      expect(path.basename(result.file)).toBe("aagahi-20261123T183012Z.db");
      expect(result).toMatchObject({ integrity: "ok", tips: committed, messages: committed * 2 });
    } finally {
      writer.exec("ROLLBACK");
      writer.close();
    }
    const backup = new openSqlite(backupFile, { readonly: true });
    const counters = backup.prepare(`SELECT max(value) AS v FROM "ReferenceCounter"`).get() as { v: number };
    backup.close();
    expect(counters.v).toBeLessThan(1000);
    expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${backupFile}.partial`)).toBe(false);
  });

  test("the backup file holds no readable tip text either", () => {
    const raw = fs.readFileSync(backupFile);
    for (const needle of needles) expect(raw.includes(Buffer.from(needle, "utf8")), needle).toBe(false);
    expect(fs.existsSync(`${backupFile}-wal`)).toBe(false);
  });

  test("two backups in the same second do not overwrite each other", () => {
    const now = new Date("2026-11-23T18:30:12.345Z");
    expect(() => backupDatabase({ source: testDatabaseFile, dir: backupsDir, now })).toThrow(/already exists/);
    expect(backupFileName(new Date("2026-01-02T03:04:05.678Z"))).toBe("aagahi-20260102T030405Z.db");
  });

  test("a restore into a new file reads every tip and message back, decrypted", async () => {
    const target = path.join(testDataDir, "restored", "aagahi.db");
    const result = await restoreDatabase({ backupFile, target });
    expect(result).toMatchObject({ target, tips: tips.length, messages: tips.length * 2, movedAside: [] });
    // Description, suspects and contact for each tip, and its two messages.
    expect(result.decrypted).toBe(tips.length * 5);
    expect(checkSqliteFile(target).integrity).toBe("ok");

    const { db, ready } = createDatabase(`file:${target}`);
    await ready;
    try {
      // The evidence file came along, and opens with the same keys.
      expect(
        Buffer.from(await evidenceBytes(tips[0]!.id, db)).equals(Buffer.from(await evidenceBytes(tips[0]!.id))),
      ).toBe(true);
      const [journal] = (await db.$queryRawUnsafe("PRAGMA journal_mode")) as { journal_mode: string }[];
      expect(journal?.journal_mode).toBe("wal");
      for (const { id, suffix } of tips) {
        expect((await readTipContent(db, id))?.description).toBe(`${secrets.description} ${suffix}`);
        expect((await readTipContent(db, id))?.contact).toBe(`${secrets.contact} ${suffix}`);
        expect((await getReporterView(db, id))?.messages.map((message) => message.body)).toEqual([
          `${secrets.reporterMessage} ${suffix}`,
          `${secrets.agencyMessage} ${suffix}`,
        ]);
      }
    } finally {
      await db.$disconnect();
    }
  });

  test("a restore never overwrites a database unless told to, and then keeps the old one aside", async () => {
    const target = path.join(testDataDir, "occupied.db");
    fs.writeFileSync(target, "an existing database");
    fs.writeFileSync(`${target}-wal`, "its write-ahead log");
    await expect(restoreDatabase({ backupFile, target })).rejects.toThrow(/exists\. Stop the server/);
    expect(fs.readFileSync(target, "utf8")).toBe("an existing database");

    const result = await restoreDatabase({ backupFile, target, force: true, now: new Date("2026-11-24T00:00:00Z") });
    expect(result.movedAside).toEqual([
      `${target}.before-restore-20261124T000000Z`,
      `${target}-wal.before-restore-20261124T000000Z`,
    ]);
    expect(fs.readFileSync(result.movedAside[0]!, "utf8")).toBe("an existing database");
    expect(fs.existsSync(`${target}-wal`)).toBe(false);
    expect(checkSqliteFile(target).tips).toBe(tips.length);
  });

  test("a restore with the wrong keys changes nothing and says why", async () => {
    const target = path.join(testDataDir, "wrong-keys.db");
    process.env.TIP_ENCRYPTION_KEYS = `other:${crypto.randomBytes(32).toString("base64")}`;
    process.env.RECEIPT_KEY = crypto.randomBytes(32).toString("base64");
    resetSecretsCache();
    try {
      await expect(restoreDatabase({ backupFile, target })).rejects.toThrow(
        /could not be read with the keys configured now/,
      );
      expect(fs.existsSync(target)).toBe(false);
      expect(fs.readdirSync(testDataDir).filter((file) => file.startsWith("wrong-keys"))).toEqual([]);
    } finally {
      delete process.env.TIP_ENCRYPTION_KEYS;
      delete process.env.RECEIPT_KEY;
      resetSecretsCache();
    }
  });

  test("a damaged backup is refused before anything is touched", async () => {
    const damaged = path.join(testDataDir, "damaged.db");
    const bytes = fs.readFileSync(backupFile);
    bytes.fill(0x41, 4096, 8192); // overwrite the second page
    fs.writeFileSync(damaged, bytes);
    const target = path.join(testDataDir, "from-damaged.db");
    await expect(restoreDatabase({ backupFile: damaged, target })).rejects.toThrow();
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe.skipIf(testEngine === "sqlite")("backup and restore (PostgreSQL)", () => {
  let backupFile = "";
  const restoredUrl = siblingDatabase("restored");

  test("pg_dump is used only when present and not older than the server; otherwise the built-in dump", () => {
    expect(toolMajorVersion("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)")).toBe(15);
    expect(toolMajorVersion("pg_dump (PostgreSQL) 18.1")).toBe(18);
    expect(toolMajorVersion("command not found")).toBeNull();
    expect(chooseBackupMethod(15, 18)).toBe("logical");
    expect(chooseBackupMethod(18, 18)).toBe("pg_dump");
    expect(chooseBackupMethod(19, 18)).toBe("pg_dump");
    expect(chooseBackupMethod(null, 15)).toBe("logical");
  });

  test("a backup taken while another connection is writing holds exactly the committed tips and counter values", async () => {
    const db = await getDb();
    const committed = await db.tip.count();
    const writer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await writer.connect();
    await writer.query("BEGIN");
    await writer.query(`UPDATE "ReferenceCounter" SET value = value + 1000`);
    await writer.query(`DELETE FROM "TipMessage"`);
    try {
      const result = await backupPostgresDatabase({ dir: backupsDir, now: new Date("2026-11-23T18:30:12.345Z") });
      backupFile = result.file;
      // This machine's pg_dump may be older than the server: either way the file restores below.
      const extension = result.method === "pg_dump" ? "pgdump" : "pgjsonl";
      expect(path.basename(result.file)).toBe(`aagahi-20261123T183012Z.${extension}`);
      expect(result).toMatchObject({ tips: committed, messages: committed * 2 });
    } finally {
      await writer.query("ROLLBACK");
      await writer.end();
    }
    expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(backupsDir).mode & 0o777).toBe(0o700);
    expect(fs.existsSync(`${backupFile}.partial`)).toBe(false);
  });

  test("the backup file holds no readable tip text either", () => {
    const raw = fs.readFileSync(backupFile);
    expect(raw.length).toBeGreaterThan(0);
    for (const needle of needles) expect(raw.includes(Buffer.from(needle, "utf8")), needle).toBe(false);
  });

  test("two backups in the same second do not overwrite each other", async () => {
    const now = new Date("2026-11-23T18:30:12.345Z");
    await expect(backupPostgresDatabase({ dir: backupsDir, now })).rejects.toThrow(/already exists/);
  });

  test("a restore into a new database reads every tip and message back, decrypted, and reference numbers go on", async () => {
    const result = await restorePostgresDatabase({ backupFile, url: restoredUrl });
    expect(result).toMatchObject({ tips: tips.length, messages: tips.length * 2 });
    expect(result.decrypted).toBe(tips.length * 5);
    expect(result.target).toMatch(/^PostgreSQL on 127\.0\.0\.1:\d+, database /);
    expect(result.target).not.toContain(new URL(restoredUrl).password);

    const { db, ready } = createDatabase(restoredUrl);
    await ready;
    try {
      // The evidence file came along, and opens with the same keys.
      expect(
        Buffer.from(await evidenceBytes(tips[0]!.id, db)).equals(Buffer.from(await evidenceBytes(tips[0]!.id))),
      ).toBe(true);
      for (const { id, suffix } of tips) {
        expect((await readTipContent(db, id))?.description).toBe(`${secrets.description} ${suffix}`);
        expect((await readTipContent(db, id))?.contact).toBe(`${secrets.contact} ${suffix}`);
        expect((await getReporterView(db, id))?.messages.map((message) => message.body)).toEqual([
          `${secrets.reporterMessage} ${suffix}`,
          `${secrets.agencyMessage} ${suffix}`,
        ]);
      }
      // Every row of every table, not only tips: the two databases hold the same rows.
      const live = await getDb();
      expect(await db.staffUser.count()).toBe(await live.staffUser.count());
      expect(await db.agency.count()).toBe(await live.agency.count());
      expect(await db.auditEntry.count()).toBe(await live.auditEntry.count());
      expect(await db.tip.findMany({ orderBy: { id: "asc" } })).toEqual(
        await live.tip.findMany({ orderBy: { id: "asc" } }),
      );
      // The per-year reference sequence was carried over: a tip taken in the restored database never reuses a
      // reference the backup holds.
      const references = (await db.tip.findMany({ select: { reference: true } })).map((tip) => tip.reference);
      // AG-2026-000123: the year the samples' references were given in.
      const year = Math.max(...references.map((reference) => Number(reference.split("-")[1])));
      const sequences = (await db.$queryRawUnsafe(`SELECT last_value::int AS v FROM "TipReference_${year}"`)) as {
        v: number;
      }[];
      const highest = Math.max(
        ...references
          .filter((reference) => reference.includes(String(year)))
          .map((reference) => Number(reference.replace(/\D/g, "").slice(4))),
      );
      expect(sequences[0]!.v).toBeGreaterThanOrEqual(highest);
      const input = tipSchema.parse({
        category: "other",
        description: "A tip taken after the restore.",
        crossesBorder: "no",
        province: "sindh",
        victimAgeGroup: "unknown",
        language: "en",
      });
      const { routingTable } = await loadDirectory(db);
      const after = await createTip(db, input, routeTip(input, routingTable), "web", new Date());
      expect(references).not.toContain(after.reference);
    } finally {
      await db.$disconnect();
    }
  });

  test("a restore never writes over data: a database with rows is refused and left as it was", async () => {
    const db = await getDb();
    const before = await db.tip.count();
    await expect(restorePostgresDatabase({ backupFile, url: process.env.DATABASE_URL })).rejects.toThrow(/not empty/);
    expect(await db.tip.count()).toBe(before);
  });

  test("a restore with the wrong keys keeps nothing and says why", async () => {
    const target = siblingDatabase("wrong_keys");
    process.env.TIP_ENCRYPTION_KEYS = `other:${crypto.randomBytes(32).toString("base64")}`;
    process.env.RECEIPT_KEY = crypto.randomBytes(32).toString("base64");
    resetSecretsCache();
    try {
      await expect(restorePostgresDatabase({ backupFile, url: target })).rejects.toThrow(
        /could not be read with the keys configured now.*empty again/,
      );
    } finally {
      delete process.env.TIP_ENCRYPTION_KEYS;
      delete process.env.RECEIPT_KEY;
      resetSecretsCache();
    }
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      for (const table of ["Tip", "TipMessage", "StaffUser", "Agency"]) {
        // A built-in dump leaves the migrated tables empty; a pg_dump archive's tables are dropped again.
        const exists = (await client.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [`"${table}"`])).rows[0]
          .e as boolean;
        const rows = exists ? Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n) : 0;
        expect(rows, table).toBe(0);
      }
    } finally {
      await client.end();
    }
  });

  test("npm run db:backup and db:restore choose PostgreSQL by DATABASE_URL, and never print the password", () => {
    const run = (script: string, args: string[]) =>
      spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", script, ...args], {
        cwd: path.resolve(__dirname, "../.."),
        env: process.env,
        encoding: "utf8",
      });
    const dir = path.join(testDataDir, "cli-backups");
    const backup = run("scripts/backup.ts", ["--dir", dir]);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(
      new RegExp(
        `^Backed up ${tips.length} tips and ${tips.length * 2} messages to .*aagahi-\\d{8}T\\d{6}Z\\.(pgjsonl|pgdump) `,
      ),
    );
    const [file] = fs.readdirSync(dir);
    const target = siblingDatabase("cli");
    const restored = run("scripts/restore.ts", [path.join(dir, file!), "--to", target]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(
      `Restored ${tips.length} tips and ${tips.length * 2} messages into PostgreSQL on `,
    );
    expect(restored.stdout).toContain(`all ${tips.length * 5} encrypted values open with the current keys`);
    const password = new URL(target).password;
    expect(password).not.toBe("");
    expect(backup.stdout + backup.stderr + restored.stdout + restored.stderr).not.toContain(password);
    // A second restore into the same database is refused: it holds data now.
    const again = run("scripts/restore.ts", [path.join(dir, file!), "--to", target]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("the target database is not empty");
    expect(again.stderr).not.toContain(password);
  });

  test("a built-in dump that was cut short or altered is refused before the target is touched", async () => {
    const logical = await backupPostgresDatabase({ dir: path.join(testDataDir, "logical"), method: "logical" });
    const lines = fs.readFileSync(logical.file, "utf8").trimEnd().split("\n");
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: "aagahi-postgresql-logical" });
    const cases: [string, string, RegExp][] = [
      ["cut-short", lines.slice(0, -3).join("\n"), /cut short/],
      [
        "row-removed",
        lines
          .filter(
            (line, index) => !(index > 0 && line.startsWith('{"row":') && lines[index - 1]!.includes('"table":"Tip"')),
          )
          .join("\n"),
        /table Tip: 11 rows in the file, 12 announced/,
      ],
      [
        "renamed-sequence",
        lines.map((line) => line.replace(/"name":"TipReference_(\d+)"/, '"name":"x\\"; DROP TABLE \\"Tip"')).join("\n"),
        /unexpected sequence/,
      ],
    ];
    for (const [name, text, reason] of cases) {
      const damaged = path.join(testDataDir, `${name}.pgjsonl`);
      fs.writeFileSync(damaged, `${text}\n`);
      const target = siblingDatabase(name.replace(/-/g, "_"));
      await expect(restorePostgresDatabase({ backupFile: damaged, url: target }), name).rejects.toThrow(reason);
      expect(await databaseExists(target), name).toBe(false);
    }
  });
});

describe("backup retention (BACKUP_RETENTION_DAYS)", () => {
  const day = 24 * 60 * 60 * 1000;

  test("a new backup removes this script's backups older than the retention period, and nothing else", async () => {
    const dir = path.join(testDataDir, "retention-backups");
    fs.mkdirSync(dir, { recursive: true });
    const now = new Date("2027-02-01T03:00:00Z");
    const old = path.join(dir, backupFileName(new Date(now.getTime() - 31 * day)));
    const oldest = path.join(dir, backupFileName(new Date(now.getTime() - 400 * day)));
    const recent = path.join(dir, backupFileName(new Date(now.getTime() - 29 * day)));
    const oldDump = path.join(dir, backupFileName(new Date(now.getTime() - 45 * day), "pgjsonl"));
    const others = ["notes.txt", "aagahi-manual-copy.db", "aagahi.db", "aagahi-20270101T000000Z.sql"].map((name) =>
      path.join(dir, name),
    );
    for (const file of [old, oldest, oldDump, recent, ...others]) fs.writeFileSync(file, "x");

    const result =
      testEngine === "postgresql"
        ? await backupPostgresDatabase({ dir, now, retentionDays: 30 })
        : backupDatabase({ source: testDatabaseFile, dir, now, retentionDays: 30 });
    expect(result.pruned.sort()).toEqual([old, oldest, oldDump].sort());
    for (const file of [old, oldest, oldDump]) expect(fs.existsSync(file)).toBe(false);
    for (const file of [recent, result.file, ...others]) expect(fs.existsSync(file), file).toBe(true);
  });

  test("the period comes from BACKUP_RETENTION_DAYS (default 30), and a bad value stops the backup before it starts", async () => {
    expect(backupRetentionDays(undefined)).toBe(30);
    expect(backupRetentionDays("7")).toBe(7);
    expect(() => backupRetentionDays("0")).toThrow(/BACKUP_RETENTION_DAYS/);
    expect(() => backupRetentionDays("a week")).toThrow(/BACKUP_RETENTION_DAYS/);
    const dir = path.join(testDataDir, "refused-backups");
    const previous = process.env.BACKUP_RETENTION_DAYS;
    process.env.BACKUP_RETENTION_DAYS = "-1";
    try {
      if (testEngine === "postgresql")
        await expect(backupPostgresDatabase({ dir })).rejects.toThrow(/BACKUP_RETENTION_DAYS/);
      else expect(() => backupDatabase({ source: testDatabaseFile, dir })).toThrow(/BACKUP_RETENTION_DAYS/);
      expect(fs.existsSync(dir)).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.BACKUP_RETENTION_DAYS;
      else process.env.BACKUP_RETENTION_DAYS = previous;
    }
  });
});
