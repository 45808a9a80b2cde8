// Agreement and reviewer quality for QA leads, and a reviewer's own agreement with gold. One read
// of the labels of the recent audits (lib/server/review/agreement.ts readLabelSummary): SQL groups
// them by item and then into rating patterns per dimension, labels against gold per reviewer and
// value, and each reviewer's count and median time, so what leaves the database is a few hundred
// rows however many items there are; lib/review/agreement-report does the statistics on them.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { NotFoundError } from "@/lib/server/errors";
import {
  agreementDimensions,
  dimensionAgreementOf,
  reviewerDrift,
  reviewerQualityOf,
  type DimensionAgreement,
  type DriftPoint,
  type Estimate,
  type GoldPair,
  type RatingPattern,
  type ReviewerActivity,
  type ReviewerQuality,
} from "@/lib/review/agreement-report";
import { ensureCurrentRubric } from "./rubrics";
import { userDisplayNames } from "./items";

export const TREND_AUDITS = 12;
export const DRIFT_WEEKS = 8;
/** The trend's intervals use fewer resamples than the selected audit's (12 audits × every dimension). */
export const TREND_REPLICATES = 200;

type Db = Awaited<ReturnType<typeof prisma>>;
type AuditRow = { id: string; week: string; sampleSize: number };

export type ReviewerReport = ReviewerQuality & { name: string; drift: DriftPoint[] };

export type AgreementReport = {
  audits: AuditRow[];
  audit: (AuditRow & { overlapItems: number; overlapShare: number }) | null;
  dimensions: DimensionAgreement[];
  trend: { key: string; label: string; points: { auditId: string; week: string; alpha: Estimate | null; items: number }[] }[];
  reviewers: ReviewerReport[];
};

/** What the statistics need of some audits' labels, per audit. */
export type LabelSummary = {
  /** Items with two or more labels. */
  overlapItems: Map<string, number>;
  /** audit → dimension key → rating patterns of the items with two or more labels. */
  patterns: Map<string, Map<string, RatingPattern[]>>;
  /** audit → labels against the item's gold (self-gold left out). */
  goldPairs: Map<string, GoldPair[]>;
  /** audit → labels and median seconds per reviewer. */
  activity: Map<string, ReviewerActivity[]>;
};

type SummaryRow = { kind: "overlap" | "agreement" | "gold" | "activity"; auditId: string; key: string | null; reviewers: unknown; value: unknown; gold: unknown; count: number };

/**
 * One statement over the audits' submitted labels: per item (labels ordered by reviewer, with the
 * item's current gold), then grouped into patterns per dimension, gold pairs and reviewer activity.
 */
export async function readLabelSummary(db: Db, input: { projectId: string; auditIds: string[]; keys: string[] }): Promise<LabelSummary> {
  const summary: LabelSummary = { overlapItems: new Map(), patterns: new Map(), goldPairs: new Map(), activity: new Map() };
  if (input.auditIds.length === 0) return summary;
  const rows = await db.$queryRawUnsafe<SummaryRow[]>(
    `WITH item AS MATERIALIZED (
       SELECT s.id, s."auditId",
              array_agg(l."reviewerId" ORDER BY l."reviewerId") AS reviewers,
              array_agg(l."values" ORDER BY l."reviewerId") AS vals,
              array_agg(l."timeSpentMs" ORDER BY l."reviewerId") AS times,
              count(*)::int AS n, g."values" AS gold, g.source AS "goldSource"
         FROM "SampledItem" s
         JOIN "Label" l ON l."sampledItemId" = s.id AND l."projectId" = s."projectId"
         JOIN "Assignment" a ON a.id = l."assignmentId" AND a."projectId" = s."projectId" AND a.status = 'submitted'
         LEFT JOIN "GoldLabel" g ON g."sampledItemId" = s.id AND g."projectId" = s."projectId"
        WHERE s."projectId" = $1 AND s."auditId" = ANY($2::text[])
        GROUP BY s.id, g.id
     ), dim AS (SELECT unnest($3::text[]) AS key)
     SELECT 'overlap' AS kind, i."auditId", NULL AS key, NULL::jsonb AS reviewers, NULL::jsonb AS value, NULL::jsonb AS gold, count(*)::int AS count
       FROM item i WHERE i.n >= 2 GROUP BY i."auditId"
     UNION ALL
     SELECT 'agreement', p."auditId", p.key, p.reviewers, p.value, NULL::jsonb, count(*)::int
       FROM (SELECT i."auditId", dim.key, to_jsonb(i.reviewers) AS reviewers,
                    (SELECT jsonb_agg(t.v -> dim.key ORDER BY t.o) FROM unnest(i.vals) WITH ORDINALITY AS t(v, o)) AS value
               FROM item i CROSS JOIN dim WHERE i.n >= 2) p
      GROUP BY p."auditId", p.key, p.reviewers, p.value
     UNION ALL
     SELECT 'gold', i."auditId", dim.key, to_jsonb(u.reviewer), u.v -> dim.key, i.gold -> dim.key, count(*)::int
       FROM item i CROSS JOIN LATERAL unnest(i.reviewers, i.vals) AS u(reviewer, v) CROSS JOIN dim
      WHERE i.gold IS NOT NULL AND NOT (i.n = 1 AND i."goldSource" = 'consensus')
      GROUP BY i."auditId", dim.key, u.reviewer, u.v -> dim.key, i.gold -> dim.key
     UNION ALL
     SELECT 'activity', i."auditId", NULL, to_jsonb(u.reviewer),
            to_jsonb(percentile_cont(0.5) WITHIN GROUP (ORDER BY u.t) FILTER (WHERE u.t > 0) / 1000.0), NULL::jsonb, count(*)::int
       FROM item i CROSS JOIN LATERAL unnest(i.reviewers, i.times) AS u(reviewer, t)
      GROUP BY i."auditId", u.reviewer`,
    input.projectId,
    input.auditIds,
    input.keys,
  );
  const listIn = <T>(map: Map<string, T[]>, key: string) => map.get(key) ?? map.set(key, []).get(key)!;
  for (const row of rows) {
    const count = Number(row.count);
    switch (row.kind) {
      case "overlap":
        summary.overlapItems.set(row.auditId, count);
        break;
      case "agreement": {
        const byKey = summary.patterns.get(row.auditId) ?? summary.patterns.set(row.auditId, new Map()).get(row.auditId)!;
        listIn(byKey, row.key!).push({ reviewers: row.reviewers as string[], values: (row.value as unknown[]).map((v) => v ?? null), count });
        break;
      }
      case "gold":
        listIn(summary.goldPairs, row.auditId).push({ reviewerId: row.reviewers as string, key: row.key!, value: row.value ?? null, gold: row.gold ?? null, count });
        break;
      case "activity":
        listIn(summary.activity, row.auditId).push({ reviewerId: row.reviewers as string, labels: count, medianSeconds: typeof row.value === "number" ? row.value : null });
        break;
    }
  }
  return summary;
}

async function recentAudits(db: Db, projectId: string): Promise<AuditRow[]> {
  return db.audit.findMany({ where: { projectId }, orderBy: { weekStart: "desc" }, take: TREND_AUDITS, select: { id: true, week: true, sampleSize: true } });
}

/** The agreement page's data: per dimension statistics of one audit (default: the latest with overlapping labels), the α trend and the reviewers. */
export async function getAgreementReport(input: { projectSlug: string; actor: Actor; auditId?: string | null; seed?: number }): Promise<AgreementReport> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "agreement:read" });
  const db = await prisma();
  const [audits, rubric] = await Promise.all([recentAudits(db, project.id), ensureCurrentRubric(db, project.id)]);
  let requested = input.auditId ? audits.find((a) => a.id === input.auditId) : undefined;
  if (input.auditId && !requested) {
    const older = await db.audit.findFirst({ where: { id: input.auditId, projectId: project.id }, select: { id: true, week: true, sampleSize: true } });
    if (!older) throw new NotFoundError("Audit not found");
    requested = older;
  }
  if (audits.length === 0) return { audits, audit: null, dimensions: [], trend: [], reviewers: [] };
  const dims = agreementDimensions(rubric.dimensions);
  const auditIds = [...new Set([...audits.map((a) => a.id), ...(requested ? [requested.id] : [])])];
  const summary = await readLabelSummary(db, { projectId: project.id, auditIds, keys: dims.map((d) => d.key) });
  // Default: the most recent audit with an item that two reviewers have labelled.
  const selected = requested ?? audits.find((a) => (summary.overlapItems.get(a.id) ?? 0) > 0) ?? audits[0];
  const seed = input.seed ?? 20260101;
  const patternsOf = (auditId: string, key: string) => summary.patterns.get(auditId)?.get(key) ?? [];
  const dimensions = dims.map((d) => dimensionAgreementOf(d, patternsOf(selected.id, d.key), { seed }));
  const chronological = [...audits].reverse();
  const trend = dims.map((d) => ({
    key: d.key,
    label: d.label,
    points: chronological.map((a) => {
      const result = dimensionAgreementOf(d, patternsOf(a.id, d.key), { seed, replicates: TREND_REPLICATES });
      return { auditId: a.id, week: a.week, alpha: result.tooFew ? null : result.alpha, items: result.items };
    }),
  }));
  const quality = reviewerQualityOf(rubric.dimensions, summary.activity.get(selected.id) ?? [], summary.goldPairs.get(selected.id) ?? [], { seed });
  const drift = reviewerDrift(rubric.dimensions, chronological.slice(-DRIFT_WEEKS).map((a) => ({ auditId: a.id, week: a.week, pairs: summary.goldPairs.get(a.id) ?? [] })));
  const names = await userDisplayNames(db, quality.map((q) => q.reviewerId));
  const overlapItems = summary.overlapItems.get(selected.id) ?? 0;
  return {
    audits,
    audit: { ...selected, overlapItems, overlapShare: selected.sampleSize > 0 ? overlapItems / selected.sampleSize : 0 },
    dimensions,
    trend,
    reviewers: quality.map((q) => ({ ...q, name: names.get(q.reviewerId) ?? "unknown", drift: drift.get(q.reviewerId) ?? [] })),
  };
}

/** A reviewer's own agreement with gold in an audit (default: the latest they labelled in); nobody else's. */
export async function getMyReviewerQuality(input: { projectSlug: string; actor: Actor }): Promise<{ audit: AuditRow | null; quality: ReviewerQuality | null; drift: DriftPoint[] }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  if (input.actor.kind !== "user") return { audit: null, quality: null, drift: [] };
  const db = await prisma();
  const userId = input.actor.userId;
  const last = await db.label.findFirst({ where: { projectId: project.id, reviewerId: userId }, orderBy: { createdAt: "desc" }, select: { sampledItem: { select: { audit: { select: { id: true, week: true, sampleSize: true } } } } } });
  const audit = last?.sampledItem.audit ?? null;
  if (!audit) return { audit: null, quality: null, drift: [] };
  const rubric = await ensureCurrentRubric(db, project.id);
  const recent = (await recentAudits(db, project.id)).slice(0, DRIFT_WEEKS).reverse();
  const auditIds = [...new Set([audit.id, ...recent.map((a) => a.id)])];
  const summary = await readLabelSummary(db, { projectId: project.id, auditIds, keys: agreementDimensions(rubric.dimensions).map((d) => d.key) });
  // Only the reviewer's own labels against gold leave here; nothing about the others.
  const own = (pairs: GoldPair[] | undefined) => (pairs ?? []).filter((p) => p.reviewerId === userId);
  const mine = reviewerQualityOf(rubric.dimensions, (summary.activity.get(audit.id) ?? []).filter((a) => a.reviewerId === userId), own(summary.goldPairs.get(audit.id))).find((q) => q.reviewerId === userId) ?? null;
  const drift = reviewerDrift(rubric.dimensions, recent.map((a) => ({ auditId: a.id, week: a.week, pairs: own(summary.goldPairs.get(a.id)) }))).get(userId) ?? [];
  return { audit, quality: mine, drift };
}
