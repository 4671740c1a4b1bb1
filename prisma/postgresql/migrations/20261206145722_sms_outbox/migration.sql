-- CreateTable
CREATE TABLE "SmsOutbox" (
    "id" TEXT NOT NULL,
    "tipId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "SmsOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SmsOutbox_messageId_key" ON "SmsOutbox"("messageId");

-- CreateIndex
CREATE INDEX "SmsOutbox_sentAt_createdAt_idx" ON "SmsOutbox"("sentAt", "createdAt");

-- CreateIndex
CREATE INDEX "SmsOutbox_tipId_idx" ON "SmsOutbox"("tipId");

-- AddForeignKey
ALTER TABLE "SmsOutbox" ADD CONSTRAINT "SmsOutbox_tipId_fkey" FOREIGN KEY ("tipId") REFERENCES "Tip"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmsOutbox" ADD CONSTRAINT "SmsOutbox_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "TipMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
