-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "alertEmail" TEXT;

-- AlterTable
ALTER TABLE "AgencyUnit" ADD COLUMN     "alertEmail" TEXT;

-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN     "alertAssigned" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "alertLanguage" TEXT NOT NULL DEFAULT 'ur',
ADD COLUMN     "alertMessages" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "alertUrgent" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "AlertOutbox" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tipId" TEXT NOT NULL,
    "caseReference" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "unitCode" TEXT,
    "staffUserId" TEXT,
    "toAddress" TEXT,
    "language" TEXT NOT NULL DEFAULT 'both',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TipEscalationAlert" (
    "tipId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TipEscalationAlert_pkey" PRIMARY KEY ("tipId","stage","level")
);

-- CreateIndex
CREATE INDEX "AlertOutbox_sentAt_nextAttemptAt_idx" ON "AlertOutbox"("sentAt", "nextAttemptAt");
