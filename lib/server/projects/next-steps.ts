// The counts behind the overview's "what to do next" (lib/projects/next-steps.ts), every one
// scoped by the project.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { UserActor } from "@/lib/server/auth/actor";
import { countAuditProgress } from "@/lib/server/audits/audits";
import type { NextStepsState } from "@/lib/projects/next-steps";

export async function getNextStepsState(input: { actor: UserActor; projectSlug: string }): Promise<NextStepsState> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "project:read" });
  const db = await prisma();
  const projectId = project.id;
  const [outputs, activeApiKeys, plans, audits, openAudit, myQueue, needsAdjudication] = await Promise.all([
    db.outputHourlyCount.aggregate({ where: { projectId }, _sum: { outputs: true } }),
    db.apiKey.count({ where: { projectId, revokedAt: null } }),
    db.auditPlan.count({ where: { projectId } }),
    db.audit.count({ where: { projectId } }),
    db.audit.findFirst({ where: { projectId, status: "open" }, orderBy: { weekStart: "desc" }, select: { id: true, week: true } }),
    db.assignment.count({ where: { projectId, reviewerId: input.actor.userId, status: "assigned", sampledItem: { projectId, audit: { projectId, status: "open" } } } }),
    db.sampledItem.count({ where: { projectId, status: "needs_adjudication", audit: { projectId, status: "open" } } }),
  ]);
  const progress = openAudit ? await countAuditProgress(db, projectId, openAudit.id) : null;
  return {
    outputs: outputs._sum.outputs ?? 0,
    activeApiKeys,
    planSaved: plans > 0,
    audits,
    openAudit: openAudit && progress ? { id: openAudit.id, week: openAudit.week, ...progress } : null,
    myQueue,
    needsAdjudication,
  };
}
