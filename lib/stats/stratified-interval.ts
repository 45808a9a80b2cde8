// An interval for a stratified proportion that stays in [0, 1] and keeps its coverage when the rate
// is near 0 (decision 018).
import { assertOpenUnit, twoSidedZ } from "./distributions";
import { stratifiedEstimate } from "./stratified";

export type StratifiedInterval = {
  rate: number;
  standardError: number;
  lower: number;
  upper: number;
  /** Σ n_h over the non-empty strata. */
  sampleSize: number;
  /** n* of the Wilson formula (see below). */
  effectiveSampleSize: number;
  /** n / n*: how much the design (weights, strata, finite population) inflates the variance. */
  designEffect: number;
};

/**
 * Wilson score interval on Kish's effective sample size (Kish 1965, Survey Sampling; Korn &
 * Graubard 1998, Survey Methodology 24:193–201, who put n* into the Clopper–Pearson limits; the
 * Wilson form as in Dean & Pagano 2015, J Surv Stat Methodol 3:257):
 *
 *   p = Σ W_h p̂_h and v = Σ W_h² (1 − f_h) p̂_h q̂_h/(n_h − 1)   (stratifiedEstimate)
 *   n* = p(1 − p)/v                 when 0 < p < 1 and v > 0 (the design's own variance)
 *   n* = (Σ N_h)² / Σ (N_h²/n_h)    otherwise: Kish's effective n for the weights w_h = N_h/n_h,
 *                                   since with no error seen (or no spread) v says nothing
 *   lower, upper = (p + z²/(2n*) ∓ z·√(p(1 − p)/n* + z²/(4n*²))) / (1 + z²/n*)
 *
 * The limits are the roots of (p − π)² = z²π(1 − π)/n*, so they always lie in [0, 1]; the one near 0
 * is taken from the product of the roots, p²/(1 + z²/n*), to keep its digits. At p = 0 the upper
 * limit is z²/(n* + z²), not the normal interval's 0, which is why coverage holds for rare events
 * (the simulation in stratified-interval.test.ts). When every stratum was reviewed whole the rate is
 * exact and the interval is [p, p]. RangeError as for stratifiedEstimate.
 */
export function stratifiedWilsonInterval(
  strata: { size: number; sampled: number; errors: number }[],
  confidence = 0.95,
): StratifiedInterval {
  assertOpenUnit(confidence, "confidence");
  const { rate, standardError } = stratifiedEstimate(strata);
  const z = twoSidedZ(confidence);
  let n = 0;
  let totalSize = 0;
  let weightedInverse = 0; // Σ N_h²/n_h
  for (const s of strata) {
    if (s.size === 0) continue;
    n += s.sampled;
    totalSize += s.size;
    weightedInverse += (s.size * s.size) / s.sampled;
  }
  if (n === totalSize) {
    // Every stratum reviewed whole (a small week): the rate is known exactly.
    return { rate, standardError: 0, lower: rate, upper: rate, sampleSize: n, effectiveSampleSize: n, designEffect: 1 };
  }
  const variance = standardError * standardError;
  const effectiveSampleSize =
    rate > 0 && rate < 1 && variance > 0 ? (rate * (1 - rate)) / variance : (totalSize * totalSize) / weightedInverse;
  const { lower, upper } = wilsonAt(rate, effectiveSampleSize, z);
  return { rate, standardError, lower, upper, sampleSize: n, effectiveSampleSize, designEffect: n / effectiveSampleSize };
}

/** Wilson limits for a (possibly fractional) proportion p out of an effective n. */
export function wilsonAt(p: number, n: number, z: number): { lower: number; upper: number } {
  const z2n = (z * z) / n;
  const upperFor = (q: number) => (q + z2n / 2 + z * Math.sqrt((q * (1 - q)) / n + z2n / (4 * n))) / (1 + z2n);
  const lowerFor = (q: number) => (q === 0 ? 0 : (q * q) / (1 + z2n) / upperFor(q));
  if (p <= 0.5) return { lower: lowerFor(p), upper: Math.min(1, upperFor(p)) };
  return { lower: Math.max(0, 1 - upperFor(1 - p)), upper: 1 - lowerFor(1 - p) };
}
