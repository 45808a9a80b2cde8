// Judge-assisted estimates of an audit (issue 18): for each mapped judge, the regression estimator
// on the judge's verdict beside the human-only estimate (lib/scorecard/judge-assisted). The judge's
// mean over the whole population of each stratum comes from SQL over the outputs of the audited
// week (scoped by project); only the drawn items are read into Node.
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { valueIsFailure } from "@/lib/review/error-outcome";
import type { Dimension } from "@/lib/review/rubric";
import { judgeVerdict, type JudgeMapping } from "@/lib/judge/mapping";
import { judgeAssistedRate, type JudgeAssistedResult, type JudgeAssistedStratum } from "@/lib/scorecard/judge-assisted";
import { loadAnalysisAudit, stratumSql, type AnalysisAudit } from "./audit-data";
import { currentRubricDimensions, readAnalysisSettings } from "./settings";

export type JudgeWeekAggregate = { stratum: string; outputs: number; scored: number; verdictMean: number | null };

/** The verdict of the mapping as a SQL expression over `sv` (the signal's JSON value): 1 failure, 0 not, null no usable value. */
function verdictSql(mapping: JudgeMapping, dimension: Dimension, params: unknown[]): string {
  if (mapping.kind === "numeric") {
    params.push(mapping.threshold);
    const t = `$${params.length}::float8`;
    return `CASE WHEN jsonb_typeof(sv) = 'number' THEN CASE WHEN (sv::text)::float8 ${mapping.failureWhen === "below" ? "<" : ">"} ${t} THEN 1 ELSE 0 END END`;
  }
  const failing = Object.entries(mapping.values).filter(([, option]) => valueIsFailure(dimension, option)).map(([value]) => value);
  const passing = Object.entries(mapping.values).filter(([, option]) => !valueIsFailure(dimension, option)).map(([value]) => value);
  params.push(failing, passing);
  return `CASE WHEN sv IS NULL OR jsonb_typeof(sv) = 'null' THEN NULL WHEN (sv #>> '{}') = ANY($${params.length - 1}::text[]) THEN 1 WHEN (sv #>> '{}') = ANY($${params.length}::text[]) THEN 0 END`;
}

/** Per stratum of the week: outputs, outputs with a usable judge value, and the mean verdict over those. One aggregate statement. */
export async function judgeWeekAggregates(o: { projectId: string; stratifyBy: string; start: Date; end: Date; mapping: JudgeMapping; dimension: Dimension }): Promise<JudgeWeekAggregate[]> {
  const db = await prisma();
  const params: unknown[] = [o.projectId, o.start.toISOString(), o.end.toISOString(), o.mapping.signal];
  const verdict = verdictSql(o.mapping, o.dimension, params);
  let stratum = stratumSql(o.stratifyBy, "");
  if (o.stratifyBy !== "taskType") {
    params.push(o.stratifyBy);
    stratum = stratumSql(o.stratifyBy, `$${params.length}::text`);
  }
  const rows = await db.$queryRawUnsafe<{ stratum: string; outputs: number; scored: number; mean: number | null }[]>(
    `SELECT stratum, count(*)::int AS outputs, count(verdict)::int AS scored, avg(verdict)::float8 AS mean
       FROM (SELECT ${stratum} AS stratum, ${verdict} AS verdict
               FROM (SELECT o.*, jsonb_path_query_first(o.signals, '$[*] ? (@.name == $n).value', jsonb_build_object('n', $4::text)) AS sv
                       FROM "LoggedOutput" o
                      WHERE o."projectId" = $1 AND o."timestamp" >= $2::timestamptz AND o."timestamp" < $3::timestamptz) o) v
      GROUP BY stratum`,
    ...params,
  );
  return rows.map((r) => ({ stratum: r.stratum, outputs: Number(r.outputs), scored: Number(r.scored), verdictMean: r.mean === null ? null : Number(r.mean) }));
}

export type JudgeAssistedView = {
  mapping: JudgeMapping;
  dimension: { key: string; label: string };
  result: JudgeAssistedResult;
};

/** The inputs of judgeAssistedRate for one mapping: the frozen strata, the week's judge aggregates and the drawn items. */
export function assistedStrata(audit: AnalysisAudit, mapping: JudgeMapping, dimension: Dimension, aggregates: JudgeWeekAggregate[]): JudgeAssistedStratum[] {
  const byStratum = new Map(aggregates.map((a) => [a.stratum, a]));
  return audit.strata.map((s) => {
    const a = byStratum.get(s.stratum);
    // The frozen population is what the audit covers; outputs ingested after the draw can only add to the SQL count.
    const scored = Math.min(a?.scored ?? 0, s.population);
    return {
      value: s.stratum,
      population: s.population,
      scored,
      scoreMean: scored > 0 ? (a?.verdictMean ?? null) : null,
      items: audit.items
        .filter((i) => i.stratum === s.stratum)
        .map((i) => {
          const verdict = judgeVerdict(mapping, dimension, i.signals);
          return { y: i.gold === null ? null : valueIsFailure(dimension, i.gold[dimension.key]) ? 1 : 0, prediction: verdict === null ? null : verdict.failure ? 1 : 0 };
        }),
    };
  });
}

/** Judge-assisted estimates of an audit for every mapped judge. Empty when the project maps none. */
export async function computeJudgeAssisted(input: { projectId: string; auditId: string }): Promise<JudgeAssistedView[]> {
  const { judgeMappings } = await readAnalysisSettings(input.projectId);
  if (judgeMappings.length === 0) return [];
  const [audit, dimensions] = await Promise.all([loadAnalysisAudit(input.projectId, input.auditId), currentRubricDimensions(input.projectId)]);
  const views: JudgeAssistedView[] = [];
  for (const mapping of judgeMappings) {
    const dimension = dimensions.find((d) => d.key === mapping.dimension);
    if (!dimension) continue;
    const aggregates = await judgeWeekAggregates({ projectId: input.projectId, stratifyBy: audit.stratifyBy, start: audit.start, end: audit.end, mapping, dimension });
    const result = judgeAssistedRate(assistedStrata(audit, mapping, dimension, aggregates));
    views.push({ mapping, dimension: { key: dimension.key, label: dimension.label }, result });
  }
  return views;
}

export async function getJudgeAssisted(input: { actor: Actor; projectSlug: string; auditId: string }): Promise<JudgeAssistedView[]> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "audits:read" });
  return computeJudgeAssisted({ projectId: project.id, auditId: input.auditId });
}
