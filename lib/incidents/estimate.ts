// The weighted population estimate of harmful outputs from reviewed sampled items. Pure.
import { twoSidedZ } from "@/lib/stats/distributions";

export type WeightedItem = { inclusionProbability: number; harmful: boolean };

export type PopulationEstimate = {
  /** Weighted share of harmful outputs: Σ w·y / Σ w, w = 1/π. */
  rate: number;
  lower: number;
  upper: number;
  /** Kish's effective sample size (Σw)²/Σw². */
  effectiveN: number;
  reviewed: number;
  harmful: number;
  /** rate × population, with the interval's ends. */
  population: number;
  estimatedHarmful: number;
  estimatedLower: number;
  estimatedUpper: number;
};

/**
 * A weighted (Hájek) estimate of the harmful share of the population with a Wilson interval at
 * Kish's effective sample size (Kish 1965; the design-effect-adjusted Wilson interval compared in
 * Dean & Pagano 2015, J Surv Stat Methodol 3:44–66):
 *
 *   p̂ = Σ wᵢyᵢ / Σ wᵢ,  wᵢ = 1/πᵢ,  n* = (Σ wᵢ)² / Σ wᵢ²
 *   (p̂ + z²/2n* ± z·√(p̂(1 − p̂)/n* + z²/4n*²)) / (1 + z²/n*)
 *
 * Unequal weights shrink n* below the number reviewed, widening the interval; with equal weights
 * it is the plain Wilson interval. Scaled to `population` (outputs logged in the period). Null
 * when nothing was reviewed. Coverage is checked by simulation in estimate.test.ts.
 */
export function weightedHarmEstimate(items: WeightedItem[], population: number, confidence = 0.95): PopulationEstimate | null {
  if (items.length === 0) return null;
  let sumW = 0;
  let sumW2 = 0;
  let sumWY = 0;
  let harmful = 0;
  for (const item of items) {
    if (!(item.inclusionProbability > 0 && item.inclusionProbability <= 1)) throw new RangeError(`inclusion probability must be in (0, 1] (got ${item.inclusionProbability})`);
    const w = 1 / item.inclusionProbability;
    sumW += w;
    sumW2 += w * w;
    if (item.harmful) {
      sumWY += w;
      harmful++;
    }
  }
  const p = sumWY / sumW;
  const n = (sumW * sumW) / sumW2;
  const z = twoSidedZ(confidence);
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  const lower = p === 0 ? 0 : Math.max(0, centre - half);
  const upper = p === 1 ? 1 : Math.min(1, centre + half);
  return {
    rate: p,
    lower,
    upper,
    effectiveN: n,
    reviewed: items.length,
    harmful,
    population,
    estimatedHarmful: p * population,
    estimatedLower: lower * population,
    estimatedUpper: upper * population,
  };
}
