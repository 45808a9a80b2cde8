-- DropForeignKey
ALTER TABLE "AuditResultSnapshot" DROP CONSTRAINT "AuditResultSnapshot_auditId_fkey";

-- DropForeignKey
ALTER TABLE "AuditStatusChange" DROP CONSTRAINT "AuditStatusChange_auditId_fkey";

-- DropForeignKey
ALTER TABLE "DatasetExport" DROP CONSTRAINT "DatasetExport_versionId_fkey";

-- DropForeignKey
ALTER TABLE "DatasetRow" DROP CONSTRAINT "DatasetRow_versionId_fkey";

-- DropForeignKey
ALTER TABLE "GoldLabelVersion" DROP CONSTRAINT "GoldLabelVersion_sampledItemId_fkey";

-- DropForeignKey
ALTER TABLE "IncidentLabel" DROP CONSTRAINT "IncidentLabel_incidentId_fkey";

-- DropForeignKey
ALTER TABLE "IncidentTimelineEntry" DROP CONSTRAINT "IncidentTimelineEntry_incidentId_fkey";

-- DropForeignKey
ALTER TABLE "ReviewEvent" DROP CONSTRAINT "ReviewEvent_sampledItemId_fkey";

-- DropForeignKey
ALTER TABLE "WebhookDelivery" DROP CONSTRAINT "WebhookDelivery_webhookId_fkey";

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_projectId_id_key" ON "DatasetVersion"("projectId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Webhook_projectId_id_key" ON "Webhook"("projectId", "id");

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_projectId_webhookId_fkey" FOREIGN KEY ("projectId", "webhookId") REFERENCES "Webhook"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditStatusChange" ADD CONSTRAINT "AuditStatusChange_projectId_auditId_fkey" FOREIGN KEY ("projectId", "auditId") REFERENCES "Audit"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoldLabelVersion" ADD CONSTRAINT "GoldLabelVersion_projectId_sampledItemId_fkey" FOREIGN KEY ("projectId", "sampledItemId") REFERENCES "SampledItem"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewEvent" ADD CONSTRAINT "ReviewEvent_projectId_sampledItemId_fkey" FOREIGN KEY ("projectId", "sampledItemId") REFERENCES "SampledItem"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentLabel" ADD CONSTRAINT "IncidentLabel_projectId_incidentId_fkey" FOREIGN KEY ("projectId", "incidentId") REFERENCES "Incident"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentTimelineEntry" ADD CONSTRAINT "IncidentTimelineEntry_projectId_incidentId_fkey" FOREIGN KEY ("projectId", "incidentId") REFERENCES "Incident"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetRow" ADD CONSTRAINT "DatasetRow_projectId_versionId_fkey" FOREIGN KEY ("projectId", "versionId") REFERENCES "DatasetVersion"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetExport" ADD CONSTRAINT "DatasetExport_projectId_versionId_fkey" FOREIGN KEY ("projectId", "versionId") REFERENCES "DatasetVersion"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditResultSnapshot" ADD CONSTRAINT "AuditResultSnapshot_projectId_auditId_fkey" FOREIGN KEY ("projectId", "auditId") REFERENCES "Audit"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
