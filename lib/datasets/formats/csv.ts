// CSV for spreadsheets: one flattened row per output. Every string cell that a spreadsheet could
// read as a formula gets a leading ' (the shared rule, lib/csv/neutralise.ts: OWASP CSV injection,
// ASVS 1.2.10), and every field is quoted so that no separator or quote inside a value can open a
// new cell. Numbers stay numbers. Never used for files a program reads back.
import { stringify } from "csv-stringify/sync";
import { neutraliseFormula } from "@/lib/csv/neutralise";
import { canonicalJson } from "../canonical";
import type { DatasetRow, DimensionInfo } from "../types";
import { textChunks } from "./chunks";

export function csvColumns(dimensions: readonly DimensionInfo[]): string[] {
  return [
    "output_id", "timestamp", "audit_week", "stratum", "task_type", "model", "inclusion_probability", "weight", "split",
    "input_format", "input", "output", "context", "expected",
    ...dimensions.map((d) => `gold_${d.key}`),
    "gold_source", "gold_decided_by", "gold_decided_at", "failing_dimensions", "agreement", "rubric_version", "labels",
  ];
}

function cell(value: unknown): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return neutraliseFormula(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return neutraliseFormula(value.join("; "));
  return neutraliseFormula(canonicalJson(value));
}

export function csvRecord(row: DatasetRow, dimensions: readonly DimensionInfo[]): (string | number)[] {
  return [
    row.output_id, row.timestamp, row.audit_week, row.stratum, row.task_type, row.model, row.inclusion_probability, row.weight, row.split,
    row.input_format,
    row.input.map((m) => `${m.role}: ${m.content}`).join("\n"),
    row.output,
    row.context.join("\n\n"),
    row.expected,
    ...dimensions.map((d) => row.gold?.[d.key] ?? null),
    row.gold_source, row.gold_decided_by, row.gold_decided_at, row.failing_dimensions, row.agreement, row.rubric_version, canonicalJson(row.labels),
  ].map(cell);
}

const BATCH = 500;

async function* csvText(rows: AsyncIterable<DatasetRow>, dimensions: readonly DimensionInfo[]): AsyncIterable<string> {
  // Header cells are column names we chose; quoted like every other field.
  yield stringify([csvColumns(dimensions)], { quoted: true, record_delimiter: "windows" });
  let batch: (string | number)[][] = [];
  for await (const row of rows) {
    batch.push(csvRecord(row, dimensions));
    if (batch.length >= BATCH) {
      yield stringify(batch, { quoted: true, record_delimiter: "windows" });
      batch = [];
    }
  }
  if (batch.length) yield stringify(batch, { quoted: true, record_delimiter: "windows" });
}

export function writeCsv(rows: AsyncIterable<DatasetRow>, dimensions: readonly DimensionInfo[]): AsyncIterable<Uint8Array> {
  return textChunks(csvText(rows, dimensions));
}
