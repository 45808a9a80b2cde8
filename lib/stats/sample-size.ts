// Sample sizes for estimating an error rate, for discovery (acceptance) sampling, and for comparing
// two error rates.
import { assertInteger, assertOpenUnit, normalCdf, normalQuantile, twoSidedZ } from "./distributions";

// ---------------------------------------------------------------------------------------------
// Cochran

/**
 * Sample size to estimate a proportion within ±e (Cochran 1977, Sampling Techniques, eqs. 4.2 and
 * 4.3; the Krejcie & Morgan 1970 table is the same formula with χ²₁ = z²):
 *
 *   n0 = z² p(1 − p)/e²,  z = Φ⁻¹(1 − α/2) unrounded
 *   n  = n0 / (1 + (n0 − 1)/N)   with a population size N (on the unrounded n0), else n = n0
 *   required = ⌈n⌉
 *
 * The corrected n is evaluated as n0·N/((N − 1) + n0), the same quantity with N − 1 exact, so that
 * N = 1 gives exactly 1; n ≤ N holds mathematically and is enforced against rounding.
 */
export function cochranSampleSize(o: {
  expectedRate: number;
  marginOfError: number;
  confidence: number;
  populationSize?: number;
}): { z: number; n0: number; n: number; required: number } {
  assertOpenUnit(o.expectedRate, "expectedRate");
  assertOpenUnit(o.marginOfError, "marginOfError");
  assertOpenUnit(o.confidence, "confidence");
  const z = twoSidedZ(o.confidence);
  const p = o.expectedRate;
  const e = o.marginOfError;
  const n0 = (z * z * p * (1 - p)) / (e * e);
  let n = n0;
  if (o.populationSize !== undefined) {
    assertInteger(o.populationSize, "populationSize", 1);
    const N = o.populationSize;
    n = Math.min(N, (n0 * N) / (N - 1 + n0));
  }
  return { z, n0, n, required: Math.ceil(n) };
}

// ---------------------------------------------------------------------------------------------
// Discovery sampling

/** x = mantissa / 2^shift exactly, for a finite double 0 < x < 1. */
function dyadic(x: number): { mantissa: bigint; shift: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  // normal: (2^52 + f)·2^(e − 1075); subnormal: f·2^(−1074)
  return exponent === 0 ? { mantissa: fraction, shift: 1074n } : { mantissa: fraction | (1n << 52n), shift: BigInt(1075 - exponent) };
}

/** 1 − x = numerator / 2^shift exactly. */
function oneMinus(x: number): { numerator: bigint; shift: bigint } {
  const { mantissa, shift } = dyadic(x);
  return { numerator: (1n << shift) - mantissa, shift };
}

/** Product of a list of BigInts by halving (keeps the multiplications balanced). */
function product(values: bigint[], from = 0, to = values.length): bigint {
  if (to - from === 0) return 1n;
  if (to - from === 1) return values[from];
  const mid = (from + to) >> 1;
  return product(values, from, mid) * product(values, mid, to);
}

/** Largest exact check we run on a near-tie (bits of the big integers involved). */
const EXACT_BITS_LIMIT = 4_000_000;

/**
 * Decides P(no error in the sample) ≤ 1 − confidence given its logarithm `logMiss`. Clear cases are
 * decided in double precision with a bound on the rounding error; a near-tie (|difference| within
 * `slack`) is decided in exact integer arithmetic by `exact()` (doubles are dyadic rationals, so
 * the comparison is exact), or by the doubles if the integers would be impractically large.
 */
function meetsConfidence(logMiss: number, logTarget: number, slack: number, exact: () => boolean | undefined): boolean {
  const d = logMiss - logTarget;
  if (d < -slack) return true;
  if (d > slack) return false;
  return exact() ?? d <= 0;
}

/**
 * Smallest sample that contains at least one error with probability ≥ confidence (discovery or
 * "stop-or-go" sampling; AICPA Audit Sampling guide; Guy, Carmichael & Whittington 2002, ch. 3):
 *
 *   binomial:        1 − (1 − p)^n ≥ c  ⇔  n ≥ ln(1 − c)/ln(1 − p)
 *   hypergeometric:  1 − C(N − M, n)/C(N, n) ≥ c,  C(N − M, n)/C(N, n) = Π_{j<M} (N − n − j)/(N − j)
 *
 * The hypergeometric form (exact for a finite population with M errors) is used when both
 * `populationSize` and `errorsInPopulation` are given (tolerableRate is then only validated);
 * `populationSize` alone does not change the binomial answer. The boundary is decided exactly: log-space sums (log1p, error-bounded) for clear
 * cases, exact rational arithmetic on the double inputs for near-ties, so a sample is never one item
 * short (e.g. p = 0.5, c = 0.75 gives exactly 2). probabilityOfDetection is 1 − P(miss) at the
 * returned size.
 */
export function discoverySampleSize(o: {
  tolerableRate: number;
  confidence: number;
  populationSize?: number;
  errorsInPopulation?: number;
}): { required: number; probabilityOfDetection: number } {
  assertOpenUnit(o.tolerableRate, "tolerableRate");
  assertOpenUnit(o.confidence, "confidence");
  const logTarget = Math.log1p(-o.confidence);
  const target = oneMinus(o.confidence);

  if (o.errorsInPopulation !== undefined) {
    if (o.populationSize === undefined) throw new RangeError("errorsInPopulation needs populationSize");
    assertInteger(o.populationSize, "populationSize", 1);
    assertInteger(o.errorsInPopulation, "errorsInPopulation", 1);
    if (o.errorsInPopulation > o.populationSize) {
      throw new RangeError(`errorsInPopulation (${o.errorsInPopulation}) cannot exceed populationSize (${o.populationSize})`);
    }
    return hypergeometricDiscovery(o.populationSize, o.errorsInPopulation, logTarget, target);
  }
  if (o.populationSize !== undefined) assertInteger(o.populationSize, "populationSize", 1);

  const p = o.tolerableRate;
  const logKeep = Math.log1p(-p); // ln(1 − p) < 0
  const keep = oneMinus(p);
  const detects = (n: number) =>
    meetsConfidence(n * logKeep, logTarget, 8 * Number.EPSILON * (Math.abs(n * logKeep) + Math.abs(logTarget)), () => {
      // (1 − p)^n ≤ 1 − c  ⇔  a^n · 2^s_c ≤ b · 2^(s_p·n)
      if (Number(keep.shift) * n > EXACT_BITS_LIMIT) return undefined;
      const bn = BigInt(n);
      return keep.numerator ** bn << target.shift <= target.numerator << (keep.shift * bn);
    });
  let n = Math.max(1, Math.ceil(logTarget / logKeep));
  if (!Number.isFinite(n) || n > Number.MAX_SAFE_INTEGER) throw new RangeError("the required sample size is too large to represent");
  while (n > 1 && detects(n - 1)) n--;
  while (!detects(n)) n++;
  return { required: n, probabilityOfDetection: -Math.expm1(n * logKeep) };
}

/**
 * ln(a/b) for integers 0 ≤ a ≤ b with relative error ≤ 3ε: log1p of the exact integer difference
 * when a/b ≥ ½ (no cancellation in 1 − x), the plain log otherwise (|ln| ≥ ln 2 there).
 */
function logRatio(a: number, b: number): number {
  if (a === 0) return -Infinity;
  return 2 * a >= b ? Math.log1p(-(b - a) / b) : Math.log(a / b);
}

function hypergeometricDiscovery(
  N: number,
  M: number,
  logTarget: number,
  target: { numerator: bigint; shift: bigint },
): { required: number; probabilityOfDetection: number } {
  // ln P(miss | n) = Σ_{i<n} ln((N − M − i)/(N − i)) = Σ_{j<M} ln((N − n − j)/(N − j)); use the
  // shorter sum. Each term has relative error ≤ 3ε (see logRatio) and all terms share a sign.
  const logMiss = (n: number): number => {
    if (n > N - M) return -Infinity;
    let s = 0;
    if (n <= M) for (let i = 0; i < n; i++) s += logRatio(N - M - i, N - i);
    else for (let j = 0; j < M; j++) s += logRatio(N - n - j, N - j);
    return s;
  };
  const detects = (n: number): boolean => {
    if (n > N - M) return true;
    const lm = logMiss(n);
    const terms = Math.min(n, M);
    const slack = (terms + 8) * 4 * Number.EPSILON * (Math.abs(lm) + Math.abs(logTarget));
    return meetsConfidence(lm, logTarget, slack, () => {
      // Π(N − M − i) · 2^s ≤ b · Π(N − i)   (i < n), or the equivalent product over j < M.
      if (terms * Math.log2(N + 1) > EXACT_BITS_LIMIT / 4) return undefined;
      const top: bigint[] = [];
      const bottom: bigint[] = [];
      for (let t = 0; t < terms; t++) {
        top.push(BigInt(n <= M ? N - M - t : N - n - t));
        bottom.push(BigInt(N - t));
      }
      return product(top) << target.shift <= target.numerator * product(bottom);
    });
  };
  // With replacement the miss probability is larger, so the binomial size is an upper bound.
  let hi = Math.min(N - M + 1, Math.max(1, Math.ceil(logTarget / Math.log1p(-M / N)) + 1));
  while (!detects(hi)) hi = Math.min(N - M + 1, hi * 2);
  let lo = 0; // detects(0) is false: P(miss | 0) = 1 > 1 − c
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (detects(mid)) hi = mid;
    else lo = mid;
  }
  return { required: hi, probabilityOfDetection: -Math.expm1(logMiss(hi)) };
}

// ---------------------------------------------------------------------------------------------
// Two proportions

/**
 * Per-group sample size to detect p1 vs p2 with a two-sample test of proportions.
 *
 * - `pooled` (default) — the normal-approximation formula that R's power.prop.test solves
 *   (Fleiss, Levin & Paik 2003, eq. 4.14's uncorrected n):
 *     n = (z_{α/s}·√(2p̄q̄) + z_β·√(p1q1 + p2q2))² / (p1 − p2)²,  p̄ = (p1 + p2)/2, s = 1 or 2 sides.
 *   Closed form of R's power equation (R's uniroot stops at tol ≈ 1e−4; this is the exact root).
 * - `cohen-h` — solves the power function of pwr::pwr.2p.test with h = 2 asin√p1 − 2 asin√p2:
 *     two-sided: Φ(|h|√(n/2) − z_{α/2}) + Φ(−|h|√(n/2) − z_{α/2}) = power (both tails, root found by
 *     safeguarded Newton to full precision); one-sided: n = 2(z_α + z_β)²/h².
 * - `continuity-corrected` — Fleiss, Levin & Paik (2003) eq. 4.14 applied to the pooled n:
 *     n' = (n/4)·(1 + √(1 + 4/(n|p1 − p2|)))².
 *
 * perGroupRequired = ⌈perGroup⌉. RangeError if p1 = p2 or the power does not exceed what the test
 * has at n → 0 (power ≤ α/sides).
 */
export function twoProportionSampleSize(o: {
  p1: number;
  p2: number;
  alpha: number;
  power: number;
  alternative?: "two-sided" | "one-sided";
  method?: "pooled" | "cohen-h" | "continuity-corrected";
}): { perGroup: number; perGroupRequired: number } {
  assertOpenUnit(o.p1, "p1");
  assertOpenUnit(o.p2, "p2");
  assertOpenUnit(o.alpha, "alpha");
  assertOpenUnit(o.power, "power");
  const alternative = o.alternative ?? "two-sided";
  const method = o.method ?? "pooled";
  if (alternative !== "two-sided" && alternative !== "one-sided") {
    throw new RangeError(`alternative must be 'two-sided' or 'one-sided' (got ${String(alternative)})`);
  }
  if (method !== "pooled" && method !== "cohen-h" && method !== "continuity-corrected") {
    throw new RangeError(`method must be 'pooled', 'cohen-h' or 'continuity-corrected' (got ${String(method)})`);
  }
  if (o.p1 === o.p2) throw new RangeError("p1 and p2 must differ");
  const sides = alternative === "two-sided" ? 2 : 1;
  const zAlpha = -normalQuantile(o.alpha / sides);
  const zBeta = normalQuantile(o.power);

  let perGroup: number;
  if (method === "cohen-h") {
    const h = Math.abs(2 * Math.asin(Math.sqrt(o.p1)) - 2 * Math.asin(Math.sqrt(o.p2)));
    const t = sides === 1 ? oneSidedH(zAlpha, zBeta) : twoSidedH(zAlpha, zBeta, o.power);
    perGroup = (2 * t * t) / (h * h);
  } else {
    const d = Math.abs(o.p1 - o.p2);
    const pbar = (o.p1 + o.p2) / 2;
    const root = zAlpha * Math.sqrt(2 * pbar * (1 - pbar)) + zBeta * Math.sqrt(o.p1 * (1 - o.p1) + o.p2 * (1 - o.p2));
    if (!(root > 0)) throw new RangeError("power must exceed the power of the test at n → 0 (increase power or alpha)");
    perGroup = (root * root) / (d * d);
    if (method === "continuity-corrected") {
      const s = 1 + Math.sqrt(1 + 4 / (perGroup * d));
      perGroup = (perGroup / 4) * s * s;
    }
  }
  return { perGroup, perGroupRequired: Math.ceil(perGroup) };
}

function oneSidedH(zAlpha: number, zBeta: number): number {
  const t = zAlpha + zBeta;
  if (!(t > 0)) throw new RangeError("power must exceed alpha");
  return t;
}

/** Solves Φ(t − z) + Φ(−t − z) = power for t = |h|√(n/2) ≥ 0 (z = z_{α/2}). */
function twoSidedH(z: number, zBeta: number, power: number): number {
  const alpha2 = 2 * normalCdf(-z);
  if (!(power > alpha2)) throw new RangeError("power must exceed alpha");
  // β(t) = Φ(z − t) − Φ(−z − t) is the type II error; it decreases in t. Solve β(t) = 1 − power.
  const beta = 1 - power;
  const f = (t: number) => normalCdf(z - t) - normalCdf(-z - t) - beta;
  const df = (t: number) => -(Math.exp(-0.5 * (z - t) ** 2) - Math.exp(-0.5 * (z + t) ** 2)) / Math.sqrt(2 * Math.PI);
  let lo = 0; // f(lo) > 0
  let hi = Math.max(z + zBeta, 1e-8); // one tail alone already reaches the power: f(hi) ≤ 0
  while (f(hi) > 0) hi *= 2;
  let t = hi;
  for (let i = 0; i < 200; i++) {
    const ft = f(t);
    if (ft > 0) lo = t;
    else hi = t;
    let next = t - ft / df(t);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 2 * Number.EPSILON * t || hi - lo <= 2 * Number.EPSILON * hi) {
      t = next;
      break;
    }
    t = next;
  }
  return t;
}
