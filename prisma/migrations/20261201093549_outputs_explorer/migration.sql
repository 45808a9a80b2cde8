-- CreateIndex
CREATE INDEX "LoggedOutput_projectId_latencyMs_id_idx" ON "LoggedOutput"("projectId", "latencyMs", "id");

-- CreateIndex
CREATE INDEX "LoggedOutput_projectId_costUsd_id_idx" ON "LoggedOutput"("projectId", "costUsd", "id");

-- CreateIndex
CREATE INDEX "SampledItem_outputId_idx" ON "SampledItem"("outputId");
