// Confidence intervals for a binomial proportion.
import { assertInteger, assertOpenUnit, betaQuantile, twoSidedZ } from "./distributions";

export interface Interval {
  lower: number;
  upper: number;
}

function checkCounts(successes: number, trials: number): void {
  assertInteger(trials, "trials", 1);
  assertInteger(successes, "successes", 0);
  if (successes > trials) throw new RangeError(`successes (${successes}) cannot exceed trials (${trials})`);
}

/**
 * Wilson score interval without continuity correction (Wilson 1927; Newcombe 1998, Stat Med
 * 17:857–872, method 3):
 *
 *   (2x + z² ± z·√(z² + 4x(n − x)/n)) / (2(n + z²)),  z = Φ⁻¹(1 − α/2)
 *
 * The upper limit is computed with the "+" sign (no cancellation) and the lower one from the
 * product of the roots, lower·upper = x²/(n(n + z²)), so a lower limit near 0 keeps full relative
 * precision; the limits for n − x are the mirror images. lower = 0 at x = 0 and upper = 1 at x = n
 * exactly. Default confidence 0.95.
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  checkCounts(successes, trials);
  const z = twoSidedZ(confidence);
  const z2 = z * z;
  const upperFor = (x: number, n: number) => (2 * x + z2 + z * Math.sqrt(z2 + (4 * x * (n - x)) / n)) / (2 * (n + z2));
  const lowerFor = (x: number, n: number) => (x === 0 ? 0 : (x * x) / (n * (n + z2)) / upperFor(x, n));
  const x = successes;
  const n = trials;
  // For x > n/2 the upper limit is the one near 1; take it as 1 − (lower limit of the failures).
  if (2 * x <= n) return { lower: lowerFor(x, n), upper: Math.min(1, upperFor(x, n)) };
  return { lower: Math.max(0, 1 - upperFor(n - x, n)), upper: 1 - lowerFor(n - x, n) };
}

/**
 * Clopper–Pearson "exact" interval (Clopper & Pearson 1934; as R's binom.test):
 *
 *   lower = B⁻¹(α/2; x, n − x + 1),  upper = B⁻¹(1 − α/2; x + 1, n − x)
 *
 * with lower = 0 at x = 0 and upper = 1 at x = n. Beta quantiles from @stdlib (Boost's ibeta_inv,
 * full double precision). Default confidence 0.95.
 */
export function clopperPearsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  checkCounts(successes, trials);
  assertOpenUnit(confidence, "confidence");
  const tail = (1 - confidence) / 2;
  const x = successes;
  const n = trials;
  return {
    lower: x === 0 ? 0 : betaQuantile(tail, x, n - x + 1),
    upper: x === n ? 1 : betaQuantile(1 - tail, x + 1, n - x),
  };
}
