-- CreateEnum
CREATE TYPE "ReviewFlagKind" AS ENUM ('skip', 'flag');

-- CreateTable
CREATE TABLE "ReviewFlag" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "sampledItemId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "kind" "ReviewFlagKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedById" TEXT,

    CONSTRAINT "ReviewFlag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReviewFlag_projectId_resolvedAt_idx" ON "ReviewFlag"("projectId", "resolvedAt");

-- CreateIndex
CREATE INDEX "ReviewFlag_sampledItemId_idx" ON "ReviewFlag"("sampledItemId");

-- AddForeignKey
ALTER TABLE "ReviewFlag" ADD CONSTRAINT "ReviewFlag_sampledItemId_fkey" FOREIGN KEY ("sampledItemId") REFERENCES "SampledItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;
