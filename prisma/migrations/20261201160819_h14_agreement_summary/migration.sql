-- The agreement page's pre-grouped labels (decision 039). Empty at first: an audit is built from its
-- labels on the first read of its agreement page (AgreementAudit marks it), then kept by events.

-- CreateTable
CREATE TABLE "AgreementItem" (
    "projectId" TEXT NOT NULL,
    "sampledItemId" TEXT NOT NULL,
    "auditId" TEXT NOT NULL,
    "entries" TEXT[],

    CONSTRAINT "AgreementItem_pkey" PRIMARY KEY ("projectId","sampledItemId")
);

-- CreateTable
CREATE TABLE "AgreementCount" (
    "projectId" TEXT NOT NULL,
    "auditId" TEXT NOT NULL,
    "entry" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "AgreementCount_pkey" PRIMARY KEY ("projectId","auditId","entry")
);

-- CreateTable
CREATE TABLE "AgreementTime" (
    "sampledItemId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "auditId" TEXT NOT NULL,
    "timeSpentMs" INTEGER NOT NULL,

    CONSTRAINT "AgreementTime_pkey" PRIMARY KEY ("projectId","sampledItemId","reviewerId")
);

-- CreateTable
CREATE TABLE "AgreementAudit" (
    "projectId" TEXT NOT NULL,
    "auditId" TEXT NOT NULL,
    "builtAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AgreementAudit_pkey" PRIMARY KEY ("projectId","auditId")
);

-- CreateIndex
CREATE INDEX "AgreementItem_projectId_auditId_idx" ON "AgreementItem"("projectId", "auditId");

-- CreateIndex
CREATE INDEX "AgreementTime_projectId_auditId_reviewerId_timeSpentMs_idx" ON "AgreementTime"("projectId", "auditId", "reviewerId", "timeSpentMs");

-- AddForeignKey
ALTER TABLE "AgreementItem" ADD CONSTRAINT "AgreementItem_projectId_sampledItemId_fkey" FOREIGN KEY ("projectId", "sampledItemId") REFERENCES "SampledItem"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementCount" ADD CONSTRAINT "AgreementCount_projectId_auditId_fkey" FOREIGN KEY ("projectId", "auditId") REFERENCES "Audit"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementTime" ADD CONSTRAINT "AgreementTime_projectId_sampledItemId_fkey" FOREIGN KEY ("projectId", "sampledItemId") REFERENCES "SampledItem"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementAudit" ADD CONSTRAINT "AgreementAudit_projectId_auditId_fkey" FOREIGN KEY ("projectId", "auditId") REFERENCES "Audit"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
