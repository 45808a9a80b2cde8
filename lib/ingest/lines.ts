// Line handling shared by the NDJSON endpoint and the file-import CLI: bytes in, one line at a
// time out, never holding more than one line (capped) in memory.

export type Line =
  | { lineNumber: number; text: string }
  | { lineNumber: number; tooLong: true; bytes: number }
  /** The line's bytes are not valid in the body's character encoding (never silently replaced). */
  | { lineNumber: number; badEncoding: string };

/**
 * Character encodings a body may declare (charset=…). Lines are split on the byte 0x0A, so only
 * encodings that keep ASCII bytes as they are qualify; WHATWG decodes ISO-8859-1 and US-ASCII as
 * windows-1252, which agrees with both on every byte they define.
 */
const ASCII_COMPATIBLE_CHARSETS = new Set(["utf-8", "utf8", "unicode-1-1-utf-8", "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "l1", "windows-1252", "cp1252"]);

/** The decoder for a declared charset (null or absent: UTF-8), or null when it is not supported. */
export function charsetDecoder(charset: string | null | undefined): TextDecoder | null {
  const label = (charset ?? "utf-8").trim().toLowerCase().replace(/^"|"$/g, "");
  if (!ASCII_COMPATIBLE_CHARSETS.has(label)) return null;
  return new TextDecoder(label, { fatal: true });
}

export class BodyLimitError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The body is larger than the limit of ${limitBytes} bytes.`);
  }
}

/**
 * Splits a byte stream into lines (LF or CRLF). A line longer than maxLineBytes is reported as
 * tooLong and skipped to its end instead of being buffered. Blank lines are skipped but counted.
 * Throws BodyLimitError once more than maxBodyBytes have been read.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  options: { maxLineBytes: number; maxBodyBytes?: number; decoder?: TextDecoder },
): AsyncGenerator<Line> {
  // Fatal: a byte sequence that is not valid text is the line's error, never replaced by U+FFFD.
  const decoder = options.decoder ?? new TextDecoder("utf-8", { fatal: true });
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let skipping = false;
  let skippedBytes = 0;
  let lineNumber = 0;
  let total = 0;
  const finishLine = (): Line | null => {
    lineNumber++;
    if (skipping) {
      const line: Line = { lineNumber, tooLong: true, bytes: skippedBytes };
      skipping = false;
      skippedBytes = 0;
      return line;
    }
    const bytes = parts.length === 1 ? parts[0] : concat(parts, partBytes);
    parts = [];
    partBytes = 0;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 13) end--;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(0, end));
    } catch {
      return { lineNumber, badEncoding: `the line is not valid ${decoder.encoding === "utf-8" ? "UTF-8" : decoder.encoding} text (declare the body's charset, or send UTF-8)` };
    }
    return text.trim() === "" ? null : { lineNumber, text };
  };
  for await (const chunk of chunks) {
    total += chunk.length;
    if (options.maxBodyBytes !== undefined && total > options.maxBodyBytes) throw new BodyLimitError(options.maxBodyBytes);
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      const piece = chunk.subarray(start, end);
      if (skipping) skippedBytes += piece.length;
      else if (partBytes + piece.length > options.maxLineBytes) {
        skipping = true;
        skippedBytes = partBytes + piece.length;
        parts = [];
        partBytes = 0;
      } else if (piece.length > 0) {
        // Copy: the caller may reuse the chunk's buffer.
        parts.push(piece.slice());
        partBytes += piece.length;
      }
      if (newline === -1) break;
      const line = finishLine();
      if (line) yield line;
      start = newline + 1;
    }
  }
  if (partBytes > 0 || skipping) {
    const line = finishLine();
    if (line) yield line;
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Parses one NDJSON line; an error names what is wrong rather than quoting the JSON engine only. */
export function parseJsonLine(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `not valid JSON (${(error as Error).message})` };
  }
}

const JSON_COLUMNS = new Set(["context", "metadata", "signals"]);
const NUMERIC_METADATA = new Set(["latencyMs", "costUsd", "tokensIn", "tokensOut"]);

/**
 * Turns one CSV row (header → cell) into a record object. Columns: id, timestamp, input, output
 * (plain text, or JSON when the cell starts with [ or {), optional context/metadata/signals as
 * JSON, and metadata.<key> columns for single metadata values. Empty cells are omitted.
 */
export function csvRowToRecord(row: Record<string, string>): { ok: true; record: Record<string, unknown> } | { ok: false; field: string; message: string } {
  const record: Record<string, unknown> = Object.create(null);
  const metadata: Record<string, unknown> = Object.create(null);
  let hasMetadata = false;
  for (const [column, cell] of Object.entries(row)) {
    if (cell === undefined || cell === "") continue;
    if (column.startsWith("metadata.")) {
      const key = column.slice("metadata.".length);
      if (!key || key === "__proto__") return { ok: false, field: column, message: "not a usable metadata column name" };
      hasMetadata = true;
      if (NUMERIC_METADATA.has(key)) {
        const n = Number(cell);
        if (!Number.isFinite(n)) return { ok: false, field: `metadata.${key}`, message: "must be a number" };
        metadata[key] = n;
      } else if (key === "tags") metadata[key] = cell.split(/[,;]/).map((t) => t.trim()).filter(Boolean);
      else metadata[key] = cell;
      continue;
    }
    const looksJson = JSON_COLUMNS.has(column) || ((column === "input" || column === "output") && /^\s*[[{]/.test(cell));
    if (looksJson) {
      const parsed = parseJsonLine(cell);
      if (!parsed.ok) return { ok: false, field: column, message: parsed.message };
      if (column === "metadata") {
        if (!parsed.value || typeof parsed.value !== "object" || Array.isArray(parsed.value)) return { ok: false, field: "metadata", message: "must be a JSON object" };
        hasMetadata = true;
        for (const [k, v] of Object.entries(parsed.value)) if (!(k in metadata)) metadata[k] = v;
      } else record[column] = parsed.value;
    } else record[column] = cell;
  }
  if (hasMetadata) record.metadata = { ...metadata };
  return { ok: true, record: { ...record } };
}
