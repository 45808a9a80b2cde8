// Every format round-trips: what was written is parsed back with an independent reader and
// compared field by field with the rows it came from.
import { describe, expect, it } from "vitest";
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseYaml } from "yaml";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { unzipSync } from "fflate";
import { canonicalJson, sha256OfLines, canonicalLine } from "./canonical";
import { exportVersion } from "./export";
import { csvColumns } from "./formats/csv";
import { dataFilePath, datasetCard } from "./formats/huggingface";
import { PARQUET_LIMITS, parquetLayout, writeParquet } from "./formats/parquet";
import { promptfooTest } from "./formats/promptfoo";
import { evalsSample } from "./formats/openai-evals";
import { asAsync, awkwardRows, collectBytes, TEST_DEFINITION, TEST_DIMENSIONS } from "./test-rows";
import type { DatasetRow, ExportFormat, VersionInfo } from "./types";

const rows = awkwardRows();
const info: VersionInfo = {
  datasetName: "billing-regression",
  version: 2,
  sha256: sha256OfLines(rows.map(canonicalLine)),
  rowCount: rows.length,
  createdAt: "2026-11-30T12:00:00.000Z",
  note: "after the refund policy fix",
  projectName: "Support bot",
  splits: [
    { name: "train", rows: rows.filter((r) => r.split === "train").length },
    { name: "test", rows: rows.filter((r) => r.split === "test").length },
  ],
  dimensions: TEST_DIMENSIONS,
  definition: TEST_DEFINITION,
};
const source = (split?: string) => asAsync(split ? rows.filter((r) => r.split === split) : rows);
const exported = (format: ExportFormat) => collectBytes(exportVersion(format, info, source).body);
const text = async (format: ExportFormat) => Buffer.from(await exported(format)).toString("utf8");

async function readParquet(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file })) as Record<string, unknown>[];
}

function expectParquetRowMatches(read: Record<string, unknown>, row: DatasetRow) {
  expect(read.output_id).toBe(row.output_id);
  expect((read.timestamp as Date).toISOString()).toBe(row.timestamp);
  expect(read.audit_week ?? null).toBe(row.audit_week);
  expect(read.stratum ?? null).toBe(row.stratum);
  expect(read.input_format ?? null).toBe(row.input_format);
  expect(read.gold_decided_at ?? null).toBe(row.gold_decided_at);
  expect(read.weight).toBe(row.weight);
  expect(read.inclusion_probability).toBe(row.inclusion_probability);
  expect(read.split).toBe(row.split);
  expect(read.input).toEqual(row.input);
  expect(read.output).toBe(row.output);
  expect(read.context).toEqual(row.context);
  expect(read.expected ?? null).toBe(row.expected);
  expect(read.task_type ?? null).toBe(row.task_type);
  expect(read.model ?? null).toBe(row.model);
  expect(read.gold_source ?? null).toBe(row.gold_source);
  expect(read.gold_decided_by).toEqual(row.gold_decided_by);
  expect(read.failing_dimensions).toEqual(row.failing_dimensions);
  expect(read.agreement ?? null).toBe(row.agreement);
  expect(read.rubric_version ?? null).toBe(row.rubric_version);
  expect(JSON.parse(read.labels_json as string)).toEqual(row.labels);
  expect(read.gold_factuality ?? null).toBe(row.gold?.factuality ?? null);
  expect(read.gold_tone ?? null).toBe(row.gold?.tone ?? null);
  expect(read.gold_escalated ?? null).toBe(row.gold?.escalated ?? null);
  expect(read.gold_policy_categories).toEqual(row.gold?.policy_categories ?? []);
  expect(read.gold_corrected_output ?? null).toBe(row.gold?.corrected_output ?? null);
  // Nothing read that was not checked above.
  expect(Object.keys(read).sort()).toEqual(parquetLayout(TEST_DIMENSIONS).columns.map((c) => c.name).sort());
}

describe("JSONL", () => {
  it("writes the canonical lines, so its SHA-256 is the version hash, and parses back to the rows", async () => {
    const bytes = await exported("jsonl");
    expect(bytes.length).toBeGreaterThan(0);
    const body = Buffer.from(bytes).toString("utf8");
    expect(sha256OfLines(body.split(/(?<=\n)/))).toBe(info.sha256);
    expect(body.trimEnd().split("\n").map((l) => JSON.parse(l))).toEqual(rows);
  });
});

describe("CSV", () => {
  it("round-trips every cell, with injected values escaped and quotes, commas and newlines kept", async () => {
    const records = parseCsv(await text("csv"), { columns: true, relax_quotes: false }) as Record<string, string>[];
    expect(Object.keys(records[0])).toEqual(csvColumns(TEST_DIMENSIONS));
    expect(records).toHaveLength(rows.length);
    const awkward = records[1];
    expect(awkward.input).toBe(`user: ${rows[1].input[0].content}`);
    expect(awkward.output).toBe(`'${rows[1].output}`);
    expect(awkward.gold_policy_categories).toBe("unsafe_advice; other");
    expect(records[2].output).toBe("'@SUM(A1:A9)");
    expect(records[2].expected).toBe("'\tTabbed");
    records.forEach((record, i) => {
      expect(record.output_id).toBe(rows[i].output_id);
      expect(Number(record.weight)).toBe(rows[i].weight);
      expect(record.context).toBe(rows[i].context.join("\n\n"));
      expect(record.gold_factuality).toBe(String(rows[i].gold?.factuality ?? ""));
      expect(JSON.parse(record.labels)).toEqual(rows[i].labels);
      // No cell of the file starts a formula.
      for (const value of Object.values(record)) expect(/^[=+\-@\t\r\n]/.test(value) && !/^-?\d/.test(value)).toBe(false);
    });
  });
});

describe("Parquet", () => {
  it("reads back with hyparquet field by field", async () => {
    const read = await readParquet(await exported("parquet"));
    expect(read).toHaveLength(rows.length);
    read.forEach((r, i) => expectParquetRowMatches(r, rows[i]));
  });

  it("streams pages and row groups as they fill and still reads back whole", { timeout: 60_000 }, async () => {
    const strata = ["billing", "refunds", "account", "shipping", "general"];
    const many = Array.from({ length: 600 }, (_, i) => ({ ...rows[i % rows.length], output_id: `out_${String(i).padStart(5, "0")}`, stratum: strata[Math.floor(i / 150) % strata.length] }));
    let pulled = 0;
    async function* counted() {
      for (const row of many) {
        pulled++;
        yield row;
      }
    }
    const chunks: Uint8Array[] = [];
    const pulledAtChunk: number[] = [];
    for await (const chunk of writeParquet(counted(), TEST_DIMENSIONS, { pageBytes: 512, rowGroupBytes: 8 * 1024, dictionaryEntries: 64 })) {
      chunks.push(chunk);
      pulledAtChunk.push(pulled);
    }
    const bytes = new Uint8Array(Buffer.concat(chunks));
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(metadata.row_groups.length).toBeGreaterThan(3);
    // The first row group left before most rows were read (after the 4-byte header chunk).
    expect(pulledAtChunk[1]).toBeLessThan(many.length / 2);
    expect(metadata.row_groups.reduce((n, g) => n + Number(g.num_rows), 0)).toBe(many.length);
    const read = await readParquet(bytes);
    expect(read.map((r) => r.output_id)).toEqual(many.map((r) => r.output_id));
    read.forEach((r, i) => expectParquetRowMatches(r, many[i]));
  });

  it("closes a row group when a few-valued column has too many distinct values", async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...rows[i % rows.length], output_id: `out_${i}`, stratum: `stratum_${i}` }));
    const bytes = await collectBytes(writeParquet(asAsync(many), TEST_DIMENSIONS, { ...PARQUET_LIMITS, dictionaryEntries: 9 }));
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([10, 10, 10, 10]);
    const stratum = metadata.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema.join(".") === "stratum")!;
    expect(stratum.meta_data?.encodings).toContain("RLE_DICTIONARY");
    expect((await readParquet(bytes)).map((r) => r.stratum)).toEqual(many.map((r) => r.stratum));
  });

  it("keeps a value longer than a page and an empty version", async () => {
    const long = { ...rows[0], output: "x".repeat(300_000) + " 🧾 ünïcode" };
    const read = await readParquet(await collectBytes(writeParquet(asAsync([rows[1], long, rows[2]]), TEST_DIMENSIONS)));
    expect(read.map((r) => r.output)).toEqual([rows[1].output, long.output, rows[2].output]);
    expect(await readParquet(await collectBytes(writeParquet(asAsync([]), TEST_DIMENSIONS)))).toEqual([]);
  });
});

describe("promptfoo", () => {
  it("zips a config that points at a YAML list of tests, one per row, equal to what each row maps to", async () => {
    const files = unzipSync(await exported("promptfoo"));
    const config = parseYaml(Buffer.from(files["promptfooconfig.yaml"]).toString("utf8"));
    expect(config).toMatchObject({ prompts: ["{{ messages | dump }}"], providers: ["echo"], tests: "file://tests.yaml" });
    const tests = parseYaml(Buffer.from(files["tests.yaml"]).toString("utf8"));
    expect(tests).toEqual(rows.map((r) => promptfooTest(r, TEST_DIMENSIONS)));
  });

  it("asserts the target: similar to the corrected output, not-llm-rubric per failing dimension; gold in metadata", () => {
    const test = promptfooTest(rows[0], TEST_DIMENSIONS);
    expect(test.assert).toEqual([
      { type: "similar", value: rows[0].expected, threshold: 0.8, metric: "matches_reference" },
      { type: "not-llm-rubric", value: 'On "Factuality" the response would be judged "Major error".', metric: "factuality" },
    ]);
    expect(test.metadata).toMatchObject({ assay_output_id: "out_0001", gold_factuality: "major_error", gold_tone: 4, provenance: "adjudication", rubric_version: "3" });
    // A row whose gold found no failure and has no correction: the stored output is the reference.
    expect(promptfooTest(rows[1], TEST_DIMENSIONS).assert).toEqual([{ type: "similar", value: rows[1].output, threshold: 0.8, metric: "matches_reference" }]);
  });
});

describe("OpenAI Evals", () => {
  it("writes {input, ideal} lines and leaves out rows without an ideal answer", async () => {
    const lines = (await text("openai_evals")).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { input: rows[0].input, ideal: rows[0].expected },
      { input: rows[1].input, ideal: rows[1].output },
      { input: rows[2].input, ideal: rows[2].expected },
    ]);
    expect(evalsSample({ ...rows[0], expected: null })).toBeNull();
  });
});

describe("Hugging Face folder", () => {
  it("has a card whose YAML front matter parses and names every Parquet column, and a Parquet file per split", async () => {
    const files = unzipSync(await exported("huggingface"));
    expect(Object.keys(files).sort()).toEqual(["README.md", dataFilePath("test"), dataFilePath("train")].sort());
    const card = Buffer.from(files["README.md"]).toString("utf8");
    const match = /^---\n([\s\S]*?)\n---\n/.exec(card);
    expect(match).not.toBeNull();
    const front = parseYaml(match![1]);
    const featureNames = front.dataset_info.features.map((f: { name: string }) => f.name);
    expect(featureNames).toEqual(parquetLayout(TEST_DIMENSIONS).columns.map((c) => c.name));
    expect(front.configs).toEqual([{ config_name: "default", data_files: [{ split: "train", path: "data/train-00000-of-00001.parquet" }, { split: "test", path: "data/test-00000-of-00001.parquet" }] }]);
    expect(front.dataset_info.splits).toEqual([{ name: "train", num_examples: 1 }, { name: "test", num_examples: 2 }]);
    expect(front).toMatchObject({ license: "other", language: ["en"], task_categories: ["text-generation"], size_categories: ["n<1K"] });
    expect(front.dataset_info.features.find((f: { name: string }) => f.name === "input")).toEqual({ name: "input", list: [{ name: "role", dtype: "string" }, { name: "content", dtype: "string" }] });
    expect(card).toContain("## How the data was made");
    for (const split of ["train", "test"]) {
      const read = await readParquet(files[dataFilePath(split)]);
      const expected = rows.filter((r) => r.split === split);
      expect(read).toHaveLength(expected.length);
      read.forEach((r, i) => {
        expectParquetRowMatches(r, expected[i]);
        // Every column of the file is a declared feature.
        expect(Object.keys(r).sort()).toEqual([...featureNames].sort());
      });
    }
    expect(datasetCard(info)).toBe(card);
  });

  it("writes the same bytes for the same version", async () => {
    expect(canonicalJson([...(await exported("huggingface"))])).toBe(canonicalJson([...(await exported("huggingface"))]));
  });
});
