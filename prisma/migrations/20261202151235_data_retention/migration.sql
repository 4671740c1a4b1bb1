-- AlterTable
ALTER TABLE "Tip" ADD COLUMN "closedAt" DATETIME;
ALTER TABLE "Tip" ADD COLUMN "deletedAt" DATETIME;
ALTER TABLE "Tip" ADD COLUMN "reporterSeenAt" DATETIME;
ALTER TABLE "Tip" ADD COLUMN "retainUntil" DATETIME;

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Tip_status_closeOutcome_closedAt_idx" ON "Tip"("status", "closeOutcome", "closedAt");

-- Tips closed before this migration: the retention clock starts at their last "closed" history entry.
UPDATE "Tip" SET "closedAt" = COALESCE(
    (SELECT MAX("createdAt") FROM "TipEvent" WHERE "TipEvent"."tipId" = "Tip"."id" AND "TipEvent"."status" = 'closed'),
    "updatedAt"
) WHERE "status" = 'closed';
