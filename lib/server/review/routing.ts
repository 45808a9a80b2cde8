// Routing: which reviewers label which sampled item. Each item gets `reviewersWanted` distinct
// reviewers whose expertise covers the item's stratum, the least loaded first. Items nobody is
// qualified for are counted and listed for QA leads (listUnassignedItems), never dropped.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { NotFoundError } from "@/lib/server/errors";
import { normaliseExpertiseTag, normaliseExpertiseTags } from "@/lib/review/expertise";

export type Reviewer = { userId: string; expertise: string[] };

/** What expertise a stratum needs: the plan's `expertise` for it, else the stratum value itself. */
export function expertiseNeeded(stratum: string, planStrata: unknown): string[] {
  const entry = Array.isArray(planStrata) ? (planStrata as { value?: unknown; expertise?: unknown }[]).find((s) => s?.value === stratum) : undefined;
  if (entry && Array.isArray(entry.expertise) && entry.expertise.length > 0) return normaliseExpertiseTags(entry.expertise.filter((e): e is string => typeof e === "string"));
  return stratum === "" ? [] : [normaliseExpertiseTag(stratum)];
}

/** A reviewer qualifies when their tags cover every tag needed; an item needing nothing (no stratum) only gets reviewers by hand. */
export function isQualified(reviewer: Reviewer, needed: string[]): boolean {
  return needed.length > 0 && needed.every((tag) => reviewer.expertise.includes(tag));
}

/** Picks `count` qualified reviewers not yet on the item, by load then id; mutates load. */
export function pickReviewers(candidates: Reviewer[], needed: string[], exclude: Set<string>, load: Map<string, number>, count: number): string[] {
  const eligible = candidates.filter((r) => !exclude.has(r.userId) && isQualified(r, needed));
  eligible.sort((a, b) => (load.get(a.userId) ?? 0) - (load.get(b.userId) ?? 0) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const chosen = eligible.slice(0, count).map((r) => r.userId);
  for (const id of chosen) load.set(id, (load.get(id) ?? 0) + 1);
  return chosen;
}

/**
 * Creates the missing assignments of an audit's pending items. Idempotent: an item that already
 * has its reviewers gets none, and the unique (item, reviewer) stops a reviewer getting an item
 * twice even if two runs overlap. Runs inside one transaction holding an advisory lock on the
 * audit so that two runs see each other's load.
 */
export async function assignAuditItems(input: { projectId: string; auditId: string }): Promise<{ assigned: number; unassignable: number }> {
  const db = await prisma();
  const audit = await db.audit.findFirst({ where: { id: input.auditId, projectId: input.projectId }, select: { id: true, plan: { select: { strata: true } } } });
  if (!audit) throw new NotFoundError("Audit not found");
  return db.$transaction(
    async (tx) => {
      await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended('assay:assign:' || $1::text, 0))::text AS locked`, audit.id);
      const members = await tx.membership.findMany({
        where: { projectId: input.projectId, role: "reviewer", user: { disabledAt: null } },
        select: { userId: true, expertise: true },
      });
      const loadRows = await tx.assignment.groupBy({ by: ["reviewerId"], where: { projectId: input.projectId, status: "assigned" }, _count: { _all: true } });
      const load = new Map(loadRows.map((r) => [r.reviewerId, r._count._all]));
      const items = await tx.sampledItem.findMany({
        where: { projectId: input.projectId, auditId: audit.id, status: "pending" },
        orderBy: { sampleKey: "asc" },
        select: { id: true, stratum: true, reviewersWanted: true, assignments: { select: { reviewerId: true, status: true } } },
      });
      const rows: { projectId: string; sampledItemId: string; reviewerId: string }[] = [];
      let unassignable = 0;
      for (const item of items) {
        const active = item.assignments.filter((a) => a.status !== "skipped").length;
        const missing = item.reviewersWanted - active;
        if (missing <= 0) continue;
        // A reviewer taken off an item (skipped) is not given it again.
        const exclude = new Set(item.assignments.map((a) => a.reviewerId));
        const chosen = pickReviewers(members, expertiseNeeded(item.stratum, audit.plan.strata), exclude, load, missing);
        for (const reviewerId of chosen) rows.push({ projectId: input.projectId, sampledItemId: item.id, reviewerId });
        if (chosen.length < missing) unassignable++;
      }
      const created = rows.length ? await tx.assignment.createMany({ data: rows, skipDuplicates: true }) : { count: 0 };
      return { assigned: created.count, unassignable };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
