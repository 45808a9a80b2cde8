// Population aggregates: what the hourly rollup holds per hour × task type × model, summed over
// any range. Pure helpers shared by the rollup reader (lib/server/outputs/rollup.ts), the
// overview and the tests.
import { mergeBuckets, quantileFromBuckets, type LatencyBucket } from "./latency-sketch";

export type PopulationAggregate = {
  outputs: number;
  formatChecked: number;
  formatInvalid: number;
  refusals: number;
  escalations: number;
  overrides: number;
  interventions: number;
  approvals: number;
  overLatencySla: number;
  overCostBudget: number;
  latencyCount: number;
  costCount: number;
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  latency: LatencyBucket[];
};

export const COUNTER_FIELDS = [
  "outputs",
  "formatChecked",
  "formatInvalid",
  "refusals",
  "escalations",
  "overrides",
  "interventions",
  "approvals",
  "overLatencySla",
  "overCostBudget",
  "latencyCount",
  "costCount",
  "costUsd",
  "tokensIn",
  "tokensOut",
] as const satisfies readonly (keyof PopulationAggregate)[];

export function emptyAggregate(): PopulationAggregate {
  return { outputs: 0, formatChecked: 0, formatInvalid: 0, refusals: 0, escalations: 0, overrides: 0, interventions: 0, approvals: 0, overLatencySla: 0, overCostBudget: 0, latencyCount: 0, costCount: 0, costUsd: 0, tokensIn: 0, tokensOut: 0, latency: [] };
}

export function addAggregates(...parts: PopulationAggregate[]): PopulationAggregate {
  const total = emptyAggregate();
  for (const part of parts) for (const field of COUNTER_FIELDS) total[field] += part[field];
  total.latency = mergeBuckets(...parts.map((p) => p.latency));
  return total;
}

export type PopulationRates = {
  outputs: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  costUsd: number;
  meanCostUsd: number | null;
  /** Share of format-checked outputs that were valid; null when no task type has a format check. */
  formatCompliance: number | null;
  refusalRate: number | null;
  escalationRate: number | null;
  overrideRate: number | null;
  interventionRate: number | null;
  approvalRate: number | null;
};

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function populationRates(a: PopulationAggregate): PopulationRates {
  return {
    outputs: a.outputs,
    p50LatencyMs: quantileFromBuckets(a.latency, 0.5),
    p95LatencyMs: quantileFromBuckets(a.latency, 0.95),
    costUsd: a.costUsd,
    meanCostUsd: rate(a.costUsd, a.costCount),
    formatCompliance: a.formatChecked > 0 ? 1 - a.formatInvalid / a.formatChecked : null,
    refusalRate: rate(a.refusals, a.outputs),
    escalationRate: rate(a.escalations, a.outputs),
    overrideRate: rate(a.overrides, a.outputs),
    interventionRate: rate(a.interventions, a.outputs),
    approvalRate: rate(a.approvals, a.outputs),
  };
}

const HOUR = 3_600_000;

/**
 * Splits [start, end) into whole UTC hours (read from the rollup) and at most two partial-hour
 * fragments at the edges (counted from the outputs), the same split as the draw's counts.
 */
export function splitIntoHours(start: Date, end: Date): { hours: { start: Date; end: Date } | null; fragments: { start: Date; end: Date }[] } {
  const s = start.getTime();
  const e = end.getTime();
  if (e <= s) return { hours: null, fragments: [] };
  const firstWhole = Math.ceil(s / HOUR) * HOUR;
  const lastWhole = Math.floor(e / HOUR) * HOUR;
  if (firstWhole >= lastWhole) return { hours: null, fragments: [{ start, end }] };
  const fragments: { start: Date; end: Date }[] = [];
  if (s < firstWhole) fragments.push({ start, end: new Date(firstWhole) });
  if (lastWhole < e) fragments.push({ start: new Date(lastWhole), end });
  return { hours: { start: new Date(firstWhole), end: new Date(lastWhole) }, fragments };
}
