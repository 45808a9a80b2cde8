// The bulk write path for logged outputs. One statement per batch, with ON CONFLICT DO NOTHING
// making retries of a batch safe.
// Prisma's createMany builds one bind parameter per cell and is several times slower here.
import "server-only";
import type { NormalizedOutput } from "@/lib/ingest/record";
import type { Database } from "@/lib/server/db/client";
import { promoteTypedColumns } from "@/lib/outputs/typed-columns";
import { readCompiledChecks } from "@/lib/server/outputs/check-settings";

/** One row as validated by lib/ingest/record.ts; the demo seed builds the same shape. */
export type LoggedOutputRow = NormalizedOutput;

// The batch travels as ONE JSON text expanded by json_to_recordset: V8 serialises it natively,
// whereas jsonb[] parameters make node-postgres quote and escape every element (the larger cost).
const INSERT_SQL = `
INSERT INTO "LoggedOutput" ("projectId", "externalId", "timestamp", "taskType", "model", "input", "output", "context", "metadata", "signals", "redactions",
  "latencyMs", "costUsd", "tokensIn", "tokensOut", "formatValid", "refusal", "escalated", "overridden", "intervened", "approved", "overLatencySla", "overCostBudget", "checksVersion")
SELECT $1, r.e, r.t, r.k, r.m, r.i, r.o, r.c, coalesce(r.d, '{}'::jsonb), r.s, r.n, r.l, r.u, r.ti, r.tk, r.fv, r.rf, r.es, r.ov, r.iv, r.ap, r.sl, r.bu, $3
FROM json_to_recordset($2::json) AS r(e text, t timestamptz, k text, m text, i jsonb, o jsonb, c jsonb, d jsonb, s jsonb, n int,
  l float8, u float8, ti int, tk int, fv boolean, rf boolean, es boolean, ov boolean, iv boolean, ap boolean, sl boolean, bu boolean)
ON CONFLICT ("projectId", "externalId") DO NOTHING
RETURNING "externalId"`;

/**
 * Inserts rows not already present (by externalId); returns the externalIds actually inserted.
 * Promotes latency, cost and tokens to their columns and runs the project's population checks
 * (lib/outputs/checks.ts) on every row.
 */
export async function insertLoggedOutputs(db: Database, projectId: string, rows: LoggedOutputRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const checks = await readCompiledChecks(db, projectId);
  const payload = JSON.stringify(
    rows.map((r) => {
      const typed = promoteTypedColumns(r.metadata);
      const c = checks.checks.evaluate({ taskType: r.taskType, output: r.output, metadata: r.metadata, signals: r.signals, latencyMs: typed.latencyMs, costUsd: typed.costUsd });
      return {
        e: r.externalId, t: r.timestamp.toISOString(), k: r.taskType, m: r.model, i: r.input ?? null, o: r.output ?? null, c: r.context ?? null, d: r.metadata, s: r.signals ?? null, n: r.redactions,
        l: typed.latencyMs, u: typed.costUsd, ti: typed.tokensIn, tk: typed.tokensOut,
        fv: c.formatValid, rf: c.refusal, es: c.escalated, ov: c.overridden, iv: c.intervened, ap: c.approved, sl: c.overLatencySla, bu: c.overCostBudget,
      };
    }),
  );
  const result = await db.query<{ externalId: string }>(INSERT_SQL, [projectId, payload, checks.version]);
  return new Set(result.rows.map((r) => r.externalId));
}

// ---------------------------------------------------------------- COPY (server databases)

/** Escapes one value for PostgreSQL's COPY text format; null is \N. */
export function copyTextValue(value: string | null): string {
  if (value === null) return "\\N";
  return value.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
}

/** One row as a COPY text line, in the column order of COPY_COLUMNS. */
export function copyTextLine(projectId: string, row: LoggedOutputRow): string {
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  return [
    projectId,
    row.externalId,
    row.timestamp.toISOString(),
    row.taskType,
    row.model,
    json(row.input),
    json(row.output),
    json(row.context),
    json(row.metadata),
    json(row.signals),
    String(row.redactions),
  ]
    .map(copyTextValue)
    .join("\t") + "\n";
}

export const COPY_COLUMNS = `"projectId", "externalId", "timestamp", "taskType", "model", "input", "output", "context", "metadata", "signals", "redactions"`;

type CopyConnection = { query(text: string): void; sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void };

/**
 * COPY ... FROM STDIN through node-postgres without an extra package: a "submittable" query that
 * answers the server's CopyInResponse with the given chunks. Resolves with the row count.
 */
export function copyFrom(client: { query(submittable: unknown): unknown }, sql: string, chunks: Iterable<Buffer | string>): Promise<number> {
  return new Promise((resolve, reject) => {
    let rowCount = 0;
    let failure: Error | null = null;
    const submittable = {
      submit(connection: CopyConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyConnection) {
        for (const chunk of chunks) connection.sendCopyFromChunk(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
        connection.endCopyFrom();
      },
      handleCommandComplete(message: { text: string }) {
        rowCount = Number(message.text.split(" ").pop()) || 0;
      },
      handleError(error: Error) {
        failure = error;
      },
      handleReadyForQuery() {
        if (failure) reject(failure);
        else resolve(rowCount);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    client.query(submittable);
  });
}
