// Where the scorecard's population metrics (latency, cost, format compliance, refusals, escalations,
// tool calls) come from: the rollups of lib/server/outputs. null until those exist on this build,
// in which case the catalogue offers no population metric rather than one that shows nothing.
import "server-only";
import type { PopulationMeasure } from "@/lib/scorecard/catalogue";

export type PopulationWeekValues = Partial<Record<PopulationMeasure, number | null>>;

export const populationMetricWeeks: ((input: { projectId: string; weeks: string[] }) => Promise<Map<string, PopulationWeekValues>>) | null = null;
