import { describe, expect, it } from "vitest";
import { stratifiedWilsonInterval } from "@/lib/stats/stratified-interval";
import { metricWeekFromRate } from "./weekly";

describe("metricWeekFromRate", () => {
  it("carries the estimate and interval, with counts divided by the design effect", () => {
    // one stratum, 10 of 100 from 1,000: n* = 110 (the finite-population correction), x* = 11
    const e = stratifiedWilsonInterval([{ size: 1000, sampled: 100, errors: 10 }]);
    expect(metricWeekFromRate("2026-W10", { rate: e.rate, lower: e.lower, upper: e.upper, effectiveSampleSize: e.effectiveSampleSize })).toEqual({
      week: "2026-W10",
      value: 0.1,
      lower: e.lower,
      upper: e.upper,
      counts: { n: 110, errors: 11 },
    });
    // oversampling a small risky stratum: the counts shrink to the effective n (deff > 1)
    const d = stratifiedWilsonInterval([{ size: 9000, sampled: 100, errors: 2 }, { size: 1000, sampled: 100, errors: 10 }]);
    const row = metricWeekFromRate("2026-W10", { rate: d.rate, lower: d.lower, upper: d.upper, effectiveSampleSize: d.effectiveSampleSize });
    expect(row.counts!.n).toBeLessThan(200);
    expect(row.counts!.errors).toBe(Math.round(d.rate * row.counts!.n));
  });

  it("a week without an estimate has no value and no counts", () => {
    expect(metricWeekFromRate("2026-W11", { rate: null, lower: null, upper: null, effectiveSampleSize: null })).toEqual({ week: "2026-W11", value: null, lower: null, upper: null, counts: null });
  });
});
