-- CreateTable
CREATE TABLE "SmsOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tipId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    CONSTRAINT "SmsOutbox_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SmsOutbox_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "TipMessage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SmsOutbox_messageId_key" ON "SmsOutbox"("messageId");

-- CreateIndex
CREATE INDEX "SmsOutbox_sentAt_createdAt_idx" ON "SmsOutbox"("sentAt", "createdAt");

-- CreateIndex
CREATE INDEX "SmsOutbox_tipId_idx" ON "SmsOutbox"("tipId");
