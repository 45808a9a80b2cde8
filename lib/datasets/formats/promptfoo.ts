// promptfoo: a YAML tests file (a list of test cases) and a minimal promptfooconfig.yaml that
// points at it, so `promptfoo eval` loads the pair unchanged (shared reference A). Assertions
// describe the TARGET behaviour: similarity to the corrected output when there is one (or to the
// stored output when gold found no failure), and `not-llm-rubric` for each failing dimension.
// The gold labels themselves describe the old output, so they go in metadata.
// Never CSV: promptfoo reads CSV cells literally, so formula neutralisation would corrupt them.
import { stringify } from "yaml";
import type { DatasetRow, DimensionInfo, VersionInfo } from "../types";
import { textChunks } from "./chunks";

export const PROMPTFOO_TESTS_FILE = "tests.yaml";
export const PROMPTFOO_CONFIG_FILE = "promptfooconfig.yaml";
export const SIMILAR_THRESHOLD = 0.8;

type Assertion = { type: string; value: string; threshold?: number; metric?: string };
export type PromptfooTest = {
  description: string;
  vars: { messages: { role: string; content: string }[]; output: string; context: string; expected: string };
  assert: Assertion[];
  metadata: Record<string, string | number>;
};

function valueLabel(dimension: DimensionInfo | undefined, value: unknown): string {
  const option = dimension?.options?.find((o) => o.value === value);
  return option ? option.label : Array.isArray(value) ? value.join(", ") : String(value);
}

export function promptfooTest(row: DatasetRow, dimensions: readonly DimensionInfo[]): PromptfooTest {
  const byKey = new Map(dimensions.map((d) => [d.key, d]));
  const assert: Assertion[] = [];
  const reference = row.expected ?? (row.gold && row.failing_dimensions.length === 0 ? row.output : null);
  if (reference) assert.push({ type: "similar", value: reference, threshold: SIMILAR_THRESHOLD, metric: "matches_reference" });
  for (const key of row.failing_dimensions) {
    const dimension = byKey.get(key);
    const label = dimension?.label ?? key;
    assert.push({ type: "not-llm-rubric", value: `On "${label}" the response would be judged "${valueLabel(dimension, row.gold?.[key])}".`, metric: key });
  }
  const metadata: Record<string, string | number> = {
    assay_output_id: row.output_id,
    stratum: row.stratum,
    weight: row.weight,
    split: row.split,
    provenance: row.gold_source ?? "labels",
  };
  if (row.rubric_version !== null) metadata.rubric_version = String(row.rubric_version);
  for (const [key, value] of Object.entries(row.gold ?? {})) {
    if (value === null) continue;
    metadata[`gold_${key}`] = typeof value === "number" ? value : Array.isArray(value) ? value.join(",") : String(value);
  }
  return {
    description: `${row.output_id} ${row.stratum} ${row.gold_source ?? "labels"}`,
    vars: { messages: row.input, output: row.output, context: row.context.join("\n\n"), expected: row.expected ?? "" },
    assert,
    metadata,
  };
}

async function* testsYaml(rows: AsyncIterable<DatasetRow>, dimensions: readonly DimensionInfo[]): AsyncIterable<string> {
  let any = false;
  // Each test is its own one-item YAML list, so the file is one list written row by row.
  for await (const row of rows) {
    any = true;
    yield stringify([promptfooTest(row, dimensions)], { lineWidth: 0 });
  }
  if (!any) yield "[]\n";
}

export function writePromptfooTests(rows: AsyncIterable<DatasetRow>, dimensions: readonly DimensionInfo[]): AsyncIterable<Uint8Array> {
  return textChunks(testsYaml(rows, dimensions));
}

export function promptfooConfig(info: VersionInfo): string {
  const header = [
    `# Assay regression set ${info.datasetName} version ${info.version} (${info.rowCount} tests, sha256 ${info.sha256}).`,
    "# Replace the echo provider with the model under test. Grading assertions (similar, llm-rubric)",
    "# call defaultTest.options.provider, OpenAI's by default: set it to your grader.",
    "",
  ].join("\n");
  return (
    header +
    stringify(
      {
        description: `Assay ${info.datasetName} v${info.version}`,
        prompts: ["{{ messages | dump }}"],
        providers: ["echo"],
        tests: `file://${PROMPTFOO_TESTS_FILE}`,
      },
      { lineWidth: 0 },
    )
  );
}
