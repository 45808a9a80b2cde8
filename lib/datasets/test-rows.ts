// Rows and dimensions for the datasets unit tests: the shared reference's running example plus
// rows with the awkward values every format has to survive.
import type { DatasetDefinition, DatasetRow, DimensionInfo } from "./types";

export const TEST_DIMENSIONS: DimensionInfo[] = [
  { key: "factuality", label: "Factuality", kind: "ordinal", options: [{ value: "correct", label: "Correct" }, { value: "major_error", label: "Major error" }] },
  { key: "policy_categories", label: "Violation categories", kind: "multiselect", options: [{ value: "unsafe_advice", label: "Unsafe advice" }, { value: "other", label: "Other" }] },
  { key: "tone", label: "Tone", kind: "scale", min: 1, max: 5 },
  { key: "escalated", label: "Escalated", kind: "boolean" },
  { key: "corrected_output", label: "Corrected output", kind: "text" },
];

export const TEST_DEFINITION: DatasetDefinition = {
  auditIds: [],
  from: null,
  to: null,
  strata: [],
  items: "gold",
  minAgreement: null,
  dimensions: [],
  expectedDimension: "corrected_output",
  filters: { onlyFailures: false, taskTypes: [] },
  split: { kind: "hash", testShare: 0.2, seed: "test-seed" },
  reviewerIdentity: "pseudonymous",
  language: ["en"],
};

export function exampleRow(overrides: Partial<DatasetRow> = {}): DatasetRow {
  return {
    output_id: "out_0001",
    timestamp: "2026-11-20T10:00:00.000Z",
    audit_week: "2026-W47",
    stratum: "billing",
    task_type: "billing",
    model: "gpt-4o",
    inclusion_probability: 0.4,
    weight: 2.5,
    split: "test",
    input_format: "chat",
    input: [
      { role: "system", content: "You are a support agent." },
      { role: "user", content: "How long do refunds take?" },
    ],
    output: "Refunds take 30 days.",
    context: ["Policy 4.2: refunds are issued within 5 business days."],
    gold: { factuality: "major_error", policy_categories: [], tone: 4, escalated: false, corrected_output: "Refunds are issued within 5 business days of approval." },
    expected: "Refunds are issued within 5 business days of approval.",
    gold_source: "adjudication",
    gold_decided_by: ["reviewer-0123456789ab"],
    gold_decided_at: "2026-11-24T09:00:00.000Z",
    failing_dimensions: ["factuality"],
    labels: [
      { reviewer: "reviewer-aaaaaaaaaaaa", submitted_at: "2026-11-21T09:00:00.000Z", values: { factuality: "major_error", tone: 4 } },
      { reviewer: "reviewer-bbbbbbbbbbbb", submitted_at: "2026-11-21T10:00:00.000Z", values: { factuality: "correct", tone: 3 } },
    ],
    agreement: 0.71,
    rubric_version: 3,
    ...overrides,
  };
}

/** Unicode, emoji, formula starts, separators, quotes and newlines, empty lists and nulls. */
export function awkwardRows(): DatasetRow[] {
  return [
    exampleRow(),
    exampleRow({
      output_id: "out_0002",
      split: "train",
      input_format: "text",
      input: [{ role: "user", content: '=HYPERLINK("http://evil.example","click"), "quoted"\nsecond line 🧾' }],
      output: "-2+3 über 🙂\r\nnext",
      context: [],
      gold: { factuality: "correct", policy_categories: ["unsafe_advice", "other"], tone: 5, escalated: true, corrected_output: null },
      expected: null,
      gold_source: "consensus",
      gold_decided_by: ["reviewer-aaaaaaaaaaaa", "reviewer-bbbbbbbbbbbb"],
      failing_dimensions: [],
      labels: [],
      agreement: null,
      model: null,
      task_type: null,
    }),
    exampleRow({ output_id: "out_0003", output: "@SUM(A1:A9)", expected: "\tTabbed", gold: null, gold_source: null, gold_decided_by: [], gold_decided_at: null, failing_dimensions: [], rubric_version: null, weight: 1, inclusion_probability: 1 }),
  ];
}

export async function* asAsync<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const item of items) yield item;
}

export async function collectBytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}
