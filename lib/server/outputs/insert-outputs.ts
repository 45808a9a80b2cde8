// The bulk write path for logged outputs. One statement per batch: arrays bound as parameters
// and expanded with unnest(), with ON CONFLICT DO NOTHING making retries of a batch safe.
// Prisma's createMany builds one bind parameter per cell and is several times slower here.
import type { Database } from "@/lib/server/db/client";

export type LoggedOutputRow = {
  externalId: string;
  timestamp: Date;
  taskType: string | null;
  model: string | null;
  input: unknown;
  output: unknown;
  context: unknown | null;
  metadata: Record<string, unknown>;
  signals: unknown | null;
  redactions: number;
};

const INSERT_SQL = `
INSERT INTO "LoggedOutput" ("projectId", "externalId", "timestamp", "taskType", "model", "input", "output", "context", "metadata", "signals", "redactions")
SELECT $1, u.* FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::jsonb[], $9::jsonb[], $10::jsonb[], $11::int[]) AS u
ON CONFLICT ("projectId", "externalId") DO NOTHING
RETURNING "externalId"`;

/** Inserts rows not already present (by externalId); returns the externalIds actually inserted. */
export async function insertLoggedOutputs(db: Database, projectId: string, rows: LoggedOutputRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  const result = await db.query<{ externalId: string }>(INSERT_SQL, [
    projectId,
    rows.map((r) => r.externalId),
    rows.map((r) => r.timestamp.toISOString()),
    rows.map((r) => r.taskType),
    rows.map((r) => r.model),
    rows.map((r) => json(r.input)),
    rows.map((r) => json(r.output)),
    rows.map((r) => json(r.context)),
    rows.map((r) => json(r.metadata)),
    rows.map((r) => json(r.signals)),
    rows.map((r) => r.redactions),
  ]);
  return new Set(result.rows.map((r) => r.externalId));
}
