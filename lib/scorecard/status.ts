// Scorecard status rules (issue 15 §2): per metric and week, within threshold / rising / critical,
// with the reason in words; week-over-week change with its p-value; a baseline pooled over weeks;
// guardrail pairs. Pure: metrics and their weekly values arrive as plain data.
import { binomialIncreaseTest, proportionChangeTest } from "@/lib/stats/proportion-change";

export type Direction = "lower_is_better" | "higher_is_better";

export type MetricSpec = {
  key: string;
  label: string;
  direction: Direction;
  /** "fraction" values are shown as percentages; any other unit is appended ("ms", "USD"). */
  unit: string;
  /** Guardrail threshold in the metric's own unit; null: none set (then never critical). */
  threshold: number | null;
  /** A fixed value, or the weeks from..to (ISO weeks, inclusive) pooled. */
  baseline: { kind: "fixed"; value: number } | { kind: "weeks"; from: string; to: string } | null;
  /** Weeks whose value rests on fewer reviewed items are marked and do not count toward a streak. */
  minimumReviews?: number;
};

export type MetricWeek = {
  /** ISO week, "2026-W48"; the array is in week order, one entry per consecutive week. */
  week: string;
  value: number | null;
  /** The interval of a sampled value (absent for a value computed over every output). */
  lower?: number | null;
  upper?: number | null;
  /** For a sampled rate: reviewed items and how many carried the event. Enables the tests. */
  counts?: { errors: number; n: number } | null;
};

export type MetricStatus = "within" | "rising" | "critical" | "no_data";

export type Baseline = { value: number; counts: { errors: number; n: number } | null; weeks: string[] };

export type WeekChange = { difference: number; pValue: number | null; method: "two-proportion z" | "Fisher exact" | null };

export type MetricEvaluation = {
  key: string;
  week: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  status: MetricStatus;
  /** Why, in words: "lower bound 1.4 % > threshold 1.0 %". */
  reason: string;
  baseline: Baseline | null;
  /** One-sided test of "worse than the baseline" (null when there is nothing to test). */
  baselineTest: { pValue: number; method: string } | null;
  change: WeekChange | null;
  tooFewReviews: boolean;
};

/** One-sided significance level of the "rising" test. */
export const RISING_ALPHA = 0.05;
/** Consecutive weeks, each strictly worse than the one before, that make a metric "rising". */
export const WORSE_WEEKS_IN_A_ROW = 3;
const DEFAULT_MINIMUM_REVIEWS = 30;

/** A value in the metric's unit, as the reason strings print it. */
export function formatMetricValue(value: number, unit: string): string {
  if (unit === "fraction") {
    const pct = value * 100;
    return `${pct.toFixed(Math.abs(pct) < 1 && pct !== 0 ? 2 : 1)} %`;
  }
  const rounded = Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2).replace(/\.?0+$/, "") : String(+value.toPrecision(3));
  return unit ? `${rounded} ${unit}` : rounded;
}

const isWorse = (direction: Direction, a: number, b: number) => (direction === "lower_is_better" ? a > b : a < b);

/** Counts oriented so that "errors" are the bad events (for higher-is-better the complement). */
function badCounts(direction: Direction, counts: { errors: number; n: number }): { errors: number; n: number } {
  return direction === "lower_is_better" ? counts : { errors: counts.n - counts.errors, n: counts.n };
}

function validCounts(c: MetricWeek["counts"]): c is { errors: number; n: number } {
  return !!c && Number.isInteger(c.n) && c.n >= 1 && Number.isInteger(c.errors) && c.errors >= 0 && c.errors <= c.n;
}

/**
 * The baseline: a fixed value, or the weeks from..to pooled. Pooling adds the counts (Σ errors/Σ n)
 * when every week in the range has them, the fair pooled rate of a sampled metric; otherwise it is
 * the mean of the weekly values. Weeks without a value are skipped; null when none is left.
 */
export function pooledBaseline(spec: Pick<MetricSpec, "baseline">, weeks: MetricWeek[]): Baseline | null {
  const b = spec.baseline;
  if (!b) return null;
  if (b.kind === "fixed") {
    if (typeof b.value !== "number" || !Number.isFinite(b.value)) throw new RangeError(`the baseline value must be a number (got ${String(b.value)})`);
    return { value: b.value, counts: null, weeks: [] };
  }
  if (b.from > b.to) throw new RangeError(`the baseline weeks run backwards (${b.from} to ${b.to})`);
  const inRange = weeks.filter((w) => w.week >= b.from && w.week <= b.to && w.value !== null);
  if (inRange.length === 0) return null;
  if (inRange.every((w) => validCounts(w.counts))) {
    const errors = inRange.reduce((a, w) => a + w.counts!.errors, 0);
    const n = inRange.reduce((a, w) => a + w.counts!.n, 0);
    return { value: errors / n, counts: { errors, n }, weeks: inRange.map((w) => w.week) };
  }
  return { value: inRange.reduce((a, w) => a + (w.value as number), 0) / inRange.length, counts: null, weeks: inRange.map((w) => w.week) };
}

/**
 * Change from the previous week: the difference of the values and, for sampled rates, the
 * two-sided p-value of the two-proportion z-test, or Fisher's exact test when an expected cell is
 * below 5. Null when either week has no value.
 */
export function weekOverWeekChange(previous: MetricWeek | undefined, current: MetricWeek): WeekChange | null {
  if (!previous || previous.value === null || current.value === null) return null;
  const difference = current.value - previous.value;
  if (validCounts(previous.counts) && validCounts(current.counts)) {
    const t = proportionChangeTest({ baseline: previous.counts, current: current.counts });
    return { difference, pValue: t.pValue, method: t.method };
  }
  return { difference, pValue: null, method: null };
}

/**
 * The status of the metric in weeks[index] (default: the last week), from that week and the ones
 * before it only (the baseline from the weeks before it), checked in this order:
 *
 * - critical: the interval's lower bound is above the threshold (higher is worse), or its upper
 *   bound below it (higher is better); a value without an interval is its own bound. Strictly
 *   beyond: a bound equal to the threshold is within.
 * - rising: a one-sided significant worsening over the baseline at α = 0.05 (pooled baseline: the
 *   z-test or Fisher's exact test by expected counts; fixed baseline: the exact binomial test of the
 *   week's counts against it), or three weeks in a row each strictly worse than the week before,
 *   where a week equal to the one before neither starts, extends nor ends the run (no flapping on
 *   equal values). A week with too few reviews breaks a run.
 *   Without counts (a metric over every output) only the streak applies.
 * - within: neither; no_data: the week has no value.
 */
export function evaluateMetric(spec: MetricSpec, weeks: MetricWeek[], index = weeks.length - 1): MetricEvaluation {
  validateSpec(spec);
  if (!Array.isArray(weeks) || index < 0 || index >= weeks.length) throw new RangeError(`week index ${index} is outside the ${weeks?.length ?? 0} weeks given`);
  for (let i = 1; i < weeks.length; i++) if (!(weeks[i - 1].week < weeks[i].week)) throw new RangeError(`weeks must be in order (${weeks[i - 1].week} before ${weeks[i].week})`);
  const history = weeks.slice(0, index + 1);
  const current = history[index];
  const minimum = spec.minimumReviews ?? DEFAULT_MINIMUM_REVIEWS;
  const tooFew = (w: MetricWeek) => validCounts(w.counts) && w.counts.n < minimum;
  const show = (x: number) => formatMetricValue(x, spec.unit);
  // The baseline comes from the weeks before this one: a week is never tested against itself.
  const baseline = pooledBaseline(spec, history.slice(0, index));
  const base = {
    key: spec.key,
    week: current.week,
    value: current.value,
    lower: current.value === null ? null : (current.lower ?? null),
    upper: current.value === null ? null : (current.upper ?? null),
    baseline,
    change: weekOverWeekChange(history[index - 1], current),
    tooFewReviews: tooFew(current),
  };
  if (current.value === null) return { ...base, status: "no_data", reason: "no value this week", baselineTest: null };

  // The one-sided test against the baseline, computed whatever the status, for display.
  let baselineTest: MetricEvaluation["baselineTest"] = null;
  if (baseline && validCounts(current.counts)) {
    const bad = badCounts(spec.direction, current.counts);
    if (baseline.counts) {
      const t = proportionChangeTest({ baseline: badCounts(spec.direction, baseline.counts), current: bad, alternative: "increase" });
      baselineTest = { pValue: t.pValue, method: `one-sided ${t.method}` };
    } else if (spec.unit === "fraction" && baseline.value >= 0 && baseline.value <= 1) {
      const p0 = spec.direction === "lower_is_better" ? baseline.value : 1 - baseline.value;
      baselineTest = { pValue: binomialIncreaseTest(bad.errors, bad.n, p0).pValue, method: "one-sided exact binomial" };
    }
  }

  if (spec.threshold !== null) {
    const higherIsWorse = spec.direction === "lower_is_better";
    const bound = higherIsWorse ? (current.lower ?? current.value) : (current.upper ?? current.value);
    const hasInterval = higherIsWorse ? current.lower != null : current.upper != null;
    const boundName = hasInterval ? (higherIsWorse ? "lower bound" : "upper bound") : "value";
    if (higherIsWorse ? bound > spec.threshold : bound < spec.threshold) {
      return { ...base, baselineTest, status: "critical", reason: `${boundName} ${show(bound)} ${higherIsWorse ? ">" : "<"} threshold ${show(spec.threshold)}` };
    }
  }

  if (baselineTest && baseline && baselineTest.pValue < RISING_ALPHA) {
    return {
      ...base,
      baselineTest,
      status: "rising",
      reason: `${show(current.value)} is significantly ${spec.direction === "lower_is_better" ? "above" : "below"} the baseline ${show(baseline.value)} (one-sided p ${formatP(baselineTest.pValue)}, ${baselineTest.method.replace("one-sided ", "")})`,
    };
  }

  const streak = worseningRun(history, spec.direction, tooFew);
  if (streak) {
    const run = streak.map((w) => show(w.value as number));
    const held = streak[streak.length - 1] !== current ? ", unchanged since" : "";
    return { ...base, baselineTest, status: "rising", reason: `${WORSE_WEEKS_IN_A_ROW} weeks worse in a row (${run.join(" → ")}${held})` };
  }

  const parts: string[] = [];
  parts.push(spec.threshold === null ? "no threshold set" : `within threshold ${show(spec.threshold)}`);
  if (baseline) parts.push(`baseline ${show(baseline.value)}`);
  return { ...base, baselineTest, status: "within", reason: parts.join("; ") };
}

/**
 * The weeks of a worsening run ending at the last week, or null: going back from the last week,
 * equal consecutive values are one step (a flat week neither breaks nor extends the run, so a metric
 * does not flap back to "within" just because it stopped getting worse), and the run needs
 * WORSE_WEEKS_IN_A_ROW strict worsenings. A week without a value or with too few reviews ends it.
 */
function worseningRun(history: MetricWeek[], direction: Direction, tooFew: (w: MetricWeek) => boolean): MetricWeek[] | null {
  const steps: MetricWeek[] = []; // distinct values, newest first
  for (let i = history.length - 1; i >= 0; i--) {
    const w = history[i];
    if (w.value === null || tooFew(w)) return null;
    const newer = steps[steps.length - 1];
    if (newer && newer.value === w.value) {
      steps[steps.length - 1] = w; // the run reached this value in the earliest week of the plateau
      continue;
    }
    if (newer && !isWorse(direction, newer.value as number, w.value)) return null;
    steps.push(w);
    if (steps.length === WORSE_WEEKS_IN_A_ROW + 1) return steps.reverse();
  }
  return null;
}

/** The status of every week, each from its own history (for trend charts). */
export function metricStatusSeries(spec: MetricSpec, weeks: MetricWeek[]): MetricEvaluation[] {
  return weeks.map((_, i) => evaluateMetric(spec, weeks, i));
}

/**
 * The weeks where the status changed into rising or critical, for alerts: one per transition (a
 * metric that stays critical for five weeks gives one alert, not five). Weeks with no data neither
 * end nor start a state.
 */
export function statusTransitions(series: MetricEvaluation[]): { week: string; from: MetricStatus; to: "rising" | "critical"; reason: string }[] {
  const out: { week: string; from: MetricStatus; to: "rising" | "critical"; reason: string }[] = [];
  let previous: MetricStatus = "within";
  for (const e of series) {
    if (e.status === "no_data") continue;
    if ((e.status === "rising" || e.status === "critical") && e.status !== previous) out.push({ week: e.week, from: previous, to: e.status, reason: e.reason });
    previous = e.status;
  }
  return out;
}

export type GuardrailPairStatus = "met" | "not_improved" | "guardrail_rising" | "guardrail_breached" | "no_data";

/**
 * A metric paired with a guardrail ("deflection up while the error rate stays ≤ 1.2 %"): breached
 * when the guardrail is critical, at risk when it is rising, otherwise met when the primary metric is
 * strictly better than its baseline, not improved when it is not (or has no baseline).
 */
export function guardrailPairStatus(
  primary: { spec: MetricSpec; evaluation: MetricEvaluation },
  guardrail: { spec: MetricSpec; evaluation: MetricEvaluation },
): { status: GuardrailPairStatus; reason: string } {
  const p = primary.evaluation;
  const g = guardrail.evaluation;
  const showP = (x: number) => formatMetricValue(x, primary.spec.unit);
  if (p.value === null || g.status === "no_data") return { status: "no_data", reason: `${p.value === null ? primary.spec.label : guardrail.spec.label} has no value this week` };
  if (g.status === "critical") return { status: "guardrail_breached", reason: `${guardrail.spec.label}: ${g.reason}` };
  if (g.status === "rising") return { status: "guardrail_rising", reason: `${guardrail.spec.label}: ${g.reason}` };
  const held = `${guardrail.spec.label} ${guardrail.spec.threshold === null ? "holds" : `stays within ${formatMetricValue(guardrail.spec.threshold, guardrail.spec.unit)}`}`;
  if (!p.baseline) return { status: "not_improved", reason: `${primary.spec.label} has no baseline to improve on; ${held}` };
  if (isWorse(primary.spec.direction, p.baseline.value, p.value)) {
    return { status: "met", reason: `${primary.spec.label} ${showP(p.value)} is better than its baseline ${showP(p.baseline.value)} while ${held}` };
  }
  return { status: "not_improved", reason: `${primary.spec.label} ${showP(p.value)} is not better than its baseline ${showP(p.baseline.value)}; ${held}` };
}

function formatP(p: number): string {
  return p < 0.001 ? "< 0.001" : `= ${p.toFixed(3)}`;
}

function validateSpec(spec: MetricSpec): void {
  if (spec.direction !== "lower_is_better" && spec.direction !== "higher_is_better") {
    throw new RangeError(`${spec.key}: direction must be 'lower_is_better' or 'higher_is_better' (got ${String(spec.direction)})`);
  }
  if (spec.threshold !== null && (typeof spec.threshold !== "number" || !Number.isFinite(spec.threshold))) {
    throw new RangeError(`${spec.key}: the threshold must be a number or null (got ${String(spec.threshold)})`);
  }
  if (spec.minimumReviews !== undefined && (!Number.isInteger(spec.minimumReviews) || spec.minimumReviews < 0)) {
    throw new RangeError(`${spec.key}: minimumReviews must be a whole number ≥ 0 (got ${String(spec.minimumReviews)})`);
  }
}
