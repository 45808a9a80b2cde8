// Benchmark: the weekly draw on a week of 1,000,000 outputs in 8 strata, against its baseline, one
// `SELECT "taskType", count(*) … GROUP BY` over the same week (the cheapest possible pass over it).
// Needs a PostgreSQL server: BENCH_DATABASE_URL, else DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres;
// the scratch database assay_bench_sample is created on that server, migrated, filled and dropped.
// Run: npm run bench -- sample [outputs]. Ends with exactly one JSON line of the figures.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { closeDatabase, installDatabase, openDatabase } from "@/lib/server/db/client";
import { applyPendingMigrations } from "@/lib/server/db/schema-engine";
import { isoWeekRange } from "@/lib/audits/week";
import { drawWeeklySample } from "@/lib/server/audits/draw";
import { systemActor } from "@/lib/server/auth/actor";

const OUTPUTS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const STRATA = ["billing", "account_access", "refunds", "medical_questions", "financial_advice", "general", "shipping", "legal"];
const WEEK = "2026-W47";
const RUNS = 5;
const SCRATCH = "assay_bench_sample";

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${SCRATCH}`);
const url = new URL(serverUrl);
url.pathname = `/${SCRATCH}`;
const database = await openDatabase({ kind: "server", url: url.toString(), poolSize: 4 });
installDatabase(database);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  await applyPendingMigrations(database.adapterFactory);
  const project = await database.prisma.project.create({ data: { slug: "bench-sample", name: "Bench sample", timeZone: "UTC" } });
  const { start, end } = isoWeekRange(WEEK, "UTC");
  const spanMs = end.getTime() - start.getTime();
  let t = performance.now();
  // Skewed strata (like real traffic): stratum h gets a share ∝ 1/(h + 1).
  await database.query(
    `INSERT INTO "LoggedOutput" ("projectId", "externalId", "timestamp", "taskType", "model", "input", "output", "metadata")
     SELECT $1, 'out-' || g, $2::timestamptz + ((g - 1)::float8 / $4 * $3::float8) * interval '1 millisecond',
            ($5::text[])[1 + floor(8 * power(((g * 2654435761::bigint) % 1000003)::float8 / 1000003, 2))::int],
            'model-a', jsonb_build_object('q', 'question ' || g), jsonb_build_object('a', 'answer ' || g), '{}'::jsonb
       FROM generate_series(1, $4::int) AS g`,
    [project.id, start.toISOString(), spanMs, OUTPUTS, STRATA],
  );
  // Outputs just outside the week on both sides, so the range predicates do real work.
  await database.query(
    `INSERT INTO "LoggedOutput" ("projectId", "externalId", "timestamp", "taskType", "input", "output")
     SELECT $1, 'edge-' || g, CASE WHEN g % 2 = 0 THEN $2::timestamptz - interval '1 hour' ELSE $3::timestamptz + interval '1 hour' END, 'billing', '{}', '{}'
       FROM generate_series(1, 10000) AS g`,
    [project.id, start.toISOString(), end.toISOString()],
  );
  await database.query(`VACUUM ANALYZE "LoggedOutput"`);
  const loadSeconds = (performance.now() - t) / 1000;
  console.log(`Loaded ${OUTPUTS.toLocaleString("en")} outputs in ${STRATA.length} strata in ${loadSeconds.toFixed(1)} s`);

  // The plan: Cochran at ±1 point, 95 %, expected 5 % → n ≈ 1,823, proportional, 20 % overlap by 2.
  await database.prisma.auditPlan.create({
    data: { projectId: project.id, version: 1, method: "estimate", methodParams: { expectedRate: 0.05, marginOfError: 0.01, confidence: 0.95 }, allocation: "proportional" },
  });

  const scanTimes: number[] = [];
  const drawTimes: number[] = [];
  let sampleSize = 0;
  const after = new Date(end.getTime() + 7 * 86_400_000);
  for (let run = 0; run < RUNS; run++) {
    t = performance.now();
    const scan = await database.query<{ taskType: string; n: string }>(
      `SELECT "taskType", count(*) AS n FROM "LoggedOutput" WHERE "projectId" = $1 AND "timestamp" >= $2 AND "timestamp" < $3 GROUP BY "taskType"`,
      [project.id, start.toISOString(), end.toISOString()],
    );
    scanTimes.push(performance.now() - t);
    if (scan.rows.reduce((s, r) => s + Number(r.n), 0) !== OUTPUTS) throw new Error("the scan did not see the week");

    await database.prisma.audit.deleteMany({ where: { projectId: project.id } });
    t = performance.now();
    const { auditId, created } = await drawWeeklySample({ projectId: project.id, actor: systemActor("bench-sample"), week: WEEK, now: after, seed: `bench-${run}` });
    drawTimes.push(performance.now() - t);
    if (!created) throw new Error("the draw did not create an audit");
    sampleSize = await database.prisma.sampledItem.count({ where: { auditId } });
    // The population comes from the trigger-kept hourly counters: it must be the scan's figure.
    const audit = await database.prisma.audit.findUniqueOrThrow({ where: { id: auditId }, select: { population: true } });
    if (audit.population !== OUTPUTS) throw new Error(`the draw counted ${audit.population} outputs, the scan ${OUTPUTS}`);
  }
  const scanMs = median(scanTimes);
  const drawMs = median(drawTimes);
  const ratio = drawMs / scanMs;
  console.log(`GROUP BY scan of the week: median ${scanMs.toFixed(1)} ms (runs: ${scanTimes.map((x) => x.toFixed(0)).join(", ")})`);
  console.log(`drawWeeklySample:          median ${drawMs.toFixed(1)} ms (runs: ${drawTimes.map((x) => x.toFixed(0)).join(", ")}), ${sampleSize} items`);
  console.log(`ratio draw / scan: ${ratio.toFixed(2)} (target ≤ 2)`);
  console.log(JSON.stringify({ bench: "sample", outputs: OUTPUTS, strata: STRATA.length, sampleSize, scanMs: +scanMs.toFixed(1), drawMs: +drawMs.toFixed(1), ratio: +ratio.toFixed(2), target: 2 }));
} finally {
  await closeDatabase();
  // BENCH_KEEP=1 keeps the filled database for EXPLAIN ANALYZE sessions.
  if (process.env.BENCH_KEEP !== "1") await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
  await admin.end();
}
