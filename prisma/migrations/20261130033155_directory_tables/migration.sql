-- CreateTable
CREATE TABLE "FiaUnitRoute" (
    "placeKind" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,

    PRIMARY KEY ("placeKind", "place"),
    CONSTRAINT "FiaUnitRoute_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "AgencyUnit" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Helpline" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "position" INTEGER NOT NULL DEFAULT 0,
    "number" TEXT NOT NULL,
    "tel" TEXT NOT NULL,
    "emergency" BOOLEAN NOT NULL DEFAULT false,
    "nameUr" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "descriptionUr" TEXT NOT NULL,
    "descriptionEn" TEXT NOT NULL,
    "sourceUr" TEXT NOT NULL,
    "sourceEn" TEXT NOT NULL,
    "sourceDate" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Agency" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameUr" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Agency" ("code", "kind", "nameEn", "nameUr") SELECT "code", "kind", "nameEn", "nameUr" FROM "Agency";
DROP TABLE "Agency";
ALTER TABLE "new_Agency" RENAME TO "Agency";
CREATE TABLE "new_AgencyUnit" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "agencyCode" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameUr" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "AgencyUnit_agencyCode_fkey" FOREIGN KEY ("agencyCode") REFERENCES "Agency" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AgencyUnit" ("agencyCode", "code", "nameEn", "nameUr") SELECT "agencyCode", "code", "nameEn", "nameUr" FROM "AgencyUnit";
DROP TABLE "AgencyUnit";
ALTER TABLE "new_AgencyUnit" RENAME TO "AgencyUnit";
CREATE INDEX "AgencyUnit_agencyCode_idx" ON "AgencyUnit"("agencyCode");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Existing installations keep the starting order of agencies and units (app/data/agencies.json).
UPDATE "Agency" SET "position" = 0 WHERE "code" = 'fia';
UPDATE "AgencyUnit" SET "position" = 0 WHERE "code" = 'fia-ahtc-islamabad';
UPDATE "AgencyUnit" SET "position" = 1 WHERE "code" = 'fia-ahtc-lahore';
UPDATE "AgencyUnit" SET "position" = 2 WHERE "code" = 'fia-ahtc-faisalabad';
UPDATE "AgencyUnit" SET "position" = 3 WHERE "code" = 'fia-ahtc-gujranwala';
UPDATE "AgencyUnit" SET "position" = 4 WHERE "code" = 'fia-ahtc-gujrat';
UPDATE "AgencyUnit" SET "position" = 5 WHERE "code" = 'fia-ahtc-multan';
UPDATE "AgencyUnit" SET "position" = 6 WHERE "code" = 'fia-ahtc-karachi';
UPDATE "AgencyUnit" SET "position" = 7 WHERE "code" = 'fia-ahtc-peshawar';
UPDATE "AgencyUnit" SET "position" = 8 WHERE "code" = 'fia-ahtc-quetta';
UPDATE "Agency" SET "position" = 1 WHERE "code" = 'police-punjab';
UPDATE "Agency" SET "position" = 2 WHERE "code" = 'police-sindh';
UPDATE "Agency" SET "position" = 3 WHERE "code" = 'police-kp';
UPDATE "Agency" SET "position" = 4 WHERE "code" = 'police-balochistan';
UPDATE "Agency" SET "position" = 5 WHERE "code" = 'police-ict';
UPDATE "Agency" SET "position" = 6 WHERE "code" = 'police-gb';
UPDATE "Agency" SET "position" = 7 WHERE "code" = 'police-ajk';
UPDATE "Agency" SET "position" = 8 WHERE "code" = 'triage-desk';
