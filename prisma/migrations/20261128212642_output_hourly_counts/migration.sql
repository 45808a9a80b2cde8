-- CreateTable
CREATE TABLE "OutputHourlyCount" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "taskType" TEXT NOT NULL,
    "outputs" INTEGER NOT NULL,

    CONSTRAINT "OutputHourlyCount_pkey" PRIMARY KEY ("projectId","hour","taskType")
);

-- AddForeignKey
ALTER TABLE "OutputHourlyCount" ADD CONSTRAINT "OutputHourlyCount_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hours are UTC buckets (date_bin, independent of the session time zone). A week in any time
-- zone is whole hours plus at most two partial hours at its edges, which the draw counts exactly.
CREATE FUNCTION assay_output_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted so that concurrent ingest batches lock the counter rows in the same order (no deadlock).
  INSERT INTO "OutputHourlyCount" ("projectId", "hour", "taskType", "outputs")
  SELECT a."projectId", date_bin('1 hour', a."timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00'), coalesce(a."taskType", ''), count(*)
    FROM added a
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3
  ON CONFLICT ("projectId", "hour", "taskType") DO UPDATE SET "outputs" = "OutputHourlyCount"."outputs" + excluded."outputs";
  RETURN NULL;
END $$;

-- Only ever decrements: a project's cascade delete may have removed the counter rows already.
CREATE FUNCTION assay_output_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "OutputHourlyCount" c
     SET "outputs" = c."outputs" - r.n
    FROM (SELECT d."projectId", date_bin('1 hour', d."timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour, coalesce(d."taskType", '') AS "taskType", count(*)::int AS n
            FROM removed d
           GROUP BY 1, 2, 3
           ORDER BY 1, 2, 3) r
   WHERE c."projectId" = r."projectId" AND c."hour" = r.hour AND c."taskType" = r."taskType";
  RETURN NULL;
END $$;

CREATE TRIGGER "LoggedOutput_counts_insert" AFTER INSERT ON "LoggedOutput"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION assay_output_counts_add();
CREATE TRIGGER "LoggedOutput_counts_delete" AFTER DELETE ON "LoggedOutput"
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION assay_output_counts_remove();
-- Outputs are never edited after ingest; should one be, its old and new buckets are both kept right.
CREATE TRIGGER "LoggedOutput_counts_update_old" AFTER UPDATE ON "LoggedOutput"
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION assay_output_counts_remove();
CREATE TRIGGER "LoggedOutput_counts_update_new" AFTER UPDATE ON "LoggedOutput"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION assay_output_counts_add();

-- Outputs already logged before this migration.
INSERT INTO "OutputHourlyCount" ("projectId", "hour", "taskType", "outputs")
SELECT "projectId", date_bin('1 hour', "timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00'), coalesce("taskType", ''), count(*)
  FROM "LoggedOutput"
 GROUP BY 1, 2, 3;
