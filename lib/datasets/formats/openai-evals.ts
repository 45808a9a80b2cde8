// OpenAI Evals, open-source registry format (shared reference B): JSONL samples
// {"input": [chat messages], "ideal": "..."} for the basic Match / Includes / FuzzyMatch evals and
// the model-graded `fact` eval. The ideal answer is the corrected output, or the stored output
// when gold found no failure; a row with a failure and no corrected output has no ideal answer
// and is left out (writeOpenAiEvals counts those).
import type { DatasetRow } from "../types";
import { textChunks } from "./chunks";

export type EvalsSample = { input: { role: string; content: string }[]; ideal: string };

export function evalsSample(row: DatasetRow): EvalsSample | null {
  const ideal = row.expected ?? (row.gold && row.failing_dimensions.length === 0 ? row.output : null);
  return ideal === null ? null : { input: row.input, ideal };
}

async function* samples(rows: AsyncIterable<DatasetRow>, skipped: { rows: number }): AsyncIterable<string> {
  for await (const row of rows) {
    const sample = evalsSample(row);
    if (sample) yield `${JSON.stringify(sample)}\n`;
    else skipped.rows++;
  }
}

export function writeOpenAiEvals(rows: AsyncIterable<DatasetRow>, skipped: { rows: number } = { rows: 0 }): AsyncIterable<Uint8Array> {
  return textChunks(samples(rows, skipped));
}
