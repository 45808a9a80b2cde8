-- AlterTable
ALTER TABLE "LoggedOutput" ADD COLUMN     "approved" BOOLEAN,
ADD COLUMN     "checksVersion" INTEGER,
ADD COLUMN     "costUsd" DOUBLE PRECISION,
ADD COLUMN     "escalated" BOOLEAN,
ADD COLUMN     "formatValid" BOOLEAN,
ADD COLUMN     "intervened" BOOLEAN,
ADD COLUMN     "latencyMs" DOUBLE PRECISION,
ADD COLUMN     "overCostBudget" BOOLEAN,
ADD COLUMN     "overLatencySla" BOOLEAN,
ADD COLUMN     "overridden" BOOLEAN,
ADD COLUMN     "refusal" BOOLEAN,
ADD COLUMN     "tokensIn" INTEGER,
ADD COLUMN     "tokensOut" INTEGER;

-- CreateTable
CREATE TABLE "OutputHourlyRollup" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "taskType" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "outputs" INTEGER NOT NULL,
    "formatChecked" INTEGER NOT NULL,
    "formatInvalid" INTEGER NOT NULL,
    "refusals" INTEGER NOT NULL,
    "escalations" INTEGER NOT NULL,
    "overrides" INTEGER NOT NULL,
    "interventions" INTEGER NOT NULL,
    "approvals" INTEGER NOT NULL,
    "overLatencySla" INTEGER NOT NULL,
    "overCostBudget" INTEGER NOT NULL,
    "latencyCount" INTEGER NOT NULL,
    "costCount" INTEGER NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,
    "tokensIn" BIGINT NOT NULL,
    "tokensOut" BIGINT NOT NULL,

    CONSTRAINT "OutputHourlyRollup_pkey" PRIMARY KEY ("projectId","hour","taskType","model")
);

-- CreateTable
CREATE TABLE "OutputLatencyBucket" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "taskType" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "outputs" INTEGER NOT NULL,

    CONSTRAINT "OutputLatencyBucket_pkey" PRIMARY KEY ("projectId","hour","taskType","model","bucket")
);

-- CreateTable
CREATE TABLE "OutputCheckSettings" (
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "settings" JSONB NOT NULL,
    "backfillCursor" UUID,
    "backfillDoneAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutputCheckSettings_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "ToolCall" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,
    "toolName" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMs" DOUBLE PRECISION,
    "status" TEXT NOT NULL,
    "errorType" TEXT,
    "httpStatus" INTEGER,
    "authFailure" BOOLEAN NOT NULL DEFAULT false,
    "schemaError" BOOLEAN NOT NULL DEFAULT false,
    "retry" BOOLEAN NOT NULL DEFAULT false,
    "attributes" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "ToolCall_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ToolCall_projectId_traceId_idx" ON "ToolCall"("projectId", "traceId");

-- CreateIndex
CREATE INDEX "ToolCall_projectId_toolName_startedAt_idx" ON "ToolCall"("projectId", "toolName", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ToolCall_projectId_externalId_key" ON "ToolCall"("projectId", "externalId");

-- CreateIndex
CREATE INDEX "LoggedOutput_projectId_model_timestamp_idx" ON "LoggedOutput"("projectId", "model", "timestamp");

-- AddForeignKey
ALTER TABLE "OutputHourlyRollup" ADD CONSTRAINT "OutputHourlyRollup_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutputLatencyBucket" ADD CONSTRAINT "OutputLatencyBucket_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutputCheckSettings" ADD CONSTRAINT "OutputCheckSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ToolCall" ADD CONSTRAINT "ToolCall_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ------------------------------------------------------------------ typed columns of existing rows
-- Promoted from metadata the way lib/server/outputs/insert-outputs.ts does at ingest: only finite,
-- non-negative numbers (and integers for tokens) are taken, anything else stays null.
UPDATE "LoggedOutput" SET
  "latencyMs" = CASE WHEN jsonb_typeof("metadata"->'latencyMs') = 'number' AND ("metadata"->>'latencyMs')::float8 >= 0 THEN ("metadata"->>'latencyMs')::float8 END,
  "costUsd" = CASE WHEN jsonb_typeof("metadata"->'costUsd') = 'number' AND ("metadata"->>'costUsd')::float8 >= 0 THEN ("metadata"->>'costUsd')::float8 END,
  "tokensIn" = CASE WHEN jsonb_typeof("metadata"->'tokensIn') = 'number' AND ("metadata"->>'tokensIn')::numeric BETWEEN 0 AND 2147483647 AND ("metadata"->>'tokensIn')::numeric = trunc(("metadata"->>'tokensIn')::numeric) THEN ("metadata"->>'tokensIn')::numeric::int END,
  "tokensOut" = CASE WHEN jsonb_typeof("metadata"->'tokensOut') = 'number' AND ("metadata"->>'tokensOut')::numeric BETWEEN 0 AND 2147483647 AND ("metadata"->>'tokensOut')::numeric = trunc(("metadata"->>'tokensOut')::numeric) THEN ("metadata"->>'tokensOut')::numeric::int END
WHERE "metadata" ?| ARRAY['latencyMs', 'costUsd', 'tokensIn', 'tokensOut'];

-- ------------------------------------------------------------------ explorer indexes
-- Full-text search over the string values of input and output (decision 022). 'simple' does no
-- stemming, so it works the same for every language the outputs are in.
CREATE INDEX "LoggedOutput_search_idx" ON "LoggedOutput" USING gin (
  (jsonb_to_tsvector('simple', "input", '["string"]') || jsonb_to_tsvector('simple', "output", '["string"]')));
-- metadata @> '{"key": value}' filters.
CREATE INDEX "LoggedOutput_metadata_idx" ON "LoggedOutput" USING gin ("metadata" jsonb_path_ops);
-- Failing checks are rare: small partial indexes find their newest outputs without a scan. (Their
-- columns differ from every index schema.prisma declares: Prisma matches indexes by columns only,
-- so a partial (projectId, timestamp) would hide a missing plain one from the drift check.)
CREATE INDEX "LoggedOutput_format_invalid_idx" ON "LoggedOutput" ("projectId", "timestamp", "id") WHERE "formatValid" = false;
CREATE INDEX "LoggedOutput_refusal_idx" ON "LoggedOutput" ("projectId", "timestamp", "id") WHERE "refusal";
CREATE INDEX "LoggedOutput_escalated_idx" ON "LoggedOutput" ("projectId", "timestamp", "id") WHERE "escalated";

-- ------------------------------------------------------------------ rollup triggers
-- Same shape as the OutputHourlyCount triggers (decision 005): statement level, transition
-- tables, counter rows locked in sorted order. The latency bucket is lib/outputs/latency-sketch.ts
-- latencyBucket(): ceil(ln(ms) / ln γ) with γ = 1.01/0.99, and -1000000 below 0.01 ms.
CREATE FUNCTION assay_latency_bucket(ms double precision) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN ms IS NULL THEN NULL WHEN ms < 0.01 THEN -1000000 ELSE ceil(ln(ms) / 0.020000666706669435)::integer END
$$;

CREATE FUNCTION assay_output_rollup_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "OutputHourlyRollup" AS r ("projectId", "hour", "taskType", "model", "outputs", "formatChecked", "formatInvalid", "refusals", "escalations", "overrides", "interventions", "approvals", "overLatencySla", "overCostBudget", "latencyCount", "costCount", "costUsd", "tokensIn", "tokensOut")
  SELECT a."projectId", date_bin('1 hour', a."timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00'), coalesce(a."taskType", ''), coalesce(a."model", ''),
         count(*), count(a."formatValid"), count(*) FILTER (WHERE NOT a."formatValid"), count(*) FILTER (WHERE a."refusal"), count(*) FILTER (WHERE a."escalated"),
         count(*) FILTER (WHERE a."overridden"), count(*) FILTER (WHERE a."intervened"), count(*) FILTER (WHERE a."approved"),
         count(*) FILTER (WHERE a."overLatencySla"), count(*) FILTER (WHERE a."overCostBudget"),
         count(a."latencyMs"), count(a."costUsd"), coalesce(sum(a."costUsd"), 0), coalesce(sum(a."tokensIn"), 0), coalesce(sum(a."tokensOut"), 0)
    FROM added a
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2, 3, 4
  ON CONFLICT ("projectId", "hour", "taskType", "model") DO UPDATE SET
    "outputs" = r."outputs" + excluded."outputs", "formatChecked" = r."formatChecked" + excluded."formatChecked", "formatInvalid" = r."formatInvalid" + excluded."formatInvalid",
    "refusals" = r."refusals" + excluded."refusals", "escalations" = r."escalations" + excluded."escalations", "overrides" = r."overrides" + excluded."overrides",
    "interventions" = r."interventions" + excluded."interventions", "approvals" = r."approvals" + excluded."approvals",
    "overLatencySla" = r."overLatencySla" + excluded."overLatencySla", "overCostBudget" = r."overCostBudget" + excluded."overCostBudget",
    "latencyCount" = r."latencyCount" + excluded."latencyCount", "costCount" = r."costCount" + excluded."costCount", "costUsd" = r."costUsd" + excluded."costUsd",
    "tokensIn" = r."tokensIn" + excluded."tokensIn", "tokensOut" = r."tokensOut" + excluded."tokensOut";
  INSERT INTO "OutputLatencyBucket" AS b ("projectId", "hour", "taskType", "model", "bucket", "outputs")
  SELECT a."projectId", date_bin('1 hour', a."timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00'), coalesce(a."taskType", ''), coalesce(a."model", ''), assay_latency_bucket(a."latencyMs"), count(*)
    FROM added a
   WHERE a."latencyMs" IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("projectId", "hour", "taskType", "model", "bucket") DO UPDATE SET "outputs" = b."outputs" + excluded."outputs";
  RETURN NULL;
END $$;

-- Only ever decrements (a project's cascade delete may have removed the rows already).
CREATE FUNCTION assay_output_rollup_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "OutputHourlyRollup" r SET
    "outputs" = r."outputs" - d."outputs", "formatChecked" = r."formatChecked" - d."formatChecked", "formatInvalid" = r."formatInvalid" - d."formatInvalid",
    "refusals" = r."refusals" - d."refusals", "escalations" = r."escalations" - d."escalations", "overrides" = r."overrides" - d."overrides",
    "interventions" = r."interventions" - d."interventions", "approvals" = r."approvals" - d."approvals",
    "overLatencySla" = r."overLatencySla" - d."overLatencySla", "overCostBudget" = r."overCostBudget" - d."overCostBudget",
    "latencyCount" = r."latencyCount" - d."latencyCount", "costCount" = r."costCount" - d."costCount", "costUsd" = r."costUsd" - d."costUsd",
    "tokensIn" = r."tokensIn" - d."tokensIn", "tokensOut" = r."tokensOut" - d."tokensOut"
    FROM (SELECT x."projectId", date_bin('1 hour', x."timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour, coalesce(x."taskType", '') AS "taskType", coalesce(x."model", '') AS model,
                 count(*)::int AS "outputs", count(x."formatValid")::int AS "formatChecked", (count(*) FILTER (WHERE NOT x."formatValid"))::int AS "formatInvalid",
                 (count(*) FILTER (WHERE x."refusal"))::int AS "refusals", (count(*) FILTER (WHERE x."escalated"))::int AS "escalations",
                 (count(*) FILTER (WHERE x."overridden"))::int AS "overrides", (count(*) FILTER (WHERE x."intervened"))::int AS "interventions",
                 (count(*) FILTER (WHERE x."approved"))::int AS "approvals", (count(*) FILTER (WHERE x."overLatencySla"))::int AS "overLatencySla",
                 (count(*) FILTER (WHERE x."overCostBudget"))::int AS "overCostBudget", count(x."latencyMs")::int AS "latencyCount", count(x."costUsd")::int AS "costCount",
                 coalesce(sum(x."costUsd"), 0) AS "costUsd", coalesce(sum(x."tokensIn"), 0) AS "tokensIn", coalesce(sum(x."tokensOut"), 0) AS "tokensOut"
            FROM removed x
           GROUP BY 1, 2, 3, 4
           ORDER BY 1, 2, 3, 4) d
   WHERE r."projectId" = d."projectId" AND r."hour" = d.hour AND r."taskType" = d."taskType" AND r."model" = d.model;
  UPDATE "OutputLatencyBucket" b SET "outputs" = b."outputs" - d.n
    FROM (SELECT x."projectId", date_bin('1 hour', x."timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour, coalesce(x."taskType", '') AS "taskType", coalesce(x."model", '') AS model,
                 assay_latency_bucket(x."latencyMs") AS bucket, count(*)::int AS n
            FROM removed x
           WHERE x."latencyMs" IS NOT NULL
           GROUP BY 1, 2, 3, 4, 5
           ORDER BY 1, 2, 3, 4, 5) d
   WHERE b."projectId" = d."projectId" AND b."hour" = d.hour AND b."taskType" = d."taskType" AND b."model" = d.model AND b."bucket" = d.bucket;
  RETURN NULL;
END $$;

CREATE TRIGGER "LoggedOutput_rollup_insert" AFTER INSERT ON "LoggedOutput"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION assay_output_rollup_add();
CREATE TRIGGER "LoggedOutput_rollup_delete" AFTER DELETE ON "LoggedOutput"
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION assay_output_rollup_remove();
-- Check backfills update outputs: the old values leave their buckets, the new ones enter.
CREATE TRIGGER "LoggedOutput_rollup_update_old" AFTER UPDATE ON "LoggedOutput"
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION assay_output_rollup_remove();
CREATE TRIGGER "LoggedOutput_rollup_update_new" AFTER UPDATE ON "LoggedOutput"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION assay_output_rollup_add();

-- Outputs already logged before this migration.
INSERT INTO "OutputHourlyRollup" ("projectId", "hour", "taskType", "model", "outputs", "formatChecked", "formatInvalid", "refusals", "escalations", "overrides", "interventions", "approvals", "overLatencySla", "overCostBudget", "latencyCount", "costCount", "costUsd", "tokensIn", "tokensOut")
SELECT "projectId", date_bin('1 hour', "timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00'), coalesce("taskType", ''), coalesce("model", ''), count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0,
       count("latencyMs"), count("costUsd"), coalesce(sum("costUsd"), 0), coalesce(sum("tokensIn"), 0), coalesce(sum("tokensOut"), 0)
  FROM "LoggedOutput"
 GROUP BY 1, 2, 3, 4;
INSERT INTO "OutputLatencyBucket" ("projectId", "hour", "taskType", "model", "bucket", "outputs")
SELECT "projectId", date_bin('1 hour', "timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00'), coalesce("taskType", ''), coalesce("model", ''), assay_latency_bucket("latencyMs"), count(*)
  FROM "LoggedOutput"
 WHERE "latencyMs" IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5;
