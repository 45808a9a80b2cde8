// `npm run assay -- ingest <file> --project <slug>`: imports a JSONL or CSV file into a running
// Assay over HTTP (POST /api/v1/outputs, NDJSON batches). The server skips ids it already has,
// so an interrupted import is finished by running the same command again.
import fs from "node:fs";
import path from "node:path";
import { parse as parseCsv } from "csv-parse";
import { csvRowToRecord, splitLines } from "@/lib/ingest/lines";

const USAGE = `Usage: npm run assay -- ingest <file.jsonl|file.csv> --project <slug> [options]
  --url <url>          Assay's address (default http://localhost:3000, or ASSAY_URL)
  --api-key <key>      a project API key with the ingest scope (default: ASSAY_API_KEY)
  --format jsonl|csv   the file format (default: from the extension; .csv is CSV, anything else JSONL)
  --batch <n>          records per request (default 1000)
Exit code: 0 when every line was stored or was a duplicate, 1 when some lines were rejected,
2 for a usage, connection or authorisation problem.`;

type Options = { file: string; project: string; url: string; apiKey: string; format: "jsonl" | "csv"; batch: number };

function parseArgs(args: string[]): Options | string {
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--help" || arg === "-h") return USAGE;
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2);
      const value = inline ?? args[++i];
      if (value === undefined) return `--${name} needs a value.\n\n${USAGE}`;
      values[name] = value;
    } else positional.push(arg);
  }
  const unknown = Object.keys(values).filter((k) => !["project", "url", "api-key", "format", "batch"].includes(k));
  if (unknown.length) return `Unknown option(s): ${unknown.map((k) => `--${k}`).join(", ")}\n\n${USAGE}`;
  if (positional.length !== 1) return `Give exactly one file to import.\n\n${USAGE}`;
  if (!values.project) return `--project <slug> is required (it must be the project of the API key).\n\n${USAGE}`;
  const apiKey = values["api-key"] ?? process.env.ASSAY_API_KEY;
  if (!apiKey) return `Pass --api-key or set ASSAY_API_KEY (create a key with the ingest scope under the project's API keys).`;
  const file = positional[0];
  const format = (values.format ?? (file.toLowerCase().endsWith(".csv") ? "csv" : "jsonl")) as Options["format"];
  if (format !== "jsonl" && format !== "csv") return `--format must be jsonl or csv.`;
  const batch = Number(values.batch ?? 1000);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) return `--batch must be a whole number from 1 to 10000.`;
  return { file, project: values.project, url: (values.url ?? process.env.ASSAY_URL ?? "http://localhost:3000").replace(/\/+$/, ""), apiKey, format, batch };
}

type Item = { line: number; json: string };
type Totals = { accepted: number; duplicates: number; rejected: number; sent: number };
type Rejection = { line: number; id: string | null; field: string; message: string };

class FatalError extends Error {}

/** Lines of the file as NDJSON-ready strings with their 1-based line numbers; bad CSV rows are rejected locally. */
async function* readItems(options: Options, onBytes: (n: number) => void, reject: (r: Rejection) => void): AsyncGenerator<Item> {
  const stream = fs.createReadStream(options.file);
  stream.on("data", (chunk) => onBytes(chunk.length));
  if (options.format === "jsonl") {
    for await (const line of splitLines(stream as AsyncIterable<Uint8Array>, { maxLineBytes: 1024 * 1024 })) {
      if ("tooLong" in line) reject({ line: line.lineNumber, id: null, field: "(record)", message: `the line is ${line.bytes} bytes; a record may be at most 1048576 bytes` });
      else if ("badEncoding" in line) reject({ line: line.lineNumber, id: null, field: "(record)", message: line.badEncoding });
      else yield { line: line.lineNumber, json: line.text };
    }
    return;
  }
  const parser = stream.pipe(parseCsv({ columns: true, info: true, skip_empty_lines: true, relax_column_count: false, bom: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const converted = csvRowToRecord(record);
    if (!converted.ok) reject({ line: info.lines, id: record.id ?? null, field: converted.field, message: converted.message });
    else yield { line: info.lines, json: JSON.stringify(converted.record) };
  }
}

async function send(options: Options, body: string): Promise<{ accepted: number; duplicates: number; rejected: number; errors: { index: number; id: string | null; field: string; message: string }[] }> {
  const url = `${options.url}/api/v1/outputs?project=${encodeURIComponent(options.project)}`;
  // Retrying is safe: ids already stored come back as duplicates.
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/x-ndjson" }, body });
    } catch (error) {
      if (attempt >= 5) throw new FatalError(`Cannot reach ${options.url}: ${(error as Error).cause ?? (error as Error).message}`);
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
      continue;
    }
    if (response.ok) return response.json();
    const text = await response.text();
    let message = text;
    try {
      const body = JSON.parse(text) as { message?: string; error?: string };
      // A batch whose every line was refused is a 400 that still carries the per-line errors.
      if (response.status === 400 && body.error === "all_rejected") return body as Awaited<ReturnType<typeof send>>;
      message = body.message ?? text;
    } catch {
      // not JSON: keep the text
    }
    if (response.status === 401) throw new FatalError(`The API key was refused (401): ${message}`);
    if (response.status === 404) throw new FatalError(`Project "${options.project}" was not found for this API key (404): the key must belong to that project.`);
    if (response.status === 403) throw new FatalError(`The API key may not ingest (403): give it the ingest scope.`);
    if ((response.status >= 500 || response.status === 429) && attempt < 5) {
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
      continue;
    }
    throw new FatalError(`The server answered ${response.status}: ${message}`);
  }
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

class Progress {
  private readonly started = Date.now();
  private lastPlain = 0;
  bytes = 0;
  constructor(private readonly totalBytes: number, private readonly tty: boolean) {}

  render(totals: Totals, final = false) {
    const elapsed = (Date.now() - this.started) / 1000;
    const fraction = this.totalBytes ? Math.min(1, this.bytes / this.totalBytes) : 1;
    const rate = elapsed > 0 ? totals.sent / elapsed : 0;
    const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : Infinity;
    const stats = `${totals.sent.toLocaleString("en")} records, ${Math.round(rate).toLocaleString("en")}/s, ETA ${final ? "00:00" : formatDuration(eta)} (stored ${totals.accepted.toLocaleString("en")}, duplicates ${totals.duplicates.toLocaleString("en")}, rejected ${totals.rejected.toLocaleString("en")})`;
    if (this.tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}% ${stats}\x1b[K${final ? "\n" : ""}`);
    } else if (final || Date.now() - this.lastPlain >= 1000) {
      this.lastPlain = Date.now();
      process.stderr.write(`progress ${(fraction * 100).toFixed(1)}% ${stats}\n`);
    }
  }
}

export async function run(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === "string") {
    console.error(options);
    return 2;
  }
  if (!fs.existsSync(options.file)) {
    console.error(`No such file: ${options.file}`);
    return 2;
  }
  const totals: Totals = { accepted: 0, duplicates: 0, rejected: 0, sent: 0 };
  const rejections: Rejection[] = [];
  const reject = (r: Rejection) => {
    totals.rejected++;
    if (rejections.length < 10_000) rejections.push(r);
  };
  try {
    // An empty request checks the key and the project before any work.
    await send(options, "");
    const progress = new Progress(fs.statSync(options.file).size, process.stderr.isTTY === true);
    let batch: Item[] = [];
    let pending: Promise<void> = Promise.resolve();
    const flush = async (items: Item[]) => {
      const result = await send(options, items.map((i) => i.json).join("\n") + "\n");
      totals.accepted += result.accepted;
      totals.duplicates += result.duplicates;
      totals.sent += items.length;
      totals.rejected += result.rejected;
      for (const error of result.errors) {
        const item = items[error.index];
        if (rejections.length < 10_000) rejections.push({ line: item?.line ?? -1, id: error.id, field: error.field, message: error.message });
      }
      progress.render(totals);
    };
    for await (const item of readItems(options, (n) => (progress.bytes += n), reject)) {
      batch.push(item);
      if (batch.length >= options.batch) {
        // One request in flight while the next batch is read.
        await pending;
        const items = batch;
        batch = [];
        pending = flush(items);
        pending.catch(() => undefined);
      }
    }
    await pending;
    if (batch.length) await flush(batch);
    progress.render(totals, true);
  } catch (error) {
    if (error instanceof FatalError) {
      console.error(`\n${error.message}`);
      return 2;
    }
    throw error;
  }
  rejections.sort((a, b) => a.line - b.line);
  for (const r of rejections.slice(0, 100)) console.error(`line ${r.line}${r.id ? ` (id ${r.id})` : ""}: ${r.field}: ${r.message}`);
  if (rejections.length > 100) console.error(`… and ${totals.rejected - 100} more rejected lines.`);
  console.log(`${path.basename(options.file)}: ${totals.accepted} stored, ${totals.duplicates} duplicates skipped, ${totals.rejected} rejected.`);
  return totals.rejected > 0 ? 1 : 0;
}
