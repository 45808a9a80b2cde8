-- CreateTable
CREATE TABLE "AuditResultSnapshot" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "auditId" TEXT NOT NULL,
    "closedAt" TIMESTAMPTZ(3) NOT NULL,
    "rubricId" TEXT NOT NULL,
    "results" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditResultSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditResultSnapshot_projectId_auditId_idx" ON "AuditResultSnapshot"("projectId", "auditId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditResultSnapshot_auditId_closedAt_key" ON "AuditResultSnapshot"("auditId", "closedAt");

-- AddForeignKey
ALTER TABLE "AuditResultSnapshot" ADD CONSTRAINT "AuditResultSnapshot_auditId_fkey" FOREIGN KEY ("auditId") REFERENCES "Audit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
