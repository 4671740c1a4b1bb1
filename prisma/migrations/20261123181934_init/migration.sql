-- CreateTable
CREATE TABLE "Agency" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameUr" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AgencyUnit" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "agencyCode" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameUr" TEXT NOT NULL,
    CONSTRAINT "AgencyUnit_agencyCode_fkey" FOREIGN KEY ("agencyCode") REFERENCES "Agency" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReferenceCounter" (
    "year" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "value" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Tip" (
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
    "status" TEXT NOT NULL DEFAULT 'new',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Tip_agencyCode_fkey" FOREIGN KEY ("agencyCode") REFERENCES "Agency" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Tip_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "AgencyUnit" ("code") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TipEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tipId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TipEvent_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TipMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tipId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "bodyCipher" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TipMessage_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
CREATE INDEX "Tip_createdAt_idx" ON "Tip"("createdAt");

-- CreateIndex
CREATE INDEX "TipEvent_tipId_createdAt_idx" ON "TipEvent"("tipId", "createdAt");

-- CreateIndex
CREATE INDEX "TipMessage_tipId_createdAt_idx" ON "TipMessage"("tipId", "createdAt");
