// A reviewer's own labels: what they submitted in open audits, and one of them ready to edit.
// Every query names the project and the signed-in reviewer, so nobody else's label can appear.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { ForbiddenError, NotFoundError } from "@/lib/server/errors";
import type { LabelValues } from "@/lib/review/rubric";
import { ensureCurrentRubric, findRubricById } from "./rubrics";
import { hasContext, itemSelect, userDisplayNames } from "./items";
import type { MyLabel, MyLabelDetail, MyLabelRubric } from "@/lib/review/workspace-types";
import { listLabelHistory } from "./labels";

function reviewerOf(actor: Actor) {
  if (actor.kind !== "user") throw new ForbiddenError("review:label");
  return actor;
}

/**
 * The actor's labels on items of open audits (editable ones), newest submission first, with the
 * rubric versions they were made with so that values can be shown in their own words.
 */
export async function listMyLabels(input: { projectSlug: string; actor: Actor }): Promise<{ labels: MyLabel[]; rubrics: Record<string, MyLabelRubric> }> {
  const user = reviewerOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  const db = await prisma();
  // Through the assignment, whose (projectId, reviewerId, status) index finds the reviewer's rows;
  // Label has no index by reviewer.
  const rows = await db.assignment.findMany({
    where: { projectId: project.id, reviewerId: user.userId, status: "submitted", sampledItem: { audit: { status: "open" } } },
    orderBy: [{ submittedAt: "desc" }, { id: "asc" }],
    select: {
      submittedAt: true,
      label: { select: { id: true, values: true, rubricId: true, createdAt: true, updatedAt: true, reviewerId: true, projectId: true, _count: { select: { revisions: true } } } },
      sampledItem: { select: { id: true, stratum: true, status: true, audit: { select: { week: true } }, output: { select: { externalId: true } } } },
    },
  });
  const labels: MyLabel[] = [];
  for (const row of rows) {
    const label = row.label;
    // The assignment is the reviewer's; the label is checked too, so a mismatch can never leak.
    if (!label || label.reviewerId !== user.userId || label.projectId !== project.id) continue;
    labels.push({
      id: label.id,
      sampledItemId: row.sampledItem.id,
      externalId: row.sampledItem.output.externalId,
      week: row.sampledItem.audit.week,
      stratum: row.sampledItem.stratum,
      itemStatus: row.sampledItem.status,
      submittedAt: (row.submittedAt ?? label.createdAt).toISOString(),
      updatedAt: label.updatedAt.toISOString(),
      edits: Math.max(0, label._count.revisions - 1),
      values: label.values as LabelValues,
      rubricId: label.rubricId,
    });
  }
  const rubrics: Record<string, MyLabelRubric> = {};
  for (const id of new Set(labels.map((l) => l.rubricId))) {
    const rubric = await findRubricById(db, project.id, id);
    if (rubric) rubrics[id] = { id: rubric.id, version: rubric.version, dimensions: rubric.dimensions };
  }
  return { labels, rubrics };
}

/** One of the actor's labels with its item, the rubric to edit it under and its history (404 for anyone else's). */
export async function getMyLabel(input: { projectSlug: string; actor: Actor; labelId: string }): Promise<MyLabelDetail> {
  const user = reviewerOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  const db = await prisma();
  const label = await db.label.findFirst({
    where: { id: input.labelId, projectId: project.id, reviewerId: user.userId },
    select: { id: true, values: true, rubricId: true, createdAt: true, updatedAt: true, assignment: { select: { submittedAt: true } }, sampledItem: { select: itemSelect } },
  });
  if (!label) throw new NotFoundError("Label not found");
  const [current, made, revisions] = await Promise.all([
    ensureCurrentRubric(db, project.id),
    findRubricById(db, project.id, label.rubricId),
    listLabelHistory({ projectSlug: input.projectSlug, actor: input.actor, labelId: label.id }),
  ]);
  const names = await userDisplayNames(db, revisions.map((r) => r.editorId));
  const item = label.sampledItem;
  const labelRubric = made ?? current;
  return {
    id: label.id,
    sampledItemId: item.id,
    week: item.audit.week,
    stratum: item.stratum,
    itemStatus: item.status,
    submittedAt: (label.assignment.submittedAt ?? label.createdAt).toISOString(),
    updatedAt: label.updatedAt.toISOString(),
    edits: Math.max(0, revisions.length - 1),
    values: label.values as LabelValues,
    rubricId: label.rubricId,
    auditOpen: item.audit.status === "open",
    output: { ...item.output, timestamp: item.output.timestamp.toISOString() },
    hasContext: hasContext(item.output.context),
    rubric: { id: current.id, version: current.version, dimensions: current.dimensions, guidelines: current.guidelines },
    labelRubric: { id: labelRubric.id, version: labelRubric.version, dimensions: labelRubric.dimensions },
    history: revisions.map((r) => ({
      id: r.id,
      editorName: names.get(r.editorId) ?? "unknown",
      createdAt: r.createdAt.toISOString(),
      before: (r.before ?? null) as LabelValues | null,
      after: r.after as LabelValues,
    })),
  };
}
