// The HTTP answer to an ingest batch, from what happened to its records. Each record is stored
// whole or not at all; the status says which of the three a batch was, so a client that only
// reads the status still learns that something was refused:
// - 200: every record was stored or was already there (a retry);
// - 207 Multi-Status: some records were refused beside stored ones (the body lists them; Langfuse's
//   batch ingestion answers the same way);
// - 400: every record was refused and nothing was stored.
// OTLP keeps 200 for a partly refused export: its spec requires 200 with `partialSuccess` there;
// an export whose every span was refused is a 400, as the spec allows for a request it rejects.

export type BatchCounts = { accepted: number; duplicates: number; rejected: number };
export type BatchError = { index: number; field: string; message: string };

export type BatchStatus = 200 | 207 | 400;

export function restBatchStatus(result: BatchCounts): BatchStatus {
  if (result.rejected === 0) return 200;
  return result.accepted + result.duplicates === 0 ? 400 : 207;
}

/** `spans` counts every span of the export, including ignored ones and stored tool calls. */
export function otlpExportStatus(result: BatchCounts & { spans: number }): 200 | 400 {
  return result.rejected > 0 && result.rejected === result.spans ? 400 : 200;
}

/**
 * The error body of a batch refused whole: the shared error shape (`error`, `message`, `issues`
 * naming each record's field) beside the batch's own counts and errors, so a client written for
 * either reads it. `unit` names what an index counts ("record" in a JSON array, "line" in NDJSON,
 * "span" in OTLP).
 */
export function refusedBatchBody<T extends BatchCounts & { errors: BatchError[] }>(result: T, unit: "record" | "line" | "span") {
  const plural = `${unit}s`;
  const issues = result.errors.map((e) => ({ field: `${plural}[${e.index}].${e.field}`, message: e.message }));
  const first = issues[0] ? ` The first: ${issues[0].field}: ${issues[0].message}.` : "";
  const count = result.rejected === 1 ? `the one ${unit} was` : `all ${result.rejected.toLocaleString("en")} ${plural} were`;
  return { error: "all_rejected", message: `Nothing was stored: ${count} rejected.${first}`, issues, ...result };
}
