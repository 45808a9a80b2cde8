-- CreateTable
CREATE TABLE "ScorecardWeekCache" (
    "projectId" TEXT NOT NULL,
    "auditId" TEXT NOT NULL,
    "closedAt" TIMESTAMPTZ(3) NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScorecardWeekCache_pkey" PRIMARY KEY ("auditId","closedAt","fingerprint")
);

-- CreateTable
CREATE TABLE "PopulationRevision" (
    "projectId" TEXT NOT NULL,
    "revision" BIGINT NOT NULL,

    CONSTRAINT "PopulationRevision_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "PopulationRangeCache" (
    "projectId" TEXT NOT NULL,
    "rangeStart" TIMESTAMPTZ(3) NOT NULL,
    "rangeEnd" TIMESTAMPTZ(3) NOT NULL,
    "revision" BIGINT NOT NULL,
    "values" JSONB NOT NULL,

    CONSTRAINT "PopulationRangeCache_pkey" PRIMARY KEY ("projectId","rangeStart","rangeEnd")
);

-- CreateIndex
CREATE INDEX "ToolCall_projectId_startedAt_idx" ON "ToolCall"("projectId", "startedAt");

-- CreateIndex
CREATE INDEX "ScorecardWeekCache_projectId_auditId_idx" ON "ScorecardWeekCache"("projectId", "auditId");

-- AddForeignKey
ALTER TABLE "ScorecardWeekCache" ADD CONSTRAINT "ScorecardWeekCache_projectId_auditId_fkey" FOREIGN KEY ("projectId", "auditId") REFERENCES "Audit"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PopulationRangeCache" ADD CONSTRAINT "PopulationRangeCache_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ------------------------------------------------------------------ population revision triggers
-- Decision 040: a finished week's population aggregate is kept in PopulationRangeCache with the
-- project's revision at the time it was read; any write touching an output or tool call older than
-- a day (a late output, a delete, a check backfill) bumps the revision, so every kept range of the
-- project is stale. Ranges are only kept once they ended two days before they were read, so a write
-- that does not bump (rows of the last day) never falls into a kept range. Statement level with
-- transition tables like the rollup triggers; real-time ingest (recent rows) writes nothing here.
CREATE FUNCTION assay_population_revision_outputs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "PopulationRevision" AS r ("projectId", "revision")
  SELECT c."projectId", 1 FROM changed c WHERE c."timestamp" < clock_timestamp() - interval '1 day' GROUP BY 1 ORDER BY 1
  ON CONFLICT ("projectId") DO UPDATE SET "revision" = r."revision" + 1;
  RETURN NULL;
END $$;

CREATE FUNCTION assay_population_revision_tool_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "PopulationRevision" AS r ("projectId", "revision")
  SELECT c."projectId", 1 FROM changed c WHERE c."startedAt" < clock_timestamp() - interval '1 day' GROUP BY 1 ORDER BY 1
  ON CONFLICT ("projectId") DO UPDATE SET "revision" = r."revision" + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER "LoggedOutput_revision_insert" AFTER INSERT ON "LoggedOutput"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assay_population_revision_outputs();
CREATE TRIGGER "LoggedOutput_revision_delete" AFTER DELETE ON "LoggedOutput"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assay_population_revision_outputs();
CREATE TRIGGER "LoggedOutput_revision_update_old" AFTER UPDATE ON "LoggedOutput"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assay_population_revision_outputs();
CREATE TRIGGER "LoggedOutput_revision_update_new" AFTER UPDATE ON "LoggedOutput"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assay_population_revision_outputs();
CREATE TRIGGER "ToolCall_revision_insert" AFTER INSERT ON "ToolCall"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assay_population_revision_tool_calls();
CREATE TRIGGER "ToolCall_revision_delete" AFTER DELETE ON "ToolCall"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assay_population_revision_tool_calls();
CREATE TRIGGER "ToolCall_revision_update_old" AFTER UPDATE ON "ToolCall"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assay_population_revision_tool_calls();
CREATE TRIGGER "ToolCall_revision_update_new" AFTER UPDATE ON "ToolCall"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assay_population_revision_tool_calls();
