// Benchmark: the agreement page's data for one audit of 100,000 sampled items, each labelled by the
// same 3 reviewers on 5 rubric dimensions (300,000 labels, every item with a gold label), on the
// PostgreSQL server. Timed: getAgreementReport, what the page calls — authorization, the one read
// of the labels, every statistic per dimension and per reviewer pair, reviewers against gold,
// drift, and bootstrap intervals with 1,000 resamples. Baseline in the same run: one
// SELECT count(*) over those labels. The page reads the audit's pre-grouped summary (decision
// 039): it is built once after the SQL load (timed apart), then the page is timed, then timed
// again right after label edits whose events are not drained, and the handler per event.
//
// The data is written straight in SQL into a scratch database h14_bench_agreement on
// BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), dropped afterwards.
// Run: npm run bench -- agreement-page [items] [--keep] [--reuse]. Ends with exactly one JSON line of the figures.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { closeDatabase, getDatabase } from "@/lib/server/db/client";
import { applyPendingMigrations } from "@/lib/server/db/schema-engine";
import { getAgreementReport, readLabelSummary } from "@/lib/server/review/agreement";
import { agreementSummaryEventHandler, recomputeAgreementSummary } from "@/lib/server/review/agreement-summary";
import { recordLabelEdit } from "@/lib/server/review/record";
import { processReviewEvents } from "@/lib/server/events/process";
import { agreementDimensions } from "@/lib/review/agreement-report";
import { defaultRubric, type Dimension } from "@/lib/review/rubric";
import type { UserActor } from "@/lib/server/auth/actor";

const numericArgs = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const ITEMS = numericArgs[0] ?? 100_000;
const REVIEWERS = 3;
const RUNS = 5;
// --keep leaves the scratch database for a --reuse run (skips the ~2 minutes of preparing it).
const KEEP = process.argv.includes("--keep");
const REUSE = process.argv.includes("--reuse");
const TARGET_MS = 1000;
const SCRATCH = "h14_bench_agreement";
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const scratchUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${SCRATCH}`;
  return url.toString();
})();

async function onServerAdmin(sql: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** The values a dimension can take, as JSON, in order. */
function valuesOf(d: Dimension): unknown[] {
  switch (d.kind) {
    case "categorical":
    case "ordinal":
      return d.options.map((o) => o.value);
    case "scale":
      return Array.from({ length: d.max - d.min + 1 }, (_, i) => d.min + i);
    case "boolean":
      return [true, false];
    default:
      throw new Error(`no benchmark values for ${d.kind}`);
  }
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

type Prepared = { slug: string; actor: UserActor; projectId: string; dimensions: Dimension[]; buildMs: number | null };

/** Edits to write through the event point after the timed reads (read-your-writes, then the handler). */
const EDITS = 20;

async function reuse(): Promise<Prepared> {
  process.env.DATABASE_URL = scratchUrl;
  const db = (await getDatabase()).prisma;
  const project = await db.project.findUniqueOrThrow({ where: { slug: "bench-agreement" } });
  const qa = await db.user.findUniqueOrThrow({ where: { email: "qa@bench.test" } });
  const rubric = await db.rubric.findFirstOrThrow({ where: { projectId: project.id } });
  // A kept database whose summary was dropped (e.g. after a change of its entries) is built again here.
  let buildMs: number | null = null;
  if ((await db.agreementAudit.count({ where: { projectId: project.id } })) === 0) {
    const audit = await db.audit.findFirstOrThrow({ where: { projectId: project.id } });
    const t = performance.now();
    await recomputeAgreementSummary(db, { projectId: project.id, auditIds: [audit.id], buildAuditIds: [audit.id] });
    buildMs = performance.now() - t;
    await (await getDatabase()).query(`VACUUM ANALYZE "AgreementCount", "AgreementItem", "AgreementTime"`);
  }
  return { slug: project.slug, projectId: project.id, actor: { kind: "user", userId: qa.id, email: qa.email, name: qa.name, isInstanceAdmin: false }, dimensions: rubric.dimensions as Dimension[], buildMs };
}

async function prepare(): Promise<Prepared> {
  await onServerAdmin(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
  await onServerAdmin(`CREATE DATABASE ${SCRATCH}`);
  process.env.DATABASE_URL = scratchUrl;
  const database = await getDatabase();
  await applyPendingMigrations(database.adapterFactory);
  const db = database.prisma;
  const slug = "bench-agreement";
  const project = await db.project.create({ data: { slug, name: "Agreement benchmark" } });
  const qa = await db.user.create({ data: { email: "qa@bench.test", name: "QA lead" } });
  await db.membership.create({ data: { projectId: project.id, userId: qa.id, role: "qa_lead" } });
  const reviewers = [];
  for (let r = 0; r < REVIEWERS; r++) {
    const user = await db.user.create({ data: { email: `reviewer-${r}@bench.test`, name: `Reviewer ${r}` } });
    await db.membership.create({ data: { projectId: project.id, userId: user.id, role: "reviewer" } });
    reviewers.push(user.id);
  }
  // Five dimensions of the default rubric that agreement is measured on: ordinal, categorical, scale, ...
  const spec = defaultRubric();
  const dimensions = agreementDimensions(spec.dimensions).filter((d) => d.kind !== "multiselect" && !("when" in d && d.when)).slice(0, 5);
  const rubric = await db.rubric.create({ data: { projectId: project.id, version: 1, dimensions, guidelines: spec.guidelines } });
  const plan = await db.auditPlan.create({ data: { projectId: project.id, version: 1, method: "fixed", methodParams: { fixedSize: ITEMS } } });
  const weekStart = new Date(Date.UTC(2026, 0, 5));
  const audit = await db.audit.create({
    data: { projectId: project.id, week: "2026-W02", weekStart, weekEnd: new Date(weekStart.getTime() + 7 * 86_400_000), seed: "bench", planId: plan.id, strata: [], population: ITEMS * 20, sampleSize: ITEMS, dueAt: new Date(weekStart.getTime() + 14 * 86_400_000) },
  });
  const p = lit(project.id);
  // Each item has a true value per dimension; each reviewer reports it with probability 0.8
  // (reviewer 2: 0.6, a noisier one), a uniformly random value otherwise.
  const truthColumns = dimensions.map((d, k) => `floor(random() * ${valuesOf(d).length})::int AS t${k}`).join(", ");
  const labelValue = (d: Dimension, k: number, accuracy: string) => {
    const vals = lit(JSON.stringify(valuesOf(d)));
    return `${lit(d.key)}, ${vals}::jsonb -> (CASE WHEN random() < ${accuracy} THEN t.t${k} ELSE floor(random() * ${valuesOf(d).length})::int END)`;
  };
  const goldValue = dimensions.map((d, k) => `${lit(d.key)}, ${lit(JSON.stringify(valuesOf(d)))}::jsonb -> t.t${k}`).join(", ");
  await database.query(`SELECT setseed(0.14)`);
  await database.query(`CREATE TABLE bench_truth AS SELECT g, ${truthColumns} FROM generate_series(1, ${ITEMS}) g`);
  await database.query(
    `INSERT INTO "LoggedOutput" (id, "projectId", "externalId", timestamp, "taskType", input, output)
     SELECT md5('out' || g)::uuid, ${p}, 'bench-' || g, ${lit(weekStart.toISOString())}::timestamptz + g * interval '1 second', 'billing',
            '[{"role":"user","content":"Why was I charged twice?"}]'::jsonb, '"Two charges: one is a pending authorisation."'::jsonb
       FROM generate_series(1, ${ITEMS}) g`,
  );
  await database.query(
    `INSERT INTO "SampledItem" (id, "projectId", "auditId", "outputId", stratum, "inclusionProbability", "sampleKey", "reviewersWanted", status)
     SELECT 'si' || g, ${p}, ${lit(audit.id)}, md5('out' || g)::uuid, 'billing', 0.05, lpad(g::text, 8, '0'), ${REVIEWERS}, 'gold'
       FROM generate_series(1, ${ITEMS}) g`,
  );
  for (const [r, reviewerId] of reviewers.entries()) {
    const accuracy = r === 2 ? "0.6" : "0.8";
    await database.query(
      `INSERT INTO "Assignment" (id, "projectId", "sampledItemId", "reviewerId", status, "submittedAt")
       SELECT 'as' || g || '-' || ${r}, ${p}, 'si' || g, ${lit(reviewerId)}, 'submitted', now() FROM generate_series(1, ${ITEMS}) g`,
    );
    await database.query(
      `INSERT INTO "Label" (id, "projectId", "sampledItemId", "assignmentId", "reviewerId", "rubricId", values, "timeSpentMs", "updatedAt")
       SELECT 'lb' || t.g || '-' || ${r}, ${p}, 'si' || t.g, 'as' || t.g || '-' || ${r}, ${lit(reviewerId)}, ${lit(rubric.id)},
              jsonb_build_object(${dimensions.map((d, k) => labelValue(d, k, accuracy)).join(", ")}), 20000 + floor(random() * 40000)::int, now()
         FROM bench_truth t`,
    );
  }
  await database.query(
    `INSERT INTO "GoldLabel" (id, "projectId", "sampledItemId", "rubricId", values, source)
     SELECT 'gl' || t.g, ${p}, 'si' || t.g, ${lit(rubric.id)}, jsonb_build_object(${goldValue}), CASE WHEN t.g % 4 = 0 THEN 'adjudication' ELSE 'consensus' END FROM bench_truth t`,
  );
  await database.query(`DROP TABLE bench_truth`);
  // Planner statistics for the bulk-loaded tables, as autovacuum would gather them.
  await database.query("ANALYZE");
  // The labels were written straight in SQL, without events: build the audit's summary from all of
  // them once (what the first read of a never-built audit does, e.g. after the migration).
  const t = performance.now();
  await recomputeAgreementSummary(db, { projectId: project.id, auditIds: [audit.id], buildAuditIds: [audit.id] });
  const buildMs = performance.now() - t;
  await database.query("VACUUM ANALYZE \"AgreementCount\", \"AgreementItem\", \"AgreementTime\"");
  return { slug, projectId: project.id, actor: { kind: "user", userId: qa.id, email: qa.email, name: qa.name, isInstanceAdmin: false }, dimensions, buildMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main() {
  console.log(`Preparing ${SCRATCH}: ${ITEMS} items × ${REVIEWERS} reviewers × 5 dimensions in one audit…`);
  const t0 = performance.now();
  const { slug, actor, projectId, dimensions, buildMs } = REUSE ? await reuse() : await prepare();
  console.log(`  prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s; dimensions: ${dimensions.map((d) => `${d.key} (${d.kind})`).join(", ")}`);
  if (buildMs !== null) console.log(`  summary built from all ${ITEMS * REVIEWERS} labels in ${(buildMs / 1000).toFixed(1)} s (once per audit)`);
  const database = await getDatabase();
  const db = database.prisma;
  const baseline: number[] = [];
  const page: number[] = [];
  const read: number[] = [];
  // This process's CPU time during the page call (the statistics, parsing, the driver; not the
  // database's): on a shared machine it says what the wall time would be without the queueing.
  const pageCpu: number[] = [];
  let report: Awaited<ReturnType<typeof getAgreementReport>> | null = null;
  // One warm-up of each (JIT, connection pool, PostgreSQL's caches), then RUNS timed rounds.
  for (let run = 0; run <= RUNS; run++) {
    let t = performance.now();
    const [{ count }] = await db.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) FROM "Label" WHERE "projectId" = $1`, projectId);
    const baselineMs = performance.now() - t;
    if (Number(count) !== ITEMS * REVIEWERS) throw new Error(`expected ${ITEMS * REVIEWERS} labels, counted ${count}`);
    t = performance.now();
    const cpu = process.cpuUsage();
    report = await getAgreementReport({ projectSlug: slug, actor });
    const pageMs = performance.now() - t;
    const used = process.cpuUsage(cpu);
    t = performance.now();
    await readLabelSummary(db, { projectId, auditIds: [report.audit!.id], keys: dimensions.map((d) => d.key) });
    const readMs = performance.now() - t;
    if (run > 0) {
      baseline.push(baselineMs);
      page.push(pageMs);
      pageCpu.push((used.user + used.system) / 1000);
      read.push(readMs);
    }
  }
  // The summary rests on every label: each item's pattern counted once per dimension, every label once.
  const totals = await db.$queryRawUnsafe<{ kind: string; total: number }[]>(
    `SELECT entry::jsonb ->> 0 AS kind, sum(count)::int AS total FROM "AgreementCount" WHERE "projectId" = $1 AND "auditId" = $2 GROUP BY 1`,
    projectId,
    report!.audit!.id,
  );
  const total = (kind: string) => Number(totals.find((t) => t.kind === kind)?.total ?? 0);
  if (total("activity") !== ITEMS * REVIEWERS || total("agreement") % ITEMS !== 0 || total("overlap") !== ITEMS) throw new Error(`the summary does not count every label: ${JSON.stringify(totals)}`);

  // Read-your-writes: label edits through the event point, not drained; the next read recomputes their items first.
  const edited = await db.label.findMany({ where: { projectId }, orderBy: { id: "asc" }, take: EDITS, select: { id: true, reviewerId: true, rubricId: true, values: true } });
  // A categorical dimension: every value counts at its level, so the items α rests on stay the same.
  const first = dimensions.find((d) => d.kind === "categorical")!;
  for (const label of edited) {
    const values = { ...(label.values as Record<string, unknown>) };
    const options = valuesOf(first);
    values[first.key] = options[(options.indexOf(values[first.key]) + 1) % options.length];
    await recordLabelEdit(db, { projectId, labelId: label.id, editorId: label.reviewerId, rubricId: label.rubricId, values: values as never, now: new Date() });
  }
  let t = performance.now();
  const afterWrites = await getAgreementReport({ projectSlug: slug, actor });
  const afterWritesMs = performance.now() - t;
  const itemsOf = (r: typeof report) => r!.dimensions.find((d) => d.key === first.key)!.items;
  if (itemsOf(afterWrites) !== itemsOf(report)) throw new Error("edits changed the number of items");
  // The handler's cost per event, as the drain runs it off the request path.
  t = performance.now();
  const drained = await processReviewEvents({ handlers: [agreementSummaryEventHandler] });
  const handlerMs = (performance.now() - t) / Math.max(1, drained.processed);
  if (drained.failed) throw new Error(`${drained.failed} events failed`);

  const alpha = report!.dimensions.map((d) => ({ key: d.key, items: d.items, alpha: d.alpha && { estimate: +d.alpha.estimate.toFixed(4), lower: +d.alpha.lower.toFixed(4), upper: +d.alpha.upper.toFixed(4) } }));
  // Values without a place in an ordinal's order (e.g. "not verifiable") leave some items out of α.
  if (report!.dimensions.some((d) => d.items < ITEMS / 2 || !d.alpha)) throw new Error("the report does not rest on the items");
  await closeDatabase();
  if (!KEEP) await onServerAdmin(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
  const round = (x: number) => Math.round(x * 10) / 10;
  const pageMs = round(median(page));
  const baselineMs = round(median(baseline));
  const readMs = round(median(read));
  const pageCpuMs = round(median(pageCpu));
  console.log(`agreement page data, ${ITEMS} items × ${REVIEWERS} reviewers × ${dimensions.length} dimensions, 1,000 bootstrap resamples (median of ${RUNS} runs)`);
  console.log(`  getAgreementReport            ${pageMs.toFixed(1).padStart(8)} ms   (target ≤ ${TARGET_MS} ms)`);
  console.log(`    CPU time of this process   ${pageCpuMs.toFixed(1).padStart(8)} ms   (statistics and parsing; the database's not included)`);
  console.log(`    of which the label read     ${readMs.toFixed(1).padStart(8)} ms   (one statement; statistics: the rest)`);
  console.log(`  baseline SELECT count(*)      ${baselineMs.toFixed(1).padStart(8)} ms   over the ${ITEMS * REVIEWERS} labels`);
  console.log(`  ratio page / baseline         ${(pageMs / baselineMs).toFixed(1).padStart(8)} ×`);
  console.log(`  page right after ${EDITS} edits    ${afterWritesMs.toFixed(1).padStart(8)} ms   (their items recomputed before the read)`);
  console.log(`  event handler                 ${handlerMs.toFixed(1).padStart(8)} ms   per event (${drained.processed} drained)`);
  if (buildMs !== null) console.log(`  summary build                 ${buildMs.toFixed(1).padStart(8)} ms   once per audit`);
  for (const a of alpha) console.log(`  α ${a.key.padEnd(14)} ${a.alpha!.estimate.toFixed(3)} [${a.alpha!.lower.toFixed(3)}, ${a.alpha!.upper.toFixed(3)}] on ${a.items} items`);
  console.log(
    JSON.stringify({ bench: "agreement-page", items: ITEMS, reviewers: REVIEWERS, dimensions: dimensions.length, replicates: 1000, runs: RUNS, pageMs, pageCpuMs, readMs, baselineMs, ratio: round(pageMs / baselineMs), afterWritesMs: round(afterWritesMs), handlerMsPerEvent: round(handlerMs), buildMs: buildMs === null ? null : round(buildMs), targetMs: TARGET_MS, meetsTarget: pageMs <= TARGET_MS, pageRunsMs: page.map(round) }),
  );
}

main().catch(async (error) => {
  console.error(error);
  await closeDatabase().catch(() => {});
  if (!KEEP) await onServerAdmin(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`).catch(() => {});
  process.exit(1);
});
