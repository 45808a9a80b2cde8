// Reading and closing audits. Progress counts an item as done when it has a gold label, was
// skipped, or has as many labels as reviewers it wanted (labels come from the review module).
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/server/db/client";
import { queueAuditSnapshot } from "@/lib/server/scorecard/snapshot-job";
import { recordAuditEvent } from "@/lib/server/audit-log/audit-log";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/server/errors";
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
  /** Share of items done; null for an audit with no items (nothing to complete, not "100 %"). */
  completion: number | null;
  dueAt: Date;
  overdue: boolean;
  status: "open" | "closed";
  drawnAt: Date;
  planVersion: number;
};

const DONE_SQL = `(s."status" IN ('gold', 'skipped') OR (SELECT count(*) FROM "Label" l WHERE l."sampledItemId" = s."id") >= s."reviewersWanted")`;

function completion(done: number, size: number): number | null {
  return size === 0 ? null : done / size;
}

function isOverdue(status: string, c: number | null, dueAt: Date, now: Date): boolean {
  return status === "open" && c !== null && c < 1 && dueAt.getTime() < now.getTime();
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
      overdue: isOverdue(a.status, c, a.dueAt, now),
      status: a.status,
      drawnAt: a.drawnAt,
      planVersion: a.plan.version,
    };
  });
}

export type AuditStatusChangeRow = { id: string; fromStatus: "open" | "closed"; toStatus: "open" | "closed"; actorName: string | null; reason: string | null; openItems: number; createdAt: Date };

export type AuditDetail = AuditRow & {
  seed: string;
  closedAt: Date | null;
  toppedUpAt: Date | null;
  /** Closes and reopens, oldest first. */
  statusChanges: AuditStatusChangeRow[];
  strata: (StratumAllocation & { done: number; overlapDrawn: number })[];
  plan: { id: string; version: number; method: string; allocation: string; stratifyBy: string; overlapShare: number; overlapReviewers: number };
};

export async function getAuditDetail(input: { projectSlug: string; actor: Actor; auditId: string; now?: Date }): Promise<AuditDetail> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "audits:read" });
  const db = await prisma();
  const audit = await db.audit.findFirst({
    where: { id: input.auditId, projectId: project.id },
    include: { plan: true, statusChanges: { where: { projectId: project.id }, orderBy: { createdAt: "asc" } } },
  });
  if (!audit) throw new NotFoundError("Audit not found");
  const actorIds = [...new Set(audit.statusChanges.map((c) => c.actorId).filter((id): id is string => id !== null))];
  // Names only of this project's members: a removed member's change shows no name.
  const actors = actorIds.length
    ? await db.membership.findMany({ where: { projectId: project.id, userId: { in: actorIds } }, select: { userId: true, user: { select: { name: true, email: true } } } })
    : [];
  const actorName = new Map(actors.map((m) => [m.userId, m.user.name ?? m.user.email]));
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
    overdue: isOverdue(audit.status, c, audit.dueAt, now),
    status: audit.status,
    drawnAt: audit.drawnAt,
    planVersion: audit.plan.version,
    seed: audit.seed,
    closedAt: audit.closedAt,
    toppedUpAt: audit.toppedUpAt,
    statusChanges: audit.statusChanges.map((c) => ({
      id: c.id,
      fromStatus: c.fromStatus,
      toStatus: c.toStatus,
      actorName: c.actorId ? (actorName.get(c.actorId) ?? null) : null,
      reason: c.reason,
      openItems: c.openItems,
      createdAt: c.createdAt,
    })),
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

/** Items done and in all, of one audit (the same definition of done as the audit pages). */
export async function countAuditProgress(db: Prisma.TransactionClient, projectId: string, auditId: string): Promise<{ done: number; size: number }> {
  const [row] = await db.$queryRawUnsafe<{ done: number; size: number }[]>(
    `SELECT count(*) FILTER (WHERE ${DONE_SQL})::int AS done, count(*)::int AS size FROM "SampledItem" s WHERE s."projectId" = $1 AND s."auditId" = $2`,
    projectId,
    auditId,
  );
  return { done: Number(row?.done ?? 0), size: Number(row?.size ?? 0) };
}

export const REOPEN_REASON_MIN = 5;

async function countOpenItems(db: Prisma.TransactionClient, projectId: string, auditId: string): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ open: number }[]>(
    `SELECT count(*) FILTER (WHERE NOT ${DONE_SQL})::int AS open FROM "SampledItem" s WHERE s."projectId" = $1 AND s."auditId" = $2`,
    projectId,
    auditId,
  );
  return Number(row?.open ?? 0);
}

/**
 * Closes an audit: its labels can no longer be added or edited (enforced by the review module),
 * and items not yet reviewed stay unreviewed; the change is recorded with how many there were.
 */
export async function closeAudit(input: { projectSlug: string; actor: Actor; auditId: string; reason?: string | null; now?: Date }): Promise<{ openItems: number }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:manage" });
  const db = await prisma();
  const audit = await db.audit.findFirst({ where: { id: input.auditId, projectId: project.id }, select: { id: true, status: true } });
  if (!audit) throw new NotFoundError("Audit not found");
  const now = input.now ?? new Date();
  const closed = await db.$transaction(async (tx) => {
    const updated = await tx.audit.updateMany({ where: { id: audit.id, projectId: project.id, status: "open" }, data: { status: "closed", closedAt: now } });
    if (updated.count === 0) throw new ConflictError("This audit is already closed.");
    const openItems = await countOpenItems(tx, project.id, audit.id);
    await tx.auditStatusChange.create({
      data: { projectId: project.id, auditId: audit.id, fromStatus: "open", toStatus: "closed", actorId: actorUserId(input.actor), reason: input.reason?.trim() || null, openItems, createdAt: now },
    });
    return { openItems };
  });
  // Freeze its results for this closing (the results page also takes a missing snapshot on first view).
  await queueAuditSnapshot({ projectId: project.id, auditId: audit.id, closedAt: now });
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: "audit.closed", target: { type: "audit", id: audit.id }, summary: `Closed the audit with ${closed.openItems} item(s) unreviewed`, details: { reason: input.reason ?? null } });
  return closed;
}

/** Reopens a closed audit so reviews can go on; the reason is required and recorded. */
export async function reopenAudit(input: { projectSlug: string; actor: Actor; auditId: string; reason: string; now?: Date }): Promise<void> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:manage" });
  const reason = input.reason.trim();
  if (reason.length < REOPEN_REASON_MIN) throw new ValidationError([{ field: "reason", message: `say why the audit is reopened (at least ${REOPEN_REASON_MIN} characters)` }]);
  const db = await prisma();
  const audit = await db.audit.findFirst({ where: { id: input.auditId, projectId: project.id }, select: { id: true } });
  if (!audit) throw new NotFoundError("Audit not found");
  const now = input.now ?? new Date();
  await db.$transaction(async (tx) => {
    const updated = await tx.audit.updateMany({ where: { id: audit.id, projectId: project.id, status: "closed" }, data: { status: "open", closedAt: null } });
    if (updated.count === 0) throw new ConflictError("This audit is already open.");
    const openItems = await countOpenItems(tx, project.id, audit.id);
    await tx.auditStatusChange.create({ data: { projectId: project.id, auditId: audit.id, fromStatus: "closed", toStatus: "open", actorId: actorUserId(input.actor), reason, openItems, createdAt: now } });
  });
}
