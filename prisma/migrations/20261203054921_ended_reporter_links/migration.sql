-- CreateTable
CREATE TABLE "EndedReporterLink" (
    "idHash" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "EndedReporterLink_expiresAt_idx" ON "EndedReporterLink"("expiresAt");
