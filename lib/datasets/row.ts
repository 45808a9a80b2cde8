// Builds the frozen dataset row from an item's plain data: normalised input, output and context,
// the gold label restricted to the chosen dimensions, how gold was reached, the individual labels
// and the item's agreement.
import crypto from "node:crypto";
import { canonicalJson } from "./canonical";
import { failingDimensionKeys, type FlaggedDimension } from "./failure";
import { splitOf } from "./split";
import type { ChatMessage, DatasetDefinition, DatasetRow, DatasetRowLabel } from "./types";

export type SourceLabel = { reviewerId: string; reviewerName: string | null; values: Record<string, unknown>; submittedAt: Date; rubricVersion: number | null };
export type SourceGold = { values: Record<string, unknown>; source: "consensus" | "adjudication"; adjudicatorId: string | null; adjudicatorName: string | null; decidedAt: Date; rubricVersion: number | null };

/** One sampled item with its output, labels and gold, as read from the database. */
export type SourceItem = {
  externalId: string;
  timestamp: Date;
  auditWeek: string;
  stratum: string;
  taskType: string | null;
  model: string | null;
  inclusionProbability: number;
  input: unknown;
  output: unknown;
  context: unknown;
  labels: SourceLabel[];
  gold: SourceGold | null;
};

export type RowOptions = {
  definition: DatasetDefinition;
  /** Every dimension of the rubric (flags included); the definition picks which are exported. */
  dimensions: readonly (FlaggedDimension & { kind: string })[];
  /** Salt of the pseudonymous reviewer ids: the same reviewer has one id within a dataset, and unlinkable ones across datasets. */
  pseudonymSalt: string;
};

export function pseudonymousReviewerId(salt: string, userId: string): string {
  return `reviewer-${crypto.createHash("sha256").update(`${salt}:${userId}`, "utf8").digest("hex").slice(0, 12)}`;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  // Multimodal parts: the text parts joined; anything else as canonical JSON so nothing is lost.
  if (Array.isArray(content) && content.every((p) => p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string")) {
    return content.map((p) => (p as { text: string }).text).join("\n");
  }
  return content === undefined || content === null ? "" : canonicalJson(content);
}

/** Chat and plain inputs become one feature type: a list of {role, content}. */
export function normalizeInput(input: unknown): { format: "chat" | "text"; messages: ChatMessage[] } {
  if (Array.isArray(input)) {
    return { format: "chat", messages: input.map((m) => ({ role: String((m as { role?: unknown })?.role ?? "user"), content: contentText((m as { content?: unknown })?.content) })) };
  }
  return { format: "text", messages: [{ role: "user", content: contentText(input) }] };
}

export function normalizeOutput(output: unknown): string {
  if (output && typeof output === "object" && !Array.isArray(output) && "content" in output) return contentText((output as { content: unknown }).content);
  return contentText(output);
}

export function normalizeContext(context: unknown): string[] {
  if (!Array.isArray(context)) return [];
  return context.map((item) => {
    if (typeof item === "string") return item;
    const { title, text } = (item ?? {}) as { title?: unknown; text?: unknown };
    if (typeof text === "string") return typeof title === "string" && title ? `${title}: ${text}` : text;
    return canonicalJson(item);
  });
}

function pick(values: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = values[key] === undefined ? null : values[key];
  return out;
}

function comparable(value: unknown): string {
  return canonicalJson(Array.isArray(value) ? [...value].map(String).sort() : value);
}

/** Share of agreeing label pairs over the non-text dimensions that at least two labels answered. */
export function itemAgreement(labels: readonly { values: Record<string, unknown> }[], dimensions: readonly { key: string; kind: string }[]): number | null {
  if (labels.length < 2) return null;
  let pairs = 0;
  let agreeing = 0;
  for (const dimension of dimensions) {
    if (dimension.kind === "text") continue;
    const answers = labels.map((l) => l.values[dimension.key]).filter((v) => v !== undefined && v !== null).map(comparable);
    for (let i = 0; i < answers.length; i++) {
      for (let j = i + 1; j < answers.length; j++) {
        pairs++;
        if (answers[i] === answers[j]) agreeing++;
      }
    }
  }
  if (pairs === 0) return null;
  // Rounded to 4 decimals so that the canonical form never depends on float noise.
  return Math.round((agreeing / pairs) * 10_000) / 10_000;
}

/** The row of an item, or null when the definition leaves it out. */
export function buildDatasetRow(item: SourceItem, options: RowOptions): DatasetRow | null {
  const { definition } = options;
  const { gold } = item;
  if (definition.items === "gold" && !gold) return null;
  if (definition.items === "consensus" && gold?.source !== "consensus") return null;
  if (definition.items === "adjudicated" && gold?.source !== "adjudication") return null;
  if (definition.items === "all_labels" && item.labels.length === 0) return null;
  if (definition.strata.length > 0 && !definition.strata.includes(item.stratum)) return null;
  if (definition.filters.taskTypes.length > 0 && !(item.taskType && definition.filters.taskTypes.includes(item.taskType))) return null;

  const included = definition.dimensions.length > 0 ? options.dimensions.filter((d) => definition.dimensions.includes(d.key)) : [...options.dimensions];
  const includedKeys = included.map((d) => d.key);
  const agreement = itemAgreement(item.labels, included);
  if (definition.minAgreement !== null && agreement !== null && agreement < definition.minAgreement) return null;

  const decisionValues = gold?.values ?? (item.labels.length === 1 ? item.labels[0].values : null);
  const failing = failingDimensionKeys(included, decisionValues);
  if (definition.filters.onlyFailures && failing.length === 0) return null;

  const reviewer = (id: string, name: string | null) => (definition.reviewerIdentity === "names" && name ? name : pseudonymousReviewerId(options.pseudonymSalt, id));
  const labels: DatasetRowLabel[] = [...item.labels]
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a.reviewerId < b.reviewerId ? -1 : 1))
    .map((l) => ({ reviewer: reviewer(l.reviewerId, l.reviewerName), submitted_at: l.submittedAt.toISOString(), values: pick(l.values, includedKeys.filter((k) => l.values[k] !== undefined)) }));
  const corrected = definition.expectedDimension && gold ? gold.values[definition.expectedDimension] : undefined;
  const expected = typeof corrected === "string" && corrected.trim() ? corrected : null;
  const input = normalizeInput(item.input);

  return {
    output_id: item.externalId,
    timestamp: item.timestamp.toISOString(),
    audit_week: item.auditWeek,
    stratum: item.stratum,
    task_type: item.taskType,
    model: item.model,
    inclusion_probability: item.inclusionProbability,
    weight: item.inclusionProbability > 0 ? 1 / item.inclusionProbability : 0,
    split: splitOf(definition.split, item.externalId),
    input_format: input.format,
    input: input.messages,
    output: normalizeOutput(item.output),
    context: normalizeContext(item.context),
    gold: gold ? pick(gold.values, includedKeys) : null,
    expected,
    gold_source: gold?.source ?? null,
    gold_decided_by: !gold ? [] : gold.source === "adjudication" ? (gold.adjudicatorId ? [reviewer(gold.adjudicatorId, gold.adjudicatorName)] : []) : labels.map((l) => l.reviewer),
    gold_decided_at: gold ? gold.decidedAt.toISOString() : null,
    failing_dimensions: failing,
    labels,
    agreement,
    rubric_version: gold?.rubricVersion ?? item.labels.at(-1)?.rubricVersion ?? null,
  };
}
