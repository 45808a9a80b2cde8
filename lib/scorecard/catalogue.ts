// The scorecard's metrics are data (issue 15 §2): a QA lead picks them from this catalogue, which is
// derived from the rubric's flags (never from key names), and gives each a threshold and baseline.
// Each sampled metric is turned into a predicate on an item's gold values, so one estimator
// (lib/scorecard/audit-results) yields every weekly rate with its interval.
import type { Direction } from "./status";
import { computeAuditResults, type ResultItem, type ResultStratum, type ResultValues } from "./audit-results";
import type { MetricWeek } from "./status";
import { metricWeekFromRate } from "./weekly";

/** A rubric dimension as far as the catalogue needs it (structurally the rubric's Dimension). */
export type CatalogueDimension = {
  key: string;
  label: string;
  kind: string;
  options?: { value: string; label: string; failure?: boolean; partial?: boolean; incident?: string }[];
  failureWhen?: boolean;
  failureBelow?: number;
};

export const POPULATION_MEASURES = ["latency_p50", "latency_p95", "cost_per_request", "format_compliance", "refusal_rate", "escalation_rate", "override_rate", "tool_success"] as const;
export type PopulationMeasure = (typeof POPULATION_MEASURES)[number];

export type MetricSource =
  | { kind: "any_error" }
  | { kind: "dimension_failure"; dimension: string }
  | { kind: "incident"; incident: "harm" | "near_miss" | "boundary_violation" }
  | { kind: "outcome"; outcome: "success" | "partial" | "failure" }
  | { kind: "mean"; dimension: string }
  | { kind: "population"; measure: PopulationMeasure };

export type MetricDefinition = { key: string; label: string; description: string; source: MetricSource; direction: Direction; unit: string };

const POPULATION_DEFINITIONS: Record<PopulationMeasure, Omit<MetricDefinition, "key" | "source">> = {
  latency_p50: { label: "Latency p50", description: "Median response time over every output of the week that reports a latency (from the hourly latency histograms, within 1 % of the exact value).", direction: "lower_is_better", unit: "ms" },
  latency_p95: { label: "Latency p95", description: "95th percentile response time over every output of the week that reports a latency (hourly histograms, within 1 %).", direction: "lower_is_better", unit: "ms" },
  cost_per_request: { label: "Cost per request", description: "Total cost of the week's outputs that report a cost, divided by their number.", direction: "lower_is_better", unit: "USD" },
  format_compliance: { label: "Format compliance", description: "Share of the week's format-checked outputs (task types with a format check on the Checks page) that pass it.", direction: "higher_is_better", unit: "fraction" },
  refusal_rate: { label: "Refusal rate", description: "Share of the week's outputs the refusal check flags (an ingested signal, else the project's phrases), over every output of the week.", direction: "lower_is_better", unit: "fraction" },
  escalation_rate: { label: "Escalation rate", description: "Share of the week's outputs escalated to a human (the project's escalation mapping on the Checks page), over every output of the week.", direction: "lower_is_better", unit: "fraction" },
  override_rate: { label: "Override rate", description: "Share of the week's outputs a human overrode (the project's override mapping on the Checks page), over every output of the week.", direction: "lower_is_better", unit: "fraction" },
  tool_success: { label: "Tool-call success", description: "Share of the week's agent tool calls (OTLP tool spans) with status ok, over every call of the week.", direction: "higher_is_better", unit: "fraction" },
};

function canFail(d: CatalogueDimension): boolean {
  if (d.options) return d.options.some((o) => o.failure === true);
  return d.failureWhen !== undefined || d.failureBelow !== undefined;
}

/** Every metric the rubric (and the population checks) make possible, in a stable order. */
export function metricCatalogue(dimensions: CatalogueDimension[], options: { population?: boolean } = {}): MetricDefinition[] {
  const out: MetricDefinition[] = [
    { key: "any_error", label: "Any error", description: "Estimated share of the week's outputs with at least one answer the rubric flags as a failure, from the stratified sample (weights N_h/n_h).", source: { kind: "any_error" }, direction: "lower_is_better", unit: "fraction" },
  ];
  for (const d of dimensions.filter(canFail)) {
    const failing = d.options?.filter((o) => o.failure).map((o) => o.label).join(", ");
    out.push({
      key: `failure_${d.key}`,
      label: `${d.label}: failure rate`,
      description: `Estimated share of the week's outputs whose ${d.label} answer is flagged as a failure${failing ? ` (${failing})` : ""}.`,
      source: { kind: "dimension_failure", dimension: d.key },
      direction: "lower_is_better",
      unit: "fraction",
    });
  }
  const incidents = new Set(dimensions.flatMap((d) => d.options?.map((o) => o.incident).filter((x): x is string => !!x) ?? []));
  for (const incident of ["harm", "near_miss", "boundary_violation"] as const) {
    if (!incidents.has(incident)) continue;
    const label = { harm: "Harmful outputs", near_miss: "Near misses", boundary_violation: "Boundary violations" }[incident];
    out.push({ key: `incident_${incident}`, label, description: `Estimated share of the week's outputs with an answer the rubric marks as ${incident.replace("_", " ")}.`, source: { kind: "incident", incident }, direction: "lower_is_better", unit: "fraction" });
  }
  const outcome = outcomeDimension(dimensions);
  if (outcome) {
    out.push({ key: "outcome_partial", label: `${outcome.label}: partial success`, description: `Estimated share of outputs whose ${outcome.label} is a partial success: the most actionable signal.`, source: { kind: "outcome", outcome: "partial" }, direction: "lower_is_better", unit: "fraction" });
    out.push({ key: "outcome_failure", label: `${outcome.label}: failure`, description: `Estimated share of outputs whose ${outcome.label} is a failure.`, source: { kind: "outcome", outcome: "failure" }, direction: "lower_is_better", unit: "fraction" });
  }
  for (const d of dimensions.filter((x) => x.kind === "scale")) {
    out.push({ key: `mean_${d.key}`, label: `Mean ${d.label.toLowerCase()}`, description: `Estimated mean ${d.label} of the week's outputs (stratified).`, source: { kind: "mean", dimension: d.key }, direction: "higher_is_better", unit: "points" });
  }
  if (options.population) {
    for (const measure of POPULATION_MEASURES) out.push({ key: measure, source: { kind: "population", measure }, ...POPULATION_DEFINITIONS[measure] });
  }
  return out;
}

function outcomeDimension(dimensions: CatalogueDimension[]): CatalogueDimension | undefined {
  return dimensions.find((d) => d.options?.some((o) => o.partial) && d.options.some((o) => o.failure));
}

function selected(value: unknown, optionValue: string): boolean {
  return value === optionValue || (Array.isArray(value) && value.includes(optionValue));
}

function isFailure(d: CatalogueDimension, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (d.options) return d.options.some((o) => o.failure === true && selected(value, o.value));
  if (d.failureWhen !== undefined) return value === d.failureWhen;
  if (d.failureBelow !== undefined) return typeof value === "number" && value < d.failureBelow;
  return false;
}

/**
 * A sampled metric's value for one audited week: its stratified estimate with the audit results'
 * interval (each item weighted by its own inclusion probability), and for the status tests the
 * design-adjusted counts of lib/scorecard/weekly (Kish's effective n and p·n*), not the raw
 * reviewed items, which would weigh an oversampled stratum as if it were the population.
 * `rateReviewed` is how many reviewed items the rate rests on. null value when too few are reviewed.
 */
export function sampledMetricWeek(input: {
  week: string;
  source: Exclude<MetricSource, { kind: "population" }>;
  dimensions: CatalogueDimension[];
  strata: ResultStratum[];
  items: ResultItem[];
}): MetricWeek & { reviewed: number; sampled: number; rateReviewed: number } {
  const { source, dimensions } = input;
  const base = { strata: input.strata, items: input.items };
  if (source.kind === "mean") {
    const d = dimensions.find((x) => x.key === source.dimension);
    const r = computeAuditResults({ ...base, failureDimensions: [], failingDimensions: () => [], scales: d ? [{ key: d.key, label: d.label }] : [] });
    const m = r.scales[0];
    return { week: input.week, value: m?.mean ?? null, lower: m?.lower ?? null, upper: m?.upper ?? null, counts: null, reviewed: r.reviewed, sampled: r.sampled, rateReviewed: m?.reviewed ?? 0 };
  }
  let predicate: (values: ResultValues) => boolean;
  let answered: (values: ResultValues) => boolean = () => true;
  if (source.kind === "any_error") {
    const failing = dimensions.filter(canFail);
    predicate = (v) => failing.some((d) => isFailure(d, v[d.key]));
  } else if (source.kind === "dimension_failure") {
    const d = dimensions.find((x) => x.key === source.dimension);
    predicate = (v) => (d ? isFailure(d, v[d.key]) : false);
  } else if (source.kind === "incident") {
    predicate = (v) => dimensions.some((d) => d.options?.some((o) => o.incident === source.incident && selected(v[d.key], o.value)));
  } else {
    const d = outcomeDimension(dimensions);
    const classOf = (value: unknown) => {
      const option = d?.options?.find((o) => o.value === value);
      return option ? (option.failure ? "failure" : option.partial ? "partial" : "success") : null;
    };
    predicate = (v) => (d ? classOf(v[d.key]) === source.outcome : false);
    // Items without an outcome answer are left out, not counted as successes.
    answered = (v) => (d ? classOf(v[d.key]) !== null : false);
  }
  const items = input.items.map((item) => (item.values && !answered(item.values) ? { ...item, values: null } : item));
  const r = computeAuditResults({ strata: input.strata, items, failureDimensions: [{ key: "metric", label: "metric" }], failingDimensions: (v) => (predicate(v) ? ["metric"] : []) });
  const result = r.dimensions[0];
  const rateReviewed = result.strata.reduce((a, s) => a + s.reviewed, 0);
  return { ...metricWeekFromRate(input.week, result), reviewed: r.reviewed, sampled: r.sampled, rateReviewed };
}
