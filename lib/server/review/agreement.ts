// Agreement and reviewer quality for QA leads, and a reviewer's own agreement with gold. One read
// of the recent audits' labels as pre-grouped counts (readLabelSummary; decision 039): rating
// patterns per dimension, labels against gold per reviewer and value, each reviewer's count and
// median time, so what leaves the database is a few hundred rows however many items there are;
// lib/review/agreement-report does the statistics on them.
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
import { syncAgreementSummary } from "./agreement-summary";

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

type SummaryRow = { auditId: string; entry: unknown[]; count: number; median: number | null };

/**
 * The audits' labels as the statistics need them, in one read of the pre-grouped summary
 * (lib/server/review/agreement-summary.ts, decision 039) after bringing it up to date: the
 * audits' counts of rating patterns per dimension, labels against gold and labels per reviewer,
 * and each reviewer's median time (for the audits in `activityAuditIds`, default all): the counts per
 * second say where it lies, the time index gives the one or two middle values.
 */
export async function readLabelSummary(db: Db, input: { projectId: string; auditIds: string[]; keys: string[]; activityAuditIds?: string[] }): Promise<LabelSummary> {
  const summary: LabelSummary = { overlapItems: new Map(), patterns: new Map(), goldPairs: new Map(), activity: new Map() };
  if (input.auditIds.length === 0) return summary;
  await syncAgreementSummary(db, { projectId: input.projectId, auditIds: input.auditIds });
  const rows = await db.$queryRawUnsafe<SummaryRow[]>(
    `WITH counts AS (
       SELECT c."auditId", c.entry::jsonb AS entry, c.count FROM "AgreementCount" c
        WHERE c."projectId" = $1 AND c."auditId" = ANY($2::text[]) AND c.count > 0),
     seconds AS (
       SELECT c."auditId", c.entry ->> 1 AS reviewer, (c.entry ->> 2)::int AS second, c.count,
              sum(c.count) OVER (PARTITION BY c."auditId", c.entry ->> 1 ORDER BY (c.entry ->> 2)::int) - c.count AS below,
              sum(c.count) OVER (PARTITION BY c."auditId", c.entry ->> 1) AS n
         FROM counts c WHERE c.entry ->> 0 = 'second' AND c."auditId" = ANY($4::text[])),
     middle AS (SELECT s.*, (s.n - 1) / 2 AS k FROM seconds s WHERE s.below <= (s.n - 1) / 2 AND (s.n - 1) / 2 < s.below + s.count)
     SELECT c."auditId", c.entry, c.count, NULL::float8 AS median FROM counts c
      WHERE c.entry ->> 0 IN ('overlap', 'activity') OR (c.entry ->> 0 IN ('agreement', 'gold') AND c.entry ->> 1 = ANY($3::text[]))
     UNION ALL
     -- The median's second holds the (n − 1)/2-th timed label: skip to it in the time index from
     -- there; percentile_cont over the one or two middle values is the median of them all.
     SELECT t."auditId", jsonb_build_array('median', t.reviewer), 0,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m."timeSpentMs") / 1000.0 FROM (
               SELECT x."timeSpentMs" FROM "AgreementTime" x
                WHERE x."projectId" = $1 AND x."auditId" = t."auditId" AND x."reviewerId" = t.reviewer AND x."timeSpentMs" > 0 AND x."timeSpentMs" >= t.second * 1000
                ORDER BY x."timeSpentMs" OFFSET t.k - t.below LIMIT 2 - t.n % 2) m)
       FROM middle t
     ORDER BY 1, 2`,
    input.projectId,
    input.auditIds,
    input.keys,
    input.activityAuditIds ?? input.auditIds,
  );
  const listIn = <T>(map: Map<string, T[]>, key: string) => map.get(key) ?? map.set(key, []).get(key)!;
  const activity = new Map<string, Map<string, ReviewerActivity>>();
  const activityOf = (auditId: string, reviewerId: string) => {
    const byReviewer = activity.get(auditId) ?? activity.set(auditId, new Map()).get(auditId)!;
    return byReviewer.get(reviewerId) ?? byReviewer.set(reviewerId, { reviewerId, labels: 0, medianSeconds: null }).get(reviewerId)!;
  };
  for (const row of rows) {
    const count = Number(row.count);
    const e = row.entry;
    switch (e[0]) {
      case "overlap":
        summary.overlapItems.set(row.auditId, count);
        break;
      case "agreement": {
        const byKey = summary.patterns.get(row.auditId) ?? summary.patterns.set(row.auditId, new Map()).get(row.auditId)!;
        listIn(byKey, e[1] as string).push({ reviewers: e[2] as string[], values: (e[3] as unknown[]).map((v) => v ?? null), count });
        break;
      }
      case "gold":
        listIn(summary.goldPairs, row.auditId).push({ reviewerId: e[2] as string, key: e[1] as string, value: e[3] ?? null, gold: e[4] ?? null, count });
        break;
      case "activity":
        activityOf(row.auditId, e[1] as string).labels += count;
        break;
      case "median":
        activityOf(row.auditId, e[1] as string).medianSeconds = row.median === null ? null : Number(row.median);
        break;
    }
  }
  for (const [auditId, byReviewer] of activity) summary.activity.set(auditId, [...byReviewer.values()]);
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
      // The selected audit's point is the table's α (1,000 resamples), not computed a second time.
      const result = a.id === selected.id ? dimensions.find((x) => x.key === d.key)! : dimensionAgreementOf(d, patternsOf(a.id, d.key), { seed, replicates: TREND_REPLICATES });
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
  const summary = await readLabelSummary(db, { projectId: project.id, auditIds, keys: agreementDimensions(rubric.dimensions).map((d) => d.key), activityAuditIds: [audit.id] });
  // Only the reviewer's own labels against gold leave here; nothing about the others.
  const own = (pairs: GoldPair[] | undefined) => (pairs ?? []).filter((p) => p.reviewerId === userId);
  const mine = reviewerQualityOf(rubric.dimensions, (summary.activity.get(audit.id) ?? []).filter((a) => a.reviewerId === userId), own(summary.goldPairs.get(audit.id))).find((q) => q.reviewerId === userId) ?? null;
  const drift = reviewerDrift(rubric.dimensions, recent.map((a) => ({ auditId: a.id, week: a.week, pairs: own(summary.goldPairs.get(a.id)) }))).get(userId) ?? [];
  return { audit, quality: mine, drift };
}
