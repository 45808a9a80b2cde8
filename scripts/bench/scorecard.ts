// Benchmark: the scorecard page's data (issue 15) on 52 weeks × 200,000 outputs (10.4 M) with a
// closed audit of 400 sampled items per week, gold labels, the population rollups and 1 M agent tool
// calls, on the PostgreSQL server. Times getScorecard (what the page awaits: metrics, every week's
// gold as of its closing, the population metrics, statuses and the alert check) over RUNS requests
// cold (each on a freshly opened connection pool: no cached plans or catalog) and warm (one pool),
// beside the baseline of one count(*) scan of the outputs table. Target: warm p95 ≤ 300 ms. The
// newest week is left open (computed on every view); the closed weeks come from what the scorecard
// keeps (decision 040), and one view with nothing kept is timed first (fillMs).
// Needs a PostgreSQL server: BENCH_DATABASE_URL, else DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres;
// the scratch database (BENCH_DB, default assay_bench_scorecard) is created there, migrated and
// filled with generate_series in SQL; BENCH_KEEP=1 keeps it and reuses it next time, otherwise it
// is dropped at the end. Run: npm run bench -- scorecard [outputsPerWeek]. Ends with one JSON line.
import os from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { closeDatabase, installDatabase, openDatabase, type Database } from "@/lib/server/db/client";
import { applyPendingMigrations } from "@/lib/server/db/schema-engine";
import { defaultRubric } from "@/lib/review/rubric";
import { addScorecardMetric, getScorecard } from "@/lib/server/scorecard/scorecard";
import type { UserActor } from "@/lib/server/auth/actor";

const PER_WEEK = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200_000);
const WEEKS = 52;
const ITEMS_PER_WEEK = 400;
const RUNS = 20;
const TARGET_MS = 300;
const SCRATCH = process.env.BENCH_DB_NAME ?? process.env.BENCH_DB ?? "assay_bench_scorecard";
const KEEP = process.env.BENCH_KEEP === "1";
const WEEK_MS = 7 * 86_400_000;
// Monday 2026-11-30 00:00 UTC: the 52 weeks end there (2025-W49 … 2026-W48).
const END = Date.UTC(2026, 10, 30);
const TASKS = ["billing", "extract", "refunds", "account_access", "general", "agent"];

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const url = new URL(serverUrl);
url.pathname = `/${SCRATCH}`;
const open = () => openDatabase({ kind: "server", url: url.toString(), poolSize: 4 });

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))];
const round = (x: number) => Math.round(x * 10) / 10;
const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(0);

async function load(db: Database, projectId: string, userId: string) {
  const started = performance.now();
  const total = PER_WEEK * WEEKS;
  const start = new Date(END - WEEKS * WEEK_MS).toISOString();
  const secondary = (await db.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'LoggedOutput' AND indexdef NOT LIKE 'CREATE UNIQUE INDEX%'`)).rows;
  for (const index of secondary) await db.query(`DROP INDEX "${index.indexname}"`);
  await db.query(`ALTER TABLE "LoggedOutput" DISABLE TRIGGER USER`);
  const CHUNK = 1_000_000;
  for (let from = 1; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1);
    const t = performance.now();
    // Row g lands in week floor((g−1)/PER_WEEK), spread evenly over it; picks by multiplicative hashing.
    await db.query(
      `WITH g AS (SELECT g, (g * 2654435761::bigint) % 1000003 AS h, (g * 40503::bigint) % 65521 AS k FROM generate_series($3::bigint, $4::bigint) AS g)
       INSERT INTO "LoggedOutput" ("projectId", "externalId", "timestamp", "taskType", "model", "input", "output", "metadata",
                                   "latencyMs", "costUsd", "tokensIn", "tokensOut", "formatValid", "refusal", "escalated", "overridden", "checksVersion")
       SELECT $1, 'o-' || g, $2::timestamptz + ((g - 1)::float8 * ${WEEK_MS / PER_WEEK}) * interval '1 millisecond',
              ($5::text[])[1 + h % 6], CASE WHEN h % 10 = 0 THEN 'model-canary' ELSE 'model-a' END,
              to_jsonb('Question ' || g), to_jsonb('Answer ' || g), '{}'::jsonb,
              300 + (h % 4000), (k % 1000) / 100000.0, 100 + k % 500, 20 + h % 300,
              CASE WHEN h % 6 = 1 THEN (k % 125 <> 0) END, (k % 100 = 3), (h % 50 = 1), (k % 400 = 7), 1
         FROM g`,
      [projectId, start, from, to, TASKS],
    );
    console.log(`  outputs ${from.toLocaleString("en")}–${to.toLocaleString("en")} in ${seconds(t)} s`);
  }
  await db.query(`SET maintenance_work_mem = '512MB'`);
  for (const index of secondary) await db.query(index.indexdef);
  await db.query(`ALTER TABLE "LoggedOutput" ENABLE TRIGGER USER`);
  // The trigger-kept counters, filled once with the migrations' GROUP BY.
  const hour = `date_bin('1 hour', "timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00')`;
  await db.query(`INSERT INTO "OutputHourlyCount" ("projectId", "hour", "taskType", "outputs") SELECT "projectId", ${hour}, coalesce("taskType", ''), count(*) FROM "LoggedOutput" GROUP BY 1, 2, 3`);
  await db.query(
    `INSERT INTO "OutputHourlyRollup" ("projectId", "hour", "taskType", "model", "outputs", "formatChecked", "formatInvalid", "refusals", "escalations", "overrides", "interventions", "approvals", "overLatencySla", "overCostBudget", "latencyCount", "costCount", "costUsd", "tokensIn", "tokensOut")
     SELECT "projectId", ${hour}, coalesce("taskType", ''), coalesce("model", ''), count(*), count("formatValid"), count(*) FILTER (WHERE NOT "formatValid"), count(*) FILTER (WHERE "refusal"),
            count(*) FILTER (WHERE "escalated"), count(*) FILTER (WHERE "overridden"), 0, 0, 0, 0, count("latencyMs"), count("costUsd"), coalesce(sum("costUsd"), 0), coalesce(sum("tokensIn"), 0), coalesce(sum("tokensOut"), 0)
       FROM "LoggedOutput" GROUP BY 1, 2, 3, 4`,
  );
  await db.query(
    `INSERT INTO "OutputLatencyBucket" ("projectId", "hour", "taskType", "model", "bucket", "outputs")
     SELECT "projectId", ${hour}, coalesce("taskType", ''), coalesce("model", ''), assay_latency_bucket("latencyMs"), count(*) FROM "LoggedOutput" WHERE "latencyMs" IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
  );
  console.log(`  indexes and rollups by ${seconds(started)} s`);
  // One agent tool call per ten outputs, 5 % failing.
  await db.query(
    `INSERT INTO "ToolCall" ("projectId", "externalId", "traceId", "toolName", "startedAt", "durationMs", "status", "authFailure", "schemaError", "retry", "attributes")
     SELECT $1, 'span-' || g, 'trace-' || g, 'tool-' || (g % 5), $2::timestamptz + ((g * 10 - 1)::float8 * ${WEEK_MS / PER_WEEK}) * interval '1 millisecond', 20,
            CASE WHEN g % 20 = 0 THEN 'error' ELSE 'ok' END, false, false, false, '{}'::jsonb
       FROM generate_series(1, $3::bigint) AS g`,
    [projectId, start, Math.floor(total / 10)],
  );

  // 52 closed audits of 400 items each (every PER_WEEK/400-th output of the week), proportional by task type.
  const spec = defaultRubric();
  const rubric = await db.prisma.rubric.create({ data: { projectId, version: 1, dimensions: spec.dimensions, guidelines: spec.guidelines } });
  const plan = await db.prisma.auditPlan.create({ data: { projectId, version: 1, method: "fixed", methodParams: { fixedSize: ITEMS_PER_WEEK }, allocation: "proportional" } });
  const step = Math.floor(PER_WEEK / ITEMS_PER_WEEK);
  for (let w = 0; w < WEEKS; w++) {
    const weekStart = new Date(END - (WEEKS - w) * WEEK_MS);
    const weekEnd = new Date(weekStart.getTime() + WEEK_MS);
    const iso = isoWeekName(weekStart);
    const audit = await db.prisma.audit.create({
      data: { projectId, week: iso, weekStart, weekEnd, seed: `bench-${w}`, planId: plan.id, strata: [], population: PER_WEEK, sampleSize: ITEMS_PER_WEEK, dueAt: new Date(weekEnd.getTime() + 5 * 86_400_000), status: "closed", closedAt: new Date(weekEnd.getTime() + 5 * 86_400_000) },
    });
    const first = w * PER_WEEK + 1;
    await db.query(
      `INSERT INTO "SampledItem" (id, "projectId", "auditId", "outputId", stratum, "inclusionProbability", "sampleKey", status)
       SELECT 'si-' || o."externalId", $1, $2, o.id, o."taskType", 0, o."externalId", 'gold' FROM "LoggedOutput" o
        WHERE o."projectId" = $1 AND o."externalId" = ANY (SELECT 'o-' || g FROM generate_series($3::bigint, $4::bigint, $5::bigint) AS g)`,
      [projectId, audit.id, first, first + PER_WEEK - 1, step],
    );
    // The frozen draw per stratum, and each item's n_h/N_h.
    const { rows } = await db.query<{ stratum: string; population: string; allocated: string }>(
      `SELECT p."taskType" AS stratum, p.n AS population, coalesce(s.n, 0) AS allocated
         FROM (SELECT "taskType", count(*) AS n FROM "LoggedOutput" WHERE "projectId" = $1 AND "timestamp" >= $3 AND "timestamp" < $4 GROUP BY 1) p
         LEFT JOIN (SELECT stratum, count(*) AS n FROM "SampledItem" WHERE "auditId" = $2 GROUP BY 1) s ON s.stratum = p."taskType"`,
      [projectId, audit.id, weekStart.toISOString(), weekEnd.toISOString()],
    );
    const strata = rows.map((r) => ({ stratum: r.stratum, risk: "low", population: Number(r.population), allocated: Number(r.allocated) }));
    await db.prisma.audit.update({ where: { id: audit.id }, data: { strata } });
    await db.query(
      `UPDATE "SampledItem" s SET "inclusionProbability" = x.p FROM json_to_recordset($2::json) AS x(stratum text, p float8) WHERE s."auditId" = $1 AND s.stratum = x.stratum`,
      [audit.id, JSON.stringify(strata.map((s) => ({ stratum: s.stratum, p: s.allocated / s.population })))],
    );
    // Gold for every item, decided before the closing; a policy regression in the last four weeks.
    const violationPerMille = w >= WEEKS - 4 ? 60 : 20;
    await db.query(
      `WITH i AS (SELECT id, (hashtext(id)::bigint & 2147483647) AS h FROM "SampledItem" WHERE "auditId" = $1),
            v AS (SELECT id, jsonb_build_object(
                    'factuality', CASE WHEN h % 1000 < 40 THEN 'minor_error' WHEN h % 1000 < 55 THEN 'major_error' ELSE 'correct' END,
                    'policy', CASE WHEN (h / 1000) % 1000 < $4 THEN 'violation' ELSE 'compliant' END,
                    'tone', 3 + (h / 7) % 3,
                    'task_outcome', CASE WHEN (h / 13) % 100 < 6 THEN 'failure' WHEN (h / 13) % 100 < 18 THEN 'partial_success' ELSE 'full_success' END,
                    'harm', CASE WHEN (h / 17) % 1000 < 5 THEN 'harmful' WHEN (h / 17) % 1000 < 25 THEN 'near_miss' ELSE 'none' END) AS vals FROM i),
            g AS (INSERT INTO "GoldLabel" (id, "projectId", "sampledItemId", "rubricId", "values", source) SELECT 'g-' || id, $2, id, $3, vals, 'consensus' FROM v RETURNING 1)
       INSERT INTO "GoldLabelVersion" (id, "projectId", "sampledItemId", "rubricId", "values", source, withdrawn, "isCurrent", "decidedAt")
       SELECT 'gv-' || id, $2, id, $3, vals, 'consensus', false, true, $5::timestamptz FROM v`,
      [audit.id, projectId, rubric.id, violationPerMille, new Date(weekEnd.getTime() + 2 * 86_400_000).toISOString()],
    );
  }
  for (const table of ["LoggedOutput", "SampledItem", "GoldLabelVersion", "OutputHourlyRollup", "OutputLatencyBucket", "ToolCall"]) await db.query(`VACUUM ANALYZE "${table}"`);
  void userId;
  return (performance.now() - started) / 1000;
}

/** ISO 8601 week name of a Monday (UTC). */
function isoWeekName(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000;
  return `${year}-W${String(Math.floor((monday.getTime() - week1) / WEEK_MS) + 1).padStart(2, "0")}`;
}

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [SCRATCH])).rowCount === 1;
if (exists && !KEEP) await admin.query(`DROP DATABASE ${SCRATCH} WITH (FORCE)`);
if (!exists || !KEEP) await admin.query(`CREATE DATABASE ${SCRATCH}`);

let database = await open();
installDatabase(database);
let exitCode = 0;
try {
  await applyPendingMigrations(database.adapterFactory);
  let project = await database.prisma.project.findUnique({ where: { slug: "bench-scorecard" } });
  let user = await database.prisma.user.findUnique({ where: { email: "qa@bench.assay" } });
  let loadSeconds = 0;
  if (!project || !user || (await database.prisma.audit.count({ where: { projectId: project.id } })) !== WEEKS) {
    if (project || user) {
      // A kept database from an interrupted load (its indexes may be half dropped): start afresh
      // rather than deleting millions of rows through the cascade.
      await closeDatabase();
      await admin.query(`DROP DATABASE ${SCRATCH} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${SCRATCH}`);
      database = await open();
      installDatabase(database);
      await applyPendingMigrations(database.adapterFactory);
    }
    user = await database.prisma.user.upsert({ where: { email: "qa@bench.assay" }, update: {}, create: { email: "qa@bench.assay", name: "Bench QA lead", passwordHash: "x" } });
    project = await database.prisma.project.create({ data: { slug: "bench-scorecard", name: "Bench scorecard", timeZone: "UTC", memberships: { create: { userId: user.id, role: "qa_lead" } } } });
    console.log(`Loading ${(PER_WEEK * WEEKS).toLocaleString("en")} outputs (${WEEKS} weeks × ${PER_WEEK.toLocaleString("en")}), ${WEEKS} audits of ${ITEMS_PER_WEEK} gold items, ${(PER_WEEK * WEEKS / 10).toLocaleString("en")} tool calls…`);
    loadSeconds = await load(database, project.id, user.id);
    console.log(`Loaded in ${loadSeconds.toFixed(0)} s`);
  } else {
    console.log(`Reusing ${SCRATCH} (BENCH_KEEP=1).`);
  }
  const actor: UserActor = { kind: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: false };
  const slug = project.slug;
  // The newest week is still in review, as on a real Monday: it is computed from the gold of now on
  // every view (its gold was decided before the closing the load gave it, so its numbers are the same).
  await database.query(`UPDATE "Audit" SET status = 'open', "closedAt" = NULL WHERE "projectId" = $1 AND "weekStart" = (SELECT max("weekStart") FROM "Audit" WHERE "projectId" = $1)`, [project.id]);
  // The 8 defaults (7 sampled rates and means, latency p95) plus three more population metrics.
  const first = await getScorecard({ actor, projectSlug: slug });
  for (const key of ["escalation_rate", "format_compliance", "tool_success"]) {
    if (!first.metrics.some((m) => m.key === key)) await addScorecardMetric({ actor, projectSlug: slug, key });
  }
  const check = await getScorecard({ actor, projectSlug: slug });
  const metrics = check.metrics.length;
  const weeks = check.weeks.length;
  const items = check.weeks.reduce((a, w) => a + w.reviewed, 0);
  console.log(`Scorecard: ${metrics} metrics × ${weeks} weeks, ${items.toLocaleString("en")} gold items; policy latest ${check.metrics.find((m) => m.key === "failure_policy")?.latest?.status}`);

  const time = async () => {
    const t = performance.now();
    await getScorecard({ actor, projectSlug: slug });
    return performance.now() - t;
  };
  // A view with nothing kept (the first after the load, a rubric change or a late write, decision
  // 040): every closed week computed from its gold and the rollup, then kept.
  await database.query(`DELETE FROM "ScorecardWeekCache" WHERE "projectId" = $1`, [project.id]);
  await database.query(`DELETE FROM "PopulationRangeCache" WHERE "projectId" = $1`, [project.id]);
  const fillMs = await time();
  console.log(`  view with nothing kept: ${round(fillMs)} ms (load average ${os.loadavg().map((x) => x.toFixed(1)).join(", ")})`);
  // Cold: every request on a newly opened pool (new sessions: no cached plans, catalog or prepared statements).
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await closeDatabase();
    database = await open();
    installDatabase(database);
    cold.push(await time());
  }
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) await time();
  for (let i = 0; i < RUNS; i++) warm.push(await time());

  const t = performance.now();
  const { rows } = await database.query<{ n: string }>(`SELECT count(*) AS n FROM "LoggedOutput"`);
  const scanMs = performance.now() - t;
  const figures = {
    bench: "scorecard",
    outputs: Number(rows[0].n),
    weeks,
    metrics,
    goldItems: items,
    loadSeconds: round(loadSeconds),
    fillMs: round(fillMs),
    coldP50Ms: round(quantile(cold, 0.5)),
    coldP95Ms: round(quantile(cold, 0.95)),
    warmP50Ms: round(quantile(warm, 0.5)),
    warmP95Ms: round(quantile(warm, 0.95)),
    countScanMs: round(scanMs),
    warmP95ToScan: Math.round((quantile(warm, 0.95) / scanMs) * 1000) / 1000,
    targetWarmP95Ms: TARGET_MS,
    meetsTarget: quantile(warm, 0.95) <= TARGET_MS,
    // The machine is shared: the 1/5/15-minute load averages at the end of the run.
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  console.log(`cold p50 ${figures.coldP50Ms} ms, p95 ${figures.coldP95Ms} ms; warm p50 ${figures.warmP50Ms} ms, p95 ${figures.warmP95Ms} ms (target ≤ ${TARGET_MS}); count(*) scan ${figures.countScanMs} ms; warm p95 / scan = ${figures.warmP95ToScan}`);
  console.log(JSON.stringify(figures));
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await closeDatabase();
  if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
  await admin.end();
}
process.exit(exitCode);
