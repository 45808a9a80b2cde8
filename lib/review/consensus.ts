// Whether overlapping labels of one item agree, dimension by dimension, and the consensus value
// when they do. Agreement per kind: categorical, ordinal, scale and boolean values must be equal;
// a multiselect must be the same set; free text never counts (two reviewers never word a
// correction the same way). A dimension one label answered and another did not is a disagreement
// (e.g. both said "violation" but only one gave categories cannot happen; "violation" vs
// "compliant" already disagrees on the parent).
import type { Dimension, LabelValue, LabelValues } from "./rubric";

export type LabelForConsensus = { values: LabelValues; submittedAt: Date };
export type ConsensusResult = { agree: true; values: LabelValues; disagreements: [] } | { agree: false; values: null; disagreements: string[] };

function canonical(dimension: Dimension, value: LabelValue | undefined): string {
  if (value === undefined || value === null) return "∅";
  if (dimension.kind === "multiselect" && Array.isArray(value)) return JSON.stringify([...value].sort());
  return JSON.stringify(value);
}

/** The keys of the dimensions on which the labels disagree (text dimensions excluded). */
export function disagreeingDimensions(dimensions: Dimension[], labels: LabelValues[]): string[] {
  const out: string[] = [];
  for (const d of dimensions) {
    if (d.kind === "text") continue;
    const seen = new Set(labels.map((l) => canonical(d, l[d.key])));
    if (seen.size > 1) out.push(d.key);
  }
  return out;
}

/**
 * The consensus of labels that agree: the shared value of every counted dimension, and for text
 * dimensions the earliest submitted non-empty text ("first") or every distinct text joined by a
 * blank line ("join"). A single label is its own consensus.
 */
export function consensus(dimensions: Dimension[], labels: LabelForConsensus[]): ConsensusResult {
  if (labels.length === 0) throw new Error("consensus needs at least one label");
  const ordered = [...labels].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
  const disagreements = disagreeingDimensions(dimensions, ordered.map((l) => l.values));
  if (disagreements.length) return { agree: false, values: null, disagreements };
  const values: LabelValues = {};
  for (const d of dimensions) {
    if (d.kind === "text") {
      const texts = ordered.map((l) => l.values[d.key]).filter((v): v is string => typeof v === "string" && v.trim() !== "");
      const distinct = [...new Set(texts.map((t) => t.trim()))];
      if (distinct.length === 0) continue;
      values[d.key] = d.merge === "join" ? distinct.join("\n\n") : distinct[0];
      continue;
    }
    const value = ordered[0].values[d.key];
    if (value !== undefined) values[d.key] = Array.isArray(value) ? [...value].sort() : value;
  }
  return { agree: true, values, disagreements: [] };
}

/** Dimensions that appear in any of the rubrics, current first, for comparing labels made under different versions. */
export function unionOfDimensions(rubrics: Dimension[][]): Dimension[] {
  const out = new Map<string, Dimension>();
  for (const dims of rubrics) for (const d of dims) if (!out.has(d.key)) out.set(d.key, d);
  return [...out.values()];
}
