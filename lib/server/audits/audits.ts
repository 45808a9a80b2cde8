// Reading and closing audits. Progress counts an item as done when it has a gold label, was
// skipped, or has as many labels as reviewers it wanted (labels come from the review module).
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { ConflictError, NotFoundError } from "@/lib/server/errors";
import type { StratumAllocation } from "@/lib/audits/allocation";

export type AuditRow = {
  id: string;
  week: string;
  weekStart: Date;
  weekEnd: Date;
  partial: boolean;
  population: number;
  sampleSize: number;
  done: number;
  completion: number;
  dueAt: Date;
  overdue: boolean;
  status: "open" | "closed";
  drawnAt: Date;
  planVersion: number;
};

const DONE_SQL = `(s."status" IN ('gold', 'skipped') OR (SELECT count(*) FROM "Label" l WHERE l."sampledItemId" = s."id") >= s."reviewersWanted")`;

function completion(done: number, size: number): number {
  return size === 0 ? 1 : done / size;
}

export async function listAudits(input: { projectSlug: string; actor: Actor; now?: Date }): Promise<AuditRow[]> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "audits:read" });
  const db = await prisma();
  const now = input.now ?? new Date();
  const audits = await db.audit.findMany({
    where: { projectId: project.id },
    orderBy: { weekStart: "desc" },
    include: { plan: { select: { version: true } } },
  });
  const done = await db.$queryRawUnsafe<{ auditId: string; done: number }[]>(
    `SELECT s."auditId", count(*) FILTER (WHERE ${DONE_SQL})::int AS done FROM "SampledItem" s WHERE s."projectId" = $1 GROUP BY s."auditId"`,
    project.id,
  );
  const doneBy = new Map(done.map((d) => [d.auditId, Number(d.done)]));
  return audits.map((a) => {
    const d = doneBy.get(a.id) ?? 0;
    const c = completion(d, a.sampleSize);
    return {
      id: a.id,
      week: a.week,
      weekStart: a.weekStart,
      weekEnd: a.weekEnd,
      partial: a.partial,
      population: a.population,
      sampleSize: a.sampleSize,
      done: d,
      completion: c,
      dueAt: a.dueAt,
      overdue: a.status === "open" && c < 1 && a.dueAt.getTime() < now.getTime(),
      status: a.status,
      drawnAt: a.drawnAt,
      planVersion: a.plan.version,
    };
  });
}

export type AuditDetail = AuditRow & {
  seed: string;
  closedAt: Date | null;
  strata: (StratumAllocation & { done: number; overlapDrawn: number })[];
  plan: { id: string; version: number; method: string; allocation: string; stratifyBy: string; overlapShare: number; overlapReviewers: number };
};

export async function getAuditDetail(input: { projectSlug: string; actor: Actor; auditId: string; now?: Date }): Promise<AuditDetail> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "audits:read" });
  const db = await prisma();
  const audit = await db.audit.findFirst({ where: { id: input.auditId, projectId: project.id }, include: { plan: true } });
  if (!audit) throw new NotFoundError("Audit not found");
  const rows = await db.$queryRawUnsafe<{ stratum: string; done: number; overlap: number }[]>(
    `SELECT s."stratum", count(*) FILTER (WHERE ${DONE_SQL})::int AS done, count(*) FILTER (WHERE s."reviewersWanted" > 1)::int AS overlap
       FROM "SampledItem" s WHERE s."projectId" = $1 AND s."auditId" = $2 GROUP BY s."stratum"`,
    project.id,
    audit.id,
  );
  const by = new Map(rows.map((r) => [r.stratum, r]));
  const strata = (audit.strata as StratumAllocation[]).map((s) => ({ ...s, done: Number(by.get(s.stratum)?.done ?? 0), overlapDrawn: Number(by.get(s.stratum)?.overlap ?? 0) }));
  const done = strata.reduce((a, s) => a + s.done, 0);
  const c = completion(done, audit.sampleSize);
  const now = input.now ?? new Date();
  return {
    id: audit.id,
    week: audit.week,
    weekStart: audit.weekStart,
    weekEnd: audit.weekEnd,
    partial: audit.partial,
    population: audit.population,
    sampleSize: audit.sampleSize,
    done,
    completion: c,
    dueAt: audit.dueAt,
    overdue: audit.status === "open" && c < 1 && audit.dueAt.getTime() < now.getTime(),
    status: audit.status,
    drawnAt: audit.drawnAt,
    planVersion: audit.plan.version,
    seed: audit.seed,
    closedAt: audit.closedAt,
    strata,
    plan: {
      id: audit.plan.id,
      version: audit.plan.version,
      method: audit.plan.method,
      allocation: audit.plan.allocation,
      stratifyBy: audit.plan.stratifyBy,
      overlapShare: audit.plan.overlapShare,
      overlapReviewers: audit.plan.overlapReviewers,
    },
  };
}

/** Closes an audit: its labels can no longer be edited (enforced by the review module). */
export async function closeAudit(input: { projectSlug: string; actor: Actor; auditId: string; now?: Date }): Promise<void> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:manage" });
  const db = await prisma();
  const audit = await db.audit.findFirst({ where: { id: input.auditId, projectId: project.id }, select: { id: true, status: true } });
  if (!audit) throw new NotFoundError("Audit not found");
  const updated = await db.audit.updateMany({ where: { id: audit.id, projectId: project.id, status: "open" }, data: { status: "closed", closedAt: input.now ?? new Date() } });
  if (updated.count === 0) throw new ConflictError("This audit is already closed.");
}
