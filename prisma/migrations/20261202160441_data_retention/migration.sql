-- AlterTable
ALTER TABLE "Tip" ADD COLUMN "closedAt" DATETIME;
ALTER TABLE "Tip" ADD COLUMN "reporterSeenAt" DATETIME;
ALTER TABLE "Tip" ADD COLUMN "retainUntil" DATETIME;

-- CreateTable
CREATE TABLE "DeletedTip" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "crossesBorder" TEXT NOT NULL,
    "province" TEXT NOT NULL,
    "victimAgeGroup" TEXT NOT NULL,
    "immediateDanger" BOOLEAN NOT NULL,
    "language" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "jurisdiction" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "unitCode" TEXT,
    "urgent" BOOLEAN NOT NULL,
    "priority" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "closeOutcome" TEXT,
    "createdAt" DATETIME NOT NULL,
    "acknowledgedAt" DATETIME,
    "closedAt" DATETIME,
    "deletedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "DeletedTip_reference_key" ON "DeletedTip"("reference");

-- CreateIndex
CREATE INDEX "DeletedTip_agencyCode_unitCode_idx" ON "DeletedTip"("agencyCode", "unitCode");

-- Tips closed before this migration: the retention clock starts at their last "closed" history entry.
UPDATE "Tip" SET "closedAt" = COALESCE(
    (SELECT MAX("createdAt") FROM "TipEvent" WHERE "TipEvent"."tipId" = "Tip"."id" AND "TipEvent"."status" = 'closed'),
    "updatedAt"
) WHERE "status" = 'closed';
