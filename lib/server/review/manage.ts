// QA leads' view of the queues: who holds what, which items have too few reviewers, and the three
// interventions (reassign an open assignment, skip an item, add a reviewer to an item).
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/server/errors";
import type { ReviewerLoad, ShortItem } from "@/lib/review/workspace-types";

export async function getReviewOverview(input: { projectSlug: string; actor: Actor; now?: Date }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:manage" });
  const db = await prisma();
  const now = input.now ?? new Date();
  const [members, assignments, statusCounts, openItems] = await Promise.all([
    db.membership.findMany({ where: { projectId: project.id, role: { in: ["reviewer", "qa_lead"] } }, select: { userId: true, role: true, expertise: true, user: { select: { name: true, email: true } } } }),
    db.assignment.groupBy({ by: ["reviewerId", "status"], where: { projectId: project.id, sampledItem: { audit: { status: "open" } } }, _count: { _all: true } }),
    db.sampledItem.groupBy({ by: ["status"], where: { projectId: project.id, audit: { status: "open" } }, _count: { _all: true } }),
    db.sampledItem.findMany({
      where: { projectId: project.id, status: "pending", audit: { status: "open" } },
      orderBy: [{ audit: { weekStart: "asc" } }, { sampleKey: "asc" }],
      select: {
        id: true,
        outputId: true,
        stratum: true,
        reviewersWanted: true,
        audit: { select: { week: true } },
        output: { select: { externalId: true } },
        assignments: { select: { id: true, reviewerId: true, status: true, leaseExpiresAt: true } },
      },
    }),
  ]);
  const active = await db.assignment.groupBy({ by: ["reviewerId"], where: { projectId: project.id, status: "assigned", leaseExpiresAt: { gt: now } }, _count: { _all: true } });
  const names = new Map(members.map((m) => [m.userId, m.user.name ?? m.user.email]));
  const count = (userId: string, status: string) => assignments.find((a) => a.reviewerId === userId && a.status === status)?._count._all ?? 0;
  const reviewers: ReviewerLoad[] = members.map((m) => ({
    userId: m.userId,
    name: names.get(m.userId)!,
    role: m.role,
    expertise: m.expertise,
    open: count(m.userId, "assigned"),
    active: active.find((a) => a.reviewerId === m.userId)?._count._all ?? 0,
    submitted: count(m.userId, "submitted"),
  }));
  const items: ShortItem[] = openItems.map((item) => ({
    sampledItemId: item.id,
    outputId: item.outputId,
    externalId: item.output.externalId,
    week: item.audit.week,
    stratum: item.stratum,
    wanted: item.reviewersWanted,
    active: item.assignments.filter((a) => a.status !== "skipped").length,
    reviewers: item.assignments.map((a) => ({
      assignmentId: a.id,
      userId: a.reviewerId,
      name: names.get(a.reviewerId) ?? "former member",
      status: a.status,
      leased: a.status === "assigned" && !!a.leaseExpiresAt && a.leaseExpiresAt > now,
    })),
  }));
  return {
    reviewers,
    statusCounts: Object.fromEntries(statusCounts.map((s) => [s.status, s._count._all])) as Record<string, number>,
    // Items with fewer reviewers than wanted: nobody qualified was available when they were routed.
    unassigned: items.filter((i) => i.active < i.wanted),
    pending: items,
  };
}

async function reviewerMembership(projectId: string, userId: string) {
  const db = await prisma();
  const membership = await db.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { role: true, user: { select: { disabledAt: true } } } });
  if (!membership || (membership.role !== "reviewer" && membership.role !== "qa_lead") || membership.user.disabledAt) {
    throw new ValidationError([{ field: "reviewerId", message: "choose an active reviewer or QA lead of this project" }]);
  }
}

/** Moves an open assignment to another reviewer; the old one is kept as skipped (the record of who had it). */
export async function reassignAssignment(input: { projectSlug: string; actor: Actor; assignmentId: string; reviewerId: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:manage" });
  const db = await prisma();
  const assignment = await db.assignment.findFirst({ where: { id: input.assignmentId, projectId: project.id }, select: { id: true, status: true, sampledItemId: true, reviewerId: true } });
  if (!assignment) throw new NotFoundError("Assignment not found");
  if (assignment.status !== "assigned") throw new ConflictError("Only an open assignment can be reassigned.");
  await reviewerMembership(project.id, input.reviewerId);
  const taken = await db.assignment.findUnique({ where: { sampledItemId_reviewerId: { sampledItemId: assignment.sampledItemId, reviewerId: input.reviewerId } }, select: { id: true } });
  if (taken) throw new ValidationError([{ field: "reviewerId", message: "this reviewer already has (or had) the item" }]);
  return db.$transaction(async (tx) => {
    const moved = await tx.assignment.updateMany({ where: { id: assignment.id, projectId: project.id, status: "assigned" }, data: { status: "skipped", leaseExpiresAt: null } });
    if (moved.count === 0) throw new ConflictError("The assignment was submitted meanwhile.");
    return tx.assignment.create({ data: { projectId: project.id, sampledItemId: assignment.sampledItemId, reviewerId: input.reviewerId }, select: { id: true } });
  });
}

/** Takes an item out of review: its open assignments are skipped; labels already given stay. */
export async function skipItem(input: { projectSlug: string; actor: Actor; sampledItemId: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:manage" });
  const db = await prisma();
  return db.$transaction(async (tx) => {
    const item = await tx.sampledItem.findFirst({ where: { id: input.sampledItemId, projectId: project.id }, select: { id: true, status: true } });
    if (!item) throw new NotFoundError("Item not found");
    if (item.status === "gold") throw new ConflictError("This item already has a gold label.");
    await tx.$queryRawUnsafe(`SELECT id FROM "SampledItem" WHERE id = $1 AND "projectId" = $2 FOR UPDATE`, item.id, project.id);
    await tx.assignment.updateMany({ where: { sampledItemId: item.id, projectId: project.id, status: "assigned" }, data: { status: "skipped", leaseExpiresAt: null } });
    await tx.sampledItem.update({ where: { id: item.id, projectId: project.id }, data: { status: "skipped" } });
  });
}

/** Adds one more reviewer to an item; the item then wants one label more. */
export async function addReviewer(input: { projectSlug: string; actor: Actor; sampledItemId: string; reviewerId: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:manage" });
  const db = await prisma();
  const item = await db.sampledItem.findFirst({ where: { id: input.sampledItemId, projectId: project.id }, select: { id: true, status: true, audit: { select: { status: true } } } });
  if (!item) throw new NotFoundError("Item not found");
  if (item.status !== "pending" || item.audit.status !== "open") throw new ConflictError("Reviewers can only be added to pending items of an open audit.");
  await reviewerMembership(project.id, input.reviewerId);
  return db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT id FROM "SampledItem" WHERE id = $1 AND "projectId" = $2 FOR UPDATE`, item.id, project.id);
    const taken = await tx.assignment.findUnique({ where: { sampledItemId_reviewerId: { sampledItemId: item.id, reviewerId: input.reviewerId } }, select: { id: true } });
    if (taken) throw new ValidationError([{ field: "reviewerId", message: "this reviewer already has (or had) the item" }]);
    const active = await tx.assignment.count({ where: { sampledItemId: item.id, projectId: project.id, status: { not: "skipped" } } });
    const current = await tx.sampledItem.findUniqueOrThrow({ where: { id: item.id, projectId: project.id }, select: { reviewersWanted: true } });
    // An item short of reviewers gets the new one as a missing reviewer; otherwise it wants one more label.
    if (active >= current.reviewersWanted) await tx.sampledItem.update({ where: { id: item.id, projectId: project.id }, data: { reviewersWanted: current.reviewersWanted + 1 } });
    return tx.assignment.create({ data: { projectId: project.id, sampledItemId: item.id, reviewerId: input.reviewerId }, select: { id: true } });
  });
}
