// THE boundary for population queries (decision 023): everything that reads many logged outputs
// at once (the explorer's pages and counts, one output with its trace, rollup aggregates, tool
// reliability) goes through OutputStore. Pages and domain code call the authorized functions in
// lib/server/outputs/explorer.ts, which call this; only this file knows the SQL. A column store
// for logs (e.g. ClickHouse) can implement the same interface later.
import "server-only";
import type { Database } from "@/lib/server/db/client";
import { CHECK_FILTERS, decodeCursor, encodeCursor, type OutputFilter, type OutputListRow, type OutputPage, type OutputSort } from "@/lib/outputs/explorer";
import { addAggregates, type PopulationAggregate } from "@/lib/outputs/population";
import { readAggregateGroups, type AggregateGroup } from "./rollup";

export type OutputRecord = {
  id: string;
  externalId: string;
  timestamp: string;
  ingestedAt: string;
  taskType: string | null;
  model: string | null;
  input: unknown;
  output: unknown;
  context: unknown;
  metadata: Record<string, unknown>;
  signals: unknown;
  redactions: number;
  latencyMs: number | null;
  costUsd: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  checks: Record<"formatValid" | "refusal" | "escalated" | "overridden" | "intervened" | "approved" | "overLatencySla" | "overCostBudget", boolean | null>;
  checksVersion: number | null;
};

export type ToolCallRecord = {
  id: string;
  externalId: string;
  toolName: string;
  startedAt: string;
  durationMs: number | null;
  status: string;
  errorType: string | null;
  httpStatus: number | null;
  authFailure: boolean;
  schemaError: boolean;
  retry: boolean;
};

export type ToolReliability = { toolName: string; calls: number; ok: number; errors: number; timeouts: number; retries: number; authFailures: number; schemaErrors: number };

export type RangeTotals = { aggregate: PopulationAggregate; tools: { calls: number; ok: number } };

/** A kept range must have ended this long before it is read (the triggers bump for rows older than a day). */
const DAY_MS = 86_400_000;
const KEEP_AFTER_MS = 2 * DAY_MS;

export interface OutputStore {
  listOutputs(q: { projectId: string; filter: OutputFilter; sort: OutputSort; cursor: string | null; limit: number }): Promise<OutputPage>;
  /** Matching outputs, counting no further than `cap` (then `capped`). */
  countOutputs(q: { projectId: string; filter: OutputFilter; cap: number }): Promise<{ count: number; capped: boolean }>;
  readOutput(q: { projectId: string; outputId: string }): Promise<OutputRecord | null>;
  /** The tool calls of a trace, in start order. */
  listToolCalls(q: { projectId: string; traceId: string }): Promise<ToolCallRecord[]>;
  toolReliability(q: { projectId: string; start: Date; end: Date }): Promise<ToolReliability[]>;
  aggregateGroups(q: { projectId: string; ranges: { start: Date; end: Date }[] }): Promise<AggregateGroup[][]>;
  /** Agent tool calls and how many succeeded, per range (same order as `ranges`), in one statement. */
  toolCallTotals(q: { projectId: string; ranges: { start: Date; end: Date }[] }): Promise<{ calls: number; ok: number }[]>;
  /**
   * Per range (same order as `ranges`): the aggregate over every task type and model, and the tool
   * calls. A range that ended two days before the read is kept and reused until a write touches an
   * output or tool call older than a day (decision 040), so closed weeks are not re-summed.
   */
  rangeTotals(q: { projectId: string; ranges: { start: Date; end: Date }[] }): Promise<RangeTotals[]>;
  /** Task types and models seen (for filter choices), from the rollup rather than the outputs. */
  dimensions(q: { projectId: string }): Promise<{ taskTypes: string[]; models: string[] }>;
}

// The full-text expression of index LoggedOutput_search_idx (migration population_rollups);
// it must stay character for character the same for the index to be used.
const SEARCH_VECTOR = `(jsonb_to_tsvector('simple', o."input", '["string"]') || jsonb_to_tsvector('simple', o."output", '["string"]'))`;

const SORT_COLUMNS = { timestamp: `o."timestamp"`, latencyMs: `o."latencyMs"`, costUsd: `o."costUsd"` } as const;

/** WHERE clause of a filter; every value is a bind parameter. */
export function outputFilterSql(filter: OutputFilter, params: unknown[], shape: "page" | "count" = "page"): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // The project id is always $1: the caller passes params = [projectId].
  if (params.length !== 1) throw new Error("outputFilterSql: params must hold exactly the project id");
  const where = [`o."projectId" = $1`];
  if (filter.from) where.push(`o."timestamp" >= ${p(filter.from)}::timestamptz`);
  if (filter.to) where.push(`o."timestamp" < ${p(filter.to)}::timestamptz`);
  if (filter.taskType) where.push(`o."taskType" = ${p(filter.taskType)}`);
  if (filter.model) where.push(`o."model" = ${p(filter.model)}`);
  for (const m of filter.metadata) where.push(`o."metadata" @> ${p(JSON.stringify({ [m.key]: m.value }))}::jsonb`);
  if (filter.signal) {
    const conditions = [`@.name == $n`];
    if (filter.signal.min !== null) conditions.push(`@.value >= $min`);
    if (filter.signal.max !== null) conditions.push(`@.value <= $max`);
    const vars: Record<string, unknown> = { n: filter.signal.name };
    if (filter.signal.min !== null) vars.min = filter.signal.min;
    if (filter.signal.max !== null) vars.max = filter.signal.max;
    where.push(`jsonb_path_exists(coalesce(o."signals", '[]'::jsonb), ${p(`$[*] ? (${conditions.join(" && ")})`)}::jsonpath, ${p(JSON.stringify(vars))}::jsonb)`);
  }
  if (filter.latencyMs.min !== null) where.push(`o."latencyMs" >= ${p(filter.latencyMs.min)}::float8`);
  if (filter.latencyMs.max !== null) where.push(`o."latencyMs" <= ${p(filter.latencyMs.max)}::float8`);
  if (filter.costUsd.min !== null) where.push(`o."costUsd" >= ${p(filter.costUsd.min)}::float8`);
  if (filter.costUsd.max !== null) where.push(`o."costUsd" <= ${p(filter.costUsd.max)}::float8`);
  if (filter.check) {
    const check = CHECK_FILTERS[filter.check];
    // Written as the partial indexes' predicates (formatValid = false, refusal, escalated).
    where.push(check.value ? `o."${check.column}"` : `o."${check.column}" = false`);
  }
  // "IS TRUE" keeps the planner from turning this into a semi join, which it runs as an index
  // probe per walked row (1.1 s for 0.5 % sampled on 10 M): as a hashed subplan the project's
  // sampled ids are hashed once and the walk along the sort index tests each row in memory.
  // A count has no order to walk: there the plain semi join (driven from the sampled items) is better.
  if (filter.sampled === "yes" && shape === "page") where.push(`(o.id IN (SELECT s."outputId" FROM "SampledItem" s WHERE s."projectId" = $1)) IS TRUE`);
  if (filter.sampled === "yes" && shape === "count") where.push(`EXISTS (SELECT 1 FROM "SampledItem" s WHERE s."outputId" = o.id AND s."projectId" = $1)`);
  if (filter.sampled === "no") where.push(`NOT EXISTS (SELECT 1 FROM "SampledItem" s WHERE s."outputId" = o.id AND s."projectId" = $1)`);
  if (filter.text) where.push(`${SEARCH_VECTOR} @@ websearch_to_tsquery('simple', ${p(filter.text)})`);
  return where.join(" AND ");
}

const PREVIEW = 240;
const LIST_COLUMNS = `o.id::text AS id, o."externalId", o."timestamp", o."taskType", o."model", o."latencyMs", o."costUsd", o."tokensIn", o."tokensOut",
  o."formatValid", o."refusal", o."escalated",
  left(CASE jsonb_typeof(o."input") WHEN 'string' THEN o."input" #>> '{}' WHEN 'array' THEN coalesce(o."input" -> -1 ->> 'content', (o."input" -> -1 -> 'content')::text) ELSE o."input"::text END, ${PREVIEW}) AS "inputPreview",
  left(CASE jsonb_typeof(o."output") WHEN 'string' THEN o."output" #>> '{}' WHEN 'object' THEN coalesce(o."output" ->> 'content', o."output"::text) ELSE o."output"::text END, ${PREVIEW}) AS "outputPreview",
  EXISTS (SELECT 1 FROM "SampledItem" s WHERE s."outputId" = o.id AND s."projectId" = $1) AS sampled`;

type ListRow = Omit<OutputListRow, "timestamp"> & { timestamp: Date | string };

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * How a page with a text filter is read. "walk": along the sort's index, testing each row's text
 * until the page is full — quick when many outputs match, but a rare word means testing tens of
 * thousands of rows (jsonb_to_tsvector on each: ~1.7 s for a word in 0.1 % of 10 M outputs).
 * "index": every match from the full-text index first, then sorted — quick when few match.
 * PostgreSQL's planner picks the walk for rare words too (it prices the vector at its nominal
 * function cost, far below what it takes), so the store decides from the planner's own estimate
 * of the matches (the index expression's pg_stats), see `textReadFor`.
 */
export type TextRead = "walk" | "index";

export type PostgresOutputStoreOptions = {
  /** Forces one way of reading text-filtered pages (tests use it to check both give the same rows). */
  textRead?: TextRead;
};

/**
 * Testing a row's text during a walk costs about WALK_TO_FETCH times what fetching one match
 * found by the index does (measured on 10 M outputs: ~33 µs per tested row against ~1 µs per
 * fetched and sorted match). A walk tests about limit / f rows, where f = matches / rows; the
 * index path fetches every match. The index path wins while
 * matches × 1 ≤ (limit × rows / matches) × WALK_TO_FETCH.
 */
const WALK_TO_FETCH = 30;

export async function textReadFor(db: Database, text: string, limit: number): Promise<TextRead> {
  const explained = await db.query<{ "QUERY PLAN": unknown }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM "LoggedOutput" o WHERE ${SEARCH_VECTOR} @@ websearch_to_tsquery('simple', $1)`,
    [text],
  );
  const raw = explained.rows[0]?.["QUERY PLAN"];
  const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: { "Plan Rows": number } }[];
  const matches = Number(plan[0]?.Plan["Plan Rows"] ?? 0);
  const table = await db.query<{ rows: number | string }>(`SELECT greatest(reltuples, 0) AS rows FROM pg_class WHERE oid = '"LoggedOutput"'::regclass`);
  const rows = Math.max(Number(table.rows[0]?.rows ?? 0), matches);
  return matches * matches <= WALK_TO_FETCH * (limit + 1) * rows ? "index" : "walk";
}

export function postgresOutputStore(db: Database, options: PostgresOutputStoreOptions = {}): OutputStore {
  return {
    async listOutputs({ projectId, filter, sort, cursor, limit }) {
      const textRead = filter.text ? (options.textRead ?? (await textReadFor(db, filter.text, limit))) : "walk";
      const params: unknown[] = [projectId];
      const where = [outputFilterSql(filter, params)];
      const column = SORT_COLUMNS[sort.key];
      // Sorting by latency or cost lists the outputs that have one.
      if (sort.key !== "timestamp") where.push(`${column} IS NOT NULL`);
      const after = decodeCursor(cursor, sort);
      if (after) {
        params.push(after.value, after.id);
        const v = `$${params.length - 1}${sort.key === "timestamp" ? "::timestamptz" : "::float8"}`;
        const id = `$${params.length}::uuid`;
        const op = sort.direction === "desc" ? "<" : ">";
        // Keyset: the first condition alone is what the index range uses.
        where.push(`${column} ${op}= ${v} AND (${column} ${op} ${v} OR o.id ${op} ${id})`);
      }
      params.push(limit + 1);
      const dir = sort.direction === "desc" ? "DESC" : "ASC";
      // The page's ids first (the index read collects every match: a materialized CTE has no
      // ORDER BY or LIMIT to walk an index for, so the planner takes the full-text index), then
      // its columns for those rows only. Computed over the whole filter, the "sampled" column
      // made the planner hash all of SampledItem on every page (~140 ms at 50,000 sampled).
      const ids =
        textRead === "index"
          ? `WITH hits AS MATERIALIZED (SELECT o.id, ${column} AS key FROM "LoggedOutput" o WHERE ${where.join(" AND ")})
             SELECT id, key FROM hits ORDER BY key ${dir}, id ${dir} LIMIT $${params.length}`
          : `SELECT o.id, ${column} AS key FROM "LoggedOutput" o WHERE ${where.join(" AND ")} ORDER BY ${column} ${dir}, o.id ${dir} LIMIT $${params.length}`;
      const sql = `SELECT ${LIST_COLUMNS} FROM (${ids}) h JOIN "LoggedOutput" o ON o.id = h.id AND o."projectId" = $1 ORDER BY h.key ${dir}, h.id ${dir}`;
      const { rows } = await db.query<ListRow>(sql, params);
      const page = rows.slice(0, limit).map((r) => ({ ...r, timestamp: iso(r.timestamp)!, latencyMs: r.latencyMs === null ? null : Number(r.latencyMs), costUsd: r.costUsd === null ? null : Number(r.costUsd) }));
      const last = page[page.length - 1];
      const nextCursor = rows.length > limit && last ? encodeCursor({ value: sort.key === "timestamp" ? last.timestamp : (last[sort.key] as number), id: last.id }) : null;
      return { rows: page, nextCursor };
    },

    async countOutputs({ projectId, filter, cap }) {
      const params: unknown[] = [projectId];
      const where = outputFilterSql(filter, params, "count");
      params.push(cap + 1);
      const { rows } = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM (SELECT 1 FROM "LoggedOutput" o WHERE ${where} LIMIT $${params.length}) x`, params);
      const n = Number(rows[0]?.n ?? 0);
      return { count: Math.min(n, cap), capped: n > cap };
    },

    async readOutput({ projectId, outputId }) {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT o.id::text AS id, o.* FROM "LoggedOutput" o WHERE o."projectId" = $1 AND o.id = $2::uuid`,
        [projectId, outputId],
      );
      const r = rows[0];
      if (!r) return null;
      const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
      const b = (v: unknown) => (v === null || v === undefined ? null : Boolean(v));
      return {
        id: String(r.id),
        externalId: String(r.externalId),
        timestamp: iso(r.timestamp as Date)!,
        ingestedAt: iso(r.ingestedAt as Date)!,
        taskType: (r.taskType as string | null) ?? null,
        model: (r.model as string | null) ?? null,
        input: r.input,
        output: r.output,
        context: r.context ?? null,
        metadata: (r.metadata as Record<string, unknown>) ?? {},
        signals: r.signals ?? null,
        redactions: Number(r.redactions ?? 0),
        latencyMs: n(r.latencyMs),
        costUsd: n(r.costUsd),
        tokensIn: n(r.tokensIn),
        tokensOut: n(r.tokensOut),
        checks: {
          formatValid: b(r.formatValid),
          refusal: b(r.refusal),
          escalated: b(r.escalated),
          overridden: b(r.overridden),
          intervened: b(r.intervened),
          approved: b(r.approved),
          overLatencySla: b(r.overLatencySla),
          overCostBudget: b(r.overCostBudget),
        },
        checksVersion: n(r.checksVersion),
      };
    },

    async listToolCalls({ projectId, traceId }) {
      const { rows } = await db.query<ToolCallRecord & { startedAt: Date | string }>(
        `SELECT id::text AS id, "externalId", "toolName", "startedAt", "durationMs", "status", "errorType", "httpStatus", "authFailure", "schemaError", "retry"
           FROM "ToolCall" WHERE "projectId" = $1 AND "traceId" = $2 ORDER BY "startedAt", id LIMIT 500`,
        [projectId, traceId],
      );
      return rows.map((r) => ({ ...r, startedAt: iso(r.startedAt)!, durationMs: r.durationMs === null ? null : Number(r.durationMs) }));
    },

    async toolReliability({ projectId, start, end }) {
      const { rows } = await db.query<Record<keyof ToolReliability, string | number>>(
        `SELECT "toolName", count(*) AS calls, count(*) FILTER (WHERE "status" = 'ok') AS ok, count(*) FILTER (WHERE "status" = 'error') AS errors,
                count(*) FILTER (WHERE "status" = 'timeout') AS timeouts, count(*) FILTER (WHERE "retry") AS retries,
                count(*) FILTER (WHERE "authFailure") AS "authFailures", count(*) FILTER (WHERE "schemaError") AS "schemaErrors"
           FROM "ToolCall" WHERE "projectId" = $1 AND "startedAt" >= $2 AND "startedAt" < $3
          GROUP BY 1 ORDER BY 2 DESC, 1`,
        [projectId, start.toISOString(), end.toISOString()],
      );
      return rows.map((r) => ({
        toolName: String(r.toolName),
        calls: Number(r.calls),
        ok: Number(r.ok),
        errors: Number(r.errors),
        timeouts: Number(r.timeouts),
        retries: Number(r.retries),
        authFailures: Number(r.authFailures),
        schemaErrors: Number(r.schemaErrors),
      }));
    },

    aggregateGroups({ projectId, ranges }) {
      return readAggregateGroups(db, projectId, ranges);
    },

    async toolCallTotals({ projectId, ranges }) {
      if (ranges.length === 0) return [];
      const { rows } = await db.query<{ i: number; calls: string | number; ok: string | number }>(
        `SELECT w.i, count(c.id) AS calls, count(c.id) FILTER (WHERE c."status" = 'ok') AS ok
           FROM json_to_recordset($2::json) AS w(i int, s timestamptz, e timestamptz)
           LEFT JOIN "ToolCall" c ON c."projectId" = $1 AND c."startedAt" >= w.s AND c."startedAt" < w.e
          GROUP BY 1`,
        [projectId, JSON.stringify(ranges.map((r, i) => ({ i, s: r.start.toISOString(), e: r.end.toISOString() })))],
      );
      const out = ranges.map(() => ({ calls: 0, ok: 0 }));
      for (const r of rows) out[Number(r.i)] = { calls: Number(r.calls), ok: Number(r.ok) };
      return out;
    },

    async rangeTotals({ projectId, ranges }) {
      if (ranges.length === 0) return [];
      // The revision is read before anything else: a write committed after it bumps it past the
      // value kept with what is computed below, so a range read half before a late write is stale.
      const head = await db.query<{ now: Date | string; revision: string | number | null }>(
        `SELECT clock_timestamp() AS now, (SELECT "revision" FROM "PopulationRevision" WHERE "projectId" = $1) AS revision`,
        [projectId],
      );
      const revision = String(head.rows[0]?.revision ?? 0);
      const keepBefore = new Date(head.rows[0].now).getTime() - KEEP_AFTER_MS;
      const key = (start: Date, end: Date) => `${start.getTime()}/${end.getTime()}`;
      // A range too recent to keep (the open week) is split at the last UTC midnight old enough
      // to keep: its finished days are kept like a closed week (one kept row a day) and only the
      // last two days or so are summed on each view. Every piece is hour-aligned at the cut, as
      // the hourly rollup is, and counters and histograms add up (addAggregates).
      const cut = Math.floor(keepBefore / DAY_MS) * DAY_MS;
      const parts = ranges.map((r) =>
        r.end.getTime() > keepBefore && r.start.getTime() < cut ? [{ start: r.start, end: new Date(cut) }, { start: new Date(cut), end: r.end }] : [r],
      );
      const pieces = [...new Map(parts.flat().map((r) => [key(r.start, r.end), r])).values()];
      const kept = await db.query<{ s: Date | string; e: Date | string; values: RangeTotals }>(
        `SELECT c."rangeStart" AS s, c."rangeEnd" AS e, c."values" FROM "PopulationRangeCache" c
          WHERE c."projectId" = $1 AND c."revision" = $2::bigint
            AND (c."rangeStart", c."rangeEnd") IN (SELECT w.s, w.e FROM json_to_recordset($3::json) AS w(s timestamptz, e timestamptz))`,
        [projectId, revision, JSON.stringify(pieces.filter((r) => r.end.getTime() <= keepBefore).map((r) => ({ s: r.start.toISOString(), e: r.end.toISOString() })))],
      );
      const found = new Map(kept.rows.map((r) => [key(new Date(r.s), new Date(r.e)), r.values]));
      const missing = pieces.filter((r) => !found.has(key(r.start, r.end)));
      if (missing.length) {
        const [groups, tools] = await Promise.all([readAggregateGroups(db, projectId, missing), this.toolCallTotals({ projectId, ranges: missing })]);
        const computed = missing.map((range, i) => ({ range, values: { aggregate: addAggregates(...groups[i].map((g) => g.aggregate)), tools: tools[i] } }));
        for (const c of computed) found.set(key(c.range.start, c.range.end), c.values);
        const keep = computed.filter((c) => c.range.end.getTime() <= keepBefore);
        if (keep.length) {
          await db.query(
            `INSERT INTO "PopulationRangeCache" AS c ("projectId", "rangeStart", "rangeEnd", "revision", "values")
             SELECT $1, w.s, w.e, $2::bigint, w.v FROM json_to_recordset($3::json) AS w(s timestamptz, e timestamptz, v jsonb)
             ON CONFLICT ("projectId", "rangeStart", "rangeEnd") DO UPDATE SET "revision" = excluded."revision", "values" = excluded."values"
              WHERE c."revision" < excluded."revision"`,
            [projectId, revision, JSON.stringify(keep.map((c) => ({ s: c.range.start.toISOString(), e: c.range.end.toISOString(), v: c.values })))],
          );
        }
      }
      return parts.map((p) => {
        const [first, ...rest] = p.map((r) => found.get(key(r.start, r.end))!);
        return rest.reduce(
          (sum, t) => ({ aggregate: addAggregates(sum.aggregate, t.aggregate), tools: { calls: sum.tools.calls + t.tools.calls, ok: sum.tools.ok + t.tools.ok } }),
          first,
        );
      });
    },

    async dimensions({ projectId }) {
      const { rows } = await db.query<{ taskType: string; model: string }>(
        `SELECT DISTINCT "taskType", "model" FROM "OutputHourlyRollup" WHERE "projectId" = $1 AND "outputs" > 0`,
        [projectId],
      );
      return {
        taskTypes: [...new Set(rows.map((r) => r.taskType).filter(Boolean))].sort(),
        models: [...new Set(rows.map((r) => r.model).filter(Boolean))].sort(),
      };
    },
  };
}

export type { PopulationAggregate, AggregateGroup };
