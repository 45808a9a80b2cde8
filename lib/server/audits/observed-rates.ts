// Error rates observed in earlier audits, per stratum, for Neyman allocation: the gold labels of
// the project's most recent audits before a week. A stratum needs enough gold labels before its
// observed rate replaces the plan's expectation (fewer would swing the allocation on noise).
import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { observedErrorRates } from "@/lib/review/error-outcome";
import { unionOfDimensions } from "@/lib/review/consensus";
import type { LabelValues } from "@/lib/review/rubric";
import { ensureCurrentRubric, findRubricById } from "@/lib/server/review/rubrics";

type Tx = Prisma.TransactionClient | PrismaClient;

export const OBSERVED_RATE_WEEKS = 4;
export const OBSERVED_RATE_MINIMUM_ITEMS = 30;

export async function loadObservedErrorRates(db: Tx, input: { projectId: string; before: Date }): Promise<Record<string, { rate: number; items: number }>> {
  const audits = await db.audit.findMany({
    where: { projectId: input.projectId, weekStart: { lt: input.before } },
    orderBy: { weekStart: "desc" },
    take: OBSERVED_RATE_WEEKS,
    select: { id: true },
  });
  if (audits.length === 0) return {};
  const gold = await db.goldLabel.findMany({
    where: { projectId: input.projectId, sampledItem: { auditId: { in: audits.map((a) => a.id) } } },
    select: { values: true, rubricId: true, sampledItem: { select: { stratum: true } } },
  });
  // What counts as an error is what the rubric in force flags (keys and option values are frozen
  // once used, so its flags apply to older labels too); dimensions only older versions had keep
  // their own flags.
  const rubrics = [await ensureCurrentRubric(db, input.projectId)];
  for (const id of new Set(gold.map((g) => g.rubricId))) {
    const rubric = id === rubrics[0].id ? null : await findRubricById(db, input.projectId, id);
    if (rubric) rubrics.push(rubric);
  }
  const dimensions = unionOfDimensions(rubrics.map((r) => r.dimensions));
  return observedErrorRates(dimensions, gold.map((g) => ({ stratum: g.sampledItem.stratum, values: g.values as LabelValues })), OBSERVED_RATE_MINIMUM_ITEMS);
}

export function ratesOnly(observed: Record<string, { rate: number }>): Record<string, number> {
  return Object.fromEntries(Object.entries(observed).map(([stratum, o]) => [stratum, o.rate]));
}
