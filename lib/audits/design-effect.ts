// What a planned (possibly disproportionate) allocation buys: the margin of the weighted estimate,
// Kish's design effect for weighting, and the simple-random margin of the same n beside it
// (issue 12 point 13: oversampling high-risk strata ×2 does not buy "±3.00 %" by itself).
import { assertInteger, assertOpenUnit, twoSidedZ } from "@/lib/stats/distributions";

export type PlannedStratum = { population: number; allocated: number; expectedRate: number };

export type PlannedAllocationMargin = {
  /** ± z·√V(p_st) with the planned n_h and each stratum's expected rate. */
  margin: number;
  /** Kish's design effect for weighting, n·Σ n_h w_h² / (Σ n_h w_h)², w_h = N_h/n_h. */
  designEffect: number;
  /** ± z·√((N − n)/(N − 1)·PQ/n) of a simple random sample of the same n, P = Σ W_h P_h. */
  simpleRandomMargin: number;
  /** The smallest total n whose weighted margin is ≤ target, keeping the planned shares. */
  sampleSizeForMargin(target: number): number;
};

/**
 * The planned stratified margin (Cochran 1977, Sampling Techniques, ch. 5, the variance of a
 * stratified proportion with the population's P_h):
 *
 *   V(p_st) = Σ W_h² · (N_h − n_h)/(N_h − 1) · P_h Q_h / n_h,   W_h = N_h/N
 *
 * and Kish's design effect for weighting (Kish 1965, Survey Sampling; Kish 1992, J Off Stat 8:183),
 * deff = n·Σ n_h w_h² / (Σ n_h w_h)² with w_h = N_h/n_h, the variance inflation that unequal
 * weights alone cause (1 for a proportional allocation, > 1 when strata are oversampled). The
 * margin already contains the weights' effect and the strata's differing rates; deff is shown to
 * explain it. A stratum with no outputs is skipped; a stratum with outputs needs 1 ≤ allocated ≤
 * population (otherwise it would carry an infinite weight): RangeError, naming the stratum.
 *
 * sampleSizeForMargin keeps the planned shares a_h = n_h/n at a new total n: n_h = min(N_h, λ·a_h)
 * with λ such that Σ n_h = n (continuous; a stratum reviewed whole passes its excess on to the others
 * in proportion to their shares), and returns the smallest integer n whose margin is ≤ target (at
 * n = N every stratum is reviewed whole and the margin is 0, so there always is one).
 */
export function plannedAllocationMargin(strata: PlannedStratum[], confidence: number): PlannedAllocationMargin {
  assertOpenUnit(confidence, "confidence");
  if (!Array.isArray(strata) || strata.length === 0) throw new RangeError("at least one stratum is needed");
  const used: PlannedStratum[] = [];
  strata.forEach((s, h) => {
    assertInteger(s?.population, `strata[${h}].population`, 0);
    assertInteger(s.allocated, `strata[${h}].allocated`, 0);
    if (typeof s.expectedRate !== "number" || !(s.expectedRate >= 0 && s.expectedRate <= 1)) {
      throw new RangeError(`strata[${h}].expectedRate must be a fraction in [0, 1] (got ${String(s.expectedRate)})`);
    }
    if (s.allocated > s.population) throw new RangeError(`strata[${h}].allocated (${s.allocated}) exceeds its population (${s.population})`);
    if (s.population === 0) return;
    if (s.allocated < 1) throw new RangeError(`strata[${h}] has ${s.population} outputs but nothing allocated: its rate could not be estimated`);
    used.push(s);
  });
  if (used.length === 0) throw new RangeError("the strata are all empty");
  const z = twoSidedZ(confidence);
  const N = used.reduce((a, s) => a + s.population, 0);
  const n = used.reduce((a, s) => a + s.allocated, 0);

  /** V(p_st) with (continuous) n_h. */
  const varianceFor = (sampled: (s: PlannedStratum) => number): number => {
    let v = 0;
    for (const s of used) {
      const nh = sampled(s);
      const W = s.population / N;
      const fpc = s.population > 1 ? (s.population - nh) / (s.population - 1) : 0;
      v += (W * W * Math.max(0, fpc) * s.expectedRate * (1 - s.expectedRate)) / nh;
    }
    return v;
  };
  const margin = z * Math.sqrt(varianceFor((s) => s.allocated));

  let weightedSquares = 0; // Σ n_h w_h² = Σ N_h²/n_h
  for (const s of used) weightedSquares += (s.population * s.population) / s.allocated;
  const designEffect = (n * weightedSquares) / (N * N);

  const P = used.reduce((a, s) => a + (s.population / N) * s.expectedRate, 0);
  const simpleRandomMargin = N > 1 ? z * Math.sqrt((((N - n) / (N - 1)) * P * (1 - P)) / n) : 0;

  const marginAtTotal = (total: number): number => {
    const sampled = sharesAtTotal(used, total);
    return z * Math.sqrt(varianceFor((s) => sampled.get(s)!));
  };
  const sampleSizeForMargin = (target: number): number => {
    if (typeof target !== "number" || !(target > 0 && target < 1)) throw new RangeError(`the target margin must be a fraction strictly between 0 and 1 (got ${String(target)})`);
    // The margin falls as the total grows (every n_h grows); bisect for the first total that meets it.
    let lo = 1;
    let hi = N;
    if (marginAtTotal(lo) <= target) return lo;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (marginAtTotal(mid) <= target) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  return { margin, designEffect, simpleRandomMargin, sampleSizeForMargin };
}

/** n_h = min(N_h, λ·a_h) with Σ n_h = total, a_h the planned allocation (water-filling, ≤ H rounds). */
function sharesAtTotal(strata: PlannedStratum[], total: number): Map<PlannedStratum, number> {
  const result = new Map<PlannedStratum, number>();
  const full = new Set<PlannedStratum>();
  for (;;) {
    let left = total;
    let freeShares = 0;
    for (const s of strata) {
      if (full.has(s)) left -= s.population;
      else freeShares += s.allocated;
    }
    let capped = false;
    for (const s of strata) {
      if (full.has(s)) continue;
      const nh = (left * s.allocated) / freeShares;
      if (nh >= s.population) {
        full.add(s);
        capped = true;
      }
    }
    if (!capped || full.size === strata.length) {
      for (const s of strata) result.set(s, full.has(s) ? s.population : (left * s.allocated) / freeShares);
      return result;
    }
  }
}
