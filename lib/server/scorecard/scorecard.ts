// The scorecard: the project's chosen metrics per week with estimates, intervals, baselines,
// thresholds and status (lib/scorecard/status), read from one query of every audited week's gold.
// Each closed week uses the gold as of its closing (as its frozen results do); an open week the
// gold of now, marked provisional. A metric entering rising or critical in the latest week records
// an alert (once per transition: recordAlert is idempotent), delivered to the webhooks.
import "server-only";
import { createHash } from "node:crypto";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { recordAuditEvent } from "@/lib/server/audit-log/audit-log";
import { recordAlert } from "@/lib/server/alerts/alerts";
import { defaultRubric, parseRubricSpec } from "@/lib/review/rubric";
import { metricCatalogue, sampledMetricWeek, type CatalogueDimension, type MetricDefinition, type MetricSource } from "@/lib/scorecard/catalogue";
import { guardrailPairStatus, metricStatusSeries, statusTransitions, type MetricEvaluation, type MetricSpec, type MetricWeek } from "@/lib/scorecard/status";
import type { ResultItem } from "@/lib/scorecard/audit-results";
import { populationMetricWeeks } from "./population-metrics";
import type { PopulationMeasure } from "@/lib/scorecard/population";
import { isoWeekRange } from "@/lib/audits/week";

/** The team's shared numbers a new project starts with; a QA lead changes them on the scorecard. */
const DEFAULT_METRICS: { key: string; threshold: number | null }[] = [
  { key: "any_error", threshold: 0.08 },
  { key: "failure_policy", threshold: 0.01 },
  { key: "failure_factuality", threshold: 0.05 },
  { key: "incident_harm", threshold: 0.005 },
  { key: "incident_near_miss", threshold: 0.02 },
  { key: "outcome_partial", threshold: null },
  { key: "mean_tone", threshold: 3.5 },
  // One over every output: the users' wait, which no sample is needed for.
  { key: "latency_p95", threshold: null },
];

async function currentDimensions(projectId: string): Promise<CatalogueDimension[]> {
  const db = await prisma();
  const row = await db.rubric.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select: { dimensions: true, guidelines: true } });
  return (row ? parseRubricSpec({ dimensions: row.dimensions, guidelines: row.guidelines }) : defaultRubric()).dimensions as CatalogueDimension[];
}

export async function catalogueFor(projectId: string): Promise<MetricDefinition[]> {
  return metricCatalogue(await currentDimensions(projectId), { population: true });
}

/** Creates the default metrics once, for a project that has none (idempotent under concurrency). */
export async function ensureDefaultMetrics(projectId: string): Promise<void> {
  const db = await prisma();
  if ((await db.scorecardMetric.count({ where: { projectId } })) > 0) return;
  const catalogue = await catalogueFor(projectId);
  const rows = DEFAULT_METRICS.flatMap(({ key, threshold }, position) => {
    const def = catalogue.find((m) => m.key === key);
    return def ? [{ projectId, key, label: def.label, description: def.description, source: def.source as object, direction: def.direction, unit: def.unit, threshold, position }] : [];
  });
  await db.scorecardMetric.createMany({ data: rows, skipDuplicates: true });
}

type MetricRow = Awaited<ReturnType<typeof listMetricRows>>[number];
async function listMetricRows(projectId: string) {
  const db = await prisma();
  return db.scorecardMetric.findMany({ where: { projectId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
}

function specOf(row: MetricRow): MetricSpec {
  return { key: row.key, label: row.label, direction: row.direction as MetricSpec["direction"], unit: row.unit, threshold: row.threshold, baseline: (row.baseline as MetricSpec["baseline"]) ?? null };
}

export type ScorecardWeek = { week: string; auditId: string; provisional: boolean; reviewed: number; sampled: number };
export type ScorecardMetricView = {
  id: string;
  key: string;
  label: string;
  description: string;
  source: MetricSource;
  spec: MetricSpec;
  guardrailMetricId: string | null;
  /** restsOn: what a population value was computed from (outputs or tool calls of the week); null for a sampled metric. */
  weeks: (MetricWeek & { evaluation: MetricEvaluation; provisional: boolean; reviewed: number | null; restsOn: { count: number; of: string } | null })[];
  latest: MetricEvaluation | null;
  pair: { guardrailLabel: string; status: string; reason: string } | null;
};

type AuditRow = { id: string; week: string; strata: unknown; status: string; closedAt: Date | null; sampleSize: number };
type SampledSource = Exclude<MetricSource, { kind: "population" }>;
type SampledWeek = ReturnType<typeof sampledMetricWeek>;
/** What a closed week keeps (ScorecardWeekCache.values): its reviewed count and each sampled source's weekly row. */
type KeptWeek = { reviewed: number; metrics: Record<string, SampledWeek> };

// Bump when sampledMetricWeek's output changes meaning: every kept week is then recomputed.
const KEPT_WEEK_VERSION = 1;
const sourceKey = (source: SampledSource) => JSON.stringify(source);
/** What a closed week's values depend on besides its audit and closing: the dimensions the scorecard reads them with. */
const fingerprintOf = (dimensions: CatalogueDimension[]) => createHash("sha256").update(JSON.stringify({ v: KEPT_WEEK_VERSION, dimensions })).digest("hex");

/** A closed audit's week never changes: gold as of its closing, the frozen draw (decision 040). */
const isKeepable = (a: AuditRow): a is AuditRow & { closedAt: Date } => a.status === "closed" && a.closedAt !== null;

/** Reads the items and their gold (as of each closing, else now) of the given audits in one statement. */
async function readItems(projectId: string, auditIds: string[]): Promise<Map<string, ResultItem[]>> {
  const itemsByAudit = new Map<string, ResultItem[]>(auditIds.map((id) => [id, []]));
  if (auditIds.length === 0) return itemsByAudit;
  const database = await getDatabase();
  const { rows } = await database.query<{ auditId: string; stratum: string; p: number | string; values: Record<string, unknown> | null }>(
    `SELECT s."auditId", s.stratum, s."inclusionProbability" AS p, CASE WHEN g.withdrawn THEN NULL ELSE g."values" END AS "values"
       FROM "SampledItem" s
       JOIN "Audit" a ON a.id = s."auditId" AND a."projectId" = s."projectId"
       LEFT JOIN LATERAL (
         SELECT v."values", v.withdrawn FROM "GoldLabelVersion" v
          WHERE v."projectId" = s."projectId" AND v."sampledItemId" = s.id
            AND v."decidedAt" <= COALESCE(a."closedAt", now())
          ORDER BY v.seq DESC LIMIT 1) g ON true
      WHERE s."projectId" = $1 AND s."auditId" = ANY($2::text[])`,
    [projectId, auditIds],
  );
  // Each item weighs by its own inclusion probability (a topped-up week mixes two rates, decision 021).
  for (const r of rows) itemsByAudit.get(r.auditId)?.push({ stratum: r.stratum, values: r.values, inclusionProbability: Number(r.p) });
  return itemsByAudit;
}

/**
 * Every audited week's sampled metric rows and reviewed count. A closed week is read from
 * ScorecardWeekCache when it holds every source asked for, else computed from its items (gold as of
 * closing) and kept; an open week is always computed from the gold of now.
 */
async function readWeeks(projectId: string, limitWeeks: number, sources: SampledSource[], dimensions: CatalogueDimension[]) {
  const db = await prisma();
  const audits: AuditRow[] = await db.audit.findMany({
    where: { projectId },
    orderBy: { weekStart: "desc" },
    take: limitWeeks,
    select: { id: true, week: true, strata: true, status: true, closedAt: true, sampleSize: true },
  });
  audits.reverse();
  const fingerprint = fingerprintOf(dimensions);
  const keepable = audits.filter(isKeepable);
  const keptRows = keepable.length
    ? await db.scorecardWeekCache.findMany({ where: { projectId, fingerprint, auditId: { in: keepable.map((a) => a.id) } }, select: { auditId: true, closedAt: true, values: true } })
    : [];
  const closings = new Map(keepable.map((a) => [a.id, a.closedAt.getTime()]));
  const kept = new Map(keptRows.filter((r) => closings.get(r.auditId) === r.closedAt.getTime()).map((r) => [r.auditId, r.values as unknown as KeptWeek]));
  const keys = sources.map(sourceKey);
  const complete = (a: AuditRow) => { const k = kept.get(a.id); return !!k && keys.every((key) => key in k.metrics); };
  const toCompute = audits.filter((a) => !complete(a));
  const itemsByAudit = await readItems(projectId, toCompute.map((a) => a.id));

  const weeks = audits.map((a) => {
    const strata = (a.strata as { stratum: string; population: number; allocated: number }[]).map((s) => ({ value: s.stratum, population: s.population, sampled: s.allocated }));
    const known = complete(a) ? kept.get(a.id)! : null;
    if (known) return { audit: a, reviewed: known.reviewed, metrics: known.metrics, computed: false };
    const items = itemsByAudit.get(a.id) ?? [];
    const metrics: Record<string, SampledWeek> = { ...(kept.get(a.id)?.metrics ?? {}) };
    for (const source of sources) metrics[sourceKey(source)] = sampledMetricWeek({ week: a.week, source, dimensions, strata, items });
    return { audit: a, reviewed: items.filter((i) => i.values).length, metrics, computed: true };
  });
  const toKeep = weeks.filter((w) => w.computed && isKeepable(w.audit));
  if (toKeep.length) {
    // A second viewer computing the same week writes the same values: last one wins, harmlessly.
    await db.$transaction(
      toKeep.map((w) => {
        const closedAt = w.audit.closedAt!;
        const values = { reviewed: w.reviewed, metrics: w.metrics } satisfies KeptWeek as unknown as object;
        return db.scorecardWeekCache.upsert({
          where: { auditId_closedAt_fingerprint: { auditId: w.audit.id, closedAt, fingerprint } },
          create: { projectId, auditId: w.audit.id, closedAt, fingerprint, values },
          update: { values },
        });
      }),
    );
  }
  return weeks;
}

export async function getScorecard(input: { actor: Actor; projectSlug: string; weeks?: number; recordAlerts?: boolean }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "scorecard:read" });
  await ensureDefaultMetrics(project.id);
  const [metricRows, dimensions] = await Promise.all([listMetricRows(project.id), currentDimensions(project.id)]);
  const sampledSources = [...new Map(metricRows.flatMap((m) => { const s = m.source as MetricSource; return s.kind === "population" ? [] : [[sourceKey(s), s] as const]; })).values()];
  const weeks = await readWeeks(project.id, input.weeks ?? 52, sampledSources, dimensions);
  const measures = [...new Set(metricRows.flatMap((m) => { const s = m.source as MetricSource; return s.kind === "population" ? [s.measure as PopulationMeasure] : []; }))];
  const population = measures.length ? await populationMetricWeeks({ projectId: project.id, timeZone: project.timeZone, weeks: weeks.map((w) => w.audit.week), measures }) : null;

  const weekInfo: ScorecardWeek[] = weeks.map((w) => ({ week: w.audit.week, auditId: w.audit.id, provisional: w.audit.status === "open", reviewed: w.reviewed, sampled: w.audit.sampleSize }));
  const views: ScorecardMetricView[] = metricRows.map((row) => {
    const source = row.source as MetricSource;
    const spec = specOf(row);
    const series: (MetricWeek & { rateReviewed?: number })[] = weeks.map((w) =>
      source.kind === "population"
        ? { week: w.audit.week, value: population?.get(w.audit.week)?.[source.measure]?.value ?? null }
        : w.metrics[sourceKey(source)],
    );
    const evaluations = series.length ? metricStatusSeries(spec, series) : [];
    return {
      id: row.id,
      key: row.key,
      label: row.label,
      description: row.description,
      source,
      spec,
      guardrailMetricId: row.guardrailMetricId,
      weeks: series.map((w, i) => ({
        ...w,
        evaluation: evaluations[i],
        // A population value is final once its week is over; a sampled one once its audit closed.
        provisional: source.kind === "population" ? isoWeekRange(w.week, project.timeZone).end.getTime() > Date.now() : weekInfo[i].provisional,
        reviewed: w.rateReviewed ?? null,
        restsOn: source.kind === "population" ? (population?.get(w.week)?.[source.measure]?.restsOn ?? null) : null,
      })),
      latest: evaluations.at(-1) ?? null,
      pair: null,
    };
  });
  for (const view of views) {
    if (!view.guardrailMetricId) continue;
    const guard = views.find((v) => v.id === view.guardrailMetricId);
    if (!guard || !view.latest || !guard.latest) continue;
    const pair = guardrailPairStatus({ spec: view.spec, evaluation: view.latest }, { spec: guard.spec, evaluation: guard.latest });
    view.pair = { guardrailLabel: guard.label, ...pair };
  }

  if (input.recordAlerts !== false && weekInfo.length) {
    const latestWeek = weekInfo.at(-1)!.week;
    for (const view of views) {
      // Only the newest week alerts: history already happened, and one transition is one alert.
      const transition = statusTransitions(view.weeks.map((w) => w.evaluation)).find((t) => t.week === latestWeek);
      if (transition) {
        await recordAlert({ projectId: project.id, kind: "metric", subject: view.key, subjectLabel: view.label, week: transition.week, fromStatus: transition.from, toStatus: transition.to, reason: transition.reason });
      }
    }
  }
  return { project, weeks: weekInfo, metrics: views };
}

// ----- Editing the metrics (QA leads) --------------------------------------------------------

export async function addScorecardMetric(input: { actor: Actor; projectSlug: string; key: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "scorecard:edit" });
  const def = (await catalogueFor(project.id)).find((m) => m.key === input.key);
  if (!def) throw new ValidationError([{ field: "key", message: "choose a metric from the list" }]);
  const db = await prisma();
  const count = await db.scorecardMetric.count({ where: { projectId: project.id } });
  if (await db.scorecardMetric.findFirst({ where: { projectId: project.id, key: def.key }, select: { id: true } })) throw new ConflictError(`${def.label} is already on the scorecard.`, "key");
  const row = await db.scorecardMetric.create({ data: { projectId: project.id, key: def.key, label: def.label, description: def.description, source: def.source as object, direction: def.direction, unit: def.unit, position: count } });
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: "scorecard.metric_added", target: { type: "scorecard_metric", id: row.id }, summary: `Added ${def.label} to the scorecard` });
  return row;
}

export async function updateScorecardMetric(input: {
  actor: Actor;
  projectSlug: string;
  metricId: string;
  threshold: number | null;
  baseline: MetricSpec["baseline"];
  guardrailMetricId: string | null;
}) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "scorecard:edit" });
  const db = await prisma();
  const metric = await db.scorecardMetric.findFirst({ where: { id: input.metricId, projectId: project.id } });
  if (!metric) throw new NotFoundError("Metric not found");
  if (metric.unit === "fraction" && input.threshold !== null && (input.threshold < 0 || input.threshold > 1)) throw new ValidationError([{ field: "threshold", message: "a rate threshold is between 0 % and 100 %" }]);
  if (input.baseline?.kind === "fixed" && metric.unit === "fraction" && (input.baseline.value < 0 || input.baseline.value > 1)) throw new ValidationError([{ field: "baselineValue", message: "a rate baseline is between 0 % and 100 %" }]);
  if (input.guardrailMetricId) {
    if (input.guardrailMetricId === metric.id) throw new ValidationError([{ field: "guardrailMetricId", message: "a metric cannot be its own guardrail" }]);
    const guard = await db.scorecardMetric.findFirst({ where: { id: input.guardrailMetricId, projectId: project.id }, select: { id: true } });
    if (!guard) throw new ValidationError([{ field: "guardrailMetricId", message: "choose a metric of this scorecard" }]);
  }
  const updated = await db.scorecardMetric.update({
    where: { id: metric.id, projectId: project.id },
    data: { threshold: input.threshold, baseline: input.baseline ?? undefined, guardrailMetricId: input.guardrailMetricId },
  });
  if (!input.baseline && metric.baseline !== null) await db.$executeRawUnsafe(`UPDATE "ScorecardMetric" SET baseline = NULL WHERE id = $1 AND "projectId" = $2`, metric.id, project.id);
  await recordAuditEvent({
    projectId: project.id,
    actor: input.actor,
    action: "scorecard.metric_changed",
    target: { type: "scorecard_metric", id: metric.id },
    summary: `Changed ${metric.label}: threshold ${metric.threshold ?? "none"} → ${input.threshold ?? "none"}`,
    details: { before: { threshold: metric.threshold, baseline: metric.baseline, guardrailMetricId: metric.guardrailMetricId }, after: { threshold: input.threshold, baseline: input.baseline, guardrailMetricId: input.guardrailMetricId } },
  });
  return updated;
}

export async function removeScorecardMetric(input: { actor: Actor; projectSlug: string; metricId: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "scorecard:edit" });
  const db = await prisma();
  const metric = await db.scorecardMetric.findFirst({ where: { id: input.metricId, projectId: project.id } });
  if (!metric) throw new NotFoundError("Metric not found");
  await db.$transaction([
    db.scorecardMetric.updateMany({ where: { projectId: project.id, guardrailMetricId: metric.id }, data: { guardrailMetricId: null } }),
    db.scorecardMetric.deleteMany({ where: { id: metric.id, projectId: project.id } }),
  ]);
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: "scorecard.metric_removed", target: { type: "scorecard_metric", id: metric.id }, summary: `Removed ${metric.label} from the scorecard` });
}

