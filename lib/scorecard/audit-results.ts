// An audit's results from plain data (issue 15 §1): per failure-carrying dimension and for "any
// error" the stratified estimate of the week's population rate with its interval (decision 018), the
// count it extrapolates to, and per stratum the sample rate with a Wilson interval; task outcome
// split three ways; the mean of a scale dimension. Pure: the caller reads the frozen draw and the
// gold labels, and passes what "failure" means (the rubric's flags) as functions.
import { twoSidedZ } from "@/lib/stats/distributions";
import { wilsonInterval } from "@/lib/stats/intervals";
import { stratifiedWilsonInterval } from "@/lib/stats/stratified-interval";

/** A label's values by dimension key (as stored); the scorecard never interprets keys itself. */
export type ResultValues = Record<string, unknown>;

export type ResultStratum = {
  value: string;
  /** N_h: outputs of the stratum in the audited week (from the frozen draw). */
  population: number;
  /** n_h: items drawn from it. */
  sampled: number;
};

export type ResultItem = {
  stratum: string;
  /** The item's gold values; null while it has not been reviewed (it then counts for nothing). */
  values: ResultValues | null;
  /**
   * The item's own inclusion probability as stored at the draw. Needed when a stratum's items were
   * drawn at different rates (a partial draw topped up by the full-week draw, decision 021); absent,
   * every item of a stratum counts as drawn at n_h/N_h.
   */
  inclusionProbability?: number;
};

export type StratumRate = {
  value: string;
  population: number;
  sampled: number;
  /** Items of the stratum the rate rests on (reviewed, and answered where that matters). */
  reviewed: number;
  errors: number;
  /** errors/reviewed with a Wilson interval; null when nothing is reviewed yet. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
};

export type RateResult = {
  key: string;
  label: string;
  /** The stratified estimate of the covered population's rate; null when no stratum has 2 reviewed items. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
  standardError: number | null;
  effectiveSampleSize: number | null;
  designEffect: number | null;
  /** The count the rate extrapolates to in the covered population (rate·N), with its interval. */
  count: { estimate: number; lower: number; upper: number; population: number } | null;
  /** Items the estimate rests on, out of the items drawn. */
  reviewed: number;
  sampled: number;
  /** Reviews are still missing: the number will move. */
  provisional: boolean;
  /** Strata with outputs but fewer than 2 reviewed items, left out of the estimate and its population. */
  missingStrata: string[];
  strata: StratumRate[];
};

export type MeanResult = {
  key: string;
  label: string;
  mean: number | null;
  standardError: number | null;
  lower: number | null;
  upper: number | null;
  reviewed: number;
  sampled: number;
  provisional: boolean;
  missingStrata: string[];
  strata: { value: string; population: number; reviewed: number; mean: number | null }[];
};

export type OutcomeClass = "success" | "partial" | "failure";

export type AuditResults = {
  confidence: number;
  /** "Wilson on Kish's effective n" (decision 018), for the page's `?` popover. */
  intervalMethod: string;
  reviewed: number;
  sampled: number;
  provisional: boolean;
  anyError: RateResult;
  dimensions: RateResult[];
  outcome: { key: string; label: string; success: RateResult; partial: RateResult; failure: RateResult } | null;
  scales: MeanResult[];
};

export const INTERVAL_METHOD =
  "Wilson score interval on Kish's effective sample size n* = p(1 − p)/v (Korn & Graubard 1998; decision 018): it stays within 0–100 % and keeps its coverage for rare errors";

/** The formula, one line per step, for the page's `?` popover (decision 018). */
export const INTERVAL_FORMULA = [
  "p = Σ W_h p̂_h, with W_h = N_h / N (outputs of stratum h in the week) and p̂_h = errors_h / reviewed_h; a stratum topped up after a partial draw counts as one stratum per draw period, N = items drawn / their inclusion probability",
  "v = Σ W_h² (1 − n_h/N_h) p̂_h (1 − p̂_h) / (n_h − 1)",
  "n* = p(1 − p) / v (with no error seen: n* = N² / Σ N_h²/n_h, Kish's effective n)",
  "interval = (p + z²/2n* ± z √(p(1 − p)/n* + z²/4n*²)) / (1 + z²/n*), z = 1.96 at 95 %",
] as const;

/**
 * Computes the results of one audit.
 * - `failingDimensions(values)` returns the keys of the dimensions whose answer in `values` is a
 *   failure (the rubric's `failure` flags; h14's helper bound to the audit's rubric). "Any error" is
 *   an item with at least one.
 * - `failureDimensions` lists the dimensions that can carry a failure, in display order.
 * - `outcome.classify(value)` maps the task-outcome answer to success / partial / failure, or null
 *   when the item has no answer for it (such items are left out of the outcome split, not counted as
 *   successes).
 * - `scales` are numeric dimensions whose mean is reported (e.g. tone).
 *
 * Only reviewed items count: an unreviewed item is neither correct nor an error, so while reviews
 * are missing the estimate rests on the reviewed ones (a random subsample of the stratum's draw, as
 * the review order is the random sample-key order) and is marked provisional. A stratum with outputs
 * but fewer than 2 reviewed items cannot be estimated (no variance); it is listed in `missingStrata`
 * and both the estimate and its extrapolated count then cover only the other strata's population.
 */
export function computeAuditResults(o: {
  strata: ResultStratum[];
  items: ResultItem[];
  failureDimensions: { key: string; label: string }[];
  failingDimensions: (values: ResultValues) => string[];
  outcome?: { key: string; label: string; classify: (value: unknown) => OutcomeClass | null };
  scales?: { key: string; label: string }[];
  confidence?: number;
}): AuditResults {
  const confidence = o.confidence ?? 0.95;
  twoSidedZ(confidence); // validates confidence
  const strata = validateStrata(o.strata);
  const byStratum = new Map<string, ResultItem[]>(strata.map((s) => [s.value, []]));
  o.items.forEach((item, i) => {
    const list = byStratum.get(item.stratum);
    if (!list) throw new RangeError(`items[${i}].stratum "${item.stratum}" is not one of the audit's strata`);
    list.push(item);
  });
  strata.forEach((s) => {
    const drawn = byStratum.get(s.value)!.length;
    if (drawn > s.sampled) throw new RangeError(`stratum "${s.value}" has ${drawn} items but only ${s.sampled} were drawn`);
  });
  const sampled = strata.reduce((a, s) => a + s.sampled, 0);
  const reviewedItems = o.items.filter((i) => i.values !== null);
  const reviewed = reviewedItems.length;
  const failing = new Map<ResultItem, Set<string>>(reviewedItems.map((i) => [i, new Set(o.failingDimensions(i.values!))]));

  const cells = estimationCells(strata, byStratum);
  const rateOf = (key: string, label: string, judge: (item: ResultItem) => boolean | null): RateResult =>
    stratifiedRate({ key, label, strata, byStratum, cells, judge, confidence, sampled });

  const anyError = rateOf("any_error", "Any error", (item) => (item.values === null ? null : failing.get(item)!.size > 0));
  const dimensions = o.failureDimensions.map((d) => rateOf(d.key, d.label, (item) => (item.values === null ? null : failing.get(item)!.has(d.key))));

  let outcome: AuditResults["outcome"] = null;
  if (o.outcome) {
    const { key, label, classify } = o.outcome;
    const classOf = (item: ResultItem): OutcomeClass | null => (item.values === null ? null : classify(item.values[key]));
    const share = (c: OutcomeClass, name: string) =>
      rateOf(`${key}:${c}`, `${label}: ${name}`, (item) => {
        const k = classOf(item);
        return k === null ? null : k === c;
      });
    outcome = { key, label, success: share("success", "full success"), partial: share("partial", "partial success"), failure: share("failure", "failure") };
  }

  const scales = (o.scales ?? []).map((d) => stratifiedMeanResult({ key: d.key, label: d.label, strata, byStratum, cells, confidence, sampled }));
  return { confidence, intervalMethod: INTERVAL_METHOD, reviewed, sampled, provisional: reviewed < sampled, anyError, dimensions, outcome, scales };
}

function validateStrata(strata: ResultStratum[]): ResultStratum[] {
  if (!Array.isArray(strata) || strata.length === 0) throw new RangeError("an audit needs at least one stratum");
  const seen = new Set<string>();
  strata.forEach((s, h) => {
    if (seen.has(s.value)) throw new RangeError(`stratum "${s.value}" appears twice`);
    seen.add(s.value);
    if (!Number.isInteger(s.population) || s.population < 0) throw new RangeError(`strata[${h}].population must be a whole number ≥ 0 (got ${String(s.population)})`);
    if (!Number.isInteger(s.sampled) || s.sampled < 0) throw new RangeError(`strata[${h}].sampled must be a whole number ≥ 0 (got ${String(s.sampled)})`);
    if (s.sampled > s.population) throw new RangeError(`strata[${h}] ("${s.value}") drew ${s.sampled} items from only ${s.population} outputs`);
  });
  return strata;
}

/**
 * The cells the estimators stratify by: a stratum whose items were all drawn at one rate is one
 * cell (N_h, its items). A stratum whose items carry different inclusion probabilities (topped up,
 * decision 021: the early period at k/N_early, the rest of the week at m/N_rest) is stratified by
 * stratum × rate: each rate π is a cell of N = (items drawn at π)/π outputs, the Horvitz–Thompson
 * size of the period it was drawn from. Those sizes add up to N_h when every period was drawn
 * from; a period that gave no items (the early draw already met the week's allocation) has no cell,
 * and the other cells are scaled up to N_h (a ratio adjustment: the drawn periods stand for it).
 */
export type EstimationCell = { stratum: string; population: number; items: ResultItem[] };

export function estimationCells(strata: ResultStratum[], byStratum: Map<string, ResultItem[]>): EstimationCell[] {
  const cells: EstimationCell[] = [];
  for (const s of strata) {
    const items = byStratum.get(s.value) ?? [];
    const byRate = new Map<number, ResultItem[]>();
    for (const item of items) {
      const p = item.inclusionProbability;
      if (p === undefined || !(p > 0 && p <= 1)) {
        byRate.clear();
        break;
      }
      // Float noise of k/N stored twice is not a second rate.
      const key = Number(p.toPrecision(12));
      const list = byRate.get(key);
      if (list) list.push(item);
      else byRate.set(key, [item]);
    }
    if (byRate.size <= 1) {
      cells.push({ stratum: s.value, population: s.population, items });
      continue;
    }
    const raw = [...byRate].map(([p, list]) => ({ items: list, size: list.length / p }));
    const total = raw.reduce((a, c) => a + c.size, 0);
    // Whole outputs adding up to N_h (largest remainders), never fewer than the items drawn.
    const scaled = raw.map((c) => (c.size * s.population) / total);
    const sizes = scaled.map(Math.floor);
    let left = s.population - sizes.reduce((a, b) => a + b, 0);
    for (const i of scaled.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r).map((x) => x.i)) {
      if (left <= 0) break;
      sizes[i]++;
      left--;
    }
    raw.forEach((c, i) => cells.push({ stratum: s.value, population: Math.max(sizes[i], c.items.length), items: c.items }));
  }
  return cells;
}

function stratifiedRate(o: {
  key: string;
  label: string;
  strata: ResultStratum[];
  byStratum: Map<string, ResultItem[]>;
  cells: EstimationCell[];
  judge: (item: ResultItem) => boolean | null;
  confidence: number;
  sampled: number;
}): RateResult {
  const perStratum: StratumRate[] = [];
  let reviewed = 0;
  for (const s of o.strata) {
    let n = 0;
    let errors = 0;
    for (const item of o.byStratum.get(s.value)!) {
      const verdict = o.judge(item);
      if (verdict === null) continue;
      n++;
      if (verdict) errors++;
    }
    reviewed += n;
    const w = n > 0 ? wilsonInterval(errors, n, o.confidence) : null;
    perStratum.push({ value: s.value, population: s.population, sampled: s.sampled, reviewed: n, errors, rate: n > 0 ? errors / n : null, lower: w?.lower ?? null, upper: w?.upper ?? null });
  }
  // The estimate stratifies by cell (stratum, or stratum × draw rate when topped up).
  const usable: { size: number; sampled: number; errors: number }[] = [];
  const missing = new Set<string>();
  let coveredPopulation = 0;
  for (const cell of o.cells) {
    if (cell.population === 0) continue;
    let n = 0;
    let errors = 0;
    for (const item of cell.items) {
      const verdict = o.judge(item);
      if (verdict === null) continue;
      n++;
      if (verdict) errors++;
    }
    if (n < 2) {
      missing.add(cell.stratum);
      continue;
    }
    usable.push({ size: cell.population, sampled: n, errors });
    coveredPopulation += cell.population;
  }
  const missingStrata = o.strata.map((s) => s.value).filter((v) => missing.has(v));
  const base = { key: o.key, label: o.label, reviewed, sampled: o.sampled, provisional: reviewed < o.sampled || missingStrata.length > 0, missingStrata, strata: perStratum };
  if (usable.length === 0) {
    return { ...base, rate: null, lower: null, upper: null, standardError: null, effectiveSampleSize: null, designEffect: null, count: null };
  }
  const e = stratifiedWilsonInterval(usable, o.confidence);
  return {
    ...base,
    rate: e.rate,
    lower: e.lower,
    upper: e.upper,
    standardError: e.standardError,
    effectiveSampleSize: e.effectiveSampleSize,
    designEffect: e.designEffect,
    count: { estimate: e.rate * coveredPopulation, lower: e.lower * coveredPopulation, upper: e.upper * coveredPopulation, population: coveredPopulation },
  };
}

/**
 * Stratified mean of a numeric dimension (Cochran 1977, eqs. 5.1 and 5.13): ȳ_st = Σ W_h ȳ_h,
 * v = Σ W_h² (1 − n_h/N_h) s_h²/n_h, bounds ȳ_st ∓ z·√v (normal; a mean of a bounded scale over a
 * few hundred items is close to normal). Items without a numeric answer are left out.
 */
function stratifiedMeanResult(o: {
  key: string;
  label: string;
  strata: ResultStratum[];
  byStratum: Map<string, ResultItem[]>;
  cells: EstimationCell[];
  confidence: number;
  sampled: number;
}): MeanResult {
  const z = twoSidedZ(o.confidence);
  const numbers = (items: ResultItem[]) => {
    const xs: number[] = [];
    for (const item of items) {
      const v = item.values?.[o.key];
      if (typeof v === "number" && Number.isFinite(v)) xs.push(v);
    }
    return xs;
  };
  const perStratum: MeanResult["strata"] = [];
  let reviewed = 0;
  for (const s of o.strata) {
    const xs = numbers(o.byStratum.get(s.value)!);
    reviewed += xs.length;
    perStratum.push({ value: s.value, population: s.population, reviewed: xs.length, mean: xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null });
  }
  const missing = new Set<string>();
  let covered = 0;
  const parts: { population: number; n: number; mean: number; variance: number }[] = [];
  for (const cell of o.cells) {
    if (cell.population === 0) continue;
    const xs = numbers(cell.items);
    if (xs.length < 2) {
      missing.add(cell.stratum);
      continue;
    }
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
    parts.push({ population: cell.population, n: xs.length, mean, variance });
    covered += cell.population;
  }
  const missingStrata = o.strata.map((s) => s.value).filter((v) => missing.has(v));
  const base = { key: o.key, label: o.label, reviewed, sampled: o.sampled, provisional: reviewed < o.sampled || missingStrata.length > 0, missingStrata, strata: perStratum };
  if (parts.length === 0) return { ...base, mean: null, standardError: null, lower: null, upper: null };
  let mean = 0;
  let v = 0;
  for (const p of parts) {
    const W = p.population / covered;
    mean += W * p.mean;
    v += (W * W * (1 - p.n / p.population) * p.variance) / p.n;
  }
  const standardError = Math.sqrt(v);
  return { ...base, mean, standardError, lower: mean - z * standardError, upper: mean + z * standardError };
}

/** "≈ 30 of 10,027 outputs, 95 % CI 18–47" (rounded to whole outputs). */
export function describeCount(result: RateResult, confidence = 0.95): string | null {
  if (!result.count) return null;
  const int = (x: number) => Math.round(x).toLocaleString("en");
  return `≈ ${int(result.count.estimate)} of ${int(result.count.population)} outputs, ${+(confidence * 100).toFixed(1)} % CI ${int(result.count.lower)}–${int(result.count.upper)}`;
}
