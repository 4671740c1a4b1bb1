// The migration that brings rows written before docs/decisions/016 in line: it numbers each tip's history and
// conversation by their exact times first, then rounds the reporter's times down to the hour and replaces the
// ids that held a creation time. Run on a plain SQLite file with the project's migration files in order.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { openSqlite } from "../../scripts/backup";

const migrations = path.resolve(__dirname, "../../prisma/migrations");
const target = fs.readdirSync(migrations).find((name) => name.endsWith("_reporter_time_order"))!;

test("existing rows keep their real order and lose their exact reporter times", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-migration-")), "old.db");
  const db = new openSqlite(file);
  const sqlOf = (name: string) => fs.readFileSync(path.join(migrations, name, "migration.sql"), "utf8");
  for (const name of fs
    .readdirSync(migrations)
    .filter((entry) => /^\d{14}_/.test(entry) && entry < target)
    .sort())
    db.exec(sqlOf(name));

  const at = (time: string) => `2026-12-02T${time}+00:00`;
  db.prepare(`INSERT INTO "Agency" ("code", "kind", "nameEn", "nameUr") VALUES ('fia', 'fia', 'FIA', 'FIA')`).run();
  db.prepare(
    `INSERT INTO "Tip" ("id", "reference", "receiptHash", "category", "crossesBorder", "province", "victimAgeGroup", "immediateDanger",
     "language", "channel", "descriptionCipher", "jurisdiction", "agencyCode", "routingReasons", "alsoNotify", "urgent", "createdAt", "updatedAt")
     VALUES ('t1', 'AG-2026-000001', 'h', 'other', 'no', 'ict', 'adult', 0, 'en', 'web', 'x', 'internal', 'fia', '{}', '[]', 0, ?, ?)`,
  ).run(at("15:10:12.345"), at("15:10:12.400"));
  const event = db.prepare(
    `INSERT INTO "TipEvent" ("id", "tipId", "kind", "status", "agencyCode", "createdAt") VALUES (?, 't1', ?, ?, 'fia', ?)`,
  );
  event.run("cmx69l42j0000fr7dbp6xyzx0", "received", "new", at("15:10:12.345"));
  event.run("cmx69zzzz0000fr7dbp6xyzx1", "status", "acknowledged", at("16:01:00.000"));
  const message = db.prepare(
    `INSERT INTO "TipMessage" ("id", "tipId", "author", "bodyCipher", "createdAt") VALUES (?, 't1', ?, 'c', ?)`,
  );
  message.run("m-b", "agency", at("15:30:00.000"));
  message.run("m-a", "reporter", at("15:47:31.123"));
  db.prepare(
    `INSERT INTO "TipIdentifier" ("id", "tipId", "kind", "keyHash") VALUES ('cmx69l44g0001fr7dsgjsgyg3', 't1', 'phone', 'k')`,
  ).run();

  db.exec(sqlOf(target));

  expect(db.prepare(`SELECT "createdAt", "updatedAt" FROM "Tip"`).get()).toEqual({
    createdAt: at("15:00:00.000"),
    updatedAt: at("15:00:00.000"),
  });
  const events = db.prepare(`SELECT "id", "kind", "createdAt", "seq" FROM "TipEvent" ORDER BY "seq"`).all() as Record<
    string,
    unknown
  >[];
  expect(events.map(({ kind, createdAt, seq }) => [kind, createdAt, seq])).toEqual([
    ["received", at("15:00:00.000"), 1],
    ["status", at("16:01:00.000"), 2],
  ]);
  expect(events[0]!.id).toMatch(/^[0-9a-f]{32}$/);
  const messages = db.prepare(`SELECT "id", "createdAt", "seq" FROM "TipMessage" ORDER BY "seq"`).all();
  expect(messages).toEqual([
    { id: "m-b", createdAt: at("15:30:00.000"), seq: 1 },
    { id: "m-a", createdAt: at("15:00:00.000"), seq: 2 },
  ]);
  expect((db.prepare(`SELECT "id" FROM "TipIdentifier"`).get() as { id: string }).id).toMatch(/^[0-9a-f]{32}$/);
  db.close();
});
