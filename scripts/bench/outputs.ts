// Benchmark: the outputs explorer on 10,000,000 outputs (issue 13). For every single-filter view,
// the first page and the next page (keyset) through the real OutputStore, p95 over RUNS runs,
// beside the baseline: one indexed lookup of an output by id. Target: every page p95 ≤ 200 ms.
// Needs a PostgreSQL server: BENCH_DATABASE_URL, else DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres;
// the scratch database assay_bench_outputs is created there, migrated and filled with
// generate_series in SQL (chunks of 1 M rows; secondary indexes are dropped during the load and
// built after it, as one would for a bulk load). BENCH_KEEP=1 keeps it and reuses it next time.
// Run: npm run bench -- outputs [count]. Ends with exactly one JSON line of the figures.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { closeDatabase, installDatabase, openDatabase } from "@/lib/server/db/client";
import { applyPendingMigrations } from "@/lib/server/db/schema-engine";
import { emptyFilter, PAGE_SIZE, COUNT_CAP, type OutputFilter, type OutputSort } from "@/lib/outputs/explorer";
import { postgresOutputStore } from "@/lib/server/outputs/store";

const OUTPUTS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000_000);
const RUNS = 20;
const CHUNK = 1_000_000;
const SCRATCH = process.env.BENCH_DB_NAME ?? "assay_bench_outputs";
const KEEP = process.env.BENCH_KEEP === "1";
const TARGET_MS = 200;
const DAYS = 56;

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [SCRATCH])).rowCount === 1;
if (exists && !KEEP) await admin.query(`DROP DATABASE ${SCRATCH} WITH (FORCE)`);
if (!exists || !KEEP) await admin.query(`CREATE DATABASE ${SCRATCH}`);
const url = new URL(serverUrl);
url.pathname = `/${SCRATCH}`;
const database = await openDatabase({ kind: "server", url: url.toString(), poolSize: 4 });
installDatabase(database);

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)];
const round = (x: number) => Math.round(x * 10) / 10;

// Words of the generated texts: "chargeback" is rare (0.1 % of outputs), "refund" common.
const WORDS = "the a your order account card charge parcel password reset billing invoice plan upgrade cancel delivery support agent policy days business refund please thanks help".split(" ");

async function load(projectId: string, end: Date) {
  const db = database;
  // Every index and every foreign key that points at LoggedOutput is set aside for the load and
  // made again after it from its own definition, as one would for a bulk load; read from the
  // catalog so that a key added by a later migration (the composite (projectId, id) keys) is
  // handled too. The counter triggers are disabled, and the counters filled once after the load
  // with the same GROUP BY the migrations use for rows that predate them.
  const foreignKeys = (
    await db.query<{ conname: string; tbl: string; def: string }>(
      `SELECT conname, conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE confrelid = '"LoggedOutput"'::regclass AND contype = 'f'`,
    )
  ).rows;
  for (const fk of foreignKeys) await db.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT "${fk.conname}"`);
  const secondary = (
    await db.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'LoggedOutput' AND indexname <> 'LoggedOutput_pkey'`)
  ).rows;
  for (const index of secondary) await db.query(`DROP INDEX "${index.indexname}"`);
  await db.query(`ALTER TABLE "LoggedOutput" DROP CONSTRAINT "LoggedOutput_pkey"`);
  await db.query(`ALTER TABLE "LoggedOutput" DISABLE TRIGGER USER`);
  const spanMs = DAYS * 86_400_000;
  const start = new Date(end.getTime() - spanMs);
  const started = performance.now();
  for (let from = 1; from <= OUTPUTS; from += CHUNK) {
    const to = Math.min(OUTPUTS, from + CHUNK - 1);
    const t = performance.now();
    // Deterministic pseudo-random picks from g (multiplicative hashing), no per-row subqueries.
    await db.query(
      `WITH g AS (SELECT g, (g * 2654435761::bigint) % 1000003 AS h, (g * 40503::bigint) % 65521 AS k FROM generate_series($4::bigint, $5::bigint) AS g)
       INSERT INTO "LoggedOutput" ("projectId", "externalId", "timestamp", "taskType", "model", "input", "output", "metadata", "signals",
                                   "latencyMs", "costUsd", "tokensIn", "tokensOut", "formatValid", "refusal", "escalated", "checksVersion")
       SELECT $1, 'out-' || g, $2::timestamptz + ((g - 1)::float8 / $6 * $3::float8) * interval '1 millisecond',
              ($7::text[])[1 + h % 6], CASE WHEN h % 10 = 0 THEN 'model-canary' ELSE 'model-a' END,
              to_jsonb('Question ' || g || ': ' || w[1 + h % 25] || ' ' || w[1 + k % 25] || ' ' || w[1 + (h / 7) % 25] || ' ' || w[1 + (k / 5) % 25] || ' my ' || w[1 + (h / 11) % 25] || ' please'),
              jsonb_build_object('role', 'assistant', 'content',
                CASE WHEN g % 1000 = 7 THEN 'We opened a chargeback for order ' || g ELSE 'Answer ' || g || ': ' || w[1 + k % 25] || ' ' || w[1 + (h / 3) % 25] || ' ' || w[1 + (k / 3) % 25] || ' refund ' || w[1 + (h / 13) % 25] || ' ' || w[1 + (k / 17) % 25] END),
              jsonb_build_object('userSegment', CASE WHEN h % 500 = 0 THEN 'enterprise' WHEN h % 3 = 0 THEN 'pro' ELSE 'free' END, 'latencyMs', 300 + (h % 4000), 'costUsd', round(((k % 1000) / 100000.0)::numeric, 6)),
              jsonb_build_array(jsonb_build_object('name', 'judge', 'value', (k % 1000) / 1000.0, 'source', 'llm-judge')),
              300 + (h % 4000), (k % 1000) / 100000.0, 100 + k % 500, 20 + h % 300,
              CASE WHEN h % 6 = 0 THEN (k % 125 <> 0) END, (k % 100 = 3), (h % 50 = 1), 1
         FROM g, (SELECT $8::text[] AS w) words`,
      [projectId, start.toISOString(), spanMs, from, to, OUTPUTS, ["billing", "extract", "refunds", "account_access", "general", "agent"], WORDS],
    );
    console.log(`  rows ${from.toLocaleString("en")}–${to.toLocaleString("en")} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  const insertSeconds = (performance.now() - started) / 1000;
  const t = performance.now();
  await db.query(`SET maintenance_work_mem = '512MB'`);
  for (const index of secondary) {
    const ti = performance.now();
    await db.query(index.indexdef);
    console.log(`  index ${index.indexname} in ${((performance.now() - ti) / 1000).toFixed(0)} s`);
  }
  await db.query(`ALTER TABLE "LoggedOutput" ADD CONSTRAINT "LoggedOutput_pkey" PRIMARY KEY (id)`);
  for (const fk of foreignKeys) await db.query(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT "${fk.conname}" ${fk.def}`);
  await db.query(`ALTER TABLE "LoggedOutput" ENABLE TRIGGER USER`);
  await db.query(
    `INSERT INTO "OutputHourlyCount" ("projectId", "hour", "taskType", "outputs")
     SELECT "projectId", date_bin('1 hour', "timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00'), coalesce("taskType", ''), count(*) FROM "LoggedOutput" GROUP BY 1, 2, 3`,
  );
  await db.query(
    `INSERT INTO "OutputHourlyRollup" ("projectId", "hour", "taskType", "model", "outputs", "formatChecked", "formatInvalid", "refusals", "escalations", "overrides", "interventions", "approvals", "overLatencySla", "overCostBudget", "latencyCount", "costCount", "costUsd", "tokensIn", "tokensOut")
     SELECT "projectId", date_bin('1 hour', "timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00'), coalesce("taskType", ''), coalesce("model", ''), count(*), count("formatValid"),
            count(*) FILTER (WHERE NOT "formatValid"), count(*) FILTER (WHERE "refusal"), count(*) FILTER (WHERE "escalated"), 0, 0, 0, 0, 0,
            count("latencyMs"), count("costUsd"), coalesce(sum("costUsd"), 0), coalesce(sum("tokensIn"), 0), coalesce(sum("tokensOut"), 0)
       FROM "LoggedOutput" GROUP BY 1, 2, 3, 4`,
  );
  await db.query(
    `INSERT INTO "OutputLatencyBucket" ("projectId", "hour", "taskType", "model", "bucket", "outputs")
     SELECT "projectId", date_bin('1 hour', "timestamp", TIMESTAMPTZ '2000-01-01 00:00:00+00'), coalesce("taskType", ''), coalesce("model", ''), assay_latency_bucket("latencyMs"), count(*)
       FROM "LoggedOutput" WHERE "latencyMs" IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
  );
  const indexSeconds = (performance.now() - t) / 1000;
  // 0.5 % of the outputs sampled in one audit, for the "sampled" filter.
  const plan = await db.prisma.auditPlan.create({ data: { projectId, version: 1, method: "fixed", methodParams: { n: 1 }, allocation: "proportional" } });
  const audit = await db.prisma.audit.create({
    data: { projectId, week: "2026-W01", weekStart: start, weekEnd: end, seed: "bench", planId: plan.id, strata: [], population: OUTPUTS, sampleSize: Math.ceil(OUTPUTS / 200), dueAt: end },
  });
  await db.query(
    `INSERT INTO "SampledItem" (id, "projectId", "auditId", "outputId", stratum, "inclusionProbability", "sampleKey")
     SELECT 'bench-' || o."externalId", $1, $2, o.id, coalesce(o."taskType", ''), 0.005, '0' FROM "LoggedOutput" o
      WHERE o."projectId" = $1 AND hashtext(o."externalId") % 200 = 0`,
    [projectId, audit.id],
  );
  await db.query(`VACUUM ANALYZE "LoggedOutput"`);
  await db.query(`VACUUM ANALYZE "SampledItem"`);
  return { insertSeconds, indexSeconds, totalSeconds: (performance.now() - started) / 1000 };
}

try {
  await applyPendingMigrations(database.adapterFactory);
  let project = await database.prisma.project.findUnique({ where: { slug: "bench-outputs" } });
  const end = new Date(Date.UTC(2026, 10, 30));
  let loadFigures = { insertSeconds: 0, indexSeconds: 0, totalSeconds: 0 };
  const present = project ? await database.prisma.loggedOutput.count({ where: { projectId: project.id } }) : 0;
  if (!project || present !== OUTPUTS) {
    if (project) await database.prisma.project.delete({ where: { id: project.id } });
    project = await database.prisma.project.create({ data: { slug: "bench-outputs", name: "Bench outputs", timeZone: "UTC" } });
    console.log(`Loading ${OUTPUTS.toLocaleString("en")} outputs with generate_series…`);
    loadFigures = await load(project.id, end);
    console.log(`Loaded in ${loadFigures.totalSeconds.toFixed(0)} s (insert ${loadFigures.insertSeconds.toFixed(0)} s, indexes ${loadFigures.indexSeconds.toFixed(0)} s)`);
  } else {
    console.log(`Reusing ${SCRATCH} with ${present.toLocaleString("en")} outputs (BENCH_KEEP=1).`);
  }
  const projectId = project.id;
  const store = postgresOutputStore(database);
  const f = (patch: Partial<OutputFilter>): OutputFilter => ({ ...emptyFilter(), ...patch });
  const byTime: OutputSort = { key: "timestamp", direction: "desc" };
  const lastWeek = new Date(end.getTime() - 7 * 86_400_000).toISOString();
  const views: { name: string; filter: OutputFilter; sort?: OutputSort }[] = [
    { name: "all", filter: f({}) },
    { name: "time range (last 7 days)", filter: f({ from: lastWeek, to: end.toISOString() }) },
    { name: "time range (one old hour)", filter: f({ from: new Date(end.getTime() - 40 * 86_400_000).toISOString(), to: new Date(end.getTime() - 40 * 86_400_000 + 3_600_000).toISOString() }) },
    { name: "task type", filter: f({ taskType: "refunds" }) },
    { name: "model (canary, 10 %)", filter: f({ model: "model-canary" }) },
    { name: "metadata userSegment=pro", filter: f({ metadata: [{ key: "userSegment", value: "pro" }] }) },
    { name: "metadata userSegment=enterprise (0.2 %)", filter: f({ metadata: [{ key: "userSegment", value: "enterprise" }] }) },
    { name: "signal judge 0.2–0.3", filter: f({ signal: { name: "judge", min: 0.2, max: 0.3 } }) },
    { name: "latency ≥ 4000 ms", filter: f({ latencyMs: { min: 4000, max: null } }) },
    { name: "cost ≤ $0.0001", filter: f({ costUsd: { min: null, max: 0.0001 } }) },
    { name: "check format invalid", filter: f({ check: "format_invalid" }) },
    { name: "check refusal", filter: f({ check: "refusal" }) },
    { name: "check escalated", filter: f({ check: "escalated" }) },
    { name: "sampled", filter: f({ sampled: "yes" }) },
    { name: "not sampled", filter: f({ sampled: "no" }) },
    { name: "text common word (refund)", filter: f({ text: "refund" }) },
    { name: "text rare word (chargeback, 0.1 %)", filter: f({ text: "chargeback" }) },
    { name: "sort by latency", filter: f({}), sort: { key: "latencyMs", direction: "desc" } },
    { name: "sort by cost ascending", filter: f({}), sort: { key: "costUsd", direction: "asc" } },
  ];

  // Baseline: one indexed lookup by id, the cheapest possible read of an output.
  const ids = (await database.query<{ id: string }>(`SELECT id::text AS id FROM "LoggedOutput" WHERE "projectId" = $1 AND "externalId" = ANY($2::text[])`, [projectId, Array.from({ length: RUNS }, (_, i) => `out-${1 + Math.floor(((i + 1) * OUTPUTS) / (RUNS + 1))}`)])).rows.map((r) => r.id);
  for (const id of ids.slice(0, 3)) await store.readOutput({ projectId, outputId: id });
  const lookup: number[] = [];
  for (const id of ids) {
    const t = performance.now();
    await store.readOutput({ projectId, outputId: id });
    lookup.push(performance.now() - t);
  }
  const baseline = p95(lookup);
  console.log(`Baseline: output by id p95 ${baseline.toFixed(1)} ms`);

  const results: { view: string; firstP95: number; nextP95: number; rows: number; countP95: number }[] = [];
  for (const view of views) {
    const sort = view.sort ?? byTime;
    const first: number[] = [];
    const next: number[] = [];
    const counts: number[] = [];
    let rows = 0;
    // One warm-up run, then RUNS measured runs.
    for (let run = 0; run <= RUNS; run++) {
      let t = performance.now();
      const page = await store.listOutputs({ projectId, filter: view.filter, sort, cursor: null, limit: PAGE_SIZE });
      const firstMs = performance.now() - t;
      rows = page.rows.length;
      let nextMs = 0;
      if (page.nextCursor) {
        t = performance.now();
        await store.listOutputs({ projectId, filter: view.filter, sort, cursor: page.nextCursor, limit: PAGE_SIZE });
        nextMs = performance.now() - t;
      }
      t = performance.now();
      if (run < 6) await store.countOutputs({ projectId, filter: view.filter, cap: COUNT_CAP });
      const countMs = performance.now() - t;
      if (run > 0) {
        first.push(firstMs);
        next.push(nextMs);
        if (run < 6) counts.push(countMs);
      }
    }
    const r = { view: view.name, firstP95: round(p95(first)), nextP95: round(p95(next)), rows, countP95: round(p95(counts)) };
    results.push(r);
    console.log(`${view.name.padEnd(42)} first ${String(r.firstP95).padStart(7)} ms  next ${String(r.nextP95).padStart(7)} ms  (${rows} rows; capped count ${r.countP95} ms)  ${Math.max(r.firstP95, r.nextP95) <= TARGET_MS ? "ok" : "OVER TARGET"}`);
  }
  const worst = Math.max(...results.map((r) => Math.max(r.firstP95, r.nextP95)));
  console.log(`Worst page p95 ${worst.toFixed(1)} ms (target ≤ ${TARGET_MS} ms) = ${(worst / baseline).toFixed(1)}× the lookup by id`);
  console.log(
    JSON.stringify({
      bench: "outputs",
      outputs: OUTPUTS,
      loadSeconds: Math.round(loadFigures.totalSeconds),
      insertSeconds: Math.round(loadFigures.insertSeconds),
      indexSeconds: Math.round(loadFigures.indexSeconds),
      baselineLookupP95Ms: round(baseline),
      worstPageP95Ms: round(worst),
      ratio: Number((worst / baseline).toFixed(1)),
      targetMs: TARGET_MS,
      pass: worst <= TARGET_MS,
      views: results,
    }),
  );
} finally {
  await closeDatabase();
  if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}
