// The shapes of a regression dataset: its definition (what a version selects) and the frozen row
// every format is written from. Shared by the pure core, lib/server/datasets and the pages.

export const ITEM_SELECTIONS = ["gold", "consensus", "adjudicated", "all_labels"] as const;
export type ItemSelection = (typeof ITEM_SELECTIONS)[number];

export const EXPORT_FORMATS = ["jsonl", "csv", "parquet", "promptfoo", "openai_evals", "huggingface"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type SplitRule =
  | { kind: "none" }
  /** Each output goes to "test" when the hash of (seed, output id) falls below testShare, else "train". */
  | { kind: "hash"; testShare: number; seed: string };

export type DatasetDefinition = {
  /** Audits by id; empty means "use the date range" (or every audit when there is none). */
  auditIds: string[];
  /** Output timestamps, inclusive from, exclusive to (ISO dates); null = open. */
  from: string | null;
  to: string | null;
  /** Strata to include; empty = all. */
  strata: string[];
  items: ItemSelection;
  /** Items with two or more labels whose agreement is below this are left out; null = no minimum. */
  minAgreement: number | null;
  /** Rubric dimension keys to include in gold and labels; empty = every dimension. */
  dimensions: string[];
  /** The text dimension whose gold value is the corrected output, exported as `expected`; null = none. */
  expectedDimension: string | null;
  filters: { onlyFailures: boolean; taskTypes: string[] };
  split: SplitRule;
  /** Pseudonymous reviewer ids (default) or the reviewers' names. */
  reviewerIdentity: "pseudonymous" | "names";
  /** BCP 47 language code(s) of the outputs, for the Hugging Face card. */
  language: string[];
};

export type ChatMessage = { role: string; content: string };

export type DatasetRowLabel = { reviewer: string; submitted_at: string; values: Record<string, unknown> };

/**
 * One frozen row with its full provenance. Field names are snake_case because they are what eval
 * tools and notebooks see. Values are JSON only (no undefined), so the canonical form is exact.
 */
export type DatasetRow = {
  output_id: string;
  timestamp: string;
  audit_week: string;
  stratum: string;
  task_type: string | null;
  model: string | null;
  inclusion_probability: number;
  /** The inclusion weight: 1 / inclusion probability. */
  weight: number;
  split: string;
  input_format: "chat" | "text";
  input: ChatMessage[];
  output: string;
  context: string[];
  /** The gold value per included dimension (absent dimensions are null); null when the item has no gold. */
  gold: Record<string, unknown> | null;
  /** The corrected output of the gold label, when a reviewer wrote one. */
  expected: string | null;
  gold_source: "consensus" | "adjudication" | null;
  /** Who reached the gold label: the adjudicator, or the agreeing reviewers for consensus. */
  gold_decided_by: string[];
  gold_decided_at: string | null;
  /** Dimensions whose gold value counts as a failure (rubric flags). */
  failing_dimensions: string[];
  labels: DatasetRowLabel[];
  /** Share of agreeing label pairs over the compared dimensions; null with fewer than two labels. */
  agreement: number | null;
  rubric_version: number | null;
};

/** What a format needs to know about the version besides its rows. */
export type VersionInfo = {
  datasetName: string;
  version: number;
  sha256: string;
  rowCount: number;
  createdAt: string;
  note: string | null;
  projectName: string;
  /** Rows per split name, in the order the splits are written. */
  splits: { name: string; rows: number }[];
  /** The included dimensions, as the rubric defines them (for typed columns and the card). */
  dimensions: DimensionInfo[];
  definition: DatasetDefinition;
};

export type DimensionInfo = { key: string; label: string; kind: string; options?: { value: string; label: string }[]; min?: number; max?: number };

/** Rows of the version, optionally of one split, in the frozen order. */
export type RowSource = (split?: string) => AsyncIterable<DatasetRow>;
