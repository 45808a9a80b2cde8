-- CreateEnum
CREATE TYPE "IncidentKind" AS ENUM ('harm', 'near_miss', 'boundary_violation');

-- CreateEnum
CREATE TYPE "IncidentSeverity" AS ENUM ('S1', 'S2', 'S3', 'S4');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'triaged', 'mitigated', 'closed');

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" "IncidentKind" NOT NULL,
    "severity" "IncidentSeverity" NOT NULL,
    "category" TEXT NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "ownerId" TEXT,
    "source" TEXT NOT NULL,
    "reportedVia" TEXT,
    "openedByLabelId" TEXT,
    "openedByReviewerId" TEXT,
    "createdById" TEXT,
    "detectedAt" TIMESTAMPTZ(3) NOT NULL,
    "mitigatedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "rootCause" TEXT,
    "resolution" TEXT,
    "closeReason" TEXT,
    "closeProposal" JSONB,
    "followUpOfId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentOutput" (
    "incidentId" TEXT NOT NULL,
    "outputId" UUID NOT NULL,
    "projectId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentOutput_pkey" PRIMARY KEY ("incidentId","outputId")
);

-- CreateTable
CREATE TABLE "IncidentLabel" (
    "incidentId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "sampledItemId" TEXT NOT NULL,
    "reviewerId" TEXT,
    "labelKind" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentLabel_pkey" PRIMARY KEY ("incidentId","labelId")
);

-- CreateTable
CREATE TABLE "IncidentTimelineEntry" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "changes" JSONB,
    "comment" TEXT,
    "mentionedUserIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "reviewEventId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentTimelineEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentReviewEventReceipt" (
    "eventId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "processedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentReviewEventReceipt_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "IncidentSettings" (
    "projectId" TEXT NOT NULL,
    "slaHours" JSONB NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IncidentSettings_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "MonthlyReviewSignOff" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "signedById" TEXT NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notes" TEXT NOT NULL DEFAULT '',
    "actionItems" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "figures" JSONB NOT NULL,

    CONSTRAINT "MonthlyReviewSignOff_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Incident_projectId_detectedAt_idx" ON "Incident"("projectId", "detectedAt");

-- CreateIndex
CREATE INDEX "Incident_projectId_status_idx" ON "Incident"("projectId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_projectId_number_key" ON "Incident"("projectId", "number");

-- CreateIndex
CREATE INDEX "IncidentOutput_projectId_outputId_idx" ON "IncidentOutput"("projectId", "outputId");

-- CreateIndex
CREATE INDEX "IncidentLabel_projectId_reviewerId_idx" ON "IncidentLabel"("projectId", "reviewerId");

-- CreateIndex
CREATE INDEX "IncidentTimelineEntry_incidentId_createdAt_idx" ON "IncidentTimelineEntry"("incidentId", "createdAt");

-- CreateIndex
CREATE INDEX "IncidentTimelineEntry_projectId_idx" ON "IncidentTimelineEntry"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyReviewSignOff_projectId_month_key" ON "MonthlyReviewSignOff"("projectId", "month");

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentOutput" ADD CONSTRAINT "IncidentOutput_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentOutput" ADD CONSTRAINT "IncidentOutput_outputId_fkey" FOREIGN KEY ("outputId") REFERENCES "LoggedOutput"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentLabel" ADD CONSTRAINT "IncidentLabel_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentTimelineEntry" ADD CONSTRAINT "IncidentTimelineEntry_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentSettings" ADD CONSTRAINT "IncidentSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonthlyReviewSignOff" ADD CONSTRAINT "MonthlyReviewSignOff_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
