// Gold labels: what scorecards and exports use. When all wanted labels of an item are in, agreeing
// labels become a consensus gold label automatically (a single-review item's label is its own
// consensus); disagreeing ones send the item to the QA leads' adjudication queue, where a lead's
// decision and rationale become an adjudication gold label.
import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { consensus, disagreeingDimensions, unionOfDimensions } from "@/lib/review/consensus";
import type { Dimension, LabelValues } from "@/lib/review/rubric";
import { ensureCurrentRubric, findRubricById, type StoredRubric } from "./rubrics";
import { hasContext, itemSelect, userDisplayNames } from "./items";
import { validateLabel } from "./validate";
import type { AdjudicationCase } from "@/lib/review/workspace-types";
import { recordGoldDecision, withdrawConsensusGold } from "./record";
import { kickReviewEvents } from "@/lib/server/events/process";

type Tx = Prisma.TransactionClient | PrismaClient;

async function rubricsOf(db: Tx, projectId: string, ids: string[]): Promise<StoredRubric[]> {
  const out: StoredRubric[] = [];
  for (const id of [...new Set(ids)]) {
    const rubric = await findRubricById(db, projectId, id);
    if (rubric) out.push(rubric);
  }
  return out;
}

/**
 * Re-derives an item's outcome from its labels; call inside a transaction holding the item's row
 * lock. An adjudicated gold label is final (a lead decided it) and is left alone; a consensus gold
 * label follows later edits of the labels it came from.
 */
export async function finalizeItem(tx: Tx, input: { projectId: string; sampledItemId: string; now?: Date }): Promise<string> {
  const now = input.now ?? new Date();
  // One read and one write: this runs inside the submit transaction, on the hot path.
  const [item] = await tx.$queryRawUnsafe<
    { status: string; wanted: number; goldSource: string | null; labels: { values: LabelValues; rubricId: string; createdAt: string; submittedAt: string | null }[] }[]
  >(
    `SELECT s.status::text AS status, s."reviewersWanted" AS wanted, g.source AS "goldSource",
            COALESCE((SELECT json_agg(json_build_object('values', l."values", 'rubricId', l."rubricId", 'createdAt', l."createdAt", 'submittedAt', a."submittedAt"))
                        FROM "Label" l JOIN "Assignment" a ON a.id = l."assignmentId"
                       WHERE l."projectId" = s."projectId" AND l."sampledItemId" = s.id AND a.status = 'submitted'), '[]'::json) AS labels
       FROM "SampledItem" s LEFT JOIN "GoldLabel" g ON g."sampledItemId" = s.id
      WHERE s.id = $1 AND s."projectId" = $2`,
    input.sampledItemId,
    input.projectId,
  );
  if (!item) throw new NotFoundError("Item not found");
  if (item.status === "skipped" || item.goldSource === "adjudication") return item.status;
  const labels = item.labels.map((l) => ({ values: l.values, rubricId: l.rubricId, createdAt: new Date(l.createdAt), submittedAt: new Date(l.submittedAt ?? l.createdAt) }));
  if (labels.length < Number(item.wanted)) return item.status;
  const latest = [...labels].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const rubrics = await rubricsOf(tx, input.projectId, [latest.rubricId, ...labels.map((l) => l.rubricId)]);
  const dimensions: Dimension[] = unionOfDimensions(rubrics.map((r) => r.dimensions));
  const result = consensus(dimensions, labels);
  if (result.agree) {
    await recordGoldDecision(tx, { projectId: input.projectId, sampledItemId: input.sampledItemId, rubricId: latest.rubricId, values: result.values, source: "consensus", decidedById: null, rationale: null, now });
    return "gold";
  }
  await withdrawConsensusGold(tx, { projectId: input.projectId, sampledItemId: input.sampledItemId, now });
  return "needs_adjudication";
}

export type AdjudicationQueueEntry = { sampledItemId: string; outputId: string; externalId: string; week: string; stratum: string; disagreements: string[]; labels: number };

const WAITING = "needs_adjudication" as const;
const submittedLabels = {
  where: { assignment: { status: "submitted" as const } },
  orderBy: { createdAt: "asc" as const },
  select: { id: true, values: true, rubricId: true, timeSpentMs: true, createdAt: true, reviewerId: true },
};

/** The dimensions an item's labels disagree on, read through every rubric version they were made with. */
async function disagreementsOf(db: Tx, projectId: string, currentRubricId: string, labels: { rubricId: string; values: unknown }[]): Promise<string[]> {
  const rubrics = await rubricsOf(db, projectId, [currentRubricId, ...labels.map((l) => l.rubricId)]);
  return disagreeingDimensions(unionOfDimensions(rubrics.map((r) => r.dimensions)), labels.map((l) => l.values as LabelValues));
}

/** Items whose labels disagree, oldest audit first: the queue a QA lead works through, without the items' bodies. */
export async function listAdjudicationQueue(input: { projectSlug: string; actor: Actor; limit?: number }): Promise<{ entries: AdjudicationQueueEntry[]; total: number }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "adjudication:decide" });
  const db = await prisma();
  const where = { projectId: project.id, status: WAITING };
  const [rows, total, rubric] = await Promise.all([
    db.sampledItem.findMany({
      where,
      orderBy: [{ audit: { weekStart: "asc" } }, { sampleKey: "asc" }],
      take: input.limit ?? 200,
      select: { id: true, outputId: true, stratum: true, audit: { select: { week: true } }, output: { select: { externalId: true } }, labels: { ...submittedLabels, select: { rubricId: true, values: true } } },
    }),
    db.sampledItem.count({ where }),
    ensureCurrentRubric(db, project.id),
  ]);
  const entries: AdjudicationQueueEntry[] = [];
  for (const row of rows) {
    entries.push({ sampledItemId: row.id, outputId: row.outputId, externalId: row.output.externalId, week: row.audit.week, stratum: row.stratum, disagreements: await disagreementsOf(db, project.id, rubric.id, row.labels), labels: row.labels.length });
  }
  return { entries, total };
}

/**
 * One item of the adjudication queue with its labels side by side and the rubric a decision is
 * made with; null when the item no longer waits for a decision. Another project's item is a 404.
 */
export async function getAdjudicationCase(input: { projectSlug: string; actor: Actor; sampledItemId: string }): Promise<{ item: AdjudicationCase; rubric: StoredRubric } | null> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "adjudication:decide" });
  const db = await prisma();
  const [row, rubric] = await Promise.all([
    db.sampledItem.findFirst({ where: { id: input.sampledItemId, projectId: project.id }, select: { ...itemSelect, outputId: true, labels: submittedLabels } }),
    ensureCurrentRubric(db, project.id),
  ]);
  if (!row) throw new NotFoundError("Item not found");
  if (row.status !== WAITING) return null;
  const names = await userDisplayNames(db, row.labels.map((l) => l.reviewerId));
  const item: AdjudicationCase = {
    sampledItemId: row.id,
    outputId: row.outputId,
    week: row.audit.week,
    stratum: row.stratum,
    output: { externalId: row.output.externalId, input: row.output.input, output: row.output.output, context: row.output.context, metadata: row.output.metadata, timestamp: row.output.timestamp.toISOString() },
    hasContext: hasContext(row.output.context),
    disagreements: await disagreementsOf(db, project.id, rubric.id, row.labels),
    labels: row.labels.map((l) => ({ id: l.id, reviewerName: names.get(l.reviewerId) ?? "unknown", values: l.values as LabelValues, timeSpentMs: l.timeSpentMs, submittedAt: l.createdAt.toISOString() })),
  };
  return { item, rubric };
}

/** A QA lead's decision on a disagreement: the gold label (validated against the current rubric) and why. */
export async function adjudicateItem(input: { projectSlug: string; actor: Actor; sampledItemId: string; values: unknown; rationale: unknown }): Promise<{ goldLabelId: string }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "adjudication:decide" });
  const rationale = typeof input.rationale === "string" ? input.rationale.trim() : "";
  if (rationale.length < 3) throw new ValidationError([{ field: "rationale", message: "write a rationale for the decision (at least 3 characters)" }]);
  if (rationale.length > 5000) throw new ValidationError([{ field: "rationale", message: "a rationale is at most 5000 characters" }]);
  const db = await prisma();
  const item = await db.sampledItem.findFirst({ where: { id: input.sampledItemId, projectId: project.id }, select: { id: true, status: true, output: { select: { context: true } } } });
  if (!item) throw new NotFoundError("Item not found");
  const rubric = await ensureCurrentRubric(db, project.id);
  const values = validateLabel(rubric, input.values, hasContext(item.output.context));
  const decided = await db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT id FROM "SampledItem" WHERE id = $1 AND "projectId" = $2 FOR UPDATE`, item.id, project.id);
    const current = await tx.sampledItem.findUniqueOrThrow({ where: { id: item.id, projectId: project.id }, select: { status: true } });
    if (current.status !== "needs_adjudication") throw new ConflictError(`This item is not waiting for adjudication (it is ${current.status.replace("_", " ")}).`);
    const gold = await recordGoldDecision(tx, {
      projectId: project.id,
      sampledItemId: item.id,
      rubricId: rubric.id,
      values,
      source: "adjudication",
      decidedById: actorUserId(input.actor),
      rationale,
      now: new Date(),
    });
    return { goldLabelId: gold.goldLabelId };
  });
  kickReviewEvents();
  return decided;
}
