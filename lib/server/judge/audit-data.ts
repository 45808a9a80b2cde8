// What the judge-assisted estimates and cohort comparisons of one audit read: its frozen draw
// (strata, window, stratification key), each drawn item with its gold values (as of closing for a
// closed audit, as results do) and its output's signals and metadata. Two statements, both scoped
// by project; the week's population is never loaded (the per-stratum SQL aggregates stay in the
// database: see weekAggregates).
import { prisma } from "@/lib/server/db/client";
import { NotFoundError } from "@/lib/server/errors";
import { readGoldAsOf } from "@/lib/server/review/gold-history";
import type { LabelValues } from "@/lib/review/rubric";

export type AnalysisAudit = {
  id: string;
  week: string;
  stratifyBy: string;
  start: Date;
  end: Date;
  strata: { stratum: string; population: number; allocated: number }[];
  items: { id: string; stratum: string; sampleKey: string; gold: LabelValues | null; goldAt: Date | null; signals: unknown; metadata: Record<string, unknown> }[];
};

export async function loadAnalysisAudit(projectId: string, auditId: string): Promise<AnalysisAudit> {
  const db = await prisma();
  const audit = await db.audit.findFirst({
    where: { id: auditId, projectId },
    select: { id: true, week: true, weekStart: true, weekEnd: true, partial: true, drawnAt: true, status: true, closedAt: true, strata: true, plan: { select: { stratifyBy: true } } },
  });
  if (!audit) throw new NotFoundError("Audit not found");
  const asOf = audit.status === "closed" && audit.closedAt ? audit.closedAt : new Date();
  const [rows, gold] = await Promise.all([
    db.$queryRawUnsafe<{ id: string; stratum: string; sampleKey: string; signals: unknown; metadata: Record<string, unknown> }[]>(
      `SELECT s.id, s.stratum, s."sampleKey", o.signals, o.metadata
         FROM "SampledItem" s JOIN "LoggedOutput" o ON o.id = s."outputId" AND o."projectId" = s."projectId"
        WHERE s."projectId" = $1 AND s."auditId" = $2
        ORDER BY s."sampleKey"`,
      projectId,
      auditId,
    ),
    readGoldAsOf({ projectId, auditIds: [auditId], asOf }),
  ]);
  const goldByItem = new Map(gold.map((g) => [g.sampledItemId, g]));
  return {
    id: audit.id,
    week: audit.week,
    stratifyBy: audit.plan.stratifyBy,
    start: audit.weekStart,
    // A partial audit's population is the week up to its draw.
    end: audit.partial ? audit.drawnAt : audit.weekEnd,
    strata: audit.strata as AnalysisAudit["strata"],
    items: rows.map((r) => {
      const g = goldByItem.get(r.id);
      return { ...r, gold: g?.values ?? null, goldAt: g?.decidedAt ?? null, metadata: r.metadata ?? {} };
    }),
  };
}

/** The stratum of an output in SQL, as the draw computes it (lib/server/audits/population.ts). */
export function stratumSql(stratifyBy: string, keyParam: string): string {
  return stratifyBy === "taskType" ? `coalesce(o."taskType", '')` : `coalesce(o."metadata"->>${keyParam}, '')`;
}
