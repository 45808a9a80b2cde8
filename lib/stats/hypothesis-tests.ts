// Tests for a change in error rate between a baseline and a current sample.
import { assertInteger, normalCdf } from "./distributions";

export interface ProportionTestInput {
  baseline: { errors: number; n: number };
  current: { errors: number; n: number };
  /** 'two-sided' (default): any change; 'increase': current rate above baseline. */
  alternative?: "two-sided" | "increase";
}

function checkInput(o: ProportionTestInput): "two-sided" | "increase" {
  for (const key of ["baseline", "current"] as const) {
    const g = o[key];
    if (!g) throw new RangeError(`${key} is required`);
    assertInteger(g.n, `${key}.n`, 1);
    assertInteger(g.errors, `${key}.errors`, 0);
    if (g.errors > g.n) throw new RangeError(`${key}.errors (${g.errors}) exceeds ${key}.n (${g.n})`);
  }
  const alternative = o.alternative ?? "two-sided";
  if (alternative !== "two-sided" && alternative !== "increase") {
    throw new RangeError(`alternative must be 'two-sided' or 'increase' (got ${String(alternative)})`);
  }
  return alternative;
}

/**
 * Pooled two-proportion z-test without continuity correction (Fleiss, Levin & Paik 2003, §3.3;
 * identical to R's prop.test(c(x_cur, x_base), c(n_cur, n_base), correct = FALSE)):
 *
 *   z = (p_cur − p_base) / √(p̄(1 − p̄)(1/n_cur + 1/n_base)),  p̄ = (x_cur + x_base)/(n_cur + n_base)
 *   χ² = z²;  two-sided p = 2Φ(−|z|);  increase p = Φ(−z)  (R's alternative = "greater")
 *
 * Evaluated as z = (x_c n_b − x_b n_c)·√(N / (X (N − X) n_c n_b)) from exact integers. If p̄ is 0 or 1
 * both rates are equal and the variance is 0; then z = χ² = 0 and p = 1 (R returns NaN).
 */
export function twoProportionZTest(o: ProportionTestInput): { z: number; chiSquare: number; pValue: number } {
  const alternative = checkInput(o);
  const xc = o.current.errors;
  const nc = o.current.n;
  const xb = o.baseline.errors;
  const nb = o.baseline.n;
  const N = nc + nb;
  const X = xc + xb;
  if (X === 0 || X === N) return { z: 0, chiSquare: 0, pValue: 1 };
  const z = (xc * nb - xb * nc) * Math.sqrt(N / (X * (N - X) * nc * nb));
  const pValue = alternative === "two-sided" ? 2 * normalCdf(-Math.abs(z)) : normalCdf(-z);
  return { z, chiSquare: z * z, pValue: Math.min(1, pValue) };
}

/**
 * Fisher's exact test on the 2 × 2 table [[x_cur, n_cur − x_cur], [x_base, n_base − x_base]]
 * (Fisher 1935; Agresti 2013, §3.5; as R's fisher.test). X = errors in the current sample is
 * hypergeometric given the margins:
 *
 *   P(X = k) = C(K, k) C(N − K, n_cur − k) / C(N, n_cur),  K = x_cur + x_base, N = n_cur + n_base
 *   two-sided p = Σ P(k) over k with P(k) ≤ P(x_cur)·(1 + 1e−7)   (R's relErr convention)
 *   increase p = P(X ≥ x_cur)                                     (R's alternative = "greater")
 *
 * Probabilities come from the ratio recurrence P(k+1)/P(k) = (K − k)(n_cur − k)/((k + 1)(N − K −
 * n_cur + k + 1)) walked outward from the mode in log space, so there is no lgamma cancellation
 * and tails far below 1e−308 relative to the mode still sum correctly.
 */
export function fisherExactTest(o: ProportionTestInput): { pValue: number } {
  const alternative = checkInput(o);
  const x = o.current.errors;
  const n1 = o.current.n;
  const N = n1 + o.baseline.n;
  const K = x + o.baseline.errors;
  const lo = Math.max(0, n1 - (N - K));
  const hi = Math.min(K, n1);
  if (lo === hi) return { pValue: 1 };
  const size = hi - lo + 1;
  const logP = new Float64Array(size); // ln P(k) up to a constant, 0 at the mode
  const mode = Math.min(hi, Math.max(lo, Math.floor(((n1 + 1) * (K + 1)) / (N + 2))));
  for (let k = mode; k < hi; k++) {
    logP[k + 1 - lo] = logP[k - lo] + Math.log(((K - k) * (n1 - k)) / ((k + 1) * (N - K - n1 + k + 1)));
  }
  for (let k = mode; k > lo; k--) {
    logP[k - 1 - lo] = logP[k - lo] - Math.log(((K - k + 1) * (n1 - k + 1)) / (k * (N - K - n1 + k)));
  }
  const logTotal = logSumExp(logP, () => true);
  let logTail: number;
  if (alternative === "increase") logTail = logSumExp(logP, (i) => i + lo >= x);
  else {
    const limit = logP[x - lo] + Math.log1p(1e-7);
    logTail = logSumExp(logP, (i) => logP[i] <= limit);
  }
  return { pValue: Math.min(1, Math.exp(logTail - logTotal)) };
}

function logSumExp(values: Float64Array, include: (i: number) => boolean): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (include(i) && values[i] > max) max = values[i];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) if (include(i)) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}
