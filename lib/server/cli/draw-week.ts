// The database side of `npm run assay -- draw`: the CLI (scripts/cli/draw.ts) reaches the
// database only through here. The operator who runs it acts like the scheduler: a system actor,
// no user, no permission check.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { NotFoundError } from "@/lib/server/errors";
import { systemActor } from "@/lib/server/auth/actor";
import { drawWeeklySample } from "@/lib/server/audits/draw";
import { findCurrentPlan } from "@/lib/server/audits/plans";
import { assignAuditItems } from "@/lib/server/review/routing";
import { defaultPlanSpec } from "@/lib/audits/plan";
import { isoWeekAt, lastClosedWeek } from "@/lib/audits/week";

export type CliDraw = { projectSlug: string; week: string; created: boolean; auditId: string; population: number; sampleSize: number; partial: boolean; seed: string; unassignable: number };

/** Draws the given week, or the week so far (`partial`), or else the last closed week, and routes its items. */
export async function drawWeekForOperator(input: { projectSlug: string; week?: string; partial: boolean; now: Date }): Promise<CliDraw> {
  const db = await prisma();
  const project = await db.project.findUnique({ where: { slug: input.projectSlug }, select: { id: true, slug: true, timeZone: true } });
  if (!project) throw new NotFoundError(`No project with the slug "${input.projectSlug}".`);
  const plan = (await findCurrentPlan(db, project.id)) ?? defaultPlanSpec();
  const week = input.week ?? (input.partial ? isoWeekAt(input.now, project.timeZone) : lastClosedWeek(input.now, project.timeZone, plan.graceHours));
  const result = await drawWeeklySample({ projectId: project.id, actor: systemActor("cli-draw"), week, now: input.now, onDemand: input.partial });
  const routing = await assignAuditItems({ projectId: project.id, auditId: result.auditId });
  const audit = await db.audit.findFirstOrThrow({ where: { id: result.auditId, projectId: project.id }, select: { population: true, sampleSize: true, partial: true, seed: true } });
  return { projectSlug: project.slug, week, created: result.created, auditId: result.auditId, ...audit, unassignable: routing.unassignable };
}
