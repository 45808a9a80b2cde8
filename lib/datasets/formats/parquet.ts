// Parquet (hyparquet-writer, decision 016): typed columns, one row group per batch, bytes handed
// on after each row group, so memory holds one batch whatever the version's size. Gold values get
// one column per included dimension, typed from the rubric (choices and text: string, scale: int32,
// boolean: boolean, multiselect: list<string>); the individual labels are a JSON string column.
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { SchemaElement } from "hyparquet";
import { canonicalJson } from "../canonical";
import type { DatasetRow, DimensionInfo } from "../types";

type Column = { name: string; element: SchemaElement[]; value: (row: DatasetRow) => unknown };

const str = (name: string, optional = true): SchemaElement => ({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: optional ? "OPTIONAL" : "REQUIRED" });
const stringList = (name: string): SchemaElement[] => [
  { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  str("element"),
];

/** A feature of the HF card and a column of the Parquet file, in one list so they cannot drift apart. */
export type Feature = { name: string; dtype?: string; list?: string | { name: string; dtype: string }[] };

function goldColumn(d: DimensionInfo): { column: Column; feature: Feature } {
  const name = `gold_${d.key}`;
  const value = (row: DatasetRow) => row.gold?.[d.key] ?? null;
  if (d.kind === "multiselect") return { column: { name, element: stringList(name), value: (r) => (Array.isArray(value(r)) ? value(r) : []) }, feature: { name, list: "string" } };
  if (d.kind === "scale") return { column: { name, element: [{ name, type: "INT32", repetition_type: "OPTIONAL" }], value: (r) => (typeof value(r) === "number" ? value(r) : null) }, feature: { name, dtype: "int32" } };
  if (d.kind === "boolean") return { column: { name, element: [{ name, type: "BOOLEAN", repetition_type: "OPTIONAL" }], value: (r) => (typeof value(r) === "boolean" ? value(r) : null) }, feature: { name, dtype: "bool" } };
  return { column: { name, element: [str(name)], value: (r) => (value(r) === null ? null : String(value(r))) }, feature: { name, dtype: "string" } };
}

export function parquetLayout(dimensions: readonly DimensionInfo[]): { columns: Column[]; features: Feature[] } {
  const plain: { column: Column; feature: Feature }[] = [
    { column: { name: "output_id", element: [str("output_id", false)], value: (r) => r.output_id }, feature: { name: "output_id", dtype: "string" } },
    {
      column: { name: "timestamp", element: [{ name: "timestamp", type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type: "REQUIRED" }], value: (r) => new Date(r.timestamp) },
      feature: { name: "timestamp", dtype: "timestamp[ms, tz=UTC]" },
    },
    { column: { name: "audit_week", element: [str("audit_week")], value: (r) => r.audit_week }, feature: { name: "audit_week", dtype: "string" } },
    { column: { name: "stratum", element: [str("stratum")], value: (r) => r.stratum }, feature: { name: "stratum", dtype: "string" } },
    { column: { name: "task_type", element: [str("task_type")], value: (r) => r.task_type }, feature: { name: "task_type", dtype: "string" } },
    { column: { name: "model", element: [str("model")], value: (r) => r.model }, feature: { name: "model", dtype: "string" } },
    {
      column: { name: "inclusion_probability", element: [{ name: "inclusion_probability", type: "DOUBLE", repetition_type: "REQUIRED" }], value: (r) => r.inclusion_probability },
      feature: { name: "inclusion_probability", dtype: "float64" },
    },
    { column: { name: "weight", element: [{ name: "weight", type: "DOUBLE", repetition_type: "REQUIRED" }], value: (r) => r.weight }, feature: { name: "weight", dtype: "float64" } },
    { column: { name: "split", element: [str("split")], value: (r) => r.split }, feature: { name: "split", dtype: "string" } },
    { column: { name: "input_format", element: [str("input_format")], value: (r) => r.input_format }, feature: { name: "input_format", dtype: "string" } },
    {
      column: {
        name: "input",
        element: [
          { name: "input", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
          { name: "list", repetition_type: "REPEATED", num_children: 1 },
          { name: "element", repetition_type: "OPTIONAL", num_children: 2 },
          str("role"),
          str("content"),
        ],
        value: (r) => r.input,
      },
      feature: { name: "input", list: [{ name: "role", dtype: "string" }, { name: "content", dtype: "string" }] },
    },
    { column: { name: "output", element: [str("output")], value: (r) => r.output }, feature: { name: "output", dtype: "string" } },
    { column: { name: "context", element: stringList("context"), value: (r) => r.context }, feature: { name: "context", list: "string" } },
    { column: { name: "expected", element: [str("expected")], value: (r) => r.expected }, feature: { name: "expected", dtype: "string" } },
  ];
  const tail: { column: Column; feature: Feature }[] = [
    { column: { name: "gold_source", element: [str("gold_source")], value: (r) => r.gold_source }, feature: { name: "gold_source", dtype: "string" } },
    { column: { name: "gold_decided_by", element: stringList("gold_decided_by"), value: (r) => r.gold_decided_by }, feature: { name: "gold_decided_by", list: "string" } },
    { column: { name: "gold_decided_at", element: [str("gold_decided_at")], value: (r) => r.gold_decided_at }, feature: { name: "gold_decided_at", dtype: "string" } },
    { column: { name: "failing_dimensions", element: stringList("failing_dimensions"), value: (r) => r.failing_dimensions }, feature: { name: "failing_dimensions", list: "string" } },
    { column: { name: "agreement", element: [{ name: "agreement", type: "DOUBLE", repetition_type: "OPTIONAL" }], value: (r) => r.agreement }, feature: { name: "agreement", dtype: "float64" } },
    { column: { name: "rubric_version", element: [{ name: "rubric_version", type: "INT32", repetition_type: "OPTIONAL" }], value: (r) => r.rubric_version }, feature: { name: "rubric_version", dtype: "int32" } },
    { column: { name: "labels_json", element: [str("labels_json")], value: (r) => canonicalJson(r.labels) }, feature: { name: "labels_json", dtype: "string" } },
  ];
  const all = [...plain, ...dimensions.map(goldColumn), ...tail];
  return { columns: all.map((c) => c.column), features: all.map((c) => c.feature) };
}

const ROW_GROUP = 5000;

/** Streams a Parquet file of the rows; the bytes of each row group leave as soon as it is written. */
export async function* writeParquet(rows: AsyncIterable<DatasetRow>, dimensions: readonly DimensionInfo[], rowGroupSize = ROW_GROUP): AsyncIterable<Uint8Array> {
  const { columns } = parquetLayout(dimensions);
  const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }, ...columns.flatMap((c) => c.element)];
  const writer = new ByteWriter(1 << 20);
  const parquet = new ParquetWriter({ writer, schema, statistics: false });
  const drain = (): Uint8Array | null => {
    if (writer.index === 0) return null;
    const bytes = new Uint8Array(writer.buffer, 0, writer.index).slice();
    writer.index = 0;
    return bytes;
  };
  let batch: DatasetRow[] = [];
  const flushBatch = () => {
    parquet.write({ columnData: columns.map((c) => ({ name: c.name, data: batch.map(c.value) })), rowGroupSize: batch.length });
    batch = [];
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= rowGroupSize) {
      flushBatch();
      const bytes = drain();
      if (bytes) yield bytes;
    }
  }
  if (batch.length) flushBatch();
  await parquet.finish();
  const bytes = drain();
  if (bytes) yield bytes;
}
