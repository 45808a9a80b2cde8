// Ingest of logged outputs: validation, redaction, de-duplication and the bulk insert, shared by
// the REST endpoint (JSON array or NDJSON stream) and the OTLP endpoint.
import "server-only";
import { getDatabase, prisma, type Database } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { AppError, PayloadTooLargeError, ValidationError } from "@/lib/server/errors";
import type { Actor } from "@/lib/server/auth/actor";
import { insertLoggedOutputs } from "@/lib/server/outputs/insert-outputs";
import { timestampRangeAt, validateRecord, type NormalizedOutput, type TimestampRange } from "@/lib/ingest/record";
import { storeToolSpans } from "@/lib/server/outputs/tool-calls";
import { isToolSpan } from "@/lib/outputs/tool-spans";
import { compileRedactor, readRedactionSettings, redactRow, type Redactor } from "@/lib/ingest/redaction";
import { BodyLimitError, parseJsonLine, splitLines } from "@/lib/ingest/lines";
import { mapSpan, readTraceRequest, retrievedDocuments } from "@/lib/ingest/otlp";

export type IngestLimits = {
  /** Largest body, after decompression. */
  maxBodyBytes: number;
  maxRecords: number;
  /** Largest single NDJSON line (one record). */
  maxLineBytes: number;
};

const envNumber = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

// The defaults are documented in docs/ingest.md; the variables exist for operators with unusual needs.
export function jsonArrayLimits(): IngestLimits {
  return { maxBodyBytes: envNumber("ASSAY_INGEST_JSON_MAX_BYTES", 16 * 1024 * 1024), maxRecords: envNumber("ASSAY_INGEST_JSON_MAX_RECORDS", 10_000), maxLineBytes: 1024 * 1024 };
}
export function ndjsonLimits(): IngestLimits {
  return { maxBodyBytes: envNumber("ASSAY_INGEST_NDJSON_MAX_BYTES", 1024 * 1024 * 1024), maxRecords: envNumber("ASSAY_INGEST_NDJSON_MAX_RECORDS", 1_000_000), maxLineBytes: envNumber("ASSAY_INGEST_MAX_RECORD_BYTES", 1024 * 1024) };
}

export type IngestError = { index: number; id: string | null; field: string; message: string };
export type IngestResult = { accepted: number; duplicates: number; rejected: number; errors: IngestError[]; errorsTruncated?: boolean };

/** Past this many, errors are counted in `rejected` but not listed. */
export const MAX_LISTED_ERRORS = 1000;
/** Rows per INSERT statement. */
const FLUSH_ROWS = 2000;

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super(message, 415, "unsupported_media_type");
  }
}

/** The body is not what its Content-Encoding says (not gzip, or cut short): a 400 naming that. */
export class ContentEncodingError extends ValidationError {
  constructor(
    readonly detail: string,
    stored = "",
  ) {
    super([{ field: "Content-Encoding", message: `the body is not valid gzip (${detail}); send it uncompressed, or compressed whole with gzip${stored}` }]);
  }
}

/** A whole body as text in its declared charset; bytes that are not valid text are a 400, never replaced. */
export function decodeBody(bytes: Uint8Array, decoder: TextDecoder = new TextDecoder("utf-8", { fatal: true })): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new ValidationError([{ field: "(body)", message: `the body is not valid ${decoder.encoding === "utf-8" ? "UTF-8" : decoder.encoding} text; declare its charset in Content-Type, or send UTF-8` }]);
  }
}

type Target = { projectId: string; redact: Redactor | null; timestamps: TimestampRange };

async function resolveTarget(actor: Actor, projectSlug: string | null | undefined): Promise<Target> {
  let project: { slug: string } | { id: string };
  if (projectSlug) project = { slug: projectSlug };
  else if (actor.kind === "apiKey") project = { id: actor.projectId };
  else throw new ValidationError([{ field: "project", message: "name the project (?project=<slug>) when not using a project API key" }]);
  const access = await authorizeProject({ actor, project, permission: "outputs:ingest" });
  const db = await prisma();
  const row = await db.project.findUnique({ where: { id: access.project.id }, select: { redaction: true, earliestOutputAt: true } });
  return { projectId: access.project.id, redact: compileRedactor(readRedactionSettings(row?.redaction)), timestamps: timestampRangeAt(new Date(), row?.earliestOutputAt ?? null) };
}

// SQLSTATE classes that describe the data of a row, not the database or the statement: 22 data
// exception (a value out of range, untranslatable text), 23 integrity constraint, 54 program limit
// (a value too large). Anything else (a lost connection, a bug in the SQL) still fails the request.
const PER_RECORD_SQLSTATE = /^(22|23|54)/;

function recordDatabaseError(error: unknown): { field: string; message: string } | null {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e?.code !== "string" || !PER_RECORD_SQLSTATE.test(e.code)) return null;
  const field = e.code === "22007" || e.code === "22008" ? "timestamp" : "(record)";
  return { field, message: `the database refused this record (SQLSTATE ${e.code}: ${String(e.message)})` };
}

/**
 * Collects validated rows and writes them in batches. One write is in flight while the next
 * batch is being parsed; writes are sequential, so within a request the first occurrence of an
 * id wins and later ones count as duplicates.
 */
class Sink {
  readonly result: IngestResult = { accepted: 0, duplicates: 0, rejected: 0, errors: [] };
  private rows: NormalizedOutput[] = [];
  /** The request index of each row in `rows`, for a rejection the database reports. */
  private indexes: number[] = [];
  private ids = new Set<string>();
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly target: Target,
  ) {}

  reject(index: number, id: string | null, errors: { field: string; message: string }[]) {
    this.result.rejected++;
    for (const error of errors) {
      if (this.result.errors.length >= MAX_LISTED_ERRORS) {
        this.result.errorsTruncated = true;
        break;
      }
      this.result.errors.push({ index, id, ...error });
    }
  }

  async add(index: number, raw: unknown) {
    const validated = validateRecord(raw, this.target.timestamps);
    if (!validated.ok) return this.reject(index, validated.id, validated.errors);
    if (this.ids.has(validated.row.externalId)) {
      this.result.duplicates++;
      return;
    }
    this.ids.add(validated.row.externalId);
    this.rows.push(redactRow(validated.row, this.target.redact));
    this.indexes.push(index);
    if (this.rows.length >= FLUSH_ROWS) await this.flush();
  }

  async flush() {
    const rows = this.rows;
    const indexes = this.indexes;
    this.rows = [];
    this.indexes = [];
    this.ids = new Set();
    await this.inFlight;
    if (rows.length === 0) return;
    this.inFlight = this.write(rows, indexes);
    // Surface a failure now rather than at the next flush; the caller still awaits finish().
    this.inFlight.catch(() => undefined);
  }

  /**
   * Writes a batch. When the database refuses it because of some row's data, the batch is split
   * in halves until the refused rows stand alone: they become rejections of their own, the
   * others are stored (a few extra statements, only on this rare path).
   */
  private async write(rows: NormalizedOutput[], indexes: number[]): Promise<void> {
    try {
      const inserted = await insertLoggedOutputs(this.database, this.target.projectId, rows);
      this.result.accepted += inserted.size;
      this.result.duplicates += rows.length - inserted.size;
    } catch (error) {
      const refused = recordDatabaseError(error);
      if (!refused) throw error;
      if (rows.length === 1) return this.reject(indexes[0], rows[0].externalId, [refused]);
      const half = Math.ceil(rows.length / 2);
      await this.write(rows.slice(0, half), indexes.slice(0, half));
      await this.write(rows.slice(half), indexes.slice(half));
    }
  }

  /** The counts of the writes made so far, without writing what is still buffered. */
  async settled(): Promise<IngestResult> {
    this.rows = [];
    this.indexes = [];
    await this.inFlight;
    return this.result;
  }

  async finish(): Promise<IngestResult> {
    await this.flush();
    await this.inFlight;
    // Rejections the database reported arrive after the validation errors of later records.
    this.result.errors.sort((a, b) => a.index - b.index);
    return this.result;
  }
}

/** Stores an already-parsed list of records (a JSON array body). */
export async function ingestRecords(input: { actor: Actor; projectSlug?: string | null; records: unknown[]; limits?: IngestLimits }): Promise<IngestResult> {
  const limits = input.limits ?? jsonArrayLimits();
  if (input.records.length > limits.maxRecords) {
    throw new PayloadTooLargeError(`A JSON array may hold at most ${limits.maxRecords} records (got ${input.records.length}); split it, or stream NDJSON.`);
  }
  return storeRecords(await resolveTarget(input.actor, input.projectSlug), input.records);
}

async function storeRecords(target: Target, records: unknown[]): Promise<IngestResult> {
  const sink = new Sink(await getDatabase(), target);
  for (let i = 0; i < records.length; i++) await sink.add(i, records[i]);
  return sink.finish();
}

/** Reads a whole body up to a byte limit (decompressing gzip first); 413 past the limit. */
export async function readBodyWithLimit(body: ReadableStream<Uint8Array> | null, maxBytes: number, what: string): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new PayloadTooLargeError(`The ${what} body is larger than the limit of ${maxBytes} bytes (after decompression).`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** Parses a JSON array body and stores its records. */
export async function ingestJsonBody(input: { actor: Actor; projectSlug?: string | null; body: ReadableStream<Uint8Array> | null; limits?: IngestLimits; decoder?: TextDecoder }): Promise<IngestResult> {
  const limits = input.limits ?? jsonArrayLimits();
  // Authorise before reading a possibly large body.
  const target = await resolveTarget(input.actor, input.projectSlug);
  const bytes = await readBodyWithLimit(input.body, limits.maxBodyBytes, "JSON");
  const parsed = parseJsonLine(decodeBody(bytes, input.decoder));
  if (!parsed.ok) throw new ValidationError([{ field: "(body)", message: `the body is ${parsed.message}` }]);
  if (!Array.isArray(parsed.value)) {
    throw new ValidationError([{ field: "(body)", message: "the body must be a JSON array of records (or NDJSON with Content-Type: application/x-ndjson)" }]);
  }
  if (parsed.value.length > limits.maxRecords) {
    throw new PayloadTooLargeError(`A JSON array may hold at most ${limits.maxRecords} records (got ${parsed.value.length}); split it, or stream NDJSON.`);
  }
  return storeRecords(target, parsed.value);
}

/**
 * Stores NDJSON records from a byte stream without holding the body: one line at a time, written
 * in batches. A record's index is its zero-based line number. Past a limit, the records already
 * read stay stored (a retry of them is a duplicate) and a 413 says how far it got.
 */
export async function ingestNdjsonStream(input: { actor: Actor; projectSlug?: string | null; body: AsyncIterable<Uint8Array> | null; limits?: IngestLimits; decoder?: TextDecoder }): Promise<IngestResult> {
  const limits = input.limits ?? ndjsonLimits();
  const target = await resolveTarget(input.actor, input.projectSlug);
  const sink = new Sink(await getDatabase(), target);
  if (!input.body) return sink.finish();
  let records = 0;
  let lastLine = 0;
  const stopped = async (reason: string) => {
    const r = await sink.finish();
    return new PayloadTooLargeError(
      `${reason} Lines 1–${lastLine} were processed (accepted ${r.accepted}, duplicates ${r.duplicates}, rejected ${r.rejected}); send the rest in another request (re-sending stored records is safe: they count as duplicates).`,
    );
  };
  try {
    for await (const line of splitLines(input.body, { maxLineBytes: limits.maxLineBytes, maxBodyBytes: limits.maxBodyBytes, decoder: input.decoder })) {
      if (records >= limits.maxRecords) throw await stopped(`An NDJSON request may hold at most ${limits.maxRecords} records.`);
      records++;
      lastLine = line.lineNumber;
      const index = line.lineNumber - 1;
      if ("tooLong" in line) {
        sink.reject(index, null, [{ field: "(record)", message: `the line is ${line.bytes} bytes; a record may be at most ${limits.maxLineBytes} bytes` }]);
        continue;
      }
      if ("badEncoding" in line) {
        sink.reject(index, null, [{ field: "(record)", message: line.badEncoding }]);
        continue;
      }
      const parsed = parseJsonLine(line.text);
      if (!parsed.ok) {
        sink.reject(index, null, [{ field: "(record)", message: parsed.message }]);
        continue;
      }
      await sink.add(index, parsed.value);
    }
  } catch (error) {
    if (error instanceof BodyLimitError) throw await stopped(`The NDJSON body is larger than the limit of ${error.limitBytes} bytes.`);
    if (error instanceof ContentEncodingError) {
      // Lines still buffered were never acknowledged and are dropped; earlier batches stay stored.
      const { accepted } = await sink.settled();
      throw new ContentEncodingError(error.detail, accepted ? `; ${accepted} records of earlier lines had already been stored (re-sending them is safe)` : "; nothing was stored");
    }
    throw error;
  }
  return sink.finish();
}

export type OtlpIngestResult = IngestResult & { ignored: number; spans: number };

/**
 * Maps the GenAI spans of an OTLP trace export to logged outputs and stores them. Other spans
 * are counted as ignored; GenAI spans that cannot become a record (no captured content, bad ids)
 * are rejected with a reason. A span's index is its position in the request.
 */
export async function ingestOtlp(input: { actor: Actor; projectSlug?: string | null; request: unknown }): Promise<OtlpIngestResult> {
  const target = await resolveTarget(input.actor, input.projectSlug);
  const { spans, problems, total } = readTraceRequest(input.request);
  const sink = new Sink(await getDatabase(), target);
  for (const problem of problems) sink.reject(problem.index, problem.id, [{ field: "span", message: problem.reason }]);
  const documents = retrievedDocuments(spans);
  // Agent tool calls are kept as the trace's tool calls rather than ignored (issue 13).
  await storeToolSpans(await getDatabase(), target.projectId, spans);
  let ignored = 0;
  for (const span of spans) {
    const position = span.index;
    const mapped = mapSpan(span, documents.get(span.traceId));
    if (mapped.kind === "ignored") ignored += isToolSpan(span) ? 0 : 1; // tool calls are stored above
    else if (mapped.kind === "rejected") sink.reject(position, mapped.id, [{ field: "span", message: mapped.reason }]);
    else await sink.add(position, mapped.record);
  }
  return { ...(await sink.finish()), ignored, spans: total };
}
