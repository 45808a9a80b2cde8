// What the review workspace needs besides claim and submit (labels.ts): the reviewer's progress
// per open audit, and re-opening one particular assignment of theirs after a reload so that the
// picks kept in the browser come back on the item they were made for. Neither is on the
// submit + next path.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/server/errors";
import type { ReviewProgress } from "@/lib/review/workspace-types";
import type { ReviewItem } from "@/lib/review/workspace-types";
import { getReviewItem, leaseMinutes } from "./labels";

function reviewerOf(actor: Actor) {
  if (actor.kind !== "user") throw new ForbiddenError("review:label");
  return actor;
}

/**
 * Per open audit, how many of the items routed to the reviewer they have labelled, out of those
 * still theirs (an item they skipped, or a QA lead took away, no longer counts), oldest week first.
 */
export async function getReviewProgress(input: { projectSlug: string; actor: Actor }): Promise<ReviewProgress[]> {
  const user = reviewerOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  const db = await prisma();
  const rows = await db.$queryRawUnsafe<{ auditId: string; week: string; done: number; total: number }[]>(
    `SELECT au.id AS "auditId", au.week, count(*) FILTER (WHERE a.status = 'submitted')::int AS done, count(*) FILTER (WHERE a.status <> 'skipped')::int AS total
       FROM "Assignment" a JOIN "SampledItem" s ON s.id = a."sampledItemId" JOIN "Audit" au ON au.id = s."auditId"
      WHERE a."projectId" = $1 AND a."reviewerId" = $2 AND au."projectId" = $1 AND au.status = 'open'
      GROUP BY au.id, au.week, au."weekStart"
      ORDER BY au."weekStart", au.id`,
    project.id,
    user.userId,
  );
  return rows.map((r) => ({ auditId: r.auditId, week: r.week, done: Number(r.done), total: Number(r.total) }));
}

/**
 * Leases one open assignment of the reviewer's again (the lease it had is the reviewer's own, so
 * it is renewed whatever is left of it) and returns its item, for the workspace after a reload.
 */
export async function resumeAssignment(input: { projectSlug: string; actor: Actor; assignmentId: string; now?: Date }): Promise<ReviewItem> {
  const user = reviewerOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  const db = await prisma();
  const assignment = await db.assignment.findFirst({
    where: { id: input.assignmentId, projectId: project.id, reviewerId: user.userId },
    select: { id: true, status: true, sampledItemId: true, sampledItem: { select: { status: true, audit: { select: { status: true } } } } },
  });
  if (!assignment) throw new NotFoundError("Assignment not found");
  if (assignment.status !== "assigned" || assignment.sampledItem.status !== "pending" || assignment.sampledItem.audit.status !== "open") {
    throw new ConflictError("This item is no longer open for you to label.");
  }
  const now = input.now ?? new Date();
  const leased = await db.assignment.updateMany({
    where: { id: assignment.id, projectId: project.id, reviewerId: user.userId, status: "assigned" },
    data: { leaseExpiresAt: new Date(now.getTime() + leaseMinutes() * 60_000) },
  });
  if (leased.count === 0) throw new ConflictError("This item is no longer open for you to label.");
  return getReviewItem({ projectSlug: input.projectSlug, actor: input.actor, sampledItemId: assignment.sampledItemId });
}
