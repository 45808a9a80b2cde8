// Topping up a partial audit ("draw now") when its week closes. The items drawn early stay (they
// are frozen and may already be labelled); the week's full allocation is computed as usual over
// the whole week, and each stratum's remaining items come from the rest of the week only, by the
// same seeded order. The audit is then a sample stratified by stratum × period: the early period
// at the partial draw's rate, the rest at its own, and every item stores its period's n/N, so
// the weighted (inclusion-probability) estimates stay unbiased. Decision 021.
import type { StratumAllocation, StratumPhase } from "./allocation";

export type FrozenStratum = { stratum: string; population: number; items: number; overlapItems: number };

export type TopUpDraw = { stratum: string; n: number; overlap: number; inclusionProbability: number; population: number };

export type TopUpPlan = { draws: TopUpDraw[]; strata: StratumAllocation[]; population: number; sampleSize: number; added: number };

/**
 * `full` is the plan's allocation over the whole week (partial period population + rest), `frozen`
 * what the partial draw holds per stratum (its population and items), `rest` the rest of the week's
 * outputs per stratum. A stratum never ends with fewer items than the partial draw gave it, nor
 * takes more from the rest than it has.
 */
export function planTopUp(o: {
  full: StratumAllocation[];
  frozen: FrozenStratum[];
  rest: Record<string, number>;
  partialFrom: Date;
  cutoff: Date;
  weekEnd: Date;
}): TopUpPlan {
  const frozenBy = new Map(o.frozen.map((f) => [f.stratum, f]));
  const draws: TopUpDraw[] = [];
  const strata: StratumAllocation[] = [];
  for (const s of o.full) {
    const early = frozenBy.get(s.stratum) ?? { stratum: s.stratum, population: 0, items: 0, overlapItems: 0 };
    const restPopulation = o.rest[s.stratum] ?? 0;
    const n = Math.min(restPopulation, Math.max(0, s.allocated - early.items));
    const overlap = Math.min(n, Math.max(0, s.overlap - early.overlapItems));
    const restProbability = restPopulation > 0 ? n / restPopulation : 0;
    draws.push({ stratum: s.stratum, n, overlap, inclusionProbability: restProbability, population: restPopulation });
    const phases: StratumPhase[] = [
      {
        phase: "partial",
        from: o.partialFrom.toISOString(),
        to: o.cutoff.toISOString(),
        population: early.population,
        allocated: early.items,
        overlap: early.overlapItems,
        inclusionProbability: early.population > 0 ? early.items / early.population : 0,
      },
      { phase: "rest", from: o.cutoff.toISOString(), to: o.weekEnd.toISOString(), population: restPopulation, allocated: n, overlap, inclusionProbability: restProbability },
    ];
    const population = early.population + restPopulation;
    const allocated = early.items + n;
    strata.push({ ...s, population, allocated, overlap: early.overlapItems + overlap, inclusionProbability: population > 0 ? allocated / population : 0, empty: population === 0, phases });
  }
  // A stratum seen only in the partial period and absent from the full allocation cannot happen
  // (the full populations include the partial ones), but keep its items visible if it ever does.
  for (const f of o.frozen) {
    if (o.full.some((s) => s.stratum === f.stratum)) continue;
    strata.push({
      stratum: f.stratum,
      risk: "low",
      population: f.population,
      allocated: f.items,
      minimum: 0,
      overlap: f.overlapItems,
      inclusionProbability: f.population > 0 ? f.items / f.population : 0,
      empty: f.population === 0,
      unplanned: true,
    });
  }
  const added = draws.reduce((a, d) => a + d.n, 0);
  return {
    draws,
    strata,
    population: strata.reduce((a, s) => a + s.population, 0),
    sampleSize: strata.reduce((a, s) => a + s.allocated, 0),
    added,
  };
}
