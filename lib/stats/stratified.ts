// Stratified sampling: allocating a sample across strata and estimating the overall error rate.
import { assertInteger, assertOpenUnit } from "./distributions";

export interface StratumSpec {
  size: number;
  expectedRate?: number;
  minimum?: number;
}

/**
 * Allocates `total` sample items across strata (Cochran 1977, Sampling Techniques, §5.5 and §5.9;
 * Neyman 1934):
 *
 *   proportional  n_h ∝ N_h
 *   neyman        n_h ∝ N_h·S_h,  S_h = √(p_h(1 − p_h))  (expectedRate p_h; 0.5, the largest S_h,
 *                 when not given)
 *
 * With per-stratum bounds m_h ≤ n_h ≤ N_h (minimum, default 0, and the stratum size) the real
 * allocation is n_h = clamp(λ·w_h, m_h, N_h) with λ solved exactly so that Σ n_h = total. For Neyman
 * weights this is the exact minimiser of Var(p_st) under the bounds (the KKT conditions of the
 * convex problem); without binding bounds it is total·w_h/Σw. `real` is that allocation, and
 * `allocated` rounds it by largest remainder (Hamilton's method; ties to the lower index), which keeps
 * Σ = total and m_h ≤ allocated_h ≤ N_h because the bounds are integers.
 *
 * RangeError for: no strata, non-integer sizes/minimums/total, a minimum above its stratum's size,
 * or total outside [Σ m_h, Σ N_h].
 */
export function allocateSample(o: {
  strata: StratumSpec[];
  total: number;
  method: "proportional" | "neyman";
}): { real: number[]; allocated: number[] } {
  const { strata, total, method } = o;
  if (method !== "proportional" && method !== "neyman") throw new RangeError(`method must be 'proportional' or 'neyman' (got ${String(method)})`);
  if (!Array.isArray(strata) || strata.length === 0) throw new RangeError("at least one stratum is needed");
  assertInteger(total, "total", 0);
  const H = strata.length;
  const size = new Float64Array(H);
  const min = new Float64Array(H);
  const weight = new Float64Array(H);
  let sumSize = 0;
  let sumMin = 0;
  for (let h = 0; h < H; h++) {
    const s = strata[h];
    assertInteger(s.size, `strata[${h}].size`, 0);
    const m = s.minimum ?? 0;
    assertInteger(m, `strata[${h}].minimum`, 0);
    if (m > s.size) throw new RangeError(`strata[${h}].minimum (${m}) exceeds the stratum's size (${s.size})`);
    let w = s.size;
    if (s.expectedRate !== undefined) assertOpenUnit(s.expectedRate, `strata[${h}].expectedRate`);
    if (method === "neyman") {
      const p = s.expectedRate ?? 0.5;
      w = s.size * Math.sqrt(p * (1 - p));
    }
    size[h] = s.size;
    min[h] = m;
    weight[h] = w;
    sumSize += s.size;
    sumMin += m;
  }
  if (total < sumMin) throw new RangeError(`total (${total}) is below the sum of the minimums (${sumMin})`);
  if (total > sumSize) throw new RangeError(`total (${total}) exceeds the population size (${sumSize})`);

  const real = continuousAllocation(total, weight, min, size);
  return { real, allocated: largestRemainder(real, total, min, size) };
}

/** n_h = clamp(λ w_h, m_h, N_h) with Σ n_h = total; λ from the sorted breakpoints m_h/w_h, N_h/w_h. */
function continuousAllocation(total: number, weight: Float64Array, min: Float64Array, size: Float64Array): number[] {
  const H = weight.length;
  const real = new Array<number>(H);
  const allocationAt = (lambda: number): number => {
    let s = 0;
    for (let h = 0; h < H; h++) s += weight[h] > 0 ? Math.min(size[h], Math.max(min[h], lambda * weight[h])) : min[h];
    return s;
  };
  const breakpoints: number[] = [];
  for (let h = 0; h < H; h++) {
    if (weight[h] > 0) breakpoints.push(min[h] / weight[h], size[h] / weight[h]);
  }
  breakpoints.sort((a, b) => a - b);
  // g(λ) is continuous, non-decreasing and linear between breakpoints; find the segment holding total.
  let lo = 0;
  let hi = Infinity;
  for (const b of breakpoints) {
    if (allocationAt(b) >= total) {
      hi = b;
      break;
    }
    lo = b;
  }
  // On (lo, hi) every stratum is either clamped or free; classify at the midpoint.
  const probe = Number.isFinite(hi) ? (lo + hi) / 2 : lo + 1;
  let fixed = 0;
  let freeWeight = 0;
  const free = new Uint8Array(H);
  for (let h = 0; h < H; h++) {
    if (weight[h] <= 0) {
      real[h] = min[h];
      fixed += min[h];
      continue;
    }
    const x = probe * weight[h];
    if (x <= min[h]) {
      real[h] = min[h];
      fixed += min[h];
    } else if (x >= size[h]) {
      real[h] = size[h];
      fixed += size[h];
    } else {
      free[h] = 1;
      freeWeight += weight[h];
    }
  }
  const remaining = total - fixed;
  for (let h = 0; h < H; h++) {
    if (!free[h]) continue;
    const x = (remaining * weight[h]) / freeWeight;
    real[h] = Math.min(size[h], Math.max(min[h], x));
  }
  return real;
}

/** Hamilton rounding within [min, size] that sums to total. */
function largestRemainder(real: number[], total: number, min: Float64Array, size: Float64Array): number[] {
  const H = real.length;
  const allocated = real.map((x, h) => Math.min(size[h], Math.max(min[h], Math.floor(x))));
  let left = total - allocated.reduce((a, b) => a + b, 0);
  const order = real.map((_, h) => h).sort((a, b) => real[b] - allocated[b] - (real[a] - allocated[a]) || a - b);
  while (left > 0) {
    let moved = false;
    for (const h of order) {
      if (left === 0) break;
      if (allocated[h] < size[h]) {
        allocated[h]++;
        left--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  while (left < 0) {
    let moved = false;
    for (let i = H - 1; i >= 0 && left < 0; i--) {
      const h = order[i];
      if (allocated[h] > min[h]) {
        allocated[h]--;
        left++;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return allocated;
}

/**
 * Stratified estimate of an error rate (Cochran 1977, eqs. 5.46–5.48):
 *
 *   p_st = Σ W_h p̂_h,  W_h = N_h/N,  p̂_h = errors_h/n_h
 *   v(p_st) = Σ W_h² (1 − n_h/N_h) p̂_h q̂_h/(n_h − 1)     (standardError = √v)
 *   standardErrorNoFpc: the same without the factor (1 − n_h/N_h)
 *
 * A stratum with size 0 (and nothing sampled) has weight 0 and is skipped. Every other stratum
 * needs 2 ≤ sampled ≤ size (the unbiased variance divides by n_h − 1) and errors ≤ sampled;
 * otherwise RangeError.
 */
export function stratifiedEstimate(
  strata: { size: number; sampled: number; errors: number }[],
): { rate: number; standardError: number; standardErrorNoFpc: number } {
  if (!Array.isArray(strata) || strata.length === 0) throw new RangeError("at least one stratum is needed");
  let N = 0;
  for (let h = 0; h < strata.length; h++) {
    const s = strata[h];
    assertInteger(s.size, `strata[${h}].size`, 0);
    assertInteger(s.sampled, `strata[${h}].sampled`, 0);
    assertInteger(s.errors, `strata[${h}].errors`, 0);
    if (s.sampled > s.size) throw new RangeError(`strata[${h}].sampled (${s.sampled}) exceeds its size (${s.size})`);
    if (s.errors > s.sampled) throw new RangeError(`strata[${h}].errors (${s.errors}) exceeds sampled (${s.sampled})`);
    if (s.size > 0 && s.sampled < 2) throw new RangeError(`strata[${h}] needs at least 2 sampled items for a variance (got ${s.sampled})`);
    N += s.size;
  }
  if (N === 0) throw new RangeError("the strata are all empty");
  let rate = 0;
  let variance = 0;
  let varianceNoFpc = 0;
  for (const s of strata) {
    if (s.size === 0) continue;
    const W = s.size / N;
    const n = s.sampled;
    rate += (W * s.errors) / n;
    // p̂q̂/(n − 1) = e(n − e)/(n²(n − 1)), exact integers until the division.
    const term = (W * W * (s.errors * (n - s.errors))) / (n * n * (n - 1));
    varianceNoFpc += term;
    variance += term * ((s.size - n) / s.size);
  }
  return { rate, standardError: Math.sqrt(variance), standardErrorNoFpc: Math.sqrt(varianceNoFpc) };
}
