// An audit's results: the stratified estimates of lib/scorecard/audit-results on the audit's frozen
// draw and its gold labels, with "failure" as the rubric's flags say. An open audit is computed from
// the gold of now (provisional while reviews are missing); a closed one is read from the snapshot
// taken when it closed (gold as of closing, the rubric then in force), so it never moves afterwards.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { NotFoundError } from "@/lib/server/errors";
import { computeAuditResults, type AuditResults, type ResultItem } from "@/lib/scorecard/audit-results";
import { outcomeClassifier } from "@/lib/scorecard/outcome";
import { dimensionCanCarryFailure, failingDimensions } from "@/lib/review/error-outcome";
import { defaultRubric, parseRubricSpec, type Dimension, type LabelValues } from "@/lib/review/rubric";
import { readGoldAsOf } from "@/lib/server/review/gold-history";

type FrozenStratum = { stratum: string; population: number; allocated: number };

/** Dimensions that can carry a failure by their flags, in rubric order. */
export function failureCarryingDimensions(dimensions: Dimension[]): Dimension[] {
  return dimensions.filter(dimensionCanCarryFailure);
}

/** The results of one audit from plain inputs: the one place that binds the rubric's meaning to the estimator. */
export function resultsFromGold(input: { strata: FrozenStratum[]; items: { stratum: string; values: LabelValues | null; inclusionProbability?: number }[]; dimensions: Dimension[] }): AuditResults {
  const failing = failureCarryingDimensions(input.dimensions);
  // The task outcome split: the ordinal dimension whose options name both a partial and a failure.
  const outcome = input.dimensions.find((d) => (d.kind === "ordinal" || d.kind === "categorical") && d.options.some((o) => o.partial) && d.options.some((o) => o.failure));
  const scales = input.dimensions.filter((d) => d.kind === "scale");
  return computeAuditResults({
    strata: input.strata.map((s) => ({ value: s.stratum, population: s.population, sampled: s.allocated })),
    items: input.items as ResultItem[],
    failureDimensions: failing.map((d) => ({ key: d.key, label: d.label })),
    failingDimensions: (values) => failingDimensions(failing, values as LabelValues),
    outcome:
      outcome && (outcome.kind === "ordinal" || outcome.kind === "categorical")
        ? { key: outcome.key, label: outcome.label, classify: outcomeClassifier(outcome.options) }
        : undefined,
    scales: scales.map((d) => ({ key: d.key, label: d.label })),
  });
}

async function rubricInForce(projectId: string, at: Date | null): Promise<{ id: string; dimensions: Dimension[] }> {
  const db = await prisma();
  const row =
    (await db.rubric.findFirst({ where: { projectId, ...(at ? { createdAt: { lte: at } } : {}) }, orderBy: { version: "desc" }, select: { id: true, dimensions: true, guidelines: true } })) ??
    (await db.rubric.findFirst({ where: { projectId }, orderBy: { version: "asc" }, select: { id: true, dimensions: true, guidelines: true } }));
  // A project that never opened its review has no stored rubric yet; the default is what it would get.
  if (!row) return { id: "default", dimensions: defaultRubric().dimensions };
  return { id: row.id, dimensions: parseRubricSpec({ dimensions: row.dimensions, guidelines: row.guidelines }).dimensions };
}

/** Computes an audit's results from its gold labels as of `asOf` (now when null). Every read is scoped by project. */
export async function computeAuditResultsFromDatabase(input: { projectId: string; auditId: string; asOf: Date | null }): Promise<{ results: AuditResults; rubricId: string }> {
  const db = await prisma();
  const audit = await db.audit.findFirst({ where: { id: input.auditId, projectId: input.projectId }, select: { strata: true } });
  if (!audit) throw new NotFoundError("Audit not found");
  const [items, gold, rubric] = await Promise.all([
    db.sampledItem.findMany({ where: { projectId: input.projectId, auditId: input.auditId }, select: { id: true, stratum: true, inclusionProbability: true } }),
    readGoldAsOf({ projectId: input.projectId, auditIds: [input.auditId], asOf: input.asOf ?? new Date() }),
    rubricInForce(input.projectId, input.asOf),
  ]);
  const goldByItem = new Map(gold.map((g) => [g.sampledItemId, g.values]));
  const results = resultsFromGold({
    strata: audit.strata as FrozenStratum[],
    // Each item's own inclusion probability: a topped-up stratum mixes two draw rates (decision 021).
    items: items.map((i) => ({ stratum: i.stratum, values: goldByItem.get(i.id) ?? null, inclusionProbability: i.inclusionProbability })),
    dimensions: rubric.dimensions,
  });
  return { results, rubricId: rubric.id };
}

/** Freezes a closed audit's results for its current closing; a second call for the same closing changes nothing. */
export async function snapshotAuditResults(input: { projectId: string; auditId: string }): Promise<{ created: boolean }> {
  const db = await prisma();
  const audit = await db.audit.findFirst({ where: { id: input.auditId, projectId: input.projectId }, select: { status: true, closedAt: true } });
  if (!audit) throw new NotFoundError("Audit not found");
  if (audit.status !== "closed" || !audit.closedAt) return { created: false };
  const existing = await db.auditResultSnapshot.findFirst({ where: { projectId: input.projectId, auditId: input.auditId, closedAt: audit.closedAt }, select: { id: true } });
  if (existing) return { created: false };
  const { results, rubricId } = await computeAuditResultsFromDatabase({ projectId: input.projectId, auditId: input.auditId, asOf: audit.closedAt });
  const created = await db.auditResultSnapshot.createMany({
    data: [{ projectId: input.projectId, auditId: input.auditId, closedAt: audit.closedAt, rubricId, results: results as object }],
    skipDuplicates: true,
  });
  return { created: created.count === 1 };
}

export type AuditResultsView = { results: AuditResults; frozen: { closedAt: Date; snapshotAt: Date } | null };

/** What the audit page shows: the snapshot of a closed audit, else the live results. */
export async function getAuditResults(input: { actor: Actor; projectSlug: string; auditId: string }): Promise<AuditResultsView> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "audits:read" });
  const db = await prisma();
  const audit = await db.audit.findFirst({ where: { id: input.auditId, projectId: project.id }, select: { status: true, closedAt: true } });
  if (!audit) throw new NotFoundError("Audit not found");
  if (audit.status === "closed" && audit.closedAt) {
    let snapshot = await db.auditResultSnapshot.findFirst({ where: { projectId: project.id, auditId: input.auditId, closedAt: audit.closedAt } });
    if (!snapshot) {
      // Closed before snapshots existed, or the snapshot job has not run yet: take it now.
      await snapshotAuditResults({ projectId: project.id, auditId: input.auditId });
      snapshot = await db.auditResultSnapshot.findFirstOrThrow({ where: { projectId: project.id, auditId: input.auditId, closedAt: audit.closedAt } });
    }
    return { results: snapshot.results as unknown as AuditResults, frozen: { closedAt: audit.closedAt, snapshotAt: snapshot.createdAt } };
  }
  return { results: (await computeAuditResultsFromDatabase({ projectId: project.id, auditId: input.auditId, asOf: null })).results, frozen: null };
}
