-- CreateTable
CREATE TABLE "TipNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tipId" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "bodyCipher" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TipNote_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TipNote_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TipIdentifier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tipId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    CONSTRAINT "TipIdentifier_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffUser" (
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
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "StaffSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "StaffSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffRecoveryCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "StaffRecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "staffUserId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "tipId" TEXT,
    "agencyCode" TEXT,
    "details" TEXT NOT NULL DEFAULT '{}'
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Tip" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "receiptHash" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "crossesBorder" TEXT NOT NULL,
    "country" TEXT,
    "province" TEXT NOT NULL,
    "district" TEXT,
    "victimCount" INTEGER,
    "victimAgeGroup" TEXT NOT NULL,
    "immediateDanger" BOOLEAN NOT NULL,
    "language" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "descriptionCipher" TEXT NOT NULL,
    "suspectsCipher" TEXT,
    "contactCipher" TEXT,
    "jurisdiction" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "unitCode" TEXT,
    "routingReasons" TEXT NOT NULL,
    "alsoNotify" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL,
    "priority" TEXT NOT NULL DEFAULT 'normal',
    "priorityRank" INTEGER NOT NULL DEFAULT 2,
    "status" TEXT NOT NULL DEFAULT 'new',
    "closeOutcome" TEXT,
    "acknowledgedAt" DATETIME,
    "assignedToId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Tip_agencyCode_fkey" FOREIGN KEY ("agencyCode") REFERENCES "Agency" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Tip_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "AgencyUnit" ("code") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Tip_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "StaffUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Tip" ("agencyCode", "alsoNotify", "category", "channel", "contactCipher", "country", "createdAt", "crossesBorder", "descriptionCipher", "district", "id", "immediateDanger", "jurisdiction", "language", "province", "receiptHash", "reference", "routingReasons", "status", "suspectsCipher", "unitCode", "updatedAt", "urgent", "victimAgeGroup", "victimCount") SELECT "agencyCode", "alsoNotify", "category", "channel", "contactCipher", "country", "createdAt", "crossesBorder", "descriptionCipher", "district", "id", "immediateDanger", "jurisdiction", "language", "province", "receiptHash", "reference", "routingReasons", "status", "suspectsCipher", "unitCode", "updatedAt", "urgent", "victimAgeGroup", "victimCount" FROM "Tip";
DROP TABLE "Tip";
ALTER TABLE "new_Tip" RENAME TO "Tip";
CREATE UNIQUE INDEX "Tip_reference_key" ON "Tip"("reference");
CREATE UNIQUE INDEX "Tip_receiptHash_key" ON "Tip"("receiptHash");
CREATE INDEX "Tip_agencyCode_status_createdAt_idx" ON "Tip"("agencyCode", "status", "createdAt");
CREATE INDEX "Tip_agencyCode_createdAt_idx" ON "Tip"("agencyCode", "createdAt");
CREATE INDEX "Tip_agencyCode_priorityRank_createdAt_idx" ON "Tip"("agencyCode", "priorityRank", "createdAt");
CREATE INDEX "Tip_status_createdAt_idx" ON "Tip"("status", "createdAt");
CREATE INDEX "Tip_assignedToId_idx" ON "Tip"("assignedToId");
CREATE INDEX "Tip_createdAt_idx" ON "Tip"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "TipNote_tipId_createdAt_idx" ON "TipNote"("tipId", "createdAt");

-- CreateIndex
CREATE INDEX "TipIdentifier_keyHash_idx" ON "TipIdentifier"("keyHash");

-- CreateIndex
CREATE UNIQUE INDEX "TipIdentifier_tipId_kind_keyHash_key" ON "TipIdentifier"("tipId", "kind", "keyHash");

-- CreateIndex
CREATE UNIQUE INDEX "StaffUser_email_key" ON "StaffUser"("email");

-- CreateIndex
CREATE INDEX "StaffUser_agencyCode_idx" ON "StaffUser"("agencyCode");

-- CreateIndex
CREATE INDEX "StaffSession_userId_idx" ON "StaffSession"("userId");

-- CreateIndex
CREATE INDEX "StaffRecoveryCode_userId_idx" ON "StaffRecoveryCode"("userId");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_tipId_at_idx" ON "AuditEntry"("tipId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_staffUserId_at_idx" ON "AuditEntry"("staffUserId", "at");
