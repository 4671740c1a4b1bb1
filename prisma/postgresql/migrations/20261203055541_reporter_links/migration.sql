-- CreateTable
CREATE TABLE "EndedReporterLink" (
    "idHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EndedReporterLink_pkey" PRIMARY KEY ("idHash")
);

-- CreateTable
CREATE TABLE "ReporterLinkKey" (
    "epoch" INTEGER NOT NULL,
    "secret" TEXT NOT NULL,

    CONSTRAINT "ReporterLinkKey_pkey" PRIMARY KEY ("epoch")
);

-- CreateIndex
CREATE INDEX "EndedReporterLink_expiresAt_idx" ON "EndedReporterLink"("expiresAt");
