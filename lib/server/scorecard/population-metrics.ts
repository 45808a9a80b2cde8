// Where the scorecard's population metrics (latency, cost, format compliance, refusals, escalations,
// overrides, tool calls) come from: every output of the week, read through the OutputStore
// boundary (decision 023) from the trigger-kept hourly rollup and latency histogram (decision 022)
// and the tool-call table, per ISO week in the project's time zone (the weeks the audits use).
// No sampling, so no interval: each value says how many outputs (or calls) it rests on instead.
import "server-only";
import { isoWeekRange } from "@/lib/audits/week";
import { populationRates } from "@/lib/outputs/population";
import { populationMeasureValues, type PopulationMeasure, type PopulationWeekValue } from "@/lib/scorecard/population";
import { outputStoreFor } from "@/lib/server/outputs/explorer";

export type PopulationWeekValues = Partial<Record<PopulationMeasure, PopulationWeekValue>>;

/** The measures of each week, keyed by ISO week; tool calls are read only when a tool metric is asked for. */
export async function populationMetricWeeks(input: { projectId: string; timeZone: string; weeks: string[]; measures: PopulationMeasure[] }): Promise<Map<string, PopulationWeekValues>> {
  const out = new Map<string, PopulationWeekValues>();
  if (input.weeks.length === 0 || input.measures.length === 0) return out;
  const store = await outputStoreFor();
  const ranges = input.weeks.map((w) => isoWeekRange(w, input.timeZone));
  // One aggregate and the tool calls per week; weeks long over come kept from the store (decision 040).
  const totals = await store.rangeTotals({ projectId: input.projectId, ranges });
  input.weeks.forEach((week, i) => {
    const { aggregate, tools } = totals[i];
    const all = populationMeasureValues({ aggregate, rates: populationRates(aggregate) }, tools);
    out.set(week, Object.fromEntries(input.measures.map((m) => [m, all[m]])));
  });
  return out;
}
