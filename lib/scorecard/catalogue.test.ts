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
    expect(week.counts).toEqual({ errors: 1, n: 3 });
    const expected = stratifiedWilsonInterval([{ size: 100, sampled: 3, errors: 1 }]);
    expect(week.value).toBeCloseTo(expected.rate, 12);
    expect(week.lower).toBeCloseTo(expected.lower, 12);
  });

  it("population measures appear only when the population checks exist", () => {
    expect(metricCatalogue(dimensions).some((m) => m.source.kind === "population")).toBe(false);
    expect(metricCatalogue(dimensions, { population: true }).filter((m) => m.source.kind === "population")).toHaveLength(7);
  });

  it("outcome rates leave items without an outcome answer out", () => {
    const week = sampledMetricWeek({
      week: "2026-W01",
      source: { kind: "outcome", outcome: "partial" },
      dimensions,
      strata: [{ value: "a", population: 50, sampled: 3 }],
      items: [{ stratum: "a", values: { task_outcome: "partial_success" } }, { stratum: "a", values: { task_outcome: "full_success" } }, { stratum: "a", values: { notes: "no outcome" } }],
    });
    expect(week.counts).toEqual({ errors: 1, n: 2 });
  });
});
