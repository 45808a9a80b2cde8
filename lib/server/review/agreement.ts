// Agreement and reviewer quality for QA leads, and a reviewer's own agreement with gold. One read
// of the labels (the selected audit's items, and the overlapping items of the last audits for the
// trend), grouped by item in SQL; lib/review/agreement-report does the statistics.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { NotFoundError } from "@/lib/server/errors";
import {
  agreementDimensions,
  dimensionAgreement,
  reviewerQuality,
  type DimensionAgreement,
  type Estimate,
  type ItemLabels,
  type ReviewerQuality,
} from "@/lib/review/agreement-report";
import type { LabelValues } from "@/lib/review/rubric";
import { ensureCurrentRubric } from "./rubrics";
import { userDisplayNames } from "./items";

export const TREND_AUDITS = 12;
/** The trend's intervals use fewer resamples than the selected audit's (12 audits × every dimension). */
export const TREND_REPLICATES = 200;

type Db = Awaited<ReturnType<typeof prisma>>;
type AuditRow = { id: string; week: string; sampleSize: number };

export type AgreementReport = {
  audits: AuditRow[];
  audit: (AuditRow & { overlapItems: number; overlapShare: number }) | null;
  dimensions: DimensionAgreement[];
  trend: { key: string; label: string; points: { auditId: string; week: string; alpha: Estimate | null; items: number }[] }[];
  reviewers: (ReviewerQuality & { name: string })[];
};

/** The labels of the given audits' items grouped by item, with each item's current gold label. */
export async function readItemLabels(db: Db, input: { projectId: string; auditIds: string[]; allItemsOf?: string | null }): Promise<(ItemLabels & { auditId: string })[]> {
  if (input.auditIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ auditId: string; sampledItemId: string; labels: ItemLabels["labels"]; goldValues: LabelValues | null; goldSource: string | null }[]>(
    `SELECT s."auditId", s.id AS "sampledItemId",
            json_agg(json_build_object('reviewerId', l."reviewerId", 'values', l."values", 'timeSpentMs', l."timeSpentMs") ORDER BY l."createdAt") AS labels,
            g."values" AS "goldValues", g.source AS "goldSource"
       FROM "SampledItem" s
       JOIN "Label" l ON l."sampledItemId" = s.id AND l."projectId" = s."projectId"
       JOIN "Assignment" a ON a.id = l."assignmentId" AND a.status = 'submitted'
       LEFT JOIN "GoldLabel" g ON g."sampledItemId" = s.id AND g."projectId" = s."projectId"
      WHERE s."projectId" = $1 AND s."auditId" = ANY($2::text[]) AND (s."reviewersWanted" > 1 OR s."auditId" = $3)
      GROUP BY s.id, g.id`,
    input.projectId,
    input.auditIds,
    input.allItemsOf ?? "",
  );
  return rows.map((r) => ({
    auditId: r.auditId,
    sampledItemId: r.sampledItemId,
    labels: r.labels.map((l) => ({ ...l, timeSpentMs: Number(l.timeSpentMs) })),
    gold: r.goldValues ? { values: r.goldValues, source: r.goldSource ?? "consensus" } : null,
  }));
}

async function recentAudits(db: Db, projectId: string): Promise<AuditRow[]> {
  return db.audit.findMany({ where: { projectId }, orderBy: { weekStart: "desc" }, take: TREND_AUDITS, select: { id: true, week: true, sampleSize: true } });
}

/** The agreement page's data: per dimension statistics of one audit (default: the latest with overlapping labels), the α trend and the reviewers. */
export async function getAgreementReport(input: { projectSlug: string; actor: Actor; auditId?: string | null; seed?: number }): Promise<AgreementReport> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "agreement:read" });
  const db = await prisma();
  const [audits, rubric] = await Promise.all([recentAudits(db, project.id), ensureCurrentRubric(db, project.id)]);
  let selected = input.auditId ? audits.find((a) => a.id === input.auditId) : undefined;
  if (input.auditId && !selected) {
    const older = await db.audit.findFirst({ where: { id: input.auditId, projectId: project.id }, select: { id: true, week: true, sampleSize: true } });
    if (!older) throw new NotFoundError("Audit not found");
    selected = older;
  }
  if (!selected && audits.length) {
    // Default: the most recent audit with an item that two reviewers have labelled.
    const withOverlap = await db.$queryRawUnsafe<{ auditId: string }[]>(
      `SELECT DISTINCT s."auditId" FROM "SampledItem" s
        WHERE s."projectId" = $1 AND s."auditId" = ANY($2::text[]) AND s."reviewersWanted" > 1
          AND (SELECT count(*) FROM "Label" l WHERE l."sampledItemId" = s.id AND l."projectId" = $1) >= 2`,
      project.id,
      audits.map((a) => a.id),
    );
    const ids = new Set(withOverlap.map((r) => r.auditId));
    selected = audits.find((a) => ids.has(a.id)) ?? audits[0];
  }
  const auditIds = [...new Set([...audits.map((a) => a.id), ...(selected ? [selected.id] : [])])];
  const items = await readItemLabels(db, { projectId: project.id, auditIds, allItemsOf: selected?.id ?? null });
  const overlapping = (auditId: string) => items.filter((i) => i.auditId === auditId && i.labels.length >= 2);
  const dims = agreementDimensions(rubric.dimensions);
  const seed = input.seed ?? 20260101;
  if (!selected) return { audits, audit: null, dimensions: [], trend: [], reviewers: [] };
  const overlap = overlapping(selected.id);
  const dimensions = dims.map((d) => dimensionAgreement(d, overlap, { seed }));
  const chronological = [...audits].reverse();
  const trend = dims.map((d) => ({
    key: d.key,
    label: d.label,
    points: chronological.map((a) => {
      const result = dimensionAgreement(d, overlapping(a.id), { seed, replicates: TREND_REPLICATES });
      return { auditId: a.id, week: a.week, alpha: result.tooFew ? null : result.alpha, items: result.items };
    }),
  }));
  const quality = reviewerQuality(rubric.dimensions, items.filter((i) => i.auditId === selected.id), { seed });
  const names = await userDisplayNames(db, quality.map((q) => q.reviewerId));
  return {
    audits,
    audit: { ...selected, overlapItems: overlap.length, overlapShare: selected.sampleSize > 0 ? overlap.length / selected.sampleSize : 0 },
    dimensions,
    trend,
    reviewers: quality.map((q) => ({ ...q, name: names.get(q.reviewerId) ?? "unknown" })),
  };
}

/** A reviewer's own agreement with gold in an audit (default: the latest they labelled in); nobody else's. */
export async function getMyReviewerQuality(input: { projectSlug: string; actor: Actor }): Promise<{ audit: AuditRow | null; quality: ReviewerQuality | null }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  if (input.actor.kind !== "user") return { audit: null, quality: null };
  const db = await prisma();
  const last = await db.label.findFirst({ where: { projectId: project.id, reviewerId: input.actor.userId }, orderBy: { createdAt: "desc" }, select: { sampledItem: { select: { audit: { select: { id: true, week: true, sampleSize: true } } } } } });
  const audit = last?.sampledItem.audit ?? null;
  if (!audit) return { audit: null, quality: null };
  const rubric = await ensureCurrentRubric(db, project.id);
  const items = await readItemLabels(db, { projectId: project.id, auditIds: [audit.id], allItemsOf: audit.id });
  const userId = input.actor.userId;
  // Only the reviewer's row is computed from the others' labels; nothing else about them leaves here.
  const mine = reviewerQuality(rubric.dimensions, items.filter((i) => i.labels.some((l) => l.reviewerId === userId))).find((q) => q.reviewerId === userId) ?? null;
  if (mine) mine.flagged = [];
  return { audit, quality: mine };
}
