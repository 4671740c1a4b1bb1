-- CreateTable
CREATE TABLE "EndedReporterLink" (
    "idHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EndedReporterLink_pkey" PRIMARY KEY ("idHash")
);

-- CreateIndex
CREATE INDEX "EndedReporterLink_expiresAt_idx" ON "EndedReporterLink"("expiresAt");
