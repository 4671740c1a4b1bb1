// The directory (agencies, units, FIA circle routing, helplines) lives in the database so admins can change
// it without a release. It is read on nearly every request and changes rarely, so it is kept in memory and
// reloaded after each change made through this module (docs/decisions/013). Every change also bumps the one
// DirectoryVersion row in its own transaction; each server checks that row every two seconds, so an admin's
// change made on one instance reaches the others too (docs/decisions/020-what-instances-share.md).
import { agencyData, helplineData, routingTableData } from "~/domain/reference-data";
import {
  defaultPlace,
  placeValue,
  routingRowsFromTable,
  routingTableFromRows,
  type DirectoryAgency,
  type FiaUnitRouteRow,
  type Helpline,
} from "~/domain/directory";
import type { RoutingTable } from "~/domain/routing";
import type { Language } from "~/i18n/languages";
import { advisoryLocks } from "~/server/database-lock.server.mjs";
import { engineOf, getDb, type Database } from "~/server/db.server";
import { audit, type AuditEntryInput } from "./audit.server";

export interface Directory {
  agencies: DirectoryAgency[];
  routingTable: RoutingTable;
  routes: FiaUnitRouteRow[];
  helplines: Helpline[];
  emergencyHelpline: Helpline | undefined;
  agencyName(code: string, lang: Language): string;
  unitName(code: string | null | undefined, lang: Language): string | null;
  hasAgency(code: string): boolean;
  /** The agency a unit belongs to, or undefined for an unknown unit. */
  agencyOfUnit(unitCode: string): string | undefined;
}

let cached: Promise<Directory> | undefined;

/** The current directory, loaded once and kept until it changes. */
export function getDirectory(): Promise<Directory> {
  cached ??= getDb()
    .then(loadDirectory)
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}

/** Forget the kept copy: the next read loads it again. Called after every change. */
export function forgetDirectory() {
  cached = undefined;
}

const versionRow = 1;

/** Bumps the directory's version: always in the same transaction as the change it announces. */
function bumpVersion(db: Pick<Database, "directoryVersion">) {
  // An upsert, so a database whose row went missing gets it back rather than failing every change.
  return db.directoryVersion.upsert({
    where: { id: versionRow },
    create: { id: versionRow, version: 1 },
    update: { version: { increment: 1 } },
  });
}

/** The directory's version in the database: it changes with every change to the directory. */
export async function directoryVersion(db: Database): Promise<number> {
  const row = await db.directoryVersion.findUnique({ where: { id: versionRow }, select: { version: true } });
  return row?.version ?? 0;
}

/**
 * Notices changes made by any process on the same database. `changed()` reads the version; when it differs
 * from the one seen last it forgets the kept directory and answers true, so the caller empties what else
 * holds the directory (the public page cache). The first call answers true: whatever this process holds may
 * predate it.
 */
export function createDirectoryWatch(database: () => Promise<Database> = getDb) {
  let seen: number | undefined;
  return {
    async changed(): Promise<boolean> {
      const version = await directoryVersion(await database());
      if (version === seen) return false;
      seen = version;
      forgetDirectory();
      return true;
    },
  };
}

const serverWatch = createDirectoryWatch();

/** The server's check (server/directory-watch.mjs, through app/entry.server.tsx): true when the directory changed. */
export function checkDirectoryVersion(): Promise<boolean> {
  return serverWatch.changed();
}

export async function loadDirectory(db: Database): Promise<Directory> {
  const [agencies, routes, helplines] = await Promise.all([
    db.agency.findMany({
      orderBy: [{ position: "asc" }, { code: "asc" }],
      include: { units: { orderBy: [{ position: "asc" }, { code: "asc" }] } },
    }),
    db.fiaUnitRoute.findMany({ orderBy: [{ placeKind: "asc" }, { place: "asc" }] }),
    db.helpline.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }] }),
  ]);
  const routeRows = routes.map((row) => ({
    placeKind: row.placeKind as FiaUnitRouteRow["placeKind"],
    place: row.place,
    unitCode: row.unitCode,
  }));
  const routingTable = routingTableFromRows(routeRows);
  if (!routingTable)
    throw new Error("The FIA routing table has no default circle: run `npm run db:seed` (scripts/prepare-db.mjs).");
  const directoryAgencies: DirectoryAgency[] = agencies.map((agency) => ({
    code: agency.code,
    kind: agency.kind as DirectoryAgency["kind"],
    name: { en: agency.nameEn, ur: agency.nameUr },
    units: agency.units.map((unit) => ({ code: unit.code, name: { en: unit.nameEn, ur: unit.nameUr } })),
  }));
  const shownHelplines: Helpline[] = helplines.map((row) => ({
    id: row.id,
    number: row.number,
    tel: row.tel,
    emergency: row.emergency,
    name: { en: row.nameEn, ur: row.nameUr },
    description: { en: row.descriptionEn, ur: row.descriptionUr },
    source: { en: row.sourceEn, ur: row.sourceUr },
    sourceDate: row.sourceDate,
  }));
  const agencyByCode = new Map(directoryAgencies.map((agency) => [agency.code, agency]));
  const units = new Map(
    directoryAgencies.flatMap((agency) =>
      agency.units.map((unit) => [unit.code, { unit, agencyCode: agency.code }] as const),
    ),
  );
  return {
    agencies: directoryAgencies,
    routingTable,
    routes: routeRows,
    helplines: shownHelplines,
    emergencyHelpline: shownHelplines.find((helpline) => helpline.emergency),
    agencyName: (code, lang) => agencyByCode.get(code)?.name[lang] ?? code,
    unitName: (code, lang) => (code ? (units.get(code)?.unit.name[lang] ?? code) : null),
    hasAgency: (code) => agencyByCode.has(code),
    agencyOfUnit: (unitCode) => units.get(unitCode)?.agencyCode,
  };
}

/**
 * Puts the starting directory (app/data/*.json) into a new database. Rows that exist are left alone: after
 * installation the database is the truth and admins' edits must survive every restart. Safe when several
 * processes seed at once: on PostgreSQL the whole seed is one transaction holding an advisory lock, so a
 * second seeder waits and then finds every row (a find-then-create outside it would fail on the unique key).
 * Answers how many rows it added.
 */
export async function seedDirectory(db: Database): Promise<number> {
  const postgres = engineOf(db) === "postgresql";
  const added = await db.$transaction(
    async (tx) => {
      if (postgres) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${advisoryLocks.directorySeed})`);
      let rows = 0;
      const agencies = new Set((await tx.agency.findMany({ select: { code: true } })).map((row) => row.code));
      const units = new Set((await tx.agencyUnit.findMany({ select: { code: true } })).map((row) => row.code));
      for (const [agencyIndex, agency] of agencyData.entries()) {
        if (!agencies.has(agency.code)) {
          await tx.agency.create({
            data: { code: agency.code, kind: agency.kind, nameEn: agency.en, nameUr: agency.ur, position: agencyIndex },
          });
          rows += 1;
        }
        for (const [unitIndex, unit] of agency.units.entries()) {
          if (units.has(unit.code)) continue;
          await tx.agencyUnit.create({
            data: { code: unit.code, agencyCode: agency.code, nameEn: unit.en, nameUr: unit.ur, position: unitIndex },
          });
          rows += 1;
        }
      }
      // The routing table is seeded only into a database that has none, so a route an admin removed stays removed.
      if ((await tx.fiaUnitRoute.count()) === 0) {
        rows += (await tx.fiaUnitRoute.createMany({ data: routingRowsFromTable(routingTableData) })).count;
      }
      if ((await tx.helpline.count()) === 0) {
        rows += (
          await tx.helpline.createMany({
            data: helplineData.map((helpline, position) => ({ id: helpline.id, ...helplineRow(helpline, position) })),
          })
        ).count;
      }
      // Servers already running (a release that adds an agency) learn of the new rows like of an admin's change.
      if (rows > 0) await bumpVersion(tx);
      return rows;
    },
    // Waiting for another seeder is expected; the seed itself is a few dozen small statements.
    { maxWait: 60_000, timeout: 120_000 },
  );
  forgetDirectory();
  return added;
}

// ----- Changes. Each is one transaction with its audit row and the version bump, so the log names exactly the
// changes that happened and the version moves only for them; the kept copy is forgotten after the commit. The
// caller empties this server's public page cache; the other servers do both within two seconds. `db` is only
// for tests that play a second instance; routes leave it out. -----

/** Who made a change, for its audit row. */
export type DirectoryEditor = AuditEntryInput["actor"];

/**
 * Runs `change` in one transaction. When it reports a change (an audit entry), the entry is written and the
 * version bumped in the same transaction; a change that found nothing to do writes and announces nothing.
 */
async function changeDirectory<T>(
  db: Database | undefined,
  change: (tx: Database) => Promise<{ result: T; audited: AuditEntryInput | null }>,
): Promise<T> {
  const client = db ?? (await getDb());
  const result = await client.$transaction(async (tx) => {
    // The transaction client has every model of the outer one; Prisma types it apart only to forbid nesting.
    const done = await change(tx as unknown as Database);
    if (done.audited) {
      await bumpVersion(tx);
      await audit(tx, done.audited);
    }
    return done.result;
  });
  // After the commit: forgetting earlier could let a request load the old rows again and keep them.
  forgetDirectory();
  return result;
}

export async function renameAgency(
  editor: DirectoryEditor,
  code: string,
  name: { en: string; ur: string },
  db?: Database,
): Promise<boolean> {
  return renameEntry(db, editor, "agency_renamed", code, (tx) =>
    tx.agency.updateMany({ where: { code }, data: { nameEn: name.en, nameUr: name.ur } }),
  );
}

export async function renameUnit(
  editor: DirectoryEditor,
  code: string,
  name: { en: string; ur: string },
  db?: Database,
): Promise<boolean> {
  return renameEntry(db, editor, "unit_renamed", code, (tx) =>
    tx.agencyUnit.updateMany({ where: { code }, data: { nameEn: name.en, nameUr: name.ur } }),
  );
}

/** A rename and, when it found the entry, its audit row, in one transaction. */
function renameEntry(
  db: Database | undefined,
  editor: DirectoryEditor,
  action: "agency_renamed" | "unit_renamed",
  code: string,
  rename: (tx: Database) => Promise<{ count: number }>,
): Promise<boolean> {
  return changeDirectory(db, async (tx) => {
    const renamed = (await rename(tx)).count === 1;
    return { result: renamed, audited: renamed ? { actor: editor, action, details: { code } } : null };
  });
}

export type AddUnitResult = { ok: true } | { ok: false; problem: "agency" | "exists" };

export async function addUnit(
  editor: DirectoryEditor,
  unit: { agencyCode: string; code: string; nameEn: string; nameUr: string },
  db?: Database,
): Promise<AddUnitResult> {
  return changeDirectory<AddUnitResult>(db, async (tx) => {
    const agency = await tx.agency.findUnique({ where: { code: unit.agencyCode }, select: { code: true } });
    if (!agency) return { result: { ok: false, problem: "agency" }, audited: null };
    if (await tx.agencyUnit.findUnique({ where: { code: unit.code }, select: { code: true } }))
      return { result: { ok: false, problem: "exists" }, audited: null };
    const position = await tx.agencyUnit.count({ where: { agencyCode: unit.agencyCode } });
    await tx.agencyUnit.create({ data: { ...unit, position } });
    return {
      result: { ok: true },
      audited: { actor: editor, action: "unit_added", agencyCode: unit.agencyCode, details: { unit: unit.code } },
    };
  });
}

export type RouteChangeResult = { ok: true } | { ok: false; problem: "unit" | "default" };

/** Sends external tips from a place to an FIA circle (replacing that place's route). */
export async function setFiaRoute(
  editor: DirectoryEditor,
  route: FiaUnitRouteRow,
  db?: Database,
): Promise<RouteChangeResult> {
  return changeDirectory<RouteChangeResult>(db, async (tx) => {
    const unit = await tx.agencyUnit.findUnique({ where: { code: route.unitCode }, select: { agencyCode: true } });
    if (unit?.agencyCode !== "fia") return { result: { ok: false, problem: "unit" }, audited: null };
    await tx.fiaUnitRoute.upsert({
      where: { placeKind_place: { placeKind: route.placeKind, place: route.place } },
      create: route,
      update: { unitCode: route.unitCode },
    });
    return {
      result: { ok: true },
      audited: { actor: editor, action: "fia_route_set", details: { place: placeValue(route), unit: route.unitCode } },
    };
  });
}

export async function removeFiaRoute(
  editor: DirectoryEditor,
  placeKind: FiaUnitRouteRow["placeKind"],
  place: string,
  db?: Database,
): Promise<RouteChangeResult> {
  if (placeKind === "default" || place === defaultPlace) return { ok: false, problem: "default" };
  // Removing a route that is not there is still the admin's recorded intent, as before: audited and announced.
  return changeDirectory<RouteChangeResult>(db, async (tx) => {
    await tx.fiaUnitRoute.deleteMany({ where: { placeKind, place } });
    return {
      result: { ok: true },
      audited: { actor: editor, action: "fia_route_removed", details: { place: placeValue({ placeKind, place }) } },
    };
  });
}

/** A helpline as a database row (without its id). */
function helplineRow(helpline: Helpline, position: number) {
  return {
    position,
    number: helpline.number,
    tel: helpline.tel,
    emergency: helpline.emergency,
    nameEn: helpline.name.en,
    nameUr: helpline.name.ur,
    descriptionEn: helpline.description.en,
    descriptionUr: helpline.description.ur,
    sourceEn: helpline.source.en,
    sourceUr: helpline.source.ur,
    sourceDate: helpline.sourceDate,
  };
}

/** Each helpline's stored place in the list (the directory keeps only the order). */
export async function helplinePositions(): Promise<Map<string, number>> {
  const rows = await (await getDb()).helpline.findMany({ select: { id: true, position: true } });
  return new Map(rows.map((row) => [row.id, row.position]));
}

/** Adds or replaces a helpline. Only one helpline is the emergency number: choosing another moves the mark. */
export async function saveHelpline(
  editor: DirectoryEditor,
  helpline: Helpline & { position: number },
  db?: Database,
): Promise<{ created: boolean }> {
  const row = helplineRow(helpline, helpline.position);
  return changeDirectory(db, async (tx) => {
    const created = (await tx.helpline.findUnique({ where: { id: helpline.id }, select: { id: true } })) === null;
    if (helpline.emergency)
      await tx.helpline.updateMany({
        where: { emergency: true, NOT: { id: helpline.id } },
        data: { emergency: false },
      });
    await tx.helpline.upsert({ where: { id: helpline.id }, create: { id: helpline.id, ...row }, update: row });
    return {
      result: { created },
      audited: {
        actor: editor,
        action: "helpline_saved",
        details: { helpline: helpline.id, created, number: helpline.number },
      },
    };
  });
}

/** False when there was no such helpline (nothing is written). */
export async function removeHelpline(editor: DirectoryEditor, id: string, db?: Database): Promise<boolean> {
  return changeDirectory(db, async (tx) => {
    const removed = (await tx.helpline.deleteMany({ where: { id } })).count === 1;
    return {
      result: removed,
      audited: removed ? { actor: editor, action: "helpline_removed", details: { helpline: id } } : null,
    };
  });
}

// ----- Duty addresses for urgent-tip alerts (docs/decisions/028). Kept out of the in-memory directory: only the
// alert sender and this page read them. -----

/** Every agency's and unit's duty address, by code (null: none). */
export async function listAlertAddresses(): Promise<{
  agencies: Record<string, string | null>;
  units: Record<string, string | null>;
}> {
  const db = await getDb();
  const [agencies, units] = await Promise.all([
    db.agency.findMany({ select: { code: true, alertEmail: true } }),
    db.agencyUnit.findMany({ select: { code: true, alertEmail: true } }),
  ]);
  return {
    agencies: Object.fromEntries(agencies.map((row) => [row.code, row.alertEmail])),
    units: Object.fromEntries(units.map((row) => [row.code, row.alertEmail])),
  };
}

/** Sets (or clears, with null) an agency's or unit's duty address; false when there is no such agency or unit. */
export async function setAlertAddress(
  editor: DirectoryEditor,
  target: { kind: "agency" | "unit"; code: string },
  alertEmail: string | null,
  db?: Database,
): Promise<boolean> {
  const client = db ?? (await getDb());
  return client.$transaction(async (tx) => {
    const where = { code: target.code };
    const updated =
      target.kind === "agency"
        ? await tx.agency.updateMany({ where, data: { alertEmail } })
        : await tx.agencyUnit.updateMany({ where, data: { alertEmail } });
    if (updated.count !== 1) return false;
    // The address itself stays out of the log (staff data, not a code); whether one is set is enough.
    await audit(tx, {
      actor: editor,
      action: "alert_email_set",
      details: { [target.kind]: target.code, set: alertEmail !== null },
    });
    return true;
  });
}
