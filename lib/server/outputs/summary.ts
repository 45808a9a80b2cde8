// The overview's population figures per ISO week in the project's time zone (the same weeks the
// audits use), read from the trigger-kept rollup rather than by counting the outputs.
import "server-only";
import { getDatabase } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { isoWeekAt, isoWeekRange, shiftIsoWeek } from "@/lib/audits/week";
import { addAggregates, populationRates, type PopulationRates } from "@/lib/outputs/population";
import { outputStoreFor } from "./explorer";
import type { ToolReliability } from "./store";

export type WeekFigures = PopulationRates & { week: string; start: string; end: string };

export type OutputSummary = {
  timeZone: string;
  total: number;
  latest: string | null;
  weeks: WeekFigures[];
  taskTypes: { taskType: string; count: number }[];
  models: { model: string; count: number; p95LatencyMs: number | null; lastWeek: number }[];
  /** The newest complete week (index into weeks) and its agent tool calls, per tool. */
  lastCompleteWeek: number;
  tools: ToolReliability[];
};

/** Volume, latency quantiles, cost and check rates per week, newest last, over the last `weeks` weeks with data. */
export async function summarizeOutputs(input: { actor: Actor; projectSlug: string; weeks?: number }): Promise<OutputSummary> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "outputs:read" });
  const db = await getDatabase();
  const store = await outputStoreFor();
  const count = input.weeks ?? 9;
  // max() through the (projectId, timestamp) index; totals from the hourly counters.
  const { rows } = await db.query<{ latest: Date | null; total: string | number | null }>(
    `SELECT (SELECT max("timestamp") FROM "LoggedOutput" WHERE "projectId" = $1) AS latest,
            (SELECT sum("outputs") FROM "OutputHourlyCount" WHERE "projectId" = $1) AS total`,
    [project.id],
  );
  const latest = rows[0]?.latest ? new Date(rows[0].latest) : null;
  const total = Number(rows[0]?.total ?? 0);
  if (!latest) return { timeZone: project.timeZone, total, latest: null, weeks: [], taskTypes: [], models: [], lastCompleteWeek: -1, tools: [] };
  const lastWeek = isoWeekAt(latest, project.timeZone);
  const weekNames = Array.from({ length: count }, (_, i) => shiftIsoWeek(lastWeek, i - count + 1));
  const ranges = weekNames.map((w) => isoWeekRange(w, project.timeZone));
  // "Last week" is the newest complete week: the week still under way says little yet.
  const now = new Date();
  const lastComplete = ranges.map((r, i) => ({ r, i })).filter(({ r }) => r.end.getTime() <= now.getTime()).pop()?.i ?? ranges.length - 1;
  const [groups, tools] = await Promise.all([
    store.aggregateGroups({ projectId: project.id, ranges }),
    store.toolReliability({ projectId: project.id, ...ranges[lastComplete] }),
  ]);
  const weeks = weekNames.map((week, i) => ({
    week,
    start: ranges[i].start.toISOString(),
    end: ranges[i].end.toISOString(),
    ...populationRates(addAggregates(...groups[i].map((g) => g.aggregate))),
  }));
  const byTask = new Map<string, number>();
  const byModel = new Map<string, { count: number; parts: ReturnType<typeof addAggregates>[]; lastWeek: number }>();
  groups.forEach((week, i) => {
    for (const g of week) {
      byTask.set(g.taskType || "(none)", (byTask.get(g.taskType || "(none)") ?? 0) + g.aggregate.outputs);
      const m = byModel.get(g.model || "(none)") ?? { count: 0, parts: [], lastWeek: 0 };
      m.count += g.aggregate.outputs;
      m.parts.push(g.aggregate);
      if (i === lastComplete) m.lastWeek += g.aggregate.outputs;
      byModel.set(g.model || "(none)", m);
    }
  });
  return {
    timeZone: project.timeZone,
    total,
    latest: latest.toISOString(),
    weeks,
    taskTypes: [...byTask].map(([taskType, n]) => ({ taskType, count: n })).sort((a, b) => b.count - a.count),
    lastCompleteWeek: lastComplete,
    tools,
    models: [...byModel].map(([model, m]) => ({ model, count: m.count, lastWeek: m.lastWeek, p95LatencyMs: populationRates(addAggregates(...m.parts)).p95LatencyMs })).sort((a, b) => b.count - a.count),
  };
}
