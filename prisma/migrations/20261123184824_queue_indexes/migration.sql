-- CreateIndex
CREATE INDEX "Tip_category_createdAt_idx" ON "Tip"("category", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_province_createdAt_idx" ON "Tip"("province", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_priority_status_createdAt_idx" ON "Tip"("priority", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Tip_agencyCode_priority_status_createdAt_idx" ON "Tip"("agencyCode", "priority", "status", "createdAt");
