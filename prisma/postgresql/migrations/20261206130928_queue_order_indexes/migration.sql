-- DropIndex
DROP INDEX "Tip_agencyCode_createdAt_idx";

-- DropIndex
DROP INDEX "Tip_agencyCode_priorityRank_createdAt_idx";

-- DropIndex
DROP INDEX "Tip_agencyCode_status_createdAt_idx";

-- DropIndex
DROP INDEX "Tip_category_createdAt_idx";

-- DropIndex
DROP INDEX "Tip_category_province_createdAt_idx";

-- DropIndex
DROP INDEX "Tip_createdAt_idx";

-- DropIndex
DROP INDEX "Tip_province_createdAt_idx";

-- DropIndex
DROP INDEX "Tip_status_createdAt_idx";

-- CreateIndex
CREATE INDEX "Tip_agencyCode_status_createdAt_reference_idx" ON "Tip"("agencyCode", "status", "createdAt", "reference");

-- CreateIndex
CREATE INDEX "Tip_agencyCode_status_priorityRank_createdAt_reference_idx" ON "Tip"("agencyCode", "status", "priorityRank", "createdAt", "reference");

-- CreateIndex
CREATE INDEX "Tip_agency_queue_idx" ON "Tip"("agencyCode", "createdAt", "reference", "status", "priority", "category", "province", "id");

-- CreateIndex
CREATE INDEX "Tip_unit_queue_idx" ON "Tip"("agencyCode", "unitCode", "createdAt", "reference", "status", "priority", "category", "province", "id");

-- CreateIndex
CREATE INDEX "Tip_agencyCode_priorityRank_createdAt_reference_idx" ON "Tip"("agencyCode", "priorityRank", "createdAt", "reference");

-- CreateIndex
CREATE INDEX "Tip_status_createdAt_reference_idx" ON "Tip"("status", "createdAt", "reference");

-- CreateIndex
CREATE INDEX "Tip_category_createdAt_reference_idx" ON "Tip"("category", "createdAt", "reference");

-- CreateIndex
CREATE INDEX "Tip_category_province_createdAt_reference_idx" ON "Tip"("category", "province", "createdAt", "reference");

-- CreateIndex
CREATE INDEX "Tip_province_createdAt_reference_idx" ON "Tip"("province", "createdAt", "reference");

-- CreateIndex
CREATE INDEX "Tip_all_queue_idx" ON "Tip"("createdAt", "reference", "status", "priority", "category", "province", "id");
