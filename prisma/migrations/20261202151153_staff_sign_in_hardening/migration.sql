-- Staff sign-in hardening (issue 10, ADR 014). Additive only.
-- CreateTable
CREATE TABLE "StaffSignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "delayedUntil" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN "failedSecondFactors" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "StaffUser" ADD COLUMN "secondFactorPausedUntil" DATETIME;
