// Stores agent tool calls (lib/outputs/tool-spans.ts) in one statement per batch; replays of the
// same span are duplicates (ON CONFLICT on the project's externalId).
import "server-only";
import type { Database } from "@/lib/server/db/client";
import { markRetries, mapToolSpan, type ToolCallRow } from "@/lib/outputs/tool-spans";
import type { OtlpSpan } from "@/lib/ingest/otlp";

const INSERT_SQL = `
INSERT INTO "ToolCall" ("projectId", "externalId", "traceId", "toolName", "startedAt", "durationMs", "status", "errorType", "httpStatus", "authFailure", "schemaError", "retry", "attributes")
SELECT $1, r.e, r.tr, r.n, r.t, r.d, r.s, r.et, r.h, r.a, r.sc, r.rt, coalesce(r.at, '{}'::jsonb)
FROM json_to_recordset($2::json) AS r(e text, tr text, n text, t timestamptz, d float8, s text, et text, h int, a boolean, sc boolean, rt boolean, at jsonb)
ON CONFLICT ("projectId", "externalId") DO NOTHING`;

/** Inserts tool calls not already stored; returns how many were new. */
export async function insertToolCalls(db: Database, projectId: string, calls: ToolCallRow[]): Promise<number> {
  if (calls.length === 0) return 0;
  const payload = JSON.stringify(
    calls.map((c) => ({ e: c.externalId, tr: c.traceId, n: c.toolName, t: c.startedAt.toISOString(), d: c.durationMs, s: c.status, et: c.errorType, h: c.httpStatus, a: c.authFailure, sc: c.schemaError, rt: c.retry, at: c.attributes })),
  );
  const result = await db.query(INSERT_SQL, [projectId, payload]);
  return result.affectedRows;
}

/** The tool-call spans of an OTLP request, stored; returns how many spans were tool calls. */
export async function storeToolSpans(db: Database, projectId: string, spans: OtlpSpan[]): Promise<number> {
  const calls = markRetries(spans.map(mapToolSpan).filter((c): c is ToolCallRow => c !== null));
  for (let i = 0; i < calls.length; i += 2000) await insertToolCalls(db, projectId, calls.slice(i, i + 2000));
  return calls.length;
}
