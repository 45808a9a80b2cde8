// The running rate of an audit while reviews come in (issue 18): for "any error" and every
// scorecard rate metric with a threshold, the confidence-sequence band over the gold labels in
// the order they were decided (lib/scorecard/monitoring runningRate), the fixed-n interval beside
// it, and an early alert the first time the band lies wholly above the threshold. The alert is
// recorded by the review-event handler after gold decisions come in (early-alert-handler.ts), so it
// fires mid-week whether or not anyone opens the page; reading the page records nothing. It is
// recorded once per audit and metric (recordAlert is idempotent) and goes to the webhooks.
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { failingDimensions } from "@/lib/review/error-outcome";
import { runningRate, type RunningRate } from "@/lib/scorecard/monitoring";
import type { MetricSource } from "@/lib/scorecard/catalogue";
import { recordAlert } from "@/lib/server/alerts/alerts";
import { failureCarryingDimensions } from "@/lib/server/scorecard/audit-results";
import type { AnalysisAudit } from "@/lib/server/judge/audit-data";
import { NotFoundError } from "@/lib/server/errors";
import { readGoldAsOf } from "@/lib/server/review/gold-history";
import { currentRubricDimensions } from "@/lib/server/judge/settings";
import type { Dimension } from "@/lib/review/rubric";

export type RunningRateView = {
  key: string;
  label: string;
  threshold: number | null;
  rate: RunningRate;
  /** Strata with outputs but fewer than 2 reviews so far: left out of the band (as on the results page), so it covers the rest. */
  leftOut: { stratum: string; population: number; reviews: number }[];
  coveredPopulation: number;
};

type WatchedMetric = { key: string; label: string; threshold: number | null; dimension: string | null };

/** What the band needs of an audit: its strata and its items' gold (items without gold are ignored). */
type RunningRateAudit = Pick<AnalysisAudit, "week" | "strata"> & { items: Pick<AnalysisAudit["items"][number], "stratum" | "sampleKey" | "gold" | "goldAt">[] };

/**
 * The audit's decided items only, without the outputs' signals and metadata that the results pages
 * need (loadAnalysisAudit): the check runs every minute while reviewers work, and on the embedded
 * database each of its statements holds the one session their requests wait for (joining 12,000
 * outputs' JSON took ~1 s there under review load).
 */
async function loadRunningRateAudit(projectId: string, auditId: string): Promise<RunningRateAudit> {
  const db = await prisma();
  const audit = await db.audit.findFirst({ where: { id: auditId, projectId }, select: { week: true, status: true, closedAt: true, strata: true } });
  if (!audit) throw new NotFoundError("Audit not found");
  const asOf = audit.status === "closed" && audit.closedAt ? audit.closedAt : new Date();
  // The decided items come with their stratum and sample key: reading every item of the audit
  // beside it took ~100 ms of the embedded database's session on a 12,000-item audit.
  const gold = await readGoldAsOf({ projectId, auditIds: [auditId], asOf });
  return {
    week: audit.week,
    strata: audit.strata as AnalysisAudit["strata"],
    items: gold.map((g) => ({ stratum: g.stratum, sampleKey: g.sampleKey, gold: g.values, goldAt: g.decidedAt })),
  };
}

/** The observations in the order the gold came in (ties in sample-key order, which is random). */
export function runningRates(audit: RunningRateAudit, dimensions: Dimension[], metrics: WatchedMetric[]): RunningRateView[] {
  const failing = failureCarryingDimensions(dimensions);
  const decided = audit.items
    .filter((i) => i.gold !== null)
    .sort((a, b) => a.goldAt!.getTime() - b.goldAt!.getTime() || (a.sampleKey < b.sampleKey ? -1 : a.sampleKey > b.sampleKey ? 1 : 0))
    .map((i) => ({ stratum: i.stratum, failures: failingDimensions(failing, i.gold!) }));
  // An unreviewed stratum would enter the band as [0, 1] × its weight; like the results page, the
  // band covers the strata with at least 2 reviews and names the others. Which strata qualify depends
  // only on how many reviews they have, never on their outcomes.
  const reviews = new Map<string, number>();
  for (const d of decided) reviews.set(d.stratum, (reviews.get(d.stratum) ?? 0) + 1);
  const covered = audit.strata.filter((s) => s.population > 0 && (reviews.get(s.stratum) ?? 0) >= 2);
  const coveredSet = new Set(covered.map((s) => s.stratum));
  const leftOut = audit.strata.filter((s) => s.population > 0 && !coveredSet.has(s.stratum)).map((s) => ({ stratum: s.stratum, population: s.population, reviews: reviews.get(s.stratum) ?? 0 }));
  const strata = covered.map((s) => ({ value: s.stratum, population: s.population, sampled: s.allocated }));
  const observed = decided.filter((d) => coveredSet.has(d.stratum));
  return metrics.map((m) => ({
    key: m.key,
    label: m.label,
    threshold: m.threshold,
    rate: runningRate({
      label: m.label,
      strata,
      observations: observed.map((d) => ({ stratum: d.stratum, failed: m.dimension === null ? d.failures.length > 0 : d.failures.includes(m.dimension) })),
      threshold: m.threshold,
    }),
    leftOut,
    coveredPopulation: covered.reduce((a, s) => a + s.population, 0),
  }));
}

/** Any error, and each lower-is-better scorecard rate metric with a threshold (any error and dimension failures). */
async function watchedMetrics(projectId: string, dimensions: Dimension[]): Promise<WatchedMetric[]> {
  const db = await prisma();
  const rows = await db.scorecardMetric.findMany({ where: { projectId, direction: "lower_is_better", unit: "fraction" }, orderBy: { position: "asc" }, select: { key: true, label: true, source: true, threshold: true } });
  const failing = new Set(failureCarryingDimensions(dimensions).map((d) => d.key));
  const out: WatchedMetric[] = [];
  const anyError = rows.find((r) => (r.source as MetricSource).kind === "any_error");
  out.push({ key: "any_error", label: anyError?.label ?? "Any error", threshold: anyError?.threshold ?? null, dimension: null });
  for (const r of rows) {
    const source = r.source as MetricSource;
    if (source.kind === "dimension_failure" && failing.has(source.dimension) && r.threshold !== null) out.push({ key: r.key, label: r.label, threshold: r.threshold, dimension: source.dimension });
  }
  return out;
}

/** Computes the running rates; with `recordAlerts`, records an early alert for every metric whose band crossed its threshold. */
export async function computeRunningRates(input: { projectId: string; auditId: string; recordAlerts?: boolean }): Promise<{ week: string; views: RunningRateView[] }> {
  const dimensions = await currentRubricDimensions(input.projectId);
  const [audit, metrics] = await Promise.all([loadRunningRateAudit(input.projectId, input.auditId), watchedMetrics(input.projectId, dimensions)]);
  const views = runningRates(audit, dimensions, metrics);
  if (input.recordAlerts) {
    for (const v of views) {
      if (!v.rate.alert) continue;
      await recordAlert({ projectId: input.projectId, kind: "metric", subject: `early:${v.key}`, subjectLabel: v.label, week: audit.week, fromStatus: null, toStatus: "above_threshold_anytime", reason: v.rate.alert.message });
    }
  }
  return { week: audit.week, views };
}

export async function getRunningRates(input: { actor: Actor; projectSlug: string; auditId: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "audits:read" });
  return computeRunningRates({ projectId: project.id, auditId: input.auditId });
}
