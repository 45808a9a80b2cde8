-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "earliestOutputAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;
