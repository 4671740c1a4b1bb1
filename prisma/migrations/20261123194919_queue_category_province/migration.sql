-- CreateIndex
CREATE INDEX "Tip_category_province_createdAt_idx" ON "Tip"("category", "province", "createdAt");
