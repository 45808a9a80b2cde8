// The plan calculator's judge line (issue 18): with the judge's correlation ρ with gold over the
// last audits, about how many reviews the regression estimator needs for the margin the last
// sample size gives by humans alone (reviewsForSameMargin: ≈ n(1 − ρ²), approximate).
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { reviewsForSameMargin } from "@/lib/scorecard/judge-assisted";
import { computeJudgeReport, JUDGE_AUDITS } from "./versus-gold";
import { readAnalysisSettings } from "./settings";

export type ReviewBudget = {
  audits: number;
  sampleSize: number | null;
  judges: { signal: string; dimension: string; correlation: number | null; items: number; reviews: number | null }[];
  cohortKey: string | null;
};

export async function getReviewBudget(input: { actor: Actor; projectSlug: string }): Promise<ReviewBudget> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "plan:read" });
  const db = await prisma();
  // Only ρ is needed here: one bootstrap replicate keeps the comparison cheap.
  const [report, latest, settings] = await Promise.all([
    computeJudgeReport(project.id, { replicates: 1 }),
    db.audit.findFirst({ where: { projectId: project.id }, orderBy: { weekStart: "desc" }, select: { sampleSize: true } }),
    readAnalysisSettings(project.id),
  ]);
  const n = latest?.sampleSize ?? null;
  return {
    audits: Math.min(JUDGE_AUDITS, report.weeks.length),
    sampleSize: n,
    judges: report.comparisons.map((c) => ({
      signal: c.signal,
      dimension: c.dimension.label,
      correlation: c.correlation,
      items: c.items,
      reviews: n !== null && n >= 1 && c.correlation !== null ? reviewsForSameMargin(n, c.correlation) : null,
    })),
    cohortKey: settings.cohort?.key ?? null,
  };
}
