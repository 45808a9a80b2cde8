// The typed columns promoted out of an output's metadata at ingest (LoggedOutput.latencyMs, …):
// the same rule as the backfill in migration population_rollups. Anything that is not a finite,
// non-negative number (an integer for tokens) stays null rather than failing the record.
export type TypedColumns = { latencyMs: number | null; costUsd: number | null; tokensIn: number | null; tokensOut: number | null };

const MAX_INT = 2147483647;

function amount(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

function count(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_INT ? value : null;
}

export function promoteTypedColumns(metadata: Record<string, unknown>): TypedColumns {
  return { latencyMs: amount(metadata.latencyMs), costUsd: amount(metadata.costUsd), tokensIn: count(metadata.tokensIn), tokensOut: count(metadata.tokensOut) };
}
