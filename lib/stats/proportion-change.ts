// Tests a scorecard needs on top of hypothesis-tests.ts: which two-sample test fits the counts, and
// an exact one-sample test against a fixed baseline rate.
import { assertInteger } from "./distributions";
import { fisherExactTest, twoProportionZTest } from "./hypothesis-tests";

export type TwoSampleTestResult = { pValue: number; method: "two-proportion z" | "Fisher exact" };

/**
 * Two-sample test of a change in a rate, choosing the test by Cochran's (1954) rule: the pooled
 * two-proportion z-test when every expected cell of the 2 × 2 table is at least 5, Fisher's exact
 * test otherwise (small counts, where the normal approximation misstates the tail).
 * alternative 'increase': current above baseline, one-sided.
 */
export function proportionChangeTest(o: {
  baseline: { errors: number; n: number };
  current: { errors: number; n: number };
  alternative?: "two-sided" | "increase";
}): TwoSampleTestResult {
  const { baseline, current } = o;
  const n = baseline.n + current.n;
  const errors = baseline.errors + current.errors;
  const smallestExpected = (Math.min(baseline.n, current.n) * Math.min(errors, n - errors)) / n;
  if (Number.isFinite(smallestExpected) && smallestExpected >= 5) return { pValue: twoProportionZTest(o).pValue, method: "two-proportion z" };
  return { pValue: fisherExactTest(o).pValue, method: "Fisher exact" };
}

/**
 * Exact one-sided binomial test of "the rate is above p0" (Clopper & Pearson's tail; as R's
 * binom.test(x, n, p0, alternative = "greater")): p = P(X ≥ x | n, p0) = Σ_{k ≥ x} C(n, k) p0^k (1 − p0)^{n−k},
 * summed in log space from the ratio recurrence P(k + 1)/P(k) = (n − k)p0/((k + 1)(1 − p0)), so
 * there is no lgamma cancellation. p0 in [0, 1]; p0 = 0 gives 1 for x = 0 and 0 otherwise.
 */
export function binomialIncreaseTest(errors: number, n: number, p0: number): { pValue: number } {
  assertInteger(n, "n", 1);
  assertInteger(errors, "errors", 0);
  if (errors > n) throw new RangeError(`errors (${errors}) exceeds n (${n})`);
  if (typeof p0 !== "number" || !(p0 >= 0 && p0 <= 1)) throw new RangeError(`the baseline rate must be a fraction in [0, 1] (got ${String(p0)})`);
  if (errors === 0) return { pValue: 1 };
  if (p0 === 0) return { pValue: 0 };
  if (p0 === 1) return { pValue: 1 };
  // ln P(k) for k = 0..n relative to ln P(0) = n ln(1 − p0), then a log-sum-exp over k ≥ x.
  const logRatio = Math.log(p0) - Math.log1p(-p0);
  const logP = new Float64Array(n + 1);
  logP[0] = n * Math.log1p(-p0);
  for (let k = 0; k < n; k++) logP[k + 1] = logP[k] + Math.log((n - k) / (k + 1)) + logRatio;
  let max = -Infinity;
  for (let k = errors; k <= n; k++) if (logP[k] > max) max = logP[k];
  let sum = 0;
  for (let k = errors; k <= n; k++) sum += Math.exp(logP[k] - max);
  return { pValue: Math.min(1, Math.exp(max + Math.log(sum))) };
}
