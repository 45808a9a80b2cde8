// A reviewer hands an item to a QA lead: a skip gives it up (the reviewer's assignment is
// skipped and the item waits, listed for QA leads, for another reviewer: decision 020), a flag
// asks a QA lead to look at it while the reviewer may still label it. Both keep the reviewer's
// reason in a ReviewFlag row until a QA lead marks it handled.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { checkReason } from "@/lib/review/skip-reasons";
import type { ReviewFlagEntry } from "@/lib/review/workspace-types";
import { userDisplayNames } from "./items";

function reviewerOf(actor: Actor) {
  if (actor.kind !== "user") throw new ForbiddenError("review:label");
  return actor;
}

function reasonOf(reason: unknown): string {
  const checked = checkReason(reason);
  if (!checked.ok) throw new ValidationError([{ field: "reason", message: checked.message }]);
  return checked.reason;
}

type AssignmentRow = { id: string; status: string; sampledItemId: string; itemStatus: string; auditStatus: string };

// The reviewer's own assignment with its item and audit; FOR UPDATE OF the item, the lock every
// label write of the item takes, so a skip and a submit of the same item are serialised.
const OWN_ASSIGNMENT_LOCKING_ITEM_SQL = `SELECT a.id, a.status::text AS status, s.id AS "sampledItemId", s.status::text AS "itemStatus", au.status::text AS "auditStatus"
   FROM "Assignment" a JOIN "SampledItem" s ON s.id = a."sampledItemId" JOIN "Audit" au ON au.id = s."auditId"
  WHERE a.id = $1 AND a."projectId" = $2 AND a."reviewerId" = $3 AND s."projectId" = $2
  FOR UPDATE OF s`;

/** Gives an open item up with a reason: the assignment is skipped and the item waits for a QA lead. */
export async function skipAssignment(input: { projectSlug: string; actor: Actor; assignmentId: string; reason: unknown }): Promise<{ flagId: string }> {
  const user = reviewerOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  const reason = reasonOf(input.reason);
  const db = await prisma();
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRawUnsafe<AssignmentRow[]>(OWN_ASSIGNMENT_LOCKING_ITEM_SQL, input.assignmentId, project.id, user.userId);
    if (!row) throw new NotFoundError("Assignment not found");
    if (row.status === "submitted") throw new ConflictError("You have labelled this item; edit your label instead of skipping it.");
    if (row.status === "skipped") throw new ConflictError("This item is already off your queue.");
    if (row.auditStatus !== "open") throw new ConflictError("The audit is closed; nothing can be skipped in it.");
    if (row.itemStatus !== "pending") throw new ConflictError("This item no longer waits for labels.");
    await tx.assignment.updateMany({ where: { id: row.id, projectId: project.id, status: "assigned" }, data: { status: "skipped", leaseExpiresAt: null } });
    const flag = await tx.reviewFlag.create({
      data: { projectId: project.id, sampledItemId: row.sampledItemId, assignmentId: row.id, kind: "skip", reason, createdById: user.userId },
      select: { id: true },
    });
    return { flagId: flag.id };
  });
}

/** Asks a QA lead to look at an item of the reviewer's; the item stays on their queue. */
export async function flagAssignment(input: { projectSlug: string; actor: Actor; assignmentId: string; reason: unknown }): Promise<{ flagId: string }> {
  const user = reviewerOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  const reason = reasonOf(input.reason);
  const db = await prisma();
  const assignment = await db.assignment.findFirst({ where: { id: input.assignmentId, projectId: project.id, reviewerId: user.userId }, select: { id: true, sampledItemId: true } });
  if (!assignment) throw new NotFoundError("Assignment not found");
  const open = await db.reviewFlag.findFirst({ where: { projectId: project.id, assignmentId: assignment.id, kind: "flag", resolvedAt: null }, select: { id: true } });
  if (open) throw new ConflictError("You have already flagged this item; a QA lead has not handled it yet.");
  const flag = await db.reviewFlag.create({
    data: { projectId: project.id, sampledItemId: assignment.sampledItemId, assignmentId: assignment.id, kind: "flag", reason, createdById: user.userId },
    select: { id: true },
  });
  return { flagId: flag.id };
}

/** Skips and flags no QA lead has handled yet, oldest first. */
export async function listOpenReviewFlags(input: { projectSlug: string; actor: Actor }): Promise<ReviewFlagEntry[]> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:manage" });
  const db = await prisma();
  const flags = await db.reviewFlag.findMany({
    where: { projectId: project.id, resolvedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
    select: {
      id: true,
      kind: true,
      reason: true,
      createdAt: true,
      createdById: true,
      sampledItem: { select: { id: true, projectId: true, stratum: true, status: true, audit: { select: { week: true } }, output: { select: { externalId: true } } } },
    },
  });
  const names = await userDisplayNames(db, flags.map((f) => f.createdById));
  return flags
    .filter((f) => f.sampledItem.projectId === project.id)
    .map((f) => ({
      id: f.id,
      kind: f.kind,
      reason: f.reason,
      sampledItemId: f.sampledItem.id,
      externalId: f.sampledItem.output.externalId,
      week: f.sampledItem.audit.week,
      stratum: f.sampledItem.stratum,
      itemStatus: f.sampledItem.status,
      reviewerName: names.get(f.createdById) ?? "former member",
      createdAt: f.createdAt.toISOString(),
    }));
}

/** A QA lead has dealt with a skip or flag: it leaves the list (the row and its reason stay). */
export async function resolveReviewFlag(input: { projectSlug: string; actor: Actor; flagId: string; now?: Date }): Promise<void> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:manage" });
  const db = await prisma();
  const resolvedById = input.actor.kind === "user" ? input.actor.userId : null;
  const result = await db.reviewFlag.updateMany({ where: { id: input.flagId, projectId: project.id, resolvedAt: null }, data: { resolvedAt: input.now ?? new Date(), resolvedById } });
  if (result.count === 0) {
    const exists = await db.reviewFlag.findFirst({ where: { id: input.flagId, projectId: project.id }, select: { id: true } });
    if (!exists) throw new NotFoundError("Flag not found");
    throw new ConflictError("Someone has already marked this as handled.");
  }
}
