// Cohort comparison of an audit (issue 18 §3): the project maps a metadata key to cohorts (e.g.
// modelVersion: the canary against the stable build); in the audited week and strata every other
// cohort is compared with the baseline by compareCohorts (via lib/scorecard/cohorts), for "any
// error" and each failure-carrying dimension. Population per stratum × cohort comes from one SQL
// aggregate over the week's outputs (scoped by project); the drawn items carry their cohort.
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { failingDimensions } from "@/lib/review/error-outcome";
import { compareCohortRates, type CohortCounts } from "@/lib/scorecard/cohorts";
import { failureCarryingDimensions } from "@/lib/server/scorecard/audit-results";
import { loadAnalysisAudit, stratumSql, type AnalysisAudit } from "@/lib/server/judge/audit-data";
import { currentRubricDimensions, readAnalysisSettings } from "@/lib/server/judge/settings";
import type { Dimension } from "@/lib/review/rubric";

export type CohortComparison = {
  cohort: string;
  metric: { key: string; label: string };
  result: ReturnType<typeof compareCohortRates>;
};

export type CohortReport = {
  key: string;
  baseline: string;
  cohorts: { value: string; outputs: number; reviewed: number }[];
  comparisons: CohortComparison[];
};

export async function cohortPopulation(o: { projectId: string; stratifyBy: string; start: Date; end: Date; key: string }): Promise<{ stratum: string; cohort: string; outputs: number }[]> {
  const db = await prisma();
  const params: unknown[] = [o.projectId, o.start.toISOString(), o.end.toISOString(), o.key];
  let stratum = stratumSql(o.stratifyBy, "");
  if (o.stratifyBy !== "taskType") {
    params.push(o.stratifyBy);
    stratum = stratumSql(o.stratifyBy, `$${params.length}::text`);
  }
  const rows = await db.$queryRawUnsafe<{ stratum: string; cohort: string; outputs: number }[]>(
    `SELECT ${stratum} AS stratum, coalesce(o."metadata"->>$4::text, '') AS cohort, count(*)::int AS outputs
       FROM "LoggedOutput" o
      WHERE o."projectId" = $1 AND o."timestamp" >= $2::timestamptz AND o."timestamp" < $3::timestamptz
      GROUP BY 1, 2`,
    ...params,
  );
  return rows.map((r) => ({ stratum: r.stratum, cohort: r.cohort, outputs: Number(r.outputs) }));
}

const cohortOf = (metadata: Record<string, unknown>, key: string) => {
  const v = metadata[key];
  return v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v);
};

/** The comparisons from plain inputs: the audit's items and strata, the week's stratum × cohort counts, the rubric. */
export function cohortComparisons(audit: AnalysisAudit, population: { stratum: string; cohort: string; outputs: number }[], dimensions: Dimension[], cohort: { key: string; baseline: string }): CohortReport {
  const failing = failureCarryingDimensions(dimensions);
  const metrics: { key: string; label: string; failed: (failures: string[]) => boolean }[] = [
    { key: "any_error", label: "Any error", failed: (f) => f.length > 0 },
    ...failing.map((d) => ({ key: d.key, label: d.label, failed: (f: string[]) => f.includes(d.key) })),
  ];
  const reviewed = audit.items.filter((i) => i.gold !== null).map((i) => ({ stratum: i.stratum, cohort: cohortOf(i.metadata, cohort.key), failures: failingDimensions(failing, i.gold!) }));
  const values = [...new Set(population.map((p) => p.cohort))].sort();
  const cohorts = values.map((value) => ({
    value,
    outputs: population.filter((p) => p.cohort === value).reduce((a, p) => a + p.outputs, 0),
    reviewed: reviewed.filter((r) => r.cohort === value).length,
  }));
  const counts = (stratum: string, value: string, metric: (typeof metrics)[number]): CohortCounts => {
    const mine = reviewed.filter((r) => r.stratum === stratum && r.cohort === value);
    return { population: population.find((p) => p.stratum === stratum && p.cohort === value)?.outputs ?? 0, reviewed: mine.length, errors: mine.filter((r) => metric.failed(r.failures)).length };
  };
  const comparisons: CohortComparison[] = [];
  for (const value of values) {
    if (value === cohort.baseline) continue;
    for (const metric of metrics) {
      const strata = audit.strata.map((s) => ({ value: s.stratum, a: counts(s.stratum, cohort.baseline, metric), b: counts(s.stratum, value, metric) }));
      comparisons.push({ cohort: value, metric: { key: metric.key, label: metric.label }, result: compareCohortRates(strata) });
    }
  }
  return { key: cohort.key, baseline: cohort.baseline, cohorts, comparisons };
}

/** Null when the project maps no cohorts. */
export async function computeCohortReport(input: { projectId: string; auditId: string }): Promise<CohortReport | null> {
  const { cohort } = await readAnalysisSettings(input.projectId);
  if (!cohort) return null;
  const [audit, dimensions] = await Promise.all([loadAnalysisAudit(input.projectId, input.auditId), currentRubricDimensions(input.projectId)]);
  const population = await cohortPopulation({ projectId: input.projectId, stratifyBy: audit.stratifyBy, start: audit.start, end: audit.end, key: cohort.key });
  return cohortComparisons(audit, population, dimensions, cohort);
}

export async function getCohortReport(input: { actor: Actor; projectSlug: string; auditId: string }): Promise<CohortReport | null> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "audits:read" });
  return computeCohortReport({ projectId: project.id, auditId: input.auditId });
}
