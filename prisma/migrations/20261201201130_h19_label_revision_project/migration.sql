-- Issue 19: a label revision names its project and reaches its label through (projectId, id), as
-- the other child tables do since h19_project_composite_keys(_rest). Existing revisions take their
-- label's project; the column is NOT NULL only once every row has it.

-- DropForeignKey
ALTER TABLE "LabelRevision" DROP CONSTRAINT "LabelRevision_labelId_fkey";

-- AlterTable
ALTER TABLE "LabelRevision" ADD COLUMN     "projectId" TEXT;

-- Backfill
UPDATE "LabelRevision" r SET "projectId" = l."projectId" FROM "Label" l WHERE l.id = r."labelId";

-- AlterTable
ALTER TABLE "LabelRevision" ALTER COLUMN "projectId" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Label_projectId_id_key" ON "Label"("projectId", "id");

-- AddForeignKey
ALTER TABLE "LabelRevision" ADD CONSTRAINT "LabelRevision_projectId_labelId_fkey" FOREIGN KEY ("projectId", "labelId") REFERENCES "Label"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
