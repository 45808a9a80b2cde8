// JSONL: the full provenance row, one canonical line each; the file's SHA-256 is the version hash.
import { canonicalLine } from "../canonical";
import type { DatasetRow } from "../types";
import { textChunks } from "./chunks";

export async function* jsonlLines(rows: AsyncIterable<DatasetRow>): AsyncIterable<string> {
  for await (const row of rows) yield canonicalLine(row);
}

export function writeJsonl(rows: AsyncIterable<DatasetRow>): AsyncIterable<Uint8Array> {
  return textChunks(jsonlLines(rows));
}
