// A week's population metrics from its aggregate over every output (lib/outputs/population) and its
// tool calls: the value of each measure and what it rests on (how many outputs or calls carried
// the field it needs). Pure: the caller reads the rollup.
import type { PopulationAggregate, PopulationRates } from "@/lib/outputs/population";
import type { PopulationMeasure } from "./catalogue";

export type { PopulationMeasure } from "./catalogue";

/** A measure's weekly value over every output; `restsOn` counts what it was computed from. */
export type PopulationWeekValue = { value: number | null; restsOn: { count: number; of: string } };

export function populationMeasureValues(
  week: { aggregate: PopulationAggregate; rates: PopulationRates } | null,
  tools: { calls: number; ok: number } | null,
): Record<PopulationMeasure, PopulationWeekValue> {
  const a = week?.aggregate;
  const r = week?.rates;
  const outputs = { count: a?.outputs ?? 0, of: "outputs" };
  return {
    latency_p50: { value: r?.p50LatencyMs ?? null, restsOn: { count: a?.latencyCount ?? 0, of: "outputs with a latency" } },
    latency_p95: { value: r?.p95LatencyMs ?? null, restsOn: { count: a?.latencyCount ?? 0, of: "outputs with a latency" } },
    cost_per_request: { value: r?.meanCostUsd ?? null, restsOn: { count: a?.costCount ?? 0, of: "outputs with a cost" } },
    format_compliance: { value: r?.formatCompliance ?? null, restsOn: { count: a?.formatChecked ?? 0, of: "format-checked outputs" } },
    refusal_rate: { value: r?.refusalRate ?? null, restsOn: outputs },
    escalation_rate: { value: r?.escalationRate ?? null, restsOn: outputs },
    override_rate: { value: r?.overrideRate ?? null, restsOn: outputs },
    tool_success: { value: tools && tools.calls > 0 ? tools.ok / tools.calls : null, restsOn: { count: tools?.calls ?? 0, of: "tool calls" } },
  };
}
