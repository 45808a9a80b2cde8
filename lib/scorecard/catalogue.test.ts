import { describe, expect, it } from "vitest";
import { defaultRubric } from "@/lib/review/rubric";
import { stratifiedWilsonInterval } from "@/lib/stats/stratified-interval";
import { metricCatalogue, sampledMetricWeek, type CatalogueDimension } from "./catalogue";

const dimensions = defaultRubric().dimensions as CatalogueDimension[];

describe("metric catalogue", () => {
  it("comes from the rubric's flags", () => {
    const keys = metricCatalogue(dimensions).map((m) => m.key);
    expect(keys).toEqual([
      "any_error",
      "failure_factuality",
      "failure_groundedness",
      "failure_policy",
      "failure_task_outcome",
      "failure_harm",
      "incident_harm",
      "incident_near_miss",
      "outcome_partial",
      "outcome_failure",
      "mean_tone",
    ]);
  });

  it("follows a renamed or custom dimension, not key names", () => {
    const custom: CatalogueDimension[] = [{ key: "legal_ok", label: "Legal review", kind: "boolean", failureWhen: false }];
    expect(metricCatalogue(custom).map((m) => m.key)).toEqual(["any_error", "failure_legal_ok"]);
    const week = sampledMetricWeek({
      week: "2026-W01",
      source: { kind: "dimension_failure", dimension: "legal_ok" },
      dimensions: custom,
      strata: [{ value: "a", population: 100, sampled: 4 }],
      items: [{ stratum: "a", values: { legal_ok: false } }, { stratum: "a", values: { legal_ok: true } }, { stratum: "a", values: { legal_ok: true } }, { stratum: "a", values: null }],
    });
    const expected = stratifiedWilsonInterval([{ size: 100, sampled: 3, errors: 1 }]);
    expect(week.rateReviewed).toBe(3);
    // The status tests get the design-adjusted counts (Kish's n*), not the raw 1 of 3.
    expect(week.counts).toEqual({ n: Math.round(expected.effectiveSampleSize), errors: Math.round(expected.rate * Math.round(expected.effectiveSampleSize)) });
    expect(week.value).toBeCloseTo(expected.rate, 12);
    expect(week.lower).toBeCloseTo(expected.lower, 12);
  });

  it("population measures appear only when asked for (a rollup to read them from)", () => {
    expect(metricCatalogue(dimensions).some((m) => m.source.kind === "population")).toBe(false);
    expect(metricCatalogue(dimensions, { population: true }).filter((m) => m.source.kind === "population")).toHaveLength(8);
  });

  it("outcome rates leave items without an outcome answer out", () => {
    const week = sampledMetricWeek({
      week: "2026-W01",
      source: { kind: "outcome", outcome: "partial" },
      dimensions,
      strata: [{ value: "a", population: 50, sampled: 3 }],
      items: [{ stratum: "a", values: { task_outcome: "partial_success" } }, { stratum: "a", values: { task_outcome: "full_success" } }, { stratum: "a", values: { notes: "no outcome" } }],
    });
    expect(week.rateReviewed).toBe(2);
    expect(week.value).toBeCloseTo(0.5, 12);
  });

  it("weights a topped-up stratum by each item's own inclusion probability", () => {
    // Stratum a: 100 early outputs with 4 drawn (π = 0.04), 900 later with 9 drawn (π = 0.01).
    // Every early item fails, no later one: the week's rate is 100/1,000, not 4/13.
    const items = [
      ...Array.from({ length: 4 }, () => ({ stratum: "a", values: { task_outcome: "failure" }, inclusionProbability: 0.04 })),
      ...Array.from({ length: 9 }, () => ({ stratum: "a", values: { task_outcome: "full_success" }, inclusionProbability: 0.01 })),
    ];
    const week = sampledMetricWeek({ week: "2026-W01", source: { kind: "outcome", outcome: "failure" }, dimensions, strata: [{ value: "a", population: 1000, sampled: 13 }], items });
    const expected = stratifiedWilsonInterval([{ size: 100, sampled: 4, errors: 4 }, { size: 900, sampled: 9, errors: 0 }]);
    expect(week.value).toBeCloseTo(0.1, 12);
    expect(week.lower).toBeCloseTo(expected.lower, 12);
    expect(week.upper).toBeCloseTo(expected.upper, 12);
  });
});
