-- CreateTable
CREATE TABLE "ProjectAnalysisSettings" (
    "projectId" TEXT NOT NULL,
    "judgeMappings" JSONB NOT NULL DEFAULT '[]',
    "cohortKey" TEXT,
    "cohortBaseline" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProjectAnalysisSettings_pkey" PRIMARY KEY ("projectId")
);

-- AddForeignKey
ALTER TABLE "ProjectAnalysisSettings" ADD CONSTRAINT "ProjectAnalysisSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
