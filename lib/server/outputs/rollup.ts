// Reads population aggregates over time ranges from the trigger-kept hourly rollup
// (OutputHourlyRollup + OutputLatencyBucket): whole hours from the rollup, the partial hours at a
// range's edges (time zones off the hour, a range ending mid-hour) from the outputs through the
// (projectId, timestamp) index, so the result is exact for any range and any snapshot.
import "server-only";
import type { Database } from "@/lib/server/db/client";
import { addAggregates, COUNTER_FIELDS, emptyAggregate, splitIntoHours, type PopulationAggregate } from "@/lib/outputs/population";

export type AggregateGroup = { taskType: string; model: string; aggregate: PopulationAggregate };

type Range = { start: Date; end: Date };
type CounterRow = { i: number; taskType: string; model: string } & Record<(typeof COUNTER_FIELDS)[number], number | string>;
type BucketRow = { i: number; taskType: string; model: string; bucket: number; outputs: number | string };

const COUNTERS_FROM_OUTPUTS = `count(*) AS "outputs", count(o."formatValid") AS "formatChecked", count(*) FILTER (WHERE NOT o."formatValid") AS "formatInvalid",
  count(*) FILTER (WHERE o."refusal") AS "refusals", count(*) FILTER (WHERE o."escalated") AS "escalations", count(*) FILTER (WHERE o."overridden") AS "overrides",
  count(*) FILTER (WHERE o."intervened") AS "interventions", count(*) FILTER (WHERE o."approved") AS "approvals",
  count(*) FILTER (WHERE o."overLatencySla") AS "overLatencySla", count(*) FILTER (WHERE o."overCostBudget") AS "overCostBudget",
  count(o."latencyMs") AS "latencyCount", count(o."costUsd") AS "costCount", coalesce(sum(o."costUsd"), 0) AS "costUsd",
  coalesce(sum(o."tokensIn"), 0) AS "tokensIn", coalesce(sum(o."tokensOut"), 0) AS "tokensOut"`;

const COUNTERS_FROM_ROLLUP = COUNTER_FIELDS.map((f) => `sum(r."${f}") AS "${f}"`).join(", ");

/**
 * Aggregates per range (same order as `ranges`) and per task type × model ('' when none). A few
 * statements regardless of the number of ranges.
 */
export async function readAggregateGroups(db: Database, projectId: string, ranges: Range[]): Promise<AggregateGroup[][]> {
  const hours: { i: number; s: string; e: string }[] = [];
  const fragments: { i: number; s: string; e: string }[] = [];
  ranges.forEach((range, i) => {
    const split = splitIntoHours(range.start, range.end);
    if (split.hours) hours.push({ i, s: split.hours.start.toISOString(), e: split.hours.end.toISOString() });
    for (const f of split.fragments) fragments.push({ i, s: f.start.toISOString(), e: f.end.toISOString() });
  });
  const rangeSql = `json_to_recordset($2::json) AS w(i int, s timestamptz, e timestamptz)`;
  // The envelope of the ranges as plain parameters ($3, $4), repeating what the join already says:
  // the planner cannot see into the JSON (it guesses 100 ranges), and without bounds of its own it
  // read every bucket of the project for one live week (seconds at 6 M rows); with them it reads the
  // index range of those weeks only.
  const envelope = (list: { s: string; e: string }[]) => [list.reduce((a, r) => (r.s < a ? r.s : a), list[0]?.s ?? ""), list.reduce((a, r) => (r.e > a ? r.e : a), list[0]?.e ?? "")];
  const hoursEnvelope = envelope(hours);
  const fragmentsEnvelope = envelope(fragments);
  const [rollupCounters, rollupBuckets, scanCounters, scanBuckets] = await Promise.all([
    hours.length
      ? db.query<CounterRow>(
          `SELECT w.i, r."taskType", r."model", ${COUNTERS_FROM_ROLLUP}
             FROM ${rangeSql} JOIN "OutputHourlyRollup" r ON r."projectId" = $1 AND r."hour" >= w.s AND r."hour" < w.e
            WHERE r."hour" >= $3::timestamptz AND r."hour" < $4::timestamptz
            GROUP BY 1, 2, 3`,
          [projectId, JSON.stringify(hours), ...hoursEnvelope],
        )
      : { rows: [] as CounterRow[] },
    hours.length
      ? db.query<BucketRow>(
          `SELECT w.i, b."taskType", b."model", b."bucket", sum(b."outputs") AS "outputs"
             FROM ${rangeSql} JOIN "OutputLatencyBucket" b ON b."projectId" = $1 AND b."hour" >= w.s AND b."hour" < w.e
            WHERE b."hour" >= $3::timestamptz AND b."hour" < $4::timestamptz
            GROUP BY 1, 2, 3, 4`,
          [projectId, JSON.stringify(hours), ...hoursEnvelope],
        )
      : { rows: [] as BucketRow[] },
    fragments.length
      ? db.query<CounterRow>(
          `SELECT w.i, coalesce(o."taskType", '') AS "taskType", coalesce(o."model", '') AS "model", ${COUNTERS_FROM_OUTPUTS}
             FROM ${rangeSql} JOIN "LoggedOutput" o ON o."projectId" = $1 AND o."timestamp" >= w.s AND o."timestamp" < w.e
            WHERE o."timestamp" >= $3::timestamptz AND o."timestamp" < $4::timestamptz
            GROUP BY 1, 2, 3`,
          [projectId, JSON.stringify(fragments), ...fragmentsEnvelope],
        )
      : { rows: [] as CounterRow[] },
    fragments.length
      ? db.query<BucketRow>(
          `SELECT w.i, coalesce(o."taskType", '') AS "taskType", coalesce(o."model", '') AS "model", assay_latency_bucket(o."latencyMs") AS "bucket", count(*) AS "outputs"
             FROM ${rangeSql} JOIN "LoggedOutput" o ON o."projectId" = $1 AND o."timestamp" >= w.s AND o."timestamp" < w.e
            WHERE o."latencyMs" IS NOT NULL AND o."timestamp" >= $3::timestamptz AND o."timestamp" < $4::timestamptz
            GROUP BY 1, 2, 3, 4`,
          [projectId, JSON.stringify(fragments), ...fragmentsEnvelope],
        )
      : { rows: [] as BucketRow[] },
  ]);

  const groups = ranges.map(() => new Map<string, AggregateGroup>());
  const groupOf = (i: number, taskType: string, model: string) => {
    const key = `${taskType}\u0000${model}`;
    let group = groups[i].get(key);
    if (!group) groups[i].set(key, (group = { taskType, model, aggregate: emptyAggregate() }));
    return group;
  };
  for (const row of [...rollupCounters.rows, ...scanCounters.rows]) {
    const group = groupOf(Number(row.i), row.taskType, row.model);
    const part = emptyAggregate();
    for (const f of COUNTER_FIELDS) part[f] = Number(row[f]);
    group.aggregate = addAggregates(group.aggregate, part);
  }
  for (const row of [...rollupBuckets.rows, ...scanBuckets.rows]) {
    const group = groupOf(Number(row.i), row.taskType, row.model);
    group.aggregate.latency.push({ bucket: Number(row.bucket), outputs: Number(row.outputs) });
  }
  return groups.map((g) =>
    [...g.values()]
      .map((group) => ({ ...group, aggregate: { ...group.aggregate, latency: addAggregates(group.aggregate).latency } }))
      // Rows emptied by deletes stay in the rollup with zero counts; they are not groups.
      .filter((group) => group.aggregate.outputs > 0)
      .sort((a, b) => a.taskType.localeCompare(b.taskType) || a.model.localeCompare(b.model)),
  );
}

/** One aggregate per range over all task types and models. */
export async function readAggregates(db: Database, projectId: string, ranges: Range[]): Promise<PopulationAggregate[]> {
  const groups = await readAggregateGroups(db, projectId, ranges);
  return groups.map((g) => addAggregates(...g.map((x) => x.aggregate)));
}
