-- CreateTable
CREATE TABLE "GoldLabelVersion" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "projectId" TEXT NOT NULL,
    "sampledItemId" TEXT NOT NULL,
    "rubricId" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "decidedById" TEXT,
    "rationale" TEXT,
    "withdrawn" BOOLEAN NOT NULL DEFAULT false,
    "isCurrent" BOOLEAN NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL,
    "supersededAt" TIMESTAMPTZ(3),

    CONSTRAINT "GoldLabelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewEvent" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "auditId" TEXT NOT NULL,
    "sampledItemId" TEXT NOT NULL,
    "outputId" TEXT NOT NULL,
    "labelId" TEXT,
    "reviewerId" TEXT,
    "goldLabelId" TEXT,
    "goldSource" TEXT,
    "rubricId" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "actorId" TEXT,
    "rationale" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "processedAt" TIMESTAMPTZ(3),
    "lockedUntil" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "ReviewEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GoldLabelVersion_projectId_sampledItemId_seq_idx" ON "GoldLabelVersion"("projectId", "sampledItemId", "seq");

-- CreateIndex
CREATE INDEX "ReviewEvent_processedAt_createdAt_idx" ON "ReviewEvent"("processedAt", "createdAt");

-- CreateIndex
CREATE INDEX "ReviewEvent_projectId_sampledItemId_idx" ON "ReviewEvent"("projectId", "sampledItemId");

-- AddForeignKey
ALTER TABLE "GoldLabelVersion" ADD CONSTRAINT "GoldLabelVersion_sampledItemId_fkey" FOREIGN KEY ("sampledItemId") REFERENCES "SampledItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewEvent" ADD CONSTRAINT "ReviewEvent_sampledItemId_fkey" FOREIGN KEY ("sampledItemId") REFERENCES "SampledItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- History starts with the gold labels there are: each becomes its item's current version.
INSERT INTO "GoldLabelVersion" ("id", "projectId", "sampledItemId", "rubricId", "values", "source", "decidedById", "rationale", "withdrawn", "isCurrent", "decidedAt")
SELECT 'v' || g."id", g."projectId", g."sampledItemId", g."rubricId", g."values", g."source", g."adjudicatorId", g."rationale", false, true, g."createdAt"
  FROM "GoldLabel" g ORDER BY g."createdAt";
