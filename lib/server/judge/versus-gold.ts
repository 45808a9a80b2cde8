// Judge versus human (issue 14 §5) for QA leads: every mapped judge against the current gold
// labels of the project's last audits. One statement reads the gold items with their outputs'
// signals (scoped by project); lib/judge/versus-gold and lib/stats do the math.
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import type { LabelValues } from "@/lib/review/rubric";
import { judgeVersusGold, type JudgeGoldItem, type JudgeVersusGold } from "@/lib/judge/versus-gold";
import { currentRubricDimensions, readAnalysisSettings } from "./settings";

/** How many of the latest audits the comparison (and the plan's ρ) rests on. */
export const JUDGE_AUDITS = 4;

export async function readJudgeGoldItems(projectId: string, audits = JUDGE_AUDITS): Promise<{ items: JudgeGoldItem[]; weeks: string[] }> {
  const db = await prisma();
  const latest = await db.audit.findMany({ where: { projectId }, orderBy: { weekStart: "desc" }, take: audits, select: { id: true, week: true } });
  if (latest.length === 0) return { items: [], weeks: [] };
  const rows = await db.$queryRawUnsafe<{ values: LabelValues; signals: unknown }[]>(
    `SELECT g."values", o.signals
       FROM "GoldLabel" g
       JOIN "SampledItem" s ON s.id = g."sampledItemId" AND s."projectId" = g."projectId"
       JOIN "LoggedOutput" o ON o.id = s."outputId" AND o."projectId" = s."projectId"
      WHERE g."projectId" = $1 AND s."auditId" = ANY($2::text[])
      ORDER BY s."sampleKey"`,
    projectId,
    latest.map((a) => a.id),
  );
  return { items: rows.map((r) => ({ gold: r.values, signals: r.signals })), weeks: latest.map((a) => a.week).reverse() };
}

export type JudgeReport = { weeks: string[]; comparisons: JudgeVersusGold[] };

/** Each mapping against gold, without authorization (callers authorize). */
export async function computeJudgeReport(projectId: string, options: { replicates?: number } = {}): Promise<JudgeReport> {
  const [{ judgeMappings }, dimensions] = await Promise.all([readAnalysisSettings(projectId), currentRubricDimensions(projectId)]);
  if (judgeMappings.length === 0) return { weeks: [], comparisons: [] };
  const { items, weeks } = await readJudgeGoldItems(projectId);
  const comparisons: JudgeVersusGold[] = [];
  judgeMappings.forEach((mapping, i) => {
    const dimension = dimensions.find((d) => d.key === mapping.dimension);
    if (dimension) comparisons.push(judgeVersusGold(mapping, dimension, items, { seed: 1 + i * 101, replicates: options.replicates }));
  });
  return { weeks, comparisons };
}

export async function getJudgeReport(input: { actor: Actor; projectSlug: string }): Promise<JudgeReport> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "agreement:read" });
  return computeJudgeReport(project.id);
}
