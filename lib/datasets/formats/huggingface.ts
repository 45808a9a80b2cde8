// A Hugging Face dataset folder (shared reference C): data/<split>-00000-of-00001.parquet per
// split plus a README.md card whose YAML front matter declares configs, every feature, the splits,
// license, language, task categories and size category, followed by how the data was made.
import { stringify } from "yaml";
import type { VersionInfo } from "../types";
import { parquetLayout } from "./parquet";

export function dataFilePath(split: string): string {
  return `data/${split}-00000-of-00001.parquet`;
}

export function sizeCategory(rows: number): string {
  if (rows < 1_000) return "n<1K";
  if (rows < 10_000) return "1K<n<10K";
  if (rows < 100_000) return "10K<n<100K";
  if (rows < 1_000_000) return "100K<n<1M";
  if (rows < 10_000_000) return "1M<n<10M";
  return "10M<n<100M";
}

const ITEMS_TEXT: Record<string, string> = {
  gold: "items with a gold label (consensus of agreeing reviewers or a QA lead's adjudication)",
  consensus: "items whose gold label is the consensus of agreeing reviewers",
  adjudicated: "items whose gold label a QA lead decided by adjudication",
  all_labels: "every item with at least one submitted label, with or without a gold label",
};

export function datasetCard(info: VersionInfo): string {
  const { features } = parquetLayout(info.dimensions);
  const d = info.definition;
  const frontMatter = {
    pretty_name: `Assay regression set ${info.datasetName} v${info.version}`,
    license: "other",
    license_name: "internal",
    license_link: "LICENSE",
    language: d.language,
    task_categories: ["text-generation"],
    size_categories: [sizeCategory(info.rowCount)],
    tags: ["assay", "regression", "human-review"],
    annotations_creators: ["expert-generated"],
    configs: [{ config_name: "default", data_files: info.splits.map((s) => ({ split: s.name, path: dataFilePath(s.name) })) }],
    dataset_info: { features, splits: info.splits.map((s) => ({ name: s.name, num_examples: s.rows })) },
  };
  const dims = info.dimensions.map((dim) => `- \`gold_${dim.key}\`: ${dim.label} (${dim.kind}${dim.options ? `: ${dim.options.map((o) => o.value).join(", ")}` : ""}${dim.kind === "scale" ? ` ${dim.min}-${dim.max}` : ""})`);
  const split = d.split.kind === "hash" ? `Rows are split by a hash of (seed "${d.split.seed}", output id): about ${Math.round(d.split.testShare * 100)}% go to test in every stratum, and an output keeps its split in every version.` : "All rows are in the test split.";
  const prose = [
    `# ${frontMatter.pretty_name}`,
    "",
    `Exported from Assay project "${info.projectName}" on ${info.createdAt}. ${info.rowCount} rows; SHA-256 of the canonical JSONL: \`${info.sha256}\`.${info.note ? ` Note: ${info.note}` : ""}`,
    "",
    "## How the data was made",
    "",
    `Outputs of the production AI system were drawn for human review in weekly stratified random samples (audits). Each row is one sampled output; \`inclusion_probability\` is its chance of being drawn within its stratum, and \`weight\` (its inverse) makes weighted statistics estimate the whole population. This dataset holds ${ITEMS_TEXT[d.items] ?? d.items}${d.strata.length ? `, strata ${d.strata.join(", ")}` : ""}${d.filters.taskTypes.length ? `, task types ${d.filters.taskTypes.join(", ")}` : ""}${d.filters.onlyFailures ? ", and only outputs whose gold label shows a failure" : ""}${d.minAgreement !== null ? `, leaving out items whose reviewers agreed on less than ${d.minAgreement} of label pairs` : ""}.`,
    "",
    `Reviewers labelled each output against the project's rubric (\`rubric_version\`). Items reviewed by several reviewers carry \`agreement\`, the share of agreeing label pairs over the compared dimensions; \`gold_source\` says whether the gold label is a consensus or an adjudication, and \`gold_decided_by\` who reached it (${d.reviewerIdentity === "names" ? "reviewer names" : "pseudonymous reviewer ids, stable within this dataset"}). \`expected\` is the reviewers' corrected output, when they wrote one; \`labels_json\` holds the individual labels. Inputs are a list of {role, content} messages (\`input_format\` says whether the logged input was a chat or plain text).`,
    "",
    split,
    "",
    "License: internal data of the exporting organisation (`license: other`); set `license`, `license_name` and `license_link` before publishing it anywhere.",
    "",
    "Gold dimensions:",
    "",
    ...dims,
    "",
  ];
  return `---\n${stringify(frontMatter, { lineWidth: 0 })}---\n\n${prose.join("\n")}`;
}
