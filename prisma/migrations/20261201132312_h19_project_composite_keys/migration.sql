-- DropForeignKey
ALTER TABLE "Assignment" DROP CONSTRAINT "Assignment_sampledItemId_fkey";

-- DropForeignKey
ALTER TABLE "Audit" DROP CONSTRAINT "Audit_planId_fkey";

-- DropForeignKey
ALTER TABLE "DatasetVersion" DROP CONSTRAINT "DatasetVersion_datasetId_fkey";

-- DropForeignKey
ALTER TABLE "GoldLabel" DROP CONSTRAINT "GoldLabel_rubricId_fkey";

-- DropForeignKey
ALTER TABLE "GoldLabel" DROP CONSTRAINT "GoldLabel_sampledItemId_fkey";

-- DropForeignKey
ALTER TABLE "IncidentOutput" DROP CONSTRAINT "IncidentOutput_incidentId_fkey";

-- DropForeignKey
ALTER TABLE "IncidentOutput" DROP CONSTRAINT "IncidentOutput_outputId_fkey";

-- DropForeignKey
ALTER TABLE "Label" DROP CONSTRAINT "Label_assignmentId_fkey";

-- DropForeignKey
ALTER TABLE "Label" DROP CONSTRAINT "Label_rubricId_fkey";

-- DropForeignKey
ALTER TABLE "Label" DROP CONSTRAINT "Label_sampledItemId_fkey";

-- DropForeignKey
ALTER TABLE "ReviewFlag" DROP CONSTRAINT "ReviewFlag_sampledItemId_fkey";

-- DropForeignKey
ALTER TABLE "SampledItem" DROP CONSTRAINT "SampledItem_auditId_fkey";

-- DropForeignKey
ALTER TABLE "SampledItem" DROP CONSTRAINT "SampledItem_outputId_fkey";

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_projectId_id_key" ON "Assignment"("projectId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Audit_projectId_id_key" ON "Audit"("projectId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AuditPlan_projectId_id_key" ON "AuditPlan"("projectId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_projectId_id_key" ON "Dataset"("projectId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "GoldLabel_projectId_sampledItemId_key" ON "GoldLabel"("projectId", "sampledItemId");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_projectId_id_key" ON "Incident"("projectId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Label_projectId_assignmentId_key" ON "Label"("projectId", "assignmentId");

-- CreateIndex
CREATE UNIQUE INDEX "LoggedOutput_projectId_id_key" ON "LoggedOutput"("projectId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Rubric_projectId_id_key" ON "Rubric"("projectId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "SampledItem_projectId_id_key" ON "SampledItem"("projectId", "id");

-- AddForeignKey
ALTER TABLE "Audit" ADD CONSTRAINT "Audit_projectId_planId_fkey" FOREIGN KEY ("projectId", "planId") REFERENCES "AuditPlan"("projectId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SampledItem" ADD CONSTRAINT "SampledItem_projectId_auditId_fkey" FOREIGN KEY ("projectId", "auditId") REFERENCES "Audit"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SampledItem" ADD CONSTRAINT "SampledItem_projectId_outputId_fkey" FOREIGN KEY ("projectId", "outputId") REFERENCES "LoggedOutput"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_projectId_sampledItemId_fkey" FOREIGN KEY ("projectId", "sampledItemId") REFERENCES "SampledItem"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_projectId_sampledItemId_fkey" FOREIGN KEY ("projectId", "sampledItemId") REFERENCES "SampledItem"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_projectId_assignmentId_fkey" FOREIGN KEY ("projectId", "assignmentId") REFERENCES "Assignment"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_projectId_rubricId_fkey" FOREIGN KEY ("projectId", "rubricId") REFERENCES "Rubric"("projectId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoldLabel" ADD CONSTRAINT "GoldLabel_projectId_sampledItemId_fkey" FOREIGN KEY ("projectId", "sampledItemId") REFERENCES "SampledItem"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoldLabel" ADD CONSTRAINT "GoldLabel_projectId_rubricId_fkey" FOREIGN KEY ("projectId", "rubricId") REFERENCES "Rubric"("projectId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewFlag" ADD CONSTRAINT "ReviewFlag_projectId_sampledItemId_fkey" FOREIGN KEY ("projectId", "sampledItemId") REFERENCES "SampledItem"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentOutput" ADD CONSTRAINT "IncidentOutput_projectId_incidentId_fkey" FOREIGN KEY ("projectId", "incidentId") REFERENCES "Incident"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentOutput" ADD CONSTRAINT "IncidentOutput_projectId_outputId_fkey" FOREIGN KEY ("projectId", "outputId") REFERENCES "LoggedOutput"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetVersion" ADD CONSTRAINT "DatasetVersion_projectId_datasetId_fkey" FOREIGN KEY ("projectId", "datasetId") REFERENCES "Dataset"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
