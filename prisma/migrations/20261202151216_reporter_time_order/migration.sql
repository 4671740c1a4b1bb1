-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TipEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tipId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "TipEvent_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_TipEvent" ("agencyCode", "createdAt", "id", "kind", "status", "tipId") SELECT "agencyCode", "createdAt", "id", "kind", "status", "tipId" FROM "TipEvent";
DROP TABLE "TipEvent";
ALTER TABLE "new_TipEvent" RENAME TO "TipEvent";
CREATE INDEX "TipEvent_tipId_createdAt_idx" ON "TipEvent"("tipId", "createdAt");
CREATE TABLE "new_TipMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tipId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "bodyCipher" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "TipMessage_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_TipMessage" ("author", "bodyCipher", "createdAt", "id", "tipId") SELECT "author", "bodyCipher", "createdAt", "id", "tipId" FROM "TipMessage";
DROP TABLE "TipMessage";
ALTER TABLE "new_TipMessage" RENAME TO "TipMessage";
CREATE INDEX "TipMessage_tipId_createdAt_idx" ON "TipMessage"("tipId", "createdAt");

-- Existing rows (issue 10, item 7; docs/decisions/016). Number each tip's history and conversation in the order
-- it was written, while the exact times still tell it.
UPDATE "TipEvent" SET "seq" = "numbered"."n"
FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "tipId" ORDER BY "createdAt", "id") AS "n" FROM "TipEvent") AS "numbered"
WHERE "numbered"."id" = "TipEvent"."id";
UPDATE "TipMessage" SET "seq" = "numbered"."n"
FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "tipId" ORDER BY "createdAt", "id") AS "n" FROM "TipMessage") AS "numbered"
WHERE "numbered"."id" = "TipMessage"."id";
-- Then round the reporter-originated times already stored down to the hour (the default step), in the
-- adapter's own text format. updatedAt is not shown anywhere; at creation it held the exact time.
UPDATE "Tip" SET
  "createdAt" = strftime('%Y-%m-%dT%H:00:00.000+00:00', "createdAt"),
  "updatedAt" = strftime('%Y-%m-%dT%H:00:00.000+00:00', "updatedAt")
WHERE typeof("createdAt") = 'text' AND typeof("updatedAt") = 'text'
  AND strftime('%H', "createdAt") IS NOT NULL AND strftime('%H', "updatedAt") IS NOT NULL;
-- A default cuid() id carries its creation time to the millisecond: received events and identifier rows are
-- written with the tip, so they get random ids.
UPDATE "TipEvent" SET "createdAt" = strftime('%Y-%m-%dT%H:00:00.000+00:00', "createdAt"), "id" = lower(hex(randomblob(16)))
WHERE "kind" = 'received' AND typeof("createdAt") = 'text' AND strftime('%H', "createdAt") IS NOT NULL;
UPDATE "TipMessage" SET "createdAt" = strftime('%Y-%m-%dT%H:00:00.000+00:00', "createdAt")
WHERE "author" = 'reporter' AND typeof("createdAt") = 'text' AND strftime('%H', "createdAt") IS NOT NULL;
UPDATE "TipIdentifier" SET "id" = lower(hex(randomblob(16)));
CREATE INDEX "TipEvent_tipId_seq_idx" ON "TipEvent"("tipId", "seq");
CREATE INDEX "TipMessage_tipId_seq_idx" ON "TipMessage"("tipId", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
