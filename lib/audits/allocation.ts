// Spreads the week's sample over strata. The arithmetic is lib/stats allocateSample; this module
// maps the plan onto it: which strata exist (planned and observed), their minimums, risk
// oversampling and the overlap share, and keeps empty strata visible instead of dropping them.
import { allocateSample } from "@/lib/stats/stratified";
import type { Allocation, PlanSpec, PlanStratum, RiskLevel } from "./plan";
import { requiredSampleSize } from "./sample-size";

export type StratumAllocation = {
  stratum: string;
  risk: RiskLevel;
  population: number;
  allocated: number;
  /** The plan's minimum as applied: capped at the population (a stratum cannot give more than it has). */
  minimum: number;
  /** The minimum the plan asked for, when it could not be met because the stratum is smaller. */
  minimumShortfall?: number;
  /** How many of the allocated items are reviewed by K reviewers. */
  overlap: number;
  /** n_h / N_h; 0 for an empty stratum. */
  inclusionProbability: number;
  empty: boolean;
  /** Seen this week but not listed in the plan (allocated like a low-risk stratum without minimum). */
  unplanned: boolean;
  /** Neyman only: the error rate behind the stratum's weight, and where it came from. */
  neymanRate?: number;
  neymanRateSource?: "observed" | "stratum" | "plan";
  /**
   * Set on a partial audit topped up by the full-week draw (lib/audits/top-up.ts): the stratum was
   * sampled in two periods at different rates, each item carrying its own period's n/N. Then
   * `inclusionProbability` above is only the average; estimates must use the items' own.
   */
  phases?: StratumPhase[];
};

export type StratumPhase = { phase: "partial" | "rest"; from: string; to: string; population: number; allocated: number; overlap: number; inclusionProbability: number };

/**
 * Rates for Neyman weights that give high-risk strata `factor` times the share of the others.
 * Neyman weights are N_h·√(p_h(1 − p_h)); √(p(1 − p)) = 0.5 at p = ½ and 0.5/f at
 * p = (1 − √(1 − 1/f²))/2, so with these rates the weights are N_h·f for high-risk strata and N_h
 * for the rest: proportional allocation with an oversampling factor, solved by the same exact,
 * bounds-respecting allocator.
 */
export function oversamplingRate(factor: number): number {
  if (!(factor >= 1)) throw new RangeError("the oversampling factor must be at least 1");
  return (1 - Math.sqrt(1 - 1 / (factor * factor))) / 2;
}

const clampRate = (p: number) => Math.min(0.999, Math.max(0.001, p));

export function allocateStrata(o: {
  planStrata: PlanStratum[];
  /** Outputs per stratum value this week (values not in the plan are added as unplanned strata). */
  populations: Record<string, number>;
  /** The week's required sample size (already capped at the population or not: it is capped here). */
  total: number;
  allocation: Allocation;
  oversampleFactor?: number | null;
  /** Rates for Neyman weights: observed in earlier weeks, else the stratum's, else the plan's. */
  expectedRate: number;
  observedRates?: Record<string, number>;
  overlapShare: number;
}): { strata: StratumAllocation[]; total: number; population: number } {
  const rows: Omit<StratumAllocation, "allocated" | "overlap" | "inclusionProbability">[] = [];
  const planned = new Map(o.planStrata.map((s) => [s.value, s]));
  const values = [...o.planStrata.map((s) => s.value), ...Object.keys(o.populations).filter((v) => !planned.has(v)).sort()];
  for (const value of values) {
    const spec = planned.get(value);
    const population = o.populations[value] ?? 0;
    if (!Number.isInteger(population) || population < 0) throw new RangeError(`population of stratum "${value}" must be a non-negative integer`);
    const wanted = spec?.minimum ?? 0;
    const minimum = Math.min(wanted, population);
    rows.push({
      stratum: value,
      risk: spec?.risk ?? "low",
      population,
      minimum,
      ...(wanted > population ? { minimumShortfall: wanted - population } : {}),
      empty: population === 0,
      unplanned: !spec,
    });
  }
  const population = rows.reduce((s, r) => s + r.population, 0);
  const minimums = rows.reduce((s, r) => s + r.minimum, 0);
  const total = Math.min(population, Math.max(Math.max(0, Math.floor(o.total)), minimums));

  let allocated: number[] = rows.map(() => 0);
  if (rows.length > 0 && total > 0) {
    if (o.allocation === "proportional") {
      allocated = allocateSample({ strata: rows.map((r) => ({ size: r.population, minimum: r.minimum })), total, method: "proportional" }).allocated;
    } else if (o.allocation === "neyman") {
      for (const r of rows) {
        const observed = o.observedRates?.[r.stratum];
        const stratumRate = planned.get(r.stratum)?.expectedRate;
        r.neymanRate = observed ?? stratumRate ?? o.expectedRate;
        r.neymanRateSource = observed !== undefined ? "observed" : stratumRate !== undefined ? "stratum" : "plan";
      }
      allocated = allocateSample({ strata: rows.map((r) => ({ size: r.population, minimum: r.minimum, expectedRate: clampRate(r.neymanRate!) })), total, method: "neyman" }).allocated;
    } else {
      const low = oversamplingRate(o.oversampleFactor ?? 1);
      allocated = allocateSample({
        strata: rows.map((r) => ({ size: r.population, minimum: r.minimum, expectedRate: r.risk === "high" ? 0.5 : low })),
        total,
        method: "neyman",
      }).allocated;
    }
  }
  const share = Math.min(1, Math.max(0, o.overlapShare));
  return {
    total,
    population,
    strata: rows.map((r, h) => ({
      ...r,
      allocated: allocated[h],
      overlap: Math.round(share * allocated[h]),
      inclusionProbability: r.population > 0 ? allocated[h] / r.population : 0,
    })),
  };
}

/**
 * A week's sample under a plan: the required size for the week's population, then its
 * allocation to strata. The draw and the plan preview must agree, so both call this.
 */
export function planWeekSample(plan: PlanSpec, populations: Record<string, number>, observedRates?: Record<string, number>) {
  const population = Object.values(populations).reduce((a, b) => a + b, 0);
  const size = requiredSampleSize(plan.method, plan.methodParams, population);
  const allocation = allocateStrata({
    planStrata: plan.strata,
    populations,
    total: size.n,
    allocation: plan.allocation,
    oversampleFactor: plan.oversampleFactor,
    expectedRate: plan.methodParams.expectedRate,
    observedRates,
    overlapShare: plan.overlapShare,
  });
  return { population, size, allocation };
}
