// The logged-output record accepted by every way in (REST, NDJSON, CLI, OTLP after mapping),
// and its validation into the row the bulk insert stores.
import { z } from "zod";

/** Longest caller id; ids are idempotency keys, not payloads. */
export const MAX_ID_LENGTH = 256;

const text = z.string();
const nonNegative = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

const message = z.strictObject({
  role: z.string().min(1, "role is required (e.g. user, assistant, system)").max(64),
  // Multimodal content arrives as a list of parts; it is kept as JSON.
  content: z.union([text, z.array(z.unknown()), z.record(z.string(), z.unknown())], "content must be a string, a list of parts or an object"),
  name: z.string().optional(),
});

const contextItem = z.strictObject({
  id: z.string().optional(),
  title: z.string().optional(),
  url: z.string().optional(),
  text: z.string("each context item needs a text"),
  score: z.number().finite().optional(),
});

const signal = z.strictObject({
  name: z.string().min(1, "signal name is required").max(128),
  value: z.union([z.number().finite(), z.boolean(), z.string()], "value must be a number, a boolean or a string"),
  source: z.string().max(128).optional(),
});

const metadata = z.looseObject({
  model: z.string().max(256).optional(),
  modelVersion: z.string().max(256).optional(),
  taskType: z.string().min(1).max(128).optional(),
  latencyMs: nonNegative.optional(),
  costUsd: nonNegative.optional(),
  tokensIn: count.optional(),
  tokensOut: count.optional(),
  userSegment: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

export const loggedOutputRecordSchema = z.strictObject({
  id: z
    .string("id is required: your unique id for this output")
    .trim()
    .min(1, "id must not be empty")
    .max(MAX_ID_LENGTH, `id is longer than ${MAX_ID_LENGTH} characters`),
  timestamp: z.iso.datetime({ offset: true, message: "timestamp must be ISO 8601 with a time zone, e.g. 2025-05-03T10:15:00Z" }),
  input: z.union([text, z.array(message).min(1, "input messages must not be empty")], "input must be a string or a list of {role, content} messages"),
  output: z.union([text, message], "output must be a string or one {role, content} message"),
  context: z.array(contextItem).optional(),
  metadata: metadata.optional(),
  signals: z.array(signal).optional(),
});

export type LoggedOutputRecord = z.infer<typeof loggedOutputRecordSchema>;

/** What the bulk insert stores (lib/server/outputs/insert-outputs.ts). */
export type NormalizedOutput = {
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

export type RecordError = { field: string; message: string };

export type ValidatedRecord = { ok: true; row: NormalizedOutput } | { ok: false; id: string | null; errors: RecordError[] };

const MAX_ERRORS_PER_RECORD = 5;

/** The caller's id of a record that failed validation, for the error report (null when absent). */
export function recordIdOf(raw: unknown): string | null {
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const id = (raw as Record<string, unknown>).id;
    if (typeof id === "string") return id.slice(0, MAX_ID_LENGTH);
    if (typeof id === "number") return String(id);
  }
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// PostgreSQL rejects NUL in text and jsonb, and lone UTF-16 surrogates in jsonb; one such string
// would fail the whole batch statement, so it is caught here as the record's own error.
function findUnstorableString(value: unknown, path: string): RecordError | null {
  if (typeof value === "string") {
    if (value.includes("\u0000")) return { field: path, message: "contains a NUL character (\\u0000), which cannot be stored" };
    if (LONE_SURROGATE.test(value)) return { field: path, message: "contains an unpaired UTF-16 surrogate, which cannot be stored" };
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = findUnstorableString(value[i], path ? `${path}.${i}` : String(i));
      if (problem) return problem;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const key of Object.keys(value)) {
      const keyProblem = findUnstorableString(key, path ? `${path}.${key}` : key);
      if (keyProblem) return { field: keyProblem.field, message: `key ${keyProblem.message}` };
      const problem = findUnstorableString((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
  }
  return null;
}

/** Validates one raw record (already JSON-parsed) into the stored row, before redaction. */
export function validateRecord(raw: unknown): ValidatedRecord {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, id: null, errors: [{ field: "(record)", message: "each record must be a JSON object" }] };
  }
  const parsed = loggedOutputRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = parsed.error.issues.slice(0, MAX_ERRORS_PER_RECORD).map((issue) => ({
      field: issue.path.map(String).join(".") || "(record)",
      message: issue.code === "unrecognized_keys" ? `unknown field(s) ${issue.keys.join(", ")}; allowed: id, timestamp, input, output, context, metadata, signals` : issue.message,
    }));
    return { ok: false, id: recordIdOf(raw), errors };
  }
  const record = parsed.data;
  const unstorable = findUnstorableString(record, "");
  if (unstorable) return { ok: false, id: recordIdOf(raw), errors: [unstorable] };
  const timestamp = new Date(record.timestamp);
  if (Number.isNaN(timestamp.getTime())) return { ok: false, id: record.id, errors: [{ field: "timestamp", message: "is not a real date" }] };
  const meta = (record.metadata ?? {}) as Record<string, unknown>;
  return {
    ok: true,
    row: {
      externalId: record.id,
      timestamp,
      taskType: record.metadata?.taskType ?? null,
      model: record.metadata?.model ?? null,
      input: record.input,
      output: record.output,
      context: record.context ?? null,
      metadata: meta,
      signals: record.signals ?? null,
      redactions: 0,
    },
  };
}
