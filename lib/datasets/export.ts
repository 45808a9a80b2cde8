// One export of a version in a format: file name, media type and the streamed bytes. Single-file
// formats are the file itself; the multi-file ones (promptfoo, Hugging Face folder) are a zip.
import { fromString } from "./formats/chunks";
import { writeCsv } from "./formats/csv";
import { dataFilePath, datasetCard } from "./formats/huggingface";
import { writeJsonl } from "./formats/jsonl";
import { writeOpenAiEvals } from "./formats/openai-evals";
import { writeParquet } from "./formats/parquet";
import { PROMPTFOO_CONFIG_FILE, PROMPTFOO_TESTS_FILE, promptfooConfig, writePromptfooTests } from "./formats/promptfoo";
import { writeZip } from "./formats/zip";
import type { ExportFormat, RowSource, VersionInfo } from "./types";

export type ExportStream = { fileName: string; contentType: string; body: AsyncIterable<Uint8Array> };

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  jsonl: "JSONL (full provenance)",
  csv: "CSV (spreadsheets)",
  parquet: "Parquet",
  promptfoo: "promptfoo (zip: config + tests.yaml)",
  openai_evals: "OpenAI Evals samples (JSONL)",
  huggingface: "Hugging Face dataset folder (zip)",
};

/**
 * `lines`, when the caller has them, are the stored canonical JSONL lines of the version: the
 * JSONL export is then those bytes exactly, with no parse and re-serialise.
 */
export function exportVersion(format: ExportFormat, info: VersionInfo, rows: RowSource, lines?: () => AsyncIterable<Uint8Array>): ExportStream {
  const base = `${info.datasetName}-v${info.version}`;
  switch (format) {
    case "jsonl":
      return { fileName: `${base}.jsonl`, contentType: "application/jsonl; charset=utf-8", body: lines ? lines() : writeJsonl(rows()) };
    case "csv":
      return { fileName: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: writeCsv(rows(), info.dimensions) };
    case "parquet":
      return { fileName: `${base}.parquet`, contentType: "application/vnd.apache.parquet", body: writeParquet(rows(), info.dimensions) };
    case "openai_evals":
      return { fileName: `${base}-samples.jsonl`, contentType: "application/jsonl; charset=utf-8", body: writeOpenAiEvals(rows()) };
    case "promptfoo":
      return {
        fileName: `${base}-promptfoo.zip`,
        contentType: "application/zip",
        body: writeZip([
          { path: PROMPTFOO_CONFIG_FILE, content: () => fromString(promptfooConfig(info)) },
          { path: PROMPTFOO_TESTS_FILE, content: () => writePromptfooTests(rows(), info.dimensions) },
        ]),
      };
    case "huggingface":
      return {
        fileName: `${base}-huggingface.zip`,
        contentType: "application/zip",
        body: writeZip([
          { path: "README.md", content: () => fromString(datasetCard(info)) },
          ...info.splits.map((s) => ({ path: dataFilePath(s.name), content: () => writeParquet(rows(s.name), info.dimensions), compress: false })),
        ]),
      };
  }
}
