-- AlterTable
ALTER TABLE "Agency" ADD COLUMN "alertEmail" TEXT;

-- AlterTable
ALTER TABLE "AgencyUnit" ADD COLUMN "alertEmail" TEXT;

-- CreateTable
CREATE TABLE "AlertOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "tipId" TEXT NOT NULL,
    "caseReference" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "unitCode" TEXT,
    "staffUserId" TEXT,
    "toAddress" TEXT,
    "language" TEXT NOT NULL DEFAULT 'both',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TipEscalationAlert" (
    "tipId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("tipId", "stage", "level")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StaffUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "agencyCode" TEXT,
    "unitCode" TEXT,
    "language" TEXT NOT NULL DEFAULT 'ur',
    "totpSecretCipher" TEXT,
    "totpEnabledAt" DATETIME,
    "totpLastStep" INTEGER,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "disabledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "failedSecondFactors" INTEGER NOT NULL DEFAULT 0,
    "secondFactorPausedUntil" DATETIME,
    "alertUrgent" BOOLEAN NOT NULL DEFAULT false,
    "alertAssigned" BOOLEAN NOT NULL DEFAULT false,
    "alertMessages" BOOLEAN NOT NULL DEFAULT false,
    "alertLanguage" TEXT NOT NULL DEFAULT 'ur'
);
INSERT INTO "new_StaffUser" ("agencyCode", "createdAt", "disabledAt", "email", "failedLogins", "failedSecondFactors", "id", "language", "lockedUntil", "name", "passwordHash", "role", "secondFactorPausedUntil", "totpEnabledAt", "totpLastStep", "totpSecretCipher", "unitCode", "updatedAt") SELECT "agencyCode", "createdAt", "disabledAt", "email", "failedLogins", "failedSecondFactors", "id", "language", "lockedUntil", "name", "passwordHash", "role", "secondFactorPausedUntil", "totpEnabledAt", "totpLastStep", "totpSecretCipher", "unitCode", "updatedAt" FROM "StaffUser";
DROP TABLE "StaffUser";
ALTER TABLE "new_StaffUser" RENAME TO "StaffUser";
CREATE UNIQUE INDEX "StaffUser_email_key" ON "StaffUser"("email");
CREATE INDEX "StaffUser_agencyCode_idx" ON "StaffUser"("agencyCode");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AlertOutbox_sentAt_nextAttemptAt_idx" ON "AlertOutbox"("sentAt", "nextAttemptAt");
