// Seeded, deterministic nonparametric bootstrap for agreement statistics.
import binomial from "@stdlib/random-base-binomial";
import { assertInteger, assertOpenUnit } from "./distributions";

/**
 * mulberry32 (Tommy Ettinger, 2017): a 32-bit-state generator, fast and well distributed for
 * resampling; returns uniform doubles in [0, 1). Same seed, same sequence, on every platform.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows ↔ columns. Turns Krippendorff's coders × units layout into one entry per unit and back. */
export function transpose<T>(matrix: readonly (readonly T[])[]): T[][] {
  if (matrix.length === 0) return [];
  const cols = matrix[0].length;
  const out: T[][] = [];
  for (let j = 0; j < cols; j++) {
    const column = new Array<T>(matrix.length);
    for (let i = 0; i < matrix.length; i++) column[i] = matrix[i][j];
    out.push(column);
  }
  return out;
}

export interface BootstrapOptions {
  /** Number of resamples (default 2000). */
  replicates?: number;
  /** Two-sided confidence level (default 0.95). */
  confidence?: number;
  /** PRNG seed (default 1); the result is a pure function of the inputs and the seed. */
  seed?: number;
}

export interface BootstrapResult {
  /** The statistic on the original units. */
  estimate: number;
  lower: number;
  upper: number;
  /** Resamples that produced a finite statistic (a resample where the statistic is undefined, e.g. a
   * RangeError because no unit is pairable, is skipped). */
  replicates: number;
}

/**
 * Percentile bootstrap interval for any statistic of a set of units (Efron & Tibshirani 1993, An
 * Introduction to the Bootstrap, §13.3; resampling units as Hayes & Krippendorff 2007 do for α):
 * draw `units.length` units with replacement, recompute the statistic, repeat B times, and return the
 * (1 − c)/2 and (1 + c)/2 sample quantiles of the B values (type 7 interpolation, R's default).
 *
 * `units` is one entry per rated unit: for subjects × raters statistics pass the rows, e.g.
 *   bootstrapInterval(rows, (s) => fleissKappa(s).kappa)
 * and for Krippendorff's coders × units layout resample the transposed matrix:
 *   bootstrapInterval(transpose(data), (u) => krippendorffAlpha(transpose(u), "nominal"))
 * Deterministic for a given seed. RangeErrors thrown by the statistic on a resample are skipped and
 * counted out of `replicates`; any other error propagates. RangeError if no unit is given or no
 * resample yields a value.
 */
export function bootstrapInterval<U>(
  units: readonly U[],
  statistic: (sample: U[]) => number,
  options: BootstrapOptions = {},
): BootstrapResult {
  if (!Array.isArray(units) || units.length === 0) throw new RangeError("bootstrap needs at least one unit");
  const B = options.replicates ?? 2000;
  assertInteger(B, "replicates", 1);
  const confidence = options.confidence ?? 0.95;
  assertOpenUnit(confidence, "confidence");
  const random = mulberry32(options.seed ?? 1);
  const estimate = statistic(units.slice());
  const n = units.length;
  const values: number[] = [];
  const sample = new Array<U>(n);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) sample[i] = units[Math.floor(random() * n)];
    let value: number;
    try {
      value = statistic(sample.slice());
    } catch (error) {
      if (error instanceof RangeError) continue;
      throw error;
    }
    if (Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) throw new RangeError("the statistic was undefined on every bootstrap resample");
  values.sort((a, b) => a - b);
  return {
    estimate,
    lower: quantile7(values, (1 - confidence) / 2),
    upper: quantile7(values, (1 + confidence) / 2),
    replicates: values.length,
  };
}

/** Hyndman & Fan (1996) type 7 sample quantile of sorted values. */
function quantile7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  const frac = h - i;
  return i + 1 < sorted.length ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/**
 * The same percentile bootstrap for units that come in identical groups: `counts[j]` units share
 * pattern j, and `statistic(weights)` evaluates the statistic with pattern j counted `weights[j]`
 * times (the lib/stats agreement functions take such weights). Resampling n = Σ counts units with
 * replacement makes the numbers of draws per pattern multinomial(n, counts / n), drawn here as
 * conditional binomials (seeded @stdlib/random-base-binomial, decision 033), so a resample costs
 * the number of patterns, not of units: 100,000 items with 3 ratings on a 1–5 scale have at most
 * a few hundred patterns. The distribution of every resample is that of bootstrapInterval on the
 * expanded units; the random streams differ, so the two agree in distribution, not digit for digit.
 */
export function bootstrapWeighted(counts: readonly number[], statistic: (weights: number[]) => number, options: BootstrapOptions = {}): BootstrapResult {
  const [result] = bootstrapWeightedMany(counts, [statistic], options);
  if (result instanceof RangeError) throw result;
  return result;
}

/**
 * bootstrapWeighted for several statistics of the same units at once: every resample's weights are
 * drawn once and given to each statistic, so the draws cost once however many statistics there
 * are (each interval is still the percentile interval of its own statistic). A statistic that is
 * undefined on every resample gets a RangeError in its place rather than failing the others.
 */
export function bootstrapWeightedMany(counts: readonly number[], statistics: ((weights: number[]) => number)[], options: BootstrapOptions = {}): (BootstrapResult | RangeError)[] {
  if (!Array.isArray(counts) || counts.length === 0) throw new RangeError("bootstrap needs at least one unit");
  for (const c of counts) assertInteger(c, "counts", 0);
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) throw new RangeError("bootstrap needs at least one unit");
  const B = options.replicates ?? 2000;
  assertInteger(B, "replicates", 1);
  const confidence = options.confidence ?? 0.95;
  assertOpenUnit(confidence, "confidence");
  const draw = binomial.factory({ seed: (options.seed ?? 1) >>> 0 || 1 });
  const estimates = statistics.map((statistic) => {
    try {
      return statistic(counts.slice());
    } catch (error) {
      if (error instanceof RangeError) return error;
      throw error;
    }
  });
  const values: number[][] = statistics.map(() => []);
  const weights = new Array<number>(counts.length);
  for (let b = 0; b < B; b++) {
    let remaining = n;
    let restCount = n;
    for (let j = 0; j < counts.length; j++) {
      const c = counts[j];
      if (remaining === 0 || c === 0) weights[j] = 0;
      else if (c === restCount) weights[j] = remaining;
      else weights[j] = draw(remaining, c / restCount);
      remaining -= weights[j];
      restCount -= c;
    }
    statistics.forEach((statistic, k) => {
      if (estimates[k] instanceof RangeError) return;
      let value: number;
      try {
        value = statistic(weights.slice());
      } catch (error) {
        if (error instanceof RangeError) return;
        throw error;
      }
      if (Number.isFinite(value)) values[k].push(value);
    });
  }
  return statistics.map((_, k) => {
    const estimate = estimates[k];
    if (estimate instanceof RangeError) return estimate;
    if (values[k].length === 0) return new RangeError("the statistic was undefined on every bootstrap resample");
    const sorted = values[k].sort((a, b) => a - b);
    return { estimate, lower: quantile7(sorted, (1 - confidence) / 2), upper: quantile7(sorted, (1 + confidence) / 2), replicates: sorted.length };
  });
}
