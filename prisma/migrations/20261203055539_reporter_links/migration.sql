-- CreateTable
CREATE TABLE "EndedReporterLink" (
    "idHash" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReporterLinkKey" (
    "epoch" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "secret" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "EndedReporterLink_expiresAt_idx" ON "EndedReporterLink"("expiresAt");
