// Stores the demo plan (lib/demo/plan.ts) as the demo project's version 1, before its first draw.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { planSpecSchema } from "@/lib/audits/plan";
import { DEMO_PLAN } from "@/lib/demo/plan";

export async function seedDemoPlan(input: { projectId: string; createdById: string | null }): Promise<void> {
  const db = await prisma();
  if ((await db.auditPlan.count({ where: { projectId: input.projectId } })) > 0) return;
  const spec = planSpecSchema.parse(DEMO_PLAN);
  await db.auditPlan.create({
    data: {
      projectId: input.projectId,
      version: 1,
      createdById: input.createdById,
      stratifyBy: spec.stratifyBy,
      method: spec.method,
      methodParams: spec.methodParams,
      allocation: spec.allocation,
      oversampleFactor: spec.oversampleFactor,
      strata: spec.strata,
      overlapShare: spec.overlapShare,
      overlapReviewers: spec.overlapReviewers,
      dueDays: spec.dueDays,
      graceHours: spec.graceHours,
      autoDraw: spec.autoDraw,
    },
  });
}
