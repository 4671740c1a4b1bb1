-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Agency" (
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameUr" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "AgencyUnit" (
    "code" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameUr" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AgencyUnit_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "FiaUnitRoute" (
    "placeKind" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,

    CONSTRAINT "FiaUnitRoute_pkey" PRIMARY KEY ("placeKind","place")
);

-- CreateTable
CREATE TABLE "Helpline" (
    "id" TEXT NOT NULL,
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Helpline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferenceCounter" (
    "year" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "ReferenceCounter_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Tip" (
    "id" TEXT NOT NULL,
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
    "closedAt" TIMESTAMP(3),
    "retainUntil" TIMESTAMP(3),
    "reporterSeenAt" TIMESTAMP(3),
    "acknowledgedAt" TIMESTAMP(3),
    "assignedToId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tip_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TipEvent" (
    "id" TEXT NOT NULL,
    "tipId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TipEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TipNote" (
    "id" TEXT NOT NULL,
    "tipId" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "bodyCipher" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TipNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TipIdentifier" (
    "id" TEXT NOT NULL,
    "tipId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,

    CONSTRAINT "TipIdentifier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffUser" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "agencyCode" TEXT,
    "unitCode" TEXT,
    "language" TEXT NOT NULL DEFAULT 'ur',
    "totpSecretCipher" TEXT,
    "totpEnabledAt" TIMESTAMP(3),
    "totpLastStep" INTEGER,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "failedSecondFactors" INTEGER NOT NULL DEFAULT 0,
    "secondFactorPausedUntil" TIMESTAMP(3),

    CONSTRAINT "StaffUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffSession" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffSignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "delayedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffSignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "StaffRecoveryCode" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "StaffRecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "staffUserId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "tipId" TEXT,
    "agencyCode" TEXT,
    "details" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TipMessage" (
    "id" TEXT NOT NULL,
    "tipId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "bodyCipher" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TipMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeletedTip" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "acknowledgedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeletedTip_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "AgencyUnit_agencyCode_idx" ON "AgencyUnit"("agencyCode");

-- CreateIndex
CREATE UNIQUE INDEX "Tip_reference_key" ON "Tip"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Tip_receiptHash_key" ON "Tip"("receiptHash");

-- CreateIndex
CREATE INDEX "Tip_agencyCode_status_createdAt_idx" ON "Tip"("agencyCode", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_agencyCode_createdAt_idx" ON "Tip"("agencyCode", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_agencyCode_priorityRank_createdAt_idx" ON "Tip"("agencyCode", "priorityRank", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_status_createdAt_idx" ON "Tip"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_category_createdAt_idx" ON "Tip"("category", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_category_province_createdAt_idx" ON "Tip"("category", "province", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_province_createdAt_idx" ON "Tip"("province", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_priority_status_createdAt_idx" ON "Tip"("priority", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_agencyCode_priority_status_createdAt_idx" ON "Tip"("agencyCode", "priority", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_assignedToId_idx" ON "Tip"("assignedToId");

-- CreateIndex
CREATE INDEX "Tip_createdAt_idx" ON "Tip"("createdAt");

-- CreateIndex
CREATE INDEX "TipEvent_tipId_createdAt_idx" ON "TipEvent"("tipId", "createdAt");

-- CreateIndex
CREATE INDEX "TipEvent_tipId_seq_idx" ON "TipEvent"("tipId", "seq");

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

-- CreateIndex
CREATE INDEX "TipMessage_tipId_createdAt_idx" ON "TipMessage"("tipId", "createdAt");

-- CreateIndex
CREATE INDEX "TipMessage_tipId_seq_idx" ON "TipMessage"("tipId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "DeletedTip_reference_key" ON "DeletedTip"("reference");

-- CreateIndex
CREATE INDEX "DeletedTip_agencyCode_unitCode_idx" ON "DeletedTip"("agencyCode", "unitCode");

-- AddForeignKey
ALTER TABLE "AgencyUnit" ADD CONSTRAINT "AgencyUnit_agencyCode_fkey" FOREIGN KEY ("agencyCode") REFERENCES "Agency"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FiaUnitRoute" ADD CONSTRAINT "FiaUnitRoute_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "AgencyUnit"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tip" ADD CONSTRAINT "Tip_agencyCode_fkey" FOREIGN KEY ("agencyCode") REFERENCES "Agency"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tip" ADD CONSTRAINT "Tip_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "AgencyUnit"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tip" ADD CONSTRAINT "Tip_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TipEvent" ADD CONSTRAINT "TipEvent_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TipNote" ADD CONSTRAINT "TipNote_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TipNote" ADD CONSTRAINT "TipNote_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TipIdentifier" ADD CONSTRAINT "TipIdentifier_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSession" ADD CONSTRAINT "StaffSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffRecoveryCode" ADD CONSTRAINT "StaffRecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TipMessage" ADD CONSTRAINT "TipMessage_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip"("id") ON DELETE CASCADE ON UPDATE CASCADE;
