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

/** How deeply objects and arrays may nest in a record, counted from the record itself (docs/ingest.md). */
export const MAX_NESTING_DEPTH = 64;

/** The earliest timestamp accepted unless the project allows older ones. */
export const DEFAULT_EARLIEST_TIMESTAMP = new Date("1970-01-01T00:00:00Z");
/** How far ahead of the server's clock a timestamp may be (clock skew between systems). */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

export type TimestampRange = { earliest: Date; latest: Date };

/** The accepted range at `now`: from the project's earliest (default 1970) to a day ahead. */
export function timestampRangeAt(now: Date, earliest: Date | null = null): TimestampRange {
  return { earliest: earliest ?? DEFAULT_EARLIEST_TIMESTAMP, latest: new Date(now.getTime() + MAX_FUTURE_MS) };
}

type Frame = { value: unknown; depth: number; parent: Frame | null; key: string };

function pathOf(frame: Frame, key?: string): string {
  const keys: string[] = key === undefined ? [] : [key];
  for (let f: Frame | null = frame; f && f.parent; f = f.parent) keys.push(f.key);
  return keys.reverse().join(".") || "(record)";
}

function stringProblem(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character (\\u0000), which cannot be stored";
  if (LONE_SURROGATE.test(value)) return "contains an unpaired UTF-16 surrogate, which cannot be stored";
  return null;
}

/**
 * What PostgreSQL or JavaScript would refuse or silently change anywhere in a raw record (as
 * parsed from JSON), found without recursion so that a hostile depth cannot overflow the stack:
 * nesting deeper than MAX_NESTING_DEPTH; NUL in text and jsonb, lone UTF-16 surrogates in jsonb
 * (either would fail the whole batch statement); a `__proto__` key (JavaScript objects would drop
 * it); a number beyond 2^53 (already rounded by JSON.parse, so it cannot be stored exactly).
 */
function findUnstorableValue(raw: object): RecordError | null {
  const stack: Frame[] = [{ value: raw, depth: 0, parent: null, key: "" }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const value = frame.value;
    if (typeof value === "string") {
      const problem = stringProblem(value);
      if (problem) return { field: pathOf(frame), message: problem };
    } else if (typeof value === "number") {
      if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        return { field: pathOf(frame), message: `the number is beyond ±${Number.MAX_SAFE_INTEGER} and cannot be kept exactly; send it as a string` };
      }
    } else if (value !== null && typeof value === "object") {
      if (frame.depth >= MAX_NESTING_DEPTH) {
        const at = pathOf(frame).split(".");
        return { field: at.slice(0, 3).join("."), message: `is nested more than ${MAX_NESTING_DEPTH} levels deep (objects and arrays within each other, at ${at.length > 6 ? `${at.slice(0, 6).join(".")}…` : at.join(".")}); flatten it` };
      }
      const depth = frame.depth + 1;
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth, parent: frame, key: String(i) });
      } else {
        const keys = Object.keys(value);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i];
          if (key === "__proto__") return { field: pathOf(frame, key), message: "the key __proto__ is not accepted (JavaScript objects cannot hold it as data); rename it" };
          const problem = stringProblem(key);
          if (problem) return { field: pathOf(frame, key), message: `key ${problem}` };
          stack.push({ value: (value as Record<string, unknown>)[key], depth, parent: frame, key });
        }
      }
    }
  }
  return null;
}

const RECORD_FIELDS = "id, timestamp, input, output, context, metadata, signals";

/**
 * Validates one raw record (already JSON-parsed) into the stored row, before redaction. The
 * timestamp must lie in `range` (default: 1970 to a day from now; see timestampRangeAt).
 */
export function validateRecord(raw: unknown, range: TimestampRange = timestampRangeAt(new Date())): ValidatedRecord {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, id: null, errors: [{ field: "(record)", message: "each record must be a JSON object" }] };
  }
  const unstorable = findUnstorableValue(raw);
  if (unstorable) return { ok: false, id: recordIdOf(raw), errors: [unstorable] };
  const parsed = loggedOutputRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: RecordError[] = [];
    for (const issue of parsed.error.issues) {
      const at = issue.path.map(String).join(".");
      // One error per unknown field, named: the record's own keys at top level, a.b.key below.
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const name = key === "" ? '""' : key; // an empty key is still named
          errors.push({ field: at ? `${at}.${name}` : name, message: at ? "unknown field" : `unknown field; allowed: ${RECORD_FIELDS}` });
        }
      } else errors.push({ field: at || "(record)", message: issue.message });
    }
    return { ok: false, id: recordIdOf(raw), errors: errors.slice(0, MAX_ERRORS_PER_RECORD) };
  }
  const record = parsed.data;
  const timestamp = new Date(record.timestamp);
  if (Number.isNaN(timestamp.getTime())) return { ok: false, id: record.id, errors: [{ field: "timestamp", message: "is not a real date" }] };
  if (timestamp < range.earliest) {
    return { ok: false, id: record.id, errors: [{ field: "timestamp", message: `is before ${range.earliest.toISOString()}, the earliest this project accepts (a project admin can allow earlier ones in the project settings)` }] };
  }
  if (timestamp > range.latest) {
    return { ok: false, id: record.id, errors: [{ field: "timestamp", message: `is more than a day ahead of the server's clock (${new Date(range.latest.getTime() - MAX_FUTURE_MS).toISOString()}); check the sender's clock and time zone` }] };
  }
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
