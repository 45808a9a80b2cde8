// What a reviewer sees of an item, and who may see other reviewers' labels. Blind review (a
// project setting, on by default): while a reviewer's own assignment on an item is open, no label
// of anyone else for that item leaves the server, whatever the route.
import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { LabelValues } from "@/lib/review/rubric";
import type { StoredRubric } from "./rubrics";
import type { ReviewItem, ReviewLabel } from "@/lib/review/workspace-types";

type Tx = Prisma.TransactionClient | PrismaClient;

export function hasContext(context: unknown): boolean {
  return Array.isArray(context) ? context.length > 0 : context !== null && context !== undefined && context !== "";
}

export const itemSelect = {
  id: true,
  status: true,
  stratum: true,
  auditId: true,
  audit: { select: { week: true, status: true } },
  output: { select: { id: true, externalId: true, timestamp: true, taskType: true, model: true, input: true, output: true, context: true, metadata: true } },
} as const;

export type ItemRow = Prisma.SampledItemGetPayload<{ select: typeof itemSelect }>;

/** Users' names as shown beside their labels (the email when they have no name), by id. */
export async function userDisplayNames(db: Tx, userIds: readonly string[]): Promise<Map<string, string>> {
  const users = await db.user.findMany({ where: { id: { in: [...new Set(userIds)] } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((u) => [u.id, u.name ?? u.email]));
}

/** Labels of an item as the actor may see them. */
export async function labelsForViewer(
  db: Tx,
  options: { projectId: string; sampledItemId: string; viewerId: string | null; blind: boolean; ownOpen: boolean },
): Promise<{ ownLabel: ReviewLabel | null; otherLabels: ReviewLabel[] | null }> {
  // Callers have already checked that the viewer may see the item at all.
  const showOthers = !(options.blind && options.ownOpen);
  const labels = await db.label.findMany({
    where: { projectId: options.projectId, sampledItemId: options.sampledItemId, ...(showOthers ? {} : { reviewerId: options.viewerId ?? "" }) },
    orderBy: { createdAt: "asc" },
    select: { id: true, reviewerId: true, values: true, rubricId: true, createdAt: true, updatedAt: true, assignment: { select: { submittedAt: true } } },
  });
  const names = await userDisplayNames(db, labels.map((l) => l.reviewerId));
  const shaped = labels.map((l) => ({
    id: l.id,
    reviewerId: l.reviewerId,
    reviewerName: names.get(l.reviewerId) ?? "unknown",
    values: l.values as LabelValues,
    rubricId: l.rubricId,
    submittedAt: (l.assignment.submittedAt ?? l.createdAt).toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  }));
  return {
    ownLabel: shaped.find((l) => l.reviewerId === options.viewerId) ?? null,
    otherLabels: showOthers ? shaped.filter((l) => l.reviewerId !== options.viewerId) : null,
  };
}

export function shapeItem(
  row: ItemRow,
  rubric: StoredRubric,
  assignment: { id: string; status: "assigned" | "submitted" | "skipped"; leaseExpiresAt: Date | null } | null,
  labels: { ownLabel: ReviewLabel | null; otherLabels: ReviewLabel[] | null },
): ReviewItem {
  return {
    assignmentId: assignment?.id ?? null,
    assignmentStatus: assignment?.status ?? null,
    sampledItemId: row.id,
    itemStatus: row.status,
    auditId: row.auditId,
    week: row.audit.week,
    auditOpen: row.audit.status === "open",
    stratum: row.stratum,
    leaseExpiresAt: assignment?.leaseExpiresAt?.toISOString() ?? null,
    output: { ...row.output, timestamp: row.output.timestamp.toISOString() },
    hasContext: hasContext(row.output.context),
    rubric: { id: rubric.id, version: rubric.version, dimensions: rubric.dimensions, guidelines: rubric.guidelines },
    ...labels,
  };
}
