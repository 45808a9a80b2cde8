-- AlterTable
ALTER TABLE "Audit" ADD COLUMN     "toppedUpAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "AuditStatusChange" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "auditId" TEXT NOT NULL,
    "fromStatus" "AuditStatus" NOT NULL,
    "toStatus" "AuditStatus" NOT NULL,
    "actorId" TEXT,
    "reason" TEXT,
    "openItems" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditStatusChange_projectId_auditId_createdAt_idx" ON "AuditStatusChange"("projectId", "auditId", "createdAt");

-- AddForeignKey
ALTER TABLE "AuditStatusChange" ADD CONSTRAINT "AuditStatusChange_auditId_fkey" FOREIGN KEY ("auditId") REFERENCES "Audit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
