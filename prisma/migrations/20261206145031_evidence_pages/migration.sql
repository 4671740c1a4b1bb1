-- CreateTable
CREATE TABLE "EvidencePage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tipId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "page" INTEGER NOT NULL,
    "fileType" TEXT NOT NULL,
    "pageCount" INTEGER NOT NULL,
    "imageType" TEXT NOT NULL,
    "paddedBytes" INTEGER NOT NULL,
    "cipher" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "EvidencePage_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "EvidencePage_tipId_position_page_key" ON "EvidencePage"("tipId", "position", "page");
