// The scorecard's issue-18 view: for the latest audited weeks, each mapped judge's assisted
// estimate beside the human-only one, and the latest week's cohort comparison.
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { computeJudgeAssisted, type JudgeAssistedView } from "./assisted";
import { computeCohortReport, type CohortReport } from "@/lib/server/cohorts/cohorts";

export async function getScorecardAnalysis(input: { actor: Actor; projectSlug: string; weeks?: number }): Promise<{ weeks: { week: string; auditId: string; views: JudgeAssistedView[] }[]; cohorts: (CohortReport & { week: string }) | null }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "scorecard:read" });
  const db = await prisma();
  const audits = await db.audit.findMany({ where: { projectId: project.id }, orderBy: { weekStart: "desc" }, take: input.weeks ?? 4, select: { id: true, week: true } });
  const weeks = [];
  for (const a of audits.reverse()) weeks.push({ week: a.week, auditId: a.id, views: await computeJudgeAssisted({ projectId: project.id, auditId: a.id }) });
  const latest = audits.at(-1);
  const cohorts = latest ? await computeCohortReport({ projectId: project.id, auditId: latest.id }) : null;
  return { weeks: weeks.filter((w) => w.views.length > 0), cohorts: cohorts && latest ? { ...cohorts, week: latest.week } : null };
}
