// Parquet (decision 016): typed columns, gold values one column per included dimension, typed from
// the rubric (choices and text: string, scale: int32, boolean: boolean, multiselect: list<string>);
// the individual labels are a JSON string column.
//
// Written as a stream in constant memory (decision 036). Each row is taken apart into its columns'
// bytes as it arrives (values PLAIN-encoded, or dictionary indexes for the few-valued columns;
// repetition and definition levels a byte each), so no row outlives its turn; a column's page is
// compressed into that column's chunk once it holds PARQUET_LIMITS.pageBytes, and the row group
// leaves, chunk by chunk, once its chunks hold rowGroupBytes. hyparquet-writer's own ParquetWriter
// takes a row group as arrays of values: a batch's arrays lived long enough to be promoted to V8's
// old generation, whose garbage grows to about the size of the live heap before a full collection
// (the app's RSS peaked near 600 MB in the export benchmark). The encoders, page headers and footer
// are hyparquet-writer's, and the file is made of what its writer makes: DATA_PAGE_V2 pages,
// snappy, PLAIN or RLE_DICTIONARY values, no statistics. Free text gets no dictionary (a row
// group's texts would have to be kept to find repeats).
import { ByteWriter } from "hyparquet-writer";
import { writePageHeader } from "hyparquet-writer/src/datapage.js";
import { writeRleBitPackedHybrid } from "hyparquet-writer/src/encoding.js";
import { writeMetadata } from "hyparquet-writer/src/metadata.js";
import { snappyCompress } from "hyparquet-writer/src/snappy.js";
import type { ColumnChunk, Encoding, ParquetType, RowGroup, SchemaElement } from "hyparquet";
import { canonicalJson } from "../canonical";
import type { ChatMessage, DatasetRow, DimensionInfo } from "../types";

type Scalar = string | number | boolean | null;
/**
 * How a column's value is laid out: one value (optional or required), a list of strings, or the
 * chat messages (a list of {role, content}). `dictionary`: few distinct values (split, stratum,
 * a choice), written as indexes into a dictionary per row group.
 */
type Shape =
  | { kind: "value"; type: ParquetType; optional: boolean; dictionary?: boolean }
  | { kind: "list"; dictionary?: boolean }
  | { kind: "messages" };
type Column = { name: string; element: SchemaElement[]; shape: Shape; value: (row: DatasetRow) => unknown };

const str = (name: string, optional = true): SchemaElement => ({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: optional ? "OPTIONAL" : "REQUIRED" });
const stringList = (name: string): SchemaElement[] => [
  { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  str("element"),
];
const text = (name: string, value: (row: DatasetRow) => string | null, dictionary = false): Column => ({ name, element: [str(name)], shape: { kind: "value", type: "BYTE_ARRAY", optional: true, dictionary }, value });
const list = (name: string, value: (row: DatasetRow) => string[] | null, dictionary = false): Column => ({ name, element: stringList(name), shape: { kind: "list", dictionary }, value });
const number = (name: string, type: "DOUBLE" | "INT32", optional: boolean, value: (row: DatasetRow) => number | null): Column => ({
  name,
  element: [{ name, type, repetition_type: optional ? "OPTIONAL" : "REQUIRED" }],
  shape: { kind: "value", type, optional },
  value,
});

/** A feature of the HF card and a column of the Parquet file, in one list so they cannot drift apart. */
export type Feature = { name: string; dtype?: string; list?: string | { name: string; dtype: string }[] };

function goldColumn(d: DimensionInfo): { column: Column; feature: Feature } {
  const name = `gold_${d.key}`;
  const value = (row: DatasetRow) => row.gold?.[d.key] ?? null;
  if (d.kind === "multiselect") return { column: list(name, (r) => (Array.isArray(value(r)) ? (value(r) as string[]) : []), true), feature: { name, list: "string" } };
  if (d.kind === "scale") return { column: number(name, "INT32", true, (r) => (typeof value(r) === "number" ? (value(r) as number) : null)), feature: { name, dtype: "int32" } };
  if (d.kind === "boolean") {
    const column: Column = { name, element: [{ name, type: "BOOLEAN", repetition_type: "OPTIONAL" }], shape: { kind: "value", type: "BOOLEAN", optional: true }, value: (r) => (typeof value(r) === "boolean" ? value(r) : null) };
    return { column, feature: { name, dtype: "bool" } };
  }
  // Choices repeat across rows; free text does not.
  return { column: text(name, (r) => (value(r) === null ? null : String(value(r))), d.kind !== "text"), feature: { name, dtype: "string" } };
}

export function parquetLayout(dimensions: readonly DimensionInfo[]): { columns: Column[]; features: Feature[] } {
  const plain: { column: Column; feature: Feature }[] = [
    { column: { name: "output_id", element: [str("output_id", false)], shape: { kind: "value", type: "BYTE_ARRAY", optional: false }, value: (r) => r.output_id }, feature: { name: "output_id", dtype: "string" } },
    {
      column: {
        name: "timestamp",
        element: [{ name: "timestamp", type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type: "REQUIRED" }],
        shape: { kind: "value", type: "INT64", optional: false },
        value: (r) => Date.parse(r.timestamp),
      },
      feature: { name: "timestamp", dtype: "timestamp[ms, tz=UTC]" },
    },
    { column: text("audit_week", (r) => r.audit_week, true), feature: { name: "audit_week", dtype: "string" } },
    { column: text("stratum", (r) => r.stratum, true), feature: { name: "stratum", dtype: "string" } },
    { column: text("task_type", (r) => r.task_type, true), feature: { name: "task_type", dtype: "string" } },
    { column: text("model", (r) => r.model, true), feature: { name: "model", dtype: "string" } },
    { column: number("inclusion_probability", "DOUBLE", false, (r) => r.inclusion_probability), feature: { name: "inclusion_probability", dtype: "float64" } },
    { column: number("weight", "DOUBLE", false, (r) => r.weight), feature: { name: "weight", dtype: "float64" } },
    { column: text("split", (r) => r.split, true), feature: { name: "split", dtype: "string" } },
    { column: text("input_format", (r) => r.input_format, true), feature: { name: "input_format", dtype: "string" } },
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
        shape: { kind: "messages" },
        value: (r) => r.input,
      },
      feature: { name: "input", list: [{ name: "role", dtype: "string" }, { name: "content", dtype: "string" }] },
    },
    { column: text("output", (r) => r.output), feature: { name: "output", dtype: "string" } },
    { column: list("context", (r) => r.context), feature: { name: "context", list: "string" } },
    { column: text("expected", (r) => r.expected), feature: { name: "expected", dtype: "string" } },
  ];
  const tail: { column: Column; feature: Feature }[] = [
    { column: text("gold_source", (r) => r.gold_source, true), feature: { name: "gold_source", dtype: "string" } },
    { column: list("gold_decided_by", (r) => r.gold_decided_by, true), feature: { name: "gold_decided_by", list: "string" } },
    { column: text("gold_decided_at", (r) => r.gold_decided_at), feature: { name: "gold_decided_at", dtype: "string" } },
    { column: list("failing_dimensions", (r) => r.failing_dimensions, true), feature: { name: "failing_dimensions", list: "string" } },
    { column: number("agreement", "DOUBLE", true, (r) => r.agreement), feature: { name: "agreement", dtype: "float64" } },
    { column: number("rubric_version", "INT32", true, (r) => r.rubric_version), feature: { name: "rubric_version", dtype: "int32" } },
    { column: text("labels_json", (r) => canonicalJson(r.labels)), feature: { name: "labels_json", dtype: "string" } },
  ];
  const all = [...plain, ...dimensions.map(goldColumn), ...tail];
  return { columns: all.map((c) => c.column), features: all.map((c) => c.feature) };
}

/** Where a column chunk is full enough and a row group is handed on (decision 036). */
export type ParquetLimits = {
  /** A column's page is compressed into its chunk once its values take this many bytes. */
  pageBytes: number;
  /** The row group is written out once its column chunks (compressed) and pages take this many. */
  rowGroupBytes: number;
  /** A dictionary column with more distinct values than this in a row group closes the row group. */
  dictionaryEntries: number;
};
export const PARQUET_LIMITS: ParquetLimits = { pageBytes: 128 * 1024, rowGroupBytes: 4 * 1048576, dictionaryEntries: 4096 };
// Level entries in one page at most, for columns whose values are tiny (a split, a boolean).
const PAGE_ENTRIES = 16_384;

const encoder = new TextEncoder();
const bitWidth = (max: number) => Math.ceil(Math.log2(max + 1));

/** Levels of one page (each ≤ 4 here, so a byte each), grown as needed and reused page after page. */
class Levels {
  bytes = new Uint8Array(1024);
  length = 0;
  push(level: number) {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = level;
  }
  view() {
    return this.bytes.subarray(0, this.length);
  }
}

/** One leaf column of the schema: its page being filled and its chunk of the current row group. */
class Leaf {
  readonly maxDefinition: number;
  readonly maxRepetition: number;
  private page: ByteWriter;
  private readonly definition = new Levels();
  private readonly repetition = new Levels();
  private entries = 0;
  private nulls = 0;
  private rows = 0;
  private booleanBits = 0;
  private booleanByte = 0;
  private indexes = new Int32Array(1024);
  private indexCount = 0;
  private maxIndex = 0;
  private readonly dictionary = new Map<Scalar, number>();
  private readonly dictionaryValues: Scalar[] = [];
  private chunk: ByteWriter;
  private chunkValues = 0;
  private chunkUncompressed = 0;
  private readonly scratch = new ByteWriter(1024);

  constructor(
    readonly path: string[],
    readonly type: ParquetType,
    levels: { definition: number; repetition: number },
    readonly usesDictionary: boolean,
    private readonly limits: ParquetLimits,
  ) {
    this.maxDefinition = levels.definition;
    this.maxRepetition = levels.repetition;
    this.page = new ByteWriter(limits.pageBytes + 1024);
    this.chunk = new ByteWriter(256 * 1024);
  }

  /** Bytes this leaf holds for the row group: compressed pages plus the page being filled. */
  get heldBytes() {
    return this.chunk.index + this.page.index + this.indexCount * 4;
  }

  get dictionarySize() {
    return this.dictionaryValues.length;
  }

  /** One level entry: a value (at the maximum definition level) or a null/empty at a lower one. */
  add(repetition: number, definition: number, value?: Scalar) {
    if (this.maxRepetition) {
      this.repetition.push(repetition);
      if (repetition === 0) this.rows++;
    } else this.rows++;
    if (this.maxDefinition) this.definition.push(definition);
    this.entries++;
    if (definition < this.maxDefinition) {
      this.nulls++;
      return;
    }
    if (this.usesDictionary) this.addIndex(value as Scalar);
    else this.writePlain(this.page, value as Scalar);
  }

  private addIndex(value: Scalar) {
    let index = this.dictionary.get(value);
    if (index === undefined) {
      index = this.dictionaryValues.length;
      this.dictionary.set(value, index);
      this.dictionaryValues.push(value);
    }
    if (this.indexCount === this.indexes.length) {
      const grown = new Int32Array(this.indexes.length * 2);
      grown.set(this.indexes);
      this.indexes = grown;
    }
    this.indexes[this.indexCount++] = index;
    if (index > this.maxIndex) this.maxIndex = index;
  }

  private writePlain(writer: ByteWriter, value: Scalar) {
    switch (this.type) {
      case "BYTE_ARRAY": {
        const text = value as string;
        // Encoded straight into the page: no byte array per value.
        writer.ensure(4 + text.length * 3);
        const { written } = encoder.encodeInto(text, new Uint8Array(writer.buffer, writer.index + 4));
        writer.view.setUint32(writer.index, written, true);
        writer.index += 4 + written;
        writer.offset += 4 + written;
        return;
      }
      case "INT32":
        return writer.appendInt32(value as number);
      case "INT64":
        return writer.appendInt64(BigInt(value as number));
      case "DOUBLE":
        return writer.appendFloat64(value as number);
      case "BOOLEAN":
        // PLAIN booleans are bits, first value in the lowest bit.
        if (value) this.booleanByte |= 1 << this.booleanBits;
        if (++this.booleanBits === 8) {
          writer.appendUint8(this.booleanByte);
          this.booleanBits = 0;
          this.booleanByte = 0;
        }
        return;
      default:
        throw new Error(`unsupported Parquet type ${this.type}`);
    }
  }

  /** Called between rows (a data page v2 never splits a row). */
  pageFull() {
    return this.page.index >= this.limits.pageBytes || this.indexCount * 4 >= this.limits.pageBytes || this.entries >= PAGE_ENTRIES;
  }

  /** Compresses the page into the chunk as one DATA_PAGE_V2. */
  flushPage() {
    if (this.entries === 0) return;
    if (this.booleanBits > 0) {
      this.page.appendUint8(this.booleanByte);
      this.booleanBits = 0;
      this.booleanByte = 0;
    }
    const levels = this.scratch;
    levels.index = 0;
    levels.offset = 0;
    const repetitionLength = this.maxRepetition ? writeRleBitPackedHybrid(levels, this.repetition.view(), bitWidth(this.maxRepetition)) : 0;
    const definitionLength = this.maxDefinition ? writeRleBitPackedHybrid(levels, this.definition.view(), bitWidth(this.maxDefinition)) : 0;
    if (this.usesDictionary) {
      const width = bitWidth(this.maxIndex);
      this.page.appendUint8(width);
      writeRleBitPackedHybrid(this.page, this.indexes.subarray(0, this.indexCount), width);
    }
    const values = this.page.getBytes();
    const compressed = snappyCompress(values);
    const headerStart = this.chunk.offset;
    writePageHeader(this.chunk, {
      type: "DATA_PAGE_V2",
      uncompressed_page_size: levels.index + values.length,
      compressed_page_size: levels.index + compressed.length,
      data_page_header_v2: {
        num_values: this.entries,
        num_nulls: this.nulls,
        num_rows: this.rows,
        encoding: this.usesDictionary ? "RLE_DICTIONARY" : "PLAIN",
        definition_levels_byte_length: definitionLength,
        repetition_levels_byte_length: repetitionLength,
        is_compressed: true,
      },
    });
    this.chunkUncompressed += this.chunk.offset - headerStart + levels.index + values.length;
    this.chunk.appendBytes(levels.getBytes());
    this.chunk.appendBytes(compressed);
    this.chunkValues += this.entries;
    // A page that grew for one huge value gives that memory back.
    if (this.page.buffer.byteLength > 4 * this.limits.pageBytes) this.page = new ByteWriter(this.limits.pageBytes + 1024);
    this.page.index = 0;
    this.page.offset = 0;
    this.definition.length = 0;
    this.repetition.length = 0;
    this.entries = 0;
    this.nulls = 0;
    this.rows = 0;
    this.indexCount = 0;
    this.maxIndex = 0;
  }

  /**
   * This leaf's column chunk of the row group (its dictionary page first, when it has one) as bytes
   * of their own, to sit at `start` in the file; the leaf starts the next row group's chunk empty.
   */
  takeChunk(start: number): { chunk: ColumnChunk; bytes: Uint8Array } {
    this.flushPage();
    let dictionaryPage: Uint8Array | null = null;
    let uncompressed = this.chunkUncompressed;
    if (this.usesDictionary && this.dictionaryValues.length) {
      const plain = this.scratch;
      plain.index = 0;
      plain.offset = 0;
      for (const value of this.dictionaryValues) this.writePlain(plain, value);
      const values = plain.getBytes();
      const compressed = snappyCompress(values);
      const page = new ByteWriter(compressed.length + 64);
      writePageHeader(page, {
        type: "DICTIONARY_PAGE",
        uncompressed_page_size: values.length,
        compressed_page_size: compressed.length,
        dictionary_page_header: { num_values: this.dictionaryValues.length, encoding: "PLAIN" },
      });
      uncompressed += page.index + values.length;
      page.appendBytes(compressed);
      dictionaryPage = page.getBytes();
    }
    const dictionaryLength = dictionaryPage?.length ?? 0;
    const bytes = new Uint8Array(dictionaryLength + this.chunk.index);
    if (dictionaryPage) bytes.set(dictionaryPage);
    bytes.set(this.chunk.getBytes(), dictionaryLength);
    const encodings: Encoding[] = this.usesDictionary ? ["PLAIN", "RLE_DICTIONARY"] : ["PLAIN"];
    const chunk: ColumnChunk = {
      file_offset: BigInt(start),
      meta_data: {
        type: this.type,
        encodings,
        path_in_schema: this.path,
        codec: "SNAPPY",
        num_values: BigInt(this.chunkValues),
        total_uncompressed_size: BigInt(uncompressed),
        total_compressed_size: BigInt(bytes.length),
        data_page_offset: BigInt(start + dictionaryLength),
        dictionary_page_offset: dictionaryPage ? BigInt(start) : undefined,
      },
    };
    // A chunk that grew past the row group's size (one huge value) gives its memory back.
    if (this.chunk.buffer.byteLength > 2 * this.limits.rowGroupBytes) this.chunk = new ByteWriter(256 * 1024);
    this.chunk.index = 0;
    this.chunk.offset = 0;
    this.chunkValues = 0;
    this.chunkUncompressed = 0;
    this.dictionary.clear();
    this.dictionaryValues.length = 0;
    return { chunk, bytes };
  }
}

/** The leaves of a column, and how one row's value becomes their level entries. */
function leavesOf(column: Column, limits: ParquetLimits): { leaves: Leaf[]; add: (value: unknown) => void } {
  const { name, shape } = column;
  if (shape.kind === "value") {
    const leaf = new Leaf([name], shape.type, { definition: shape.optional ? 1 : 0, repetition: 0 }, !!shape.dictionary, limits);
    return {
      leaves: [leaf],
      add: (value) => {
        if (value === null || value === undefined) {
          if (!shape.optional) throw new Error(`Parquet column ${name} is required`);
          leaf.add(0, 0);
        } else leaf.add(0, shape.optional ? 1 : 0, value as Scalar);
      },
    };
  }
  if (shape.kind === "list") {
    // OPTIONAL list (1) / REPEATED list (2) / OPTIONAL element (3).
    const leaf = new Leaf([name, "list", "element"], "BYTE_ARRAY", { definition: 3, repetition: 1 }, !!shape.dictionary, limits);
    return {
      leaves: [leaf],
      add: (value) => {
        if (value === null || value === undefined) return leaf.add(0, 0);
        const items = value as (string | null)[];
        if (items.length === 0) return leaf.add(0, 1);
        items.forEach((item, i) => (item === null || item === undefined ? leaf.add(i ? 1 : 0, 2) : leaf.add(i ? 1 : 0, 3, String(item))));
      },
    };
  }
  // OPTIONAL list (1) / REPEATED list (2) / OPTIONAL element (3) / OPTIONAL role, content (4).
  const role = new Leaf([name, "list", "element", "role"], "BYTE_ARRAY", { definition: 4, repetition: 1 }, true, limits);
  const content = new Leaf([name, "list", "element", "content"], "BYTE_ARRAY", { definition: 4, repetition: 1 }, false, limits);
  const field = (leaf: Leaf, repetition: number, text: string | null | undefined) => (text === null || text === undefined ? leaf.add(repetition, 3) : leaf.add(repetition, 4, text));
  return {
    leaves: [role, content],
    add: (value) => {
      const messages = value as (ChatMessage | null)[] | null | undefined;
      if (messages === null || messages === undefined) return (role.add(0, 0), content.add(0, 0));
      if (messages.length === 0) return (role.add(0, 1), content.add(0, 1));
      messages.forEach((message, i) => {
        const repetition = i ? 1 : 0;
        if (message === null || message === undefined) return (role.add(repetition, 2), content.add(repetition, 2));
        field(role, repetition, message.role);
        field(content, repetition, message.content);
      });
    },
  };
}

const MAGIC = 0x31524150; // "PAR1"

/** Streams a Parquet file of the rows: each row group's bytes leave as soon as it is complete. */
export async function* writeParquet(rows: AsyncIterable<DatasetRow>, dimensions: readonly DimensionInfo[], limits: ParquetLimits = PARQUET_LIMITS): AsyncIterable<Uint8Array> {
  const { columns } = parquetLayout(dimensions);
  const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }, ...columns.flatMap((c) => c.element)];
  const shredders = columns.map((c) => leavesOf(c, limits));
  const leaves = shredders.flatMap((s) => s.leaves);
  const rowGroups: RowGroup[] = [];
  let fileOffset = 0;
  let groupRows = 0;
  let totalRows = 0;

  const header = new ByteWriter(4);
  header.appendUint32(MAGIC);
  fileOffset = header.offset;
  yield header.getBytes();

  /** The row group, column chunk by column chunk (each a copy: the leaves reuse their buffers). */
  function* closeRowGroup(): Iterable<Uint8Array> {
    const groupStart = fileOffset;
    const chunks: ColumnChunk[] = [];
    for (const leaf of leaves) {
      const { chunk, bytes } = leaf.takeChunk(fileOffset);
      chunks.push(chunk);
      fileOffset += bytes.length;
      yield bytes;
    }
    const uncompressed = chunks.reduce((sum, c) => sum + (c.meta_data?.total_uncompressed_size ?? 0n), 0n);
    rowGroups.push({ columns: chunks, total_byte_size: uncompressed, num_rows: BigInt(groupRows), total_compressed_size: BigInt(fileOffset - groupStart) });
    totalRows += groupRows;
    groupRows = 0;
  }

  for await (const row of rows) {
    for (let i = 0; i < columns.length; i++) shredders[i].add(columns[i].value(row));
    groupRows++;
    let held = 0;
    let dictionaryFull = false;
    for (const leaf of leaves) {
      if (leaf.pageFull()) leaf.flushPage();
      held += leaf.heldBytes;
      if (leaf.usesDictionary && leaf.dictionarySize > limits.dictionaryEntries) dictionaryFull = true;
    }
    if (held >= limits.rowGroupBytes || dictionaryFull) yield* closeRowGroup();
  }
  if (groupRows > 0) yield* closeRowGroup();

  const footer = new ByteWriter(64 * 1024);
  writeMetadata(footer, { version: 2, created_by: "Assay (hyparquet-writer 0.17 encoders)", schema, num_rows: BigInt(totalRows), row_groups: rowGroups, metadata_length: 0 });
  footer.appendUint32(MAGIC);
  yield footer.getBytes();
}
