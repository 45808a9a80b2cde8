// Judge-assisted estimates (model-assisted survey estimation / prediction-powered inference),
// anytime-valid confidence sequences for a running rate, and a stratified comparison of two cohorts.
// Fractions 0..1 throughout; every impossible input is a RangeError naming the field.
import { assertInteger, normalCdf, twoSidedZ } from "./distributions";
import { stratifiedEstimate } from "./stratified";

export type AssistedStratum = {
  /** N_h: outputs in the stratum (the judge scored all of them). */
  size: number;
  /** P̄_h: the judge's mean score over all N_h outputs of the stratum. */
  predictionMean: number;
  /** The human-labelled sample: outcome y and the judge's score p of the same outputs. */
  labeled: { y: number[]; prediction: number[] };
};

export type AssistedEstimate = {
  rate: number;
  standardError: number;
  lower: number;
  upper: number;
  /** b_h per stratum (1 for the difference estimator, 0 where the regression estimator fell back). */
  slopes: number[];
  /** The plain stratified estimate of the same human sample, for comparison. */
  classical: { rate: number; standardError: number };
};

function confidenceZ(confidence: number | undefined): number {
  return twoSidedZ(confidence ?? 0.95);
}

function assertFractions(values: unknown, name: string, minLength: number): asserts values is number[] {
  if (!Array.isArray(values)) throw new RangeError(`${name} must be an array of fractions`);
  if (values.length < minLength) throw new RangeError(`${name} needs at least ${minLength} values (got ${values.length})`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new RangeError(`${name}[${i}] must be a fraction in [0, 1] (got ${String(v)})`);
  }
}

function assertFraction(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) throw new RangeError(`${name} must be a fraction in [0, 1] (got ${String(value)})`);
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** Σ (x − x̄)(y − ȳ), two-pass. */
function crossDeviations(x: ArrayLike<number>, xMean: number, y: ArrayLike<number>, yMean: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - xMean) * (y[i] - yMean);
  return s;
}

function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** Sample variance with divisor (count − 1). */
function sampleVariance(values: ArrayLike<number>): number {
  const m = mean(values);
  return crossDeviations(values, m, values, m) / (values.length - 1);
}

/**
 * Judge-assisted stratified estimate of a rate: human labels y on a sample, the judge's score p on
 * the same sample and its mean P̄_h over the whole stratum (Cochran 1977, Sampling Techniques,
 * ch. 7, the difference and regression estimators, §7.3; Särndal, Swensson & Wretman 1992, ch. 6; the same estimator as
 * prediction-powered inference, Angelopoulos et al. 2023, Science 382:669). Per stratum h, with
 * f_h = n_h/N_h:
 *
 *   difference   ŷ_h = P̄_h + mean(y − p),        v_h = (1 − f_h) s²(y − p)/n_h,       b_h = 1
 *   regression   b_h = Σ(y − ȳ)(p − p̄)/Σ(p − p̄)², ŷ_h = ȳ_h + b_h(P̄_h − p̄_h),
 *                v_h = (1 − f_h)/(n_h(n_h − 2)) · Σ[(y − ȳ) − b_h(p − p̄)]²
 *                (n_h < 3 or Σ(p − p̄)² = 0: b_h = 0, v_h = (1 − f_h) s²(y)/n_h)
 *   rate = Σ W_h ŷ_h, W_h = N_h/ΣN;  standardError = √(Σ W_h² v_h);  rate ∓ z·standardError
 *
 * The bounds are not clipped to [0, 1] (the caller clips and says so). The human sample corrects the
 * judge's bias, so the interval is valid whatever the judge; it is narrower only when the judge
 * tracks the humans (by about √(1 − ρ²) for the regression estimator).
 */
export function assistedStratifiedEstimate(
  strata: AssistedStratum[],
  options: { method?: "difference" | "regression"; confidence?: number } = {},
): AssistedEstimate {
  const method = options.method ?? "regression";
  if (method !== "difference" && method !== "regression") throw new RangeError(`method must be 'difference' or 'regression' (got ${String(method)})`);
  const z = confidenceZ(options.confidence);
  if (!Array.isArray(strata) || strata.length === 0) throw new RangeError("at least one stratum is needed");
  let totalSize = 0;
  strata.forEach((s, h) => {
    assertInteger(s?.size, `strata[${h}].size`, 1);
    assertFraction(s.predictionMean, `strata[${h}].predictionMean`);
    if (!s.labeled) throw new RangeError(`strata[${h}].labeled is required`);
    assertFractions(s.labeled.y, `strata[${h}].labeled.y`, 0);
    assertFractions(s.labeled.prediction, `strata[${h}].labeled.prediction`, 0);
    const n = s.labeled.y.length;
    if (s.labeled.prediction.length !== n) {
      throw new RangeError(`strata[${h}].labeled.y and .prediction must have the same length (got ${n} and ${s.labeled.prediction.length})`);
    }
    if (n < 2) throw new RangeError(`strata[${h}] needs at least 2 labelled items for a variance (got ${n})`);
    if (n > s.size) throw new RangeError(`strata[${h}] has more labelled items (${n}) than its size (${s.size})`);
    totalSize += s.size;
  });

  let rate = 0;
  let variance = 0;
  let classicalRate = 0;
  let classicalVariance = 0;
  const slopes: number[] = [];
  for (const s of strata) {
    const { y, prediction: p } = s.labeled;
    const n = y.length;
    const W = s.size / totalSize;
    const fpc = 1 - n / s.size;
    const yMean = mean(y);
    const pMean = mean(p);
    const syy = crossDeviations(y, yMean, y, yMean);
    classicalRate += W * yMean;
    classicalVariance += (W * W * fpc * syy) / (n - 1) / n;

    let estimate: number;
    let v: number;
    let slope: number;
    if (method === "difference") {
      const d = y.map((yi, i) => yi - p[i]);
      estimate = s.predictionMean + mean(d);
      v = (fpc * sampleVariance(d)) / n;
      slope = 1;
    } else {
      const spp = crossDeviations(p, pMean, p, pMean);
      // Σ(p − p̄)² is 0 exactly when the judge gave one score to all; test that, not the rounded
      // sum (three scores of 0.4 have p̄ = 0.4000000000000001 and a spurious Σ ≈ 1e−32).
      if (n < 3 || isConstant(p)) {
        slope = 0;
        estimate = yMean;
        v = (fpc * syy) / (n - 1) / n;
      } else {
        slope = crossDeviations(y, yMean, p, pMean) / spp;
        estimate = yMean + slope * (s.predictionMean - pMean);
        let residuals = 0;
        for (let i = 0; i < n; i++) {
          const e = y[i] - yMean - slope * (p[i] - pMean);
          residuals += e * e;
        }
        v = (fpc * residuals) / (n * (n - 2));
      }
    }
    slopes.push(slope);
    rate += W * estimate;
    variance += W * W * v;
  }
  const standardError = Math.sqrt(variance);
  return {
    rate,
    standardError,
    lower: rate - z * standardError,
    upper: rate + z * standardError,
    slopes,
    classical: { rate: classicalRate, standardError: Math.sqrt(classicalVariance) },
  };
}

/**
 * Prediction-powered mean when the judge ran on a random subset only (Angelopoulos, Bates, Fannjiang,
 * Jordan & Zrnic 2023, Science 382:669; PPI++: Angelopoulos, Duchi & Zrnic 2023, arXiv:2311.01453,
 * its power-tuned λ for the mean). n labelled items (y, p), N unlabelled
 * scores p̃ (a sample, not the population):
 *
 *   λ = 1 (classic PPI), a given number, or 'tuned' (default):
 *       λ = clip(s(y, p_lab) / ((1 + n/N)·s²(p over labelled ∪ unlabelled)), 0, 1)
 *       with covariance divisor n − 1 and the pooled variance's divisor n + N − 1
 *       (λ = 0 when every score is the same: the judge carries no information)
 *   estimate = mean(y) + λ(mean(p̃) − mean(p_lab))
 *   standardError = √(λ² s²(p̃)/N + s²(y − λ p_lab)/n),  estimate ∓ z·standardError
 */
export function ppiMeanEstimate(o: {
  labeledY: number[];
  labeledPrediction: number[];
  unlabeledPrediction: number[];
  confidence?: number;
  lambda?: number | "tuned";
}): { estimate: number; standardError: number; lower: number; upper: number; lambda: number } {
  const z = confidenceZ(o.confidence);
  assertFractions(o.labeledY, "labeledY", 2);
  assertFractions(o.labeledPrediction, "labeledPrediction", 2);
  assertFractions(o.unlabeledPrediction, "unlabeledPrediction", 2);
  const n = o.labeledY.length;
  const N = o.unlabeledPrediction.length;
  if (o.labeledPrediction.length !== n) {
    throw new RangeError(`labeledY and labeledPrediction must have the same length (got ${n} and ${o.labeledPrediction.length})`);
  }
  const y = o.labeledY;
  const p = o.labeledPrediction;
  const q = o.unlabeledPrediction;
  const yMean = mean(y);
  const pMean = mean(p);
  const qMean = mean(q);

  let lambda: number;
  const requested = o.lambda ?? "tuned";
  if (requested === "tuned") {
    const covariance = crossDeviations(y, yMean, p, pMean) / (n - 1);
    const pooledMean = (pMean * n + qMean * N) / (n + N);
    const pooledVariance = (crossDeviations(p, pooledMean, p, pooledMean) + crossDeviations(q, pooledMean, q, pooledMean)) / (n + N - 1);
    const constant = isConstant(p) && isConstant(q) && p[0] === q[0];
    lambda = constant || pooledVariance === 0 ? 0 : Math.min(1, Math.max(0, covariance / ((1 + n / N) * pooledVariance)));
  } else if (typeof requested === "number" && Number.isFinite(requested)) {
    lambda = requested;
  } else {
    throw new RangeError(`lambda must be a finite number or 'tuned' (got ${String(requested)})`);
  }

  const estimate = yMean + lambda * (qMean - pMean);
  const residual = y.map((yi, i) => yi - lambda * p[i]);
  const standardError = Math.sqrt((lambda * lambda * sampleVariance(q)) / N + sampleVariance(residual) / n);
  return { estimate, standardError, lower: estimate - z * standardError, upper: estimate + z * standardError, lambda };
}

/** Candidate means of the confidence sequence: m_j = sin²(πj/(2G)), j = 0..G. */
export const CONFIDENCE_SEQUENCE_GRID_STEPS = 1000;

/**
 * The arcsine grid is dense where a proportion's standard error √(m(1 − m)/n) is small (spacing
 * π√(m(1 − m))/G, i.e. π√n/G ≈ 0.06 standard errors at n = 400), so a rare rate's bound is as sharp
 * as a common one's. It contains 0 and 1 exactly.
 */
const GRID: Float64Array = (() => {
  const g = new Float64Array(CONFIDENCE_SEQUENCE_GRID_STEPS + 1);
  for (let j = 0; j <= CONFIDENCE_SEQUENCE_GRID_STEPS; j++) g[j] = Math.sin((Math.PI * j) / (2 * CONFIDENCE_SEQUENCE_GRID_STEPS)) ** 2;
  g[CONFIDENCE_SEQUENCE_GRID_STEPS] = 1;
  return g;
})();

/** Bets are truncated at c/m and c/(1 − m) so that no factor drops below 1 − c (WSR 2023 use c = ½ or ¾). */
const BET_TRUNCATION = 0.5;

/**
 * Time-uniform confidence sequence for the mean of bounded observations: the hedged-capital betting
 * CS of Waudby-Smith & Ramdas (2023), "Estimating means of bounded random variables by betting",
 * JRSS-B 86(1):1–27: the hedged capital process with their predictable plug-in bets and c = ½; with
 * `populationSize` N, its sampling-without-replacement form (Waudby-Smith & Ramdas 2020,
 * "Confidence sequences for sampling without replacement", NeurIPS 33), where the bet at time t
 * is against the mean of the items not yet seen, m_t = (N·m − Σ_{i<t} X_i)/(N − t + 1).
 *
 * For each candidate mean m two nonnegative martingales (under m) are run:
 *   K⁺_t(m) = Π_{i≤t} (1 + λ⁺_i(m)(X_i − m_i)),  K⁻_t(m) = Π_{i≤t} (1 − λ⁻_i(m)(X_i − m_i)),
 *   λ̃_t = √(2 ln(2/α) / (σ̂²_{t−1} · t · ln(1 + t))),  λ⁺_t = min(λ̃_t, c/m_t),  λ⁻_t = min(λ̃_t, c/(1 − m_t)),
 *   μ̂_t = (½ + Σ_{i≤t} X_i)/(t + 1),  σ̂²_t = (¼ + Σ_{i≤t} (X_i − μ̂_i)²)/(t + 1),
 * and m is excluded once max(½K⁺, ½K⁻) ≥ 1/α (Ville's inequality makes that happen, at any time,
 * with probability ≤ α for the true mean). The sequence is the running intersection, which keeps
 * the guarantee. K⁺_t(m) falls and K⁻_t(m) rises with m (each factor is monotone in m, also through
 * m_t and the truncation), so the excluded set is [0, a) ∪ (b, 1]: evaluating m on a fixed grid and
 * reporting the largest grid point excluded by K⁺ as the lower bound (the smallest excluded by K⁻ as
 * the upper) is conservative, never anti-conservative. Without replacement, means that the sample
 * already rules out (Σ X_i/N below, (Σ X_i + N − t)/N above) are excluded too, so at t = N the bounds
 * meet at the population mean.
 *
 * `plannedSize` n (optional; e.g. the audit's planned sample size) replaces t·ln(1 + t) in λ̃_t by n,
 * the bets WSR 2023 suggest for a tight interval at one chosen time n: the sequence is
 * still valid at every time (any predictable bet is), but narrower near n and wider early on (in the
 * simulation the final width at n = 400 drops from 1.5× to about 1.2× the fixed-n Wilson width).
 *
 * Element t of lower/upper is the interval after t + 1 observations, valid simultaneously for all t
 * at the given confidence (default 0.95), provided the observations arrive in random order (a
 * random sample, revealed in random order). Cost O(t · G) with G = 1000 grid steps, and only the
 * candidates still inside the band are updated, so it is usually much less.
 */
export function confidenceSequence(
  observations: number[],
  options: { confidence?: number; populationSize?: number; plannedSize?: number } = {},
): { lower: number[]; upper: number[] } {
  const confidence = options.confidence ?? 0.95;
  twoSidedZ(confidence); // validates confidence ∈ (0, 1)
  assertFractions(observations, "observations", 1);
  const T = observations.length;
  const N = options.populationSize;
  if (N !== undefined) {
    assertInteger(N, "populationSize", 1);
    if (N < T) throw new RangeError(`populationSize (${N}) is smaller than the number of observations (${T})`);
  }
  const plannedSize = options.plannedSize;
  if (plannedSize !== undefined) assertInteger(plannedSize, "plannedSize", 1);
  const alpha = 1 - confidence;
  const threshold = 2 / alpha;
  const logTerm = 2 * Math.log(2 / alpha);
  const G = CONFIDENCE_SEQUENCE_GRID_STEPS;
  const up = new Float64Array(G + 1).fill(1); // K⁺ per candidate
  const down = new Float64Array(G + 1).fill(1); // K⁻ per candidate
  // Candidates j ≤ lo are excluded from below, j ≥ hi from above; lo = −1 / hi = G + 1: none yet.
  let lo = -1;
  let hi = G + 1;
  const lower = new Array<number>(T);
  const upper = new Array<number>(T);
  let sum = 0; // Σ_{i<t} X_i
  let varianceSum = 0.25; // ¼ + Σ (X_i − μ̂_i)²
  for (let t = 1; t <= T; t++) {
    const x = observations[t - 1];
    const sigma2 = varianceSum / t; // σ̂²_{t−1}
    const bet = Math.sqrt(logTerm / (sigma2 * (plannedSize ?? t * Math.log(1 + t))));
    const remaining = N === undefined ? 0 : N - t + 1;
    for (let j = lo + 1; j < hi; j++) {
      const m = N === undefined ? GRID[j] : (N * GRID[j] - sum) / remaining;
      // A mean the sample itself rules out (the unseen items would have to average below 0 or above
      // 1) is excluded for good, on the side it lies, which keeps K⁺ falling and K⁻ rising in j.
      if (m < 0) {
        up[j] = Infinity;
        continue;
      }
      if (m > 1) {
        down[j] = Infinity;
        continue;
      }
      const centred = x - m;
      const betUp = m > 0 ? Math.min(bet, BET_TRUNCATION / m) : bet;
      const betDown = m < 1 ? Math.min(bet, BET_TRUNCATION / (1 - m)) : bet;
      up[j] *= 1 + betUp * centred;
      down[j] *= 1 - betDown * centred;
    }
    sum += x;
    varianceSum += (x - (0.5 + sum) / (t + 1)) ** 2;
    // Move the band's edges inward past every excluded candidate (monotone in m, see above).
    let newLo = lo;
    for (let j = hi - 1; j > lo; j--) {
      if (up[j] >= threshold) {
        newLo = j;
        break;
      }
    }
    lo = newLo;
    let newHi = hi;
    for (let j = lo + 1; j < hi; j++) {
      if (down[j] >= threshold) {
        newHi = j;
        break;
      }
    }
    hi = newHi;
    let l = lo >= 0 ? GRID[lo] : 0;
    let u = hi <= G ? GRID[hi] : 1;
    if (N !== undefined) {
      // Deterministic limits: the unseen N − t items are somewhere between 0 and 1.
      l = Math.max(l, sum / N);
      u = Math.min(u, (sum + (N - t)) / N);
      if (u < l) u = l; // only by rounding, when the sample is the whole population
    }
    // Running intersection (the grid edges only move inward; the deterministic ones too).
    if (t > 1) {
      l = Math.max(l, lower[t - 2]);
      u = Math.min(u, upper[t - 2]);
    }
    lower[t - 1] = l;
    upper[t - 1] = Math.max(l, u);
  }
  return { lower, upper };
}

/**
 * Confidence sequence for an audit's stratified rate Σ W_h μ_h (W_h = N_h/ΣN): each stratum runs its
 * own without-replacement sequence at confidence 1 − α/H over its own observations, and the rate's
 * bounds are Σ W_h·lower_h and Σ W_h·upper_h (a stratum not yet observed contributes [0, 1]).
 *
 * Valid: by the union bound, all H stratum sequences cover their means at every one of their own
 * times at once with probability ≥ 1 − α; on that event Σ W_h μ_h lies between the weighted bounds
 * at every moment, however the reviews of the strata interleave. Conservative: the union bound
 * ignores that the strata are independent (1 − (1 − α)^{1/H} would do), and the box Σ W_h·bound_h
 * assumes every stratum sits at its extreme at once, while the errors of independent strata partly
 * cancel. It is the price of a guarantee that holds at every peek.
 *
 * `observations` are in arrival order, each naming its stratum; element t of lower/upper is the
 * bound after t + 1 of them. `strata` gives each stratum's current bounds after all observations.
 * A stratum's optional `plannedSize` (its planned reviews) tunes its bets as in confidenceSequence.
 */
export function stratifiedConfidenceSequence(
  strata: { size: number; plannedSize?: number }[],
  observations: { stratum: number; value: number }[],
  options: { confidence?: number } = {},
): { lower: number[]; upper: number[]; strata: { lower: number; upper: number; observed: number }[] } {
  const confidence = options.confidence ?? 0.95;
  twoSidedZ(confidence);
  if (!Array.isArray(strata) || strata.length === 0) throw new RangeError("at least one stratum is needed");
  if (!Array.isArray(observations)) throw new RangeError("observations must be an array");
  const H = strata.length;
  let totalSize = 0;
  strata.forEach((s, h) => {
    assertInteger(s?.size, `strata[${h}].size`, 1);
    totalSize += s.size;
  });
  const perStratum: number[][] = strata.map(() => []);
  const position: number[] = new Array(observations.length);
  observations.forEach((o, i) => {
    if (!o || !Number.isInteger(o.stratum) || o.stratum < 0 || o.stratum >= H) {
      throw new RangeError(`observations[${i}].stratum must be an index from 0 to ${H - 1} (got ${String(o?.stratum)})`);
    }
    assertFraction(o.value, `observations[${i}].value`);
    position[i] = perStratum[o.stratum].length;
    perStratum[o.stratum].push(o.value);
  });
  perStratum.forEach((values, h) => {
    if (values.length > strata[h].size) throw new RangeError(`stratum ${h} has more observations (${values.length}) than its size (${strata[h].size})`);
  });
  const stratumConfidence = 1 - (1 - confidence) / H;
  const sequences = perStratum.map((values, h) =>
    values.length === 0
      ? { lower: [], upper: [] }
      : confidenceSequence(values, { confidence: stratumConfidence, populationSize: strata[h].size, plannedSize: strata[h].plannedSize }),
  );
  const weight = strata.map((s) => s.size / totalSize);
  const current = strata.map(() => ({ lower: 0, upper: 1 }));
  const lower: number[] = [];
  const upper: number[] = [];
  observations.forEach((o, i) => {
    const seq = sequences[o.stratum];
    current[o.stratum] = { lower: seq.lower[position[i]], upper: seq.upper[position[i]] };
    let l = 0;
    let u = 0;
    for (let h = 0; h < H; h++) {
      l += weight[h] * current[h].lower;
      u += weight[h] * current[h].upper;
    }
    lower.push(Math.max(0, l));
    upper.push(Math.min(1, u));
  });
  return {
    lower,
    upper,
    strata: current.map((c, h) => ({ ...c, observed: perStratum[h].length })),
  };
}

/**
 * Difference of two independent stratified estimates (cohort b minus cohort a, e.g. canary minus
 * stable), each from `stratifiedEstimate` (Cochran 1977, ch. 5, with the finite-population
 * correction): standardError = √(SE_a² + SE_b²), z = difference/standardError, two-sided normal
 * p = 2Φ(−|z|), bounds difference ∓ z_{1−α/2}·standardError. When both variances are 0 the
 * difference is either 0 (z = 0, p = 1) or certain (z = ±∞, p = 0).
 */
export function compareCohorts(
  a: { size: number; sampled: number; errors: number }[],
  b: { size: number; sampled: number; errors: number }[],
  options: { confidence?: number } = {},
): { difference: number; standardError: number; lower: number; upper: number; z: number; pValue: number } {
  const critical = confidenceZ(options.confidence);
  const estimateOf = (strata: { size: number; sampled: number; errors: number }[], name: string) => {
    try {
      return stratifiedEstimate(strata);
    } catch (error) {
      if (error instanceof RangeError) throw new RangeError(`cohort ${name}: ${error.message}`);
      throw error;
    }
  };
  const ea = estimateOf(a, "a");
  const eb = estimateOf(b, "b");
  const difference = eb.rate - ea.rate;
  const standardError = Math.sqrt(ea.standardError ** 2 + eb.standardError ** 2);
  let z: number;
  if (standardError > 0) z = difference / standardError;
  else z = difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
  const pValue = Number.isFinite(z) ? Math.min(1, 2 * normalCdf(-Math.abs(z))) : 0;
  return { difference, standardError, lower: difference - critical * standardError, upper: difference + critical * standardError, z, pValue };
}
