-- CreateEnum
CREATE TYPE "SampleSizeMethod" AS ENUM ('estimate', 'discovery', 'change', 'fixed');

-- CreateEnum
CREATE TYPE "AuditStatus" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "SampledItemStatus" AS ENUM ('pending', 'needs_adjudication', 'gold', 'skipped');

-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('assigned', 'submitted', 'skipped');

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "redaction" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "AuditPlan" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "stratifyBy" TEXT NOT NULL DEFAULT 'taskType',
    "method" "SampleSizeMethod" NOT NULL,
    "methodParams" JSONB NOT NULL,
    "allocation" TEXT NOT NULL DEFAULT 'proportional',
    "oversampleFactor" DOUBLE PRECISION,
    "strata" JSONB NOT NULL DEFAULT '[]',
    "overlapShare" DOUBLE PRECISION NOT NULL DEFAULT 0.2,
    "overlapReviewers" INTEGER NOT NULL DEFAULT 2,
    "dueDays" INTEGER NOT NULL DEFAULT 5,
    "graceHours" INTEGER NOT NULL DEFAULT 24,
    "autoDraw" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Audit" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "week" TEXT NOT NULL,
    "weekStart" TIMESTAMPTZ(3) NOT NULL,
    "weekEnd" TIMESTAMPTZ(3) NOT NULL,
    "partial" BOOLEAN NOT NULL DEFAULT false,
    "seed" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "strata" JSONB NOT NULL,
    "population" INTEGER NOT NULL,
    "sampleSize" INTEGER NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "AuditStatus" NOT NULL DEFAULT 'open',
    "drawnAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "drawnById" TEXT,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Audit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SampledItem" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "auditId" TEXT NOT NULL,
    "outputId" UUID NOT NULL,
    "stratum" TEXT NOT NULL,
    "inclusionProbability" DOUBLE PRECISION NOT NULL,
    "sampleKey" TEXT NOT NULL,
    "reviewersWanted" INTEGER NOT NULL DEFAULT 1,
    "status" "SampledItemStatus" NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SampledItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rubric" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "dimensions" JSONB NOT NULL,
    "guidelines" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Rubric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "sampledItemId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'assigned',
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "assignedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" TIMESTAMPTZ(3),
    "submittedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Label" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "sampledItemId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "rubricId" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "timeSpentMs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Label_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabelRevision" (
    "id" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "editorId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabelRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoldLabel" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "sampledItemId" TEXT NOT NULL,
    "rubricId" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "adjudicatorId" TEXT,
    "rationale" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GoldLabel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditPlan_projectId_version_key" ON "AuditPlan"("projectId", "version");

-- CreateIndex
CREATE INDEX "Audit_projectId_weekStart_idx" ON "Audit"("projectId", "weekStart");

-- CreateIndex
CREATE UNIQUE INDEX "Audit_projectId_week_key" ON "Audit"("projectId", "week");

-- CreateIndex
CREATE INDEX "SampledItem_projectId_auditId_status_idx" ON "SampledItem"("projectId", "auditId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SampledItem_auditId_outputId_key" ON "SampledItem"("auditId", "outputId");

-- CreateIndex
CREATE UNIQUE INDEX "Rubric_projectId_version_key" ON "Rubric"("projectId", "version");

-- CreateIndex
CREATE INDEX "Assignment_projectId_reviewerId_status_idx" ON "Assignment"("projectId", "reviewerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_sampledItemId_reviewerId_key" ON "Assignment"("sampledItemId", "reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "Label_assignmentId_key" ON "Label"("assignmentId");

-- CreateIndex
CREATE INDEX "Label_projectId_sampledItemId_idx" ON "Label"("projectId", "sampledItemId");

-- CreateIndex
CREATE INDEX "LabelRevision_labelId_idx" ON "LabelRevision"("labelId");

-- CreateIndex
CREATE UNIQUE INDEX "GoldLabel_sampledItemId_key" ON "GoldLabel"("sampledItemId");

-- CreateIndex
CREATE INDEX "GoldLabel_projectId_idx" ON "GoldLabel"("projectId");

-- AddForeignKey
ALTER TABLE "AuditPlan" ADD CONSTRAINT "AuditPlan_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Audit" ADD CONSTRAINT "Audit_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Audit" ADD CONSTRAINT "Audit_planId_fkey" FOREIGN KEY ("planId") REFERENCES "AuditPlan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SampledItem" ADD CONSTRAINT "SampledItem_auditId_fkey" FOREIGN KEY ("auditId") REFERENCES "Audit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SampledItem" ADD CONSTRAINT "SampledItem_outputId_fkey" FOREIGN KEY ("outputId") REFERENCES "LoggedOutput"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rubric" ADD CONSTRAINT "Rubric_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_sampledItemId_fkey" FOREIGN KEY ("sampledItemId") REFERENCES "SampledItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_sampledItemId_fkey" FOREIGN KEY ("sampledItemId") REFERENCES "SampledItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_rubricId_fkey" FOREIGN KEY ("rubricId") REFERENCES "Rubric"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelRevision" ADD CONSTRAINT "LabelRevision_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoldLabel" ADD CONSTRAINT "GoldLabel_sampledItemId_fkey" FOREIGN KEY ("sampledItemId") REFERENCES "SampledItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoldLabel" ADD CONSTRAINT "GoldLabel_rubricId_fkey" FOREIGN KEY ("rubricId") REFERENCES "Rubric"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
