import { describe, expect, it } from "vitest";
import { fisherExactTest, twoProportionZTest } from "@/lib/stats/hypothesis-tests";
import { evaluateMetric, formatMetricValue, guardrailPairStatus, metricStatusSeries, pooledBaseline, statusTransitions, weekOverWeekChange, type MetricSpec, type MetricWeek } from "./status";

const policy: MetricSpec = {
  key: "policy",
  label: "Policy violations",
  direction: "lower_is_better",
  unit: "fraction",
  threshold: 0.01,
  baseline: { kind: "weeks", from: "2026-W01", to: "2026-W04" },
};
const week = (n: number, value: number | null, extra: Partial<MetricWeek> = {}): MetricWeek => ({ week: `2026-W${String(n).padStart(2, "0")}`, value, ...extra });
const rate = (n: number, errors: number, reviewed: number, lower?: number, upper?: number): MetricWeek =>
  week(n, errors / reviewed, { counts: { errors, n: reviewed }, lower: lower ?? null, upper: upper ?? null });
// Four baseline weeks at 0.5 % (2 of 400 each, pooled 8 of 1,600).
const baselineWeeks = [1, 2, 3, 4].map((n) => rate(n, 2, 400, 0.001, 0.018));

describe("critical", () => {
  it("when the interval's lower bound is above the threshold (higher is worse), saying why", () => {
    const e = evaluateMetric(policy, [...baselineWeeks, rate(5, 12, 400, 0.014, 0.05)]);
    expect(e.status).toBe("critical");
    expect(e.reason).toBe("lower bound 1.4 % > threshold 1.0 %");
  });

  it("mirrored for higher-is-better: the upper bound below the threshold", () => {
    const success: MetricSpec = { ...policy, key: "success", label: "Full success", direction: "higher_is_better", threshold: 0.9, baseline: null };
    const e = evaluateMetric(success, [week(1, 0.85, { lower: 0.8, upper: 0.89 })]);
    expect(e).toMatchObject({ status: "critical", reason: "upper bound 89.0 % < threshold 90.0 %" });
    expect(evaluateMetric(success, [week(1, 0.85, { lower: 0.8, upper: 0.91 })]).status).toBe("within");
  });

  it("a bound exactly at the threshold is within (strictly beyond only)", () => {
    expect(evaluateMetric({ ...policy, baseline: null }, [week(1, 0.02, { lower: 0.01, upper: 0.03 })]).status).toBe("within");
  });

  it("a metric over every output has no interval: its value is the bound", () => {
    const latency: MetricSpec = { key: "p95", label: "p95 latency", direction: "lower_is_better", unit: "ms", threshold: 300, baseline: null };
    expect(evaluateMetric(latency, [week(1, 320)])).toMatchObject({ status: "critical", reason: "value 320 ms > threshold 300 ms" });
  });
});

describe("rising", () => {
  it("on a one-sided significant increase over the pooled baseline (two-proportion z-test)", () => {
    // 2.5 % pooled baseline (40/1,600) against 22/400 = 5.5 %, below the 6 % threshold's reach
    const weeks = [1, 2, 3, 4].map((n) => rate(n, 10, 400));
    const spec = { ...policy, threshold: 0.06 };
    const e = evaluateMetric(spec, [...weeks, rate(5, 22, 400, 0.036, 0.082)]);
    const p = twoProportionZTest({ baseline: { errors: 40, n: 1600 }, current: { errors: 22, n: 400 }, alternative: "increase" }).pValue;
    expect(e.baseline).toEqual({ value: 0.025, counts: { errors: 40, n: 1600 }, weeks: ["2026-W01", "2026-W02", "2026-W03", "2026-W04"] });
    expect(e.baselineTest).toEqual({ pValue: p, method: "one-sided two-proportion z" });
    expect(p).toBeLessThan(0.05);
    expect(e.status).toBe("rising");
    expect(e.reason).toMatch(/^5\.5 % is significantly above the baseline 2\.5 % \(one-sided p < 0\.001, two-proportion z\)$/);
  });

  it("with small counts the test is Fisher's exact test", () => {
    const small = [1, 2, 3, 4].map((n) => rate(n, 0, 40));
    const e = evaluateMetric({ ...policy, threshold: null }, [...small, rate(5, 4, 40)]);
    expect(e.baselineTest!.method).toBe("one-sided Fisher exact");
    expect(e.baselineTest!.pValue).toBe(fisherExactTest({ baseline: { errors: 0, n: 160 }, current: { errors: 4, n: 40 }, alternative: "increase" }).pValue);
    expect(e.status).toBe("rising");
  });

  it("against a fixed baseline, by the exact binomial test", () => {
    const fixed: MetricSpec = { ...policy, threshold: null, baseline: { kind: "fixed", value: 0.005 } };
    const e = evaluateMetric(fixed, [rate(1, 6, 400)]);
    expect(e.baselineTest!.method).toBe("one-sided exact binomial");
    expect(e.status).toBe("rising"); // P(X ≥ 6 | 400, 0.5 %) ≈ 0.017
    expect(evaluateMetric(fixed, [rate(1, 4, 400)]).status).toBe("within"); // ≈ 0.14
  });

  it("a non-significant increase is within", () => {
    const e = evaluateMetric(policy, [...baselineWeeks, rate(5, 4, 400, 0.004, 0.025)]);
    expect(e.baselineTest!.pValue).toBeGreaterThan(0.05);
    expect(e.status).toBe("within");
    expect(e.reason).toBe("within threshold 1.0 %; baseline 0.50 %");
  });

  it("after three weeks each worse than the one before", () => {
    const cost: MetricSpec = { key: "cost", label: "Cost per request", direction: "lower_is_better", unit: "USD", threshold: 1, baseline: null };
    const weeks = [week(1, 0.2), week(2, 0.21), week(3, 0.22), week(4, 0.23)];
    expect(evaluateMetric(cost, weeks.slice(0, 3)).status).toBe("within"); // only two worse weeks
    const e = evaluateMetric(cost, weeks);
    expect(e.status).toBe("rising");
    expect(e.reason).toBe("3 weeks worse in a row (0.2 USD → 0.21 USD → 0.22 USD → 0.23 USD)");
    // mirrored: higher is better and falling
    const tools: MetricSpec = { ...cost, key: "tools", label: "Tool-call success", direction: "higher_is_better", unit: "fraction", threshold: null };
    expect(evaluateMetric(tools, [week(1, 0.99), week(2, 0.98), week(3, 0.97), week(4, 0.96)]).status).toBe("rising");
  });

  it("a week with too few reviews breaks the streak", () => {
    const noBaseline = { ...policy, threshold: null, baseline: null };
    const weeks = [rate(1, 1, 400), rate(2, 2, 400), rate(3, 1, 20), rate(4, 4, 400)];
    const e = evaluateMetric(noBaseline, weeks);
    expect(evaluateMetric(noBaseline, weeks, 2).tooFewReviews).toBe(true);
    expect(e.status).toBe("within");
  });
});

describe("no flapping on equal values", () => {
  it("equal weeks keep the status: a flat week neither starts, extends nor ends a worsening run", () => {
    const cost: MetricSpec = { key: "cost", label: "Cost", direction: "lower_is_better", unit: "USD", threshold: 1, baseline: null };
    const series = metricStatusSeries(cost, [week(1, 0.2), week(2, 0.21), week(3, 0.22), week(4, 0.23), week(5, 0.23), week(6, 0.23), week(7, 0.22)]);
    expect(series.map((e) => e.status)).toEqual(["within", "within", "within", "rising", "rising", "rising", "within"]);
    expect(series[5].reason).toBe("3 weeks worse in a row (0.2 USD → 0.21 USD → 0.22 USD → 0.23 USD, unchanged since)");
    // a plateau inside the run does not break it either; a flat line never starts one
    expect(evaluateMetric(cost, [week(1, 0.2), week(2, 0.21), week(3, 0.21), week(4, 0.22), week(5, 0.23)]).status).toBe("rising");
    expect(metricStatusSeries(cost, [0, 1, 2, 3, 4, 5].map((n) => week(n + 1, 0.2))).every((e) => e.status === "within")).toBe(true);
    const flat = metricStatusSeries({ ...policy, baseline: { kind: "fixed", value: 0.005 } }, [rate(5, 9, 400, 0.0095, 0.04), rate(6, 9, 400, 0.0095, 0.04), rate(7, 9, 400, 0.0095, 0.04)]);
    expect(flat.map((e) => e.status)).toEqual(["rising", "rising", "rising"]);
  });

  it("one alert per transition: staying critical does not alert again; leaving and re-entering does", () => {
    const series = metricStatusSeries({ ...policy, baseline: null }, [
      week(1, 0.005, { lower: 0.001, upper: 0.01 }),
      week(2, 0.03, { lower: 0.015, upper: 0.05 }),
      week(3, 0.03, { lower: 0.015, upper: 0.05 }),
      week(4, null),
      week(5, 0.03, { lower: 0.015, upper: 0.05 }),
      week(6, 0.005, { lower: 0.001, upper: 0.01 }),
      week(7, 0.03, { lower: 0.015, upper: 0.05 }),
    ]);
    expect(series.map((e) => e.status)).toEqual(["within", "critical", "critical", "no_data", "critical", "within", "critical"]);
    expect(statusTransitions(series).map((t) => [t.week, t.from, t.to])).toEqual([
      ["2026-W02", "within", "critical"],
      ["2026-W07", "within", "critical"],
    ]);
  });
});

describe("baseline, change and formatting", () => {
  it("pools counts over the range, or averages values without counts; a fixed value is itself", () => {
    expect(pooledBaseline(policy, [rate(1, 1, 100), rate(2, 3, 300), rate(9, 50, 100)])).toEqual({ value: 0.01, counts: { errors: 4, n: 400 }, weeks: ["2026-W01", "2026-W02"] });
    expect(pooledBaseline({ baseline: { kind: "weeks", from: "2026-W01", to: "2026-W02" } }, [week(1, 100), week(2, 200)])).toEqual({ value: 150, counts: null, weeks: ["2026-W01", "2026-W02"] });
    expect(pooledBaseline({ baseline: { kind: "fixed", value: 0.02 } }, [])).toEqual({ value: 0.02, counts: null, weeks: [] });
    expect(pooledBaseline(policy, [week(9, 0.1)])).toBeNull();
    expect(() => pooledBaseline({ baseline: { kind: "weeks", from: "2026-W05", to: "2026-W01" } }, [])).toThrow(/run backwards/);
  });

  it("the baseline never includes the week being evaluated", () => {
    const e = evaluateMetric(policy, [rate(1, 2, 400), rate(2, 2, 400), rate(3, 40, 400)], 2);
    expect(e.baseline!.weeks).toEqual(["2026-W01", "2026-W02"]);
  });

  it("week-over-week change with a two-sided p-value (z, or Fisher for small counts)", () => {
    const c = weekOverWeekChange(rate(1, 20, 400), rate(2, 40, 400))!;
    expect(c.difference).toBeCloseTo(0.05, 15);
    expect(c).toMatchObject({ method: "two-proportion z", pValue: twoProportionZTest({ baseline: { errors: 20, n: 400 }, current: { errors: 40, n: 400 } }).pValue });
    expect(weekOverWeekChange(rate(1, 1, 400), rate(2, 3, 400))!.method).toBe("Fisher exact");
    expect(weekOverWeekChange(week(1, 200), week(2, 250))).toEqual({ difference: 50, pValue: null, method: null });
    expect(weekOverWeekChange(undefined, week(2, 250))).toBeNull();
  });

  it("formats rates as percentages and other values with their unit", () => {
    expect(formatMetricValue(0.014, "fraction")).toBe("1.4 %");
    expect(formatMetricValue(0.0045, "fraction")).toBe("0.45 %");
    expect(formatMetricValue(0, "fraction")).toBe("0.0 %");
    expect(formatMetricValue(312.4, "ms")).toBe("312 ms");
  });

  it("refuses malformed input", () => {
    expect(() => evaluateMetric({ ...policy, direction: "up" as never }, [week(1, 1)])).toThrow(/direction/);
    expect(() => evaluateMetric(policy, [week(2, 1), week(1, 1)])).toThrow(/in order/);
    expect(() => evaluateMetric(policy, [])).toThrow(/outside/);
  });
});

describe("guardrail pairs", () => {
  const deflection: MetricSpec = { key: "deflection", label: "Deflection", direction: "higher_is_better", unit: "fraction", threshold: null, baseline: { kind: "fixed", value: 0.4 } };
  const errors: MetricSpec = { key: "any_error", label: "Error rate", direction: "lower_is_better", unit: "fraction", threshold: 0.012, baseline: null };
  const evalOf = (spec: MetricSpec, w: MetricWeek) => evaluateMetric(spec, [w]);

  it("met: the primary improves while the guardrail holds", () => {
    const r = guardrailPairStatus({ spec: deflection, evaluation: evalOf(deflection, week(1, 0.45)) }, { spec: errors, evaluation: evalOf(errors, week(1, 0.008, { lower: 0.004, upper: 0.015 })) });
    expect(r).toEqual({ status: "met", reason: "Deflection 45.0 % is better than its baseline 40.0 % while Error rate stays within 1.2 %" });
  });

  it("breached when the guardrail is critical, whatever the primary does", () => {
    const r = guardrailPairStatus({ spec: deflection, evaluation: evalOf(deflection, week(1, 0.45)) }, { spec: errors, evaluation: evalOf(errors, week(1, 0.03, { lower: 0.02, upper: 0.04 })) });
    expect(r).toEqual({ status: "guardrail_breached", reason: "Error rate: lower bound 2.0 % > threshold 1.2 %" });
  });

  it("not improved when the primary is not better than its baseline; no data when either is missing", () => {
    const ok = evalOf(errors, week(1, 0.008, { lower: 0.004, upper: 0.015 }));
    expect(guardrailPairStatus({ spec: deflection, evaluation: evalOf(deflection, week(1, 0.4)) }, { spec: errors, evaluation: ok }).status).toBe("not_improved");
    expect(guardrailPairStatus({ spec: deflection, evaluation: evalOf(deflection, week(1, null)) }, { spec: errors, evaluation: ok }).status).toBe("no_data");
  });

  it("at risk when the guardrail is rising", () => {
    const cost: MetricSpec = { ...errors, threshold: null, unit: "USD" };
    const rising = evaluateMetric(cost, [week(1, 1), week(2, 2), week(3, 3), week(4, 4)]);
    expect(guardrailPairStatus({ spec: deflection, evaluation: evalOf(deflection, week(1, 0.45)) }, { spec: cost, evaluation: rising }).status).toBe("guardrail_rising");
  });
});
