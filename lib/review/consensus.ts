// Whether overlapping labels of one item agree, dimension by dimension, and the consensus value
// when they do. Agreement per kind: categorical, ordinal, scale and boolean values must be equal;
// a multiselect must be the same set; free text never counts (two reviewers never word a
// correction the same way). A dimension one label answered and another did not is a disagreement
// (e.g. both said "violation" but only one gave categories cannot happen; "violation" vs
// "compliant" already disagrees on the parent).
//
// Ordinal and scale dimensions may declare a tolerance: values whose ordered positions differ by
// at most that much agree (tone 4 vs 5 with tolerance 1), and the consensus value is their median,
// ties to the lower (of 4 and 5, 4: the stricter reading of the two). Options outside an ordinal's
// order ("not verifiable") must still be equal.
import type { Dimension, LabelValue, LabelValues } from "./rubric";

export type LabelForConsensus = { values: LabelValues; submittedAt: Date };
export type ConsensusResult = { agree: true; values: LabelValues; disagreements: [] } | { agree: false; values: null; disagreements: string[] };

function canonical(dimension: Dimension, value: LabelValue | undefined): string {
  if (value === undefined || value === null) return "∅";
  if (dimension.kind === "multiselect" && Array.isArray(value)) return JSON.stringify([...value].sort());
  return JSON.stringify(value);
}

/**
 * The positions of the labels' values on the dimension's order when it has a tolerance and every
 * label holds an ordered value; otherwise null (compare for equality).
 */
function orderedPositions(dimension: Dimension, values: (LabelValue | undefined)[]): number[] | null {
  if (dimension.kind !== "scale" && dimension.kind !== "ordinal") return null;
  if (!dimension.tolerance) return null;
  if (dimension.kind === "scale") return values.every((v) => typeof v === "number") ? (values as number[]) : null;
  const ordered = dimension.options.map((o) => o.value).filter((v) => !(dimension.unordered ?? []).includes(v));
  const positions = values.map((v) => (typeof v === "string" ? ordered.indexOf(v) : -1));
  return positions.every((p) => p >= 0) ? positions : null;
}

/** The median of positions, ties (an even count) to the lower of the two middle ones. */
export function lowerMedian(positions: number[]): number {
  const sorted = [...positions].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function agreesOn(dimension: Dimension, values: (LabelValue | undefined)[]): boolean {
  const positions = orderedPositions(dimension, values);
  if (positions) return Math.max(...positions) - Math.min(...positions) <= (dimension as { tolerance?: number }).tolerance!;
  return new Set(values.map((v) => canonical(dimension, v))).size <= 1;
}

/** The keys of the dimensions on which the labels disagree (text dimensions excluded). */
export function disagreeingDimensions(dimensions: Dimension[], labels: LabelValues[]): string[] {
  const out: string[] = [];
  for (const d of dimensions) {
    if (d.kind === "text") continue;
    if (!agreesOn(d, labels.map((l) => l[d.key]))) out.push(d.key);
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
    const positions = orderedPositions(d, ordered.map((l) => l.values[d.key]));
    if (positions && d.kind === "scale") {
      values[d.key] = lowerMedian(positions);
      continue;
    }
    if (positions && d.kind === "ordinal") {
      values[d.key] = d.options.map((o) => o.value).filter((v) => !(d.unordered ?? []).includes(v))[lowerMedian(positions)];
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
