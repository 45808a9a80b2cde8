// Judge versus human (issue 14 §5): on gold-labelled items, how well the mapped judge agrees with
// gold. κ, Gwet's AC1 and percent agreement with seeded bootstrap intervals resampled by item (as
// on the agreement page), the confusion matrix judge × gold, and for a numeric signal the ROC AUC of
// the score against the dimension's failure flag and the threshold at which the judge flags as many
// outputs as humans find failing. Plain data in, plain data out; lib/stats does the math.
import { cohenKappa, gwetAC1, percentAgreement } from "@/lib/stats/agreement";
import { valueIsFailure } from "@/lib/review/error-outcome";
import type { Dimension, LabelValues } from "@/lib/review/rubric";
import { withSampleInterval, type Estimate } from "@/lib/review/agreement-report";
import { judgeVerdict, type JudgeMapping } from "./mapping";

export const FAILURE = "failure";
export const NOT_FAILURE = "not a failure";

export type JudgeGoldItem = { signals: unknown; gold: LabelValues };

export type JudgeVersusGold = {
  signal: string;
  dimension: { key: string; label: string };
  kind: JudgeMapping["kind"];
  /** Gold items compared: both a judge verdict and a gold answer for the dimension. */
  items: number;
  /** Gold items with an answer for the dimension but no usable value of the signal. */
  withoutSignal: number;
  /** Categories of the confusion matrix: failure / not a failure (numeric), the dimension's options (categorical). */
  categories: string[];
  /** confusion[i][j]: items the judge put in categories[i] and gold in categories[j]. */
  confusion: number[][];
  percent: Estimate | null;
  kappa: Estimate | null;
  ac1: Estimate | null;
  /** Share of the compared items the judge / gold calls a failure of the dimension. */
  judgeFailureRate: number | null;
  goldFailureRate: number | null;
  /** Pearson (φ) correlation of the judge's failure verdict with gold's: what the assisted estimate's gain rests on. */
  correlation: number | null;
  /** Numeric signals only. */
  roc: { auc: Estimate | null; bestThreshold: number | null; judgeRateAtBest: number | null } | null;
};

export const MIN_JUDGE_ITEMS = 10;

export function judgeVersusGold(mapping: JudgeMapping, dimension: Dimension, items: JudgeGoldItem[], options: { seed?: number; replicates?: number } = {}): JudgeVersusGold {
  const seed = options.seed ?? 1;
  const B = options.replicates ?? 1000;
  const pairs: { judge: string; gold: string; judgeFailure: boolean; goldFailure: boolean; score: number | null }[] = [];
  let withoutSignal = 0;
  for (const item of items) {
    const goldValue = item.gold[dimension.key];
    if (goldValue === undefined || goldValue === null) continue;
    const verdict = judgeVerdict(mapping, dimension, item.signals);
    if (!verdict) {
      withoutSignal++;
      continue;
    }
    const goldFailure = valueIsFailure(dimension, goldValue);
    if (mapping.kind === "numeric") {
      pairs.push({ judge: verdict.failure ? FAILURE : NOT_FAILURE, gold: goldFailure ? FAILURE : NOT_FAILURE, judgeFailure: verdict.failure, goldFailure, score: verdict.score });
    } else {
      pairs.push({ judge: verdict.option!, gold: String(goldValue), judgeFailure: verdict.failure, goldFailure, score: null });
    }
  }
  const categories =
    mapping.kind === "numeric" ? [FAILURE, NOT_FAILURE] : dimension.kind === "categorical" || dimension.kind === "ordinal" ? dimension.options.map((o) => o.value) : [...new Set(pairs.flatMap((p) => [p.judge, p.gold]))].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  const confusion = categories.map(() => categories.map(() => 0));
  for (const p of pairs) {
    const i = index.get(p.judge);
    const j = index.get(p.gold);
    if (i !== undefined && j !== undefined) confusion[i][j]++;
  }
  const n = pairs.length;
  const base = { signal: mapping.signal, dimension: { key: dimension.key, label: dimension.label }, kind: mapping.kind, items: n, withoutSignal, categories, confusion };
  const judgeFailureRate = n ? pairs.filter((p) => p.judgeFailure).length / n : null;
  const goldFailureRate = n ? pairs.filter((p) => p.goldFailure).length / n : null;
  if (n < 2) return { ...base, percent: null, kappa: null, ac1: null, judgeFailureRate, goldFailureRate, correlation: null, roc: mapping.kind === "numeric" ? { auc: null, bestThreshold: null, judgeRateAtBest: null } : null };
  const rows = pairs.map((p) => [p.judge, p.gold]);
  const percent = withSampleInterval(rows, (s) => percentAgreement(s).allRatersAgree, seed, B);
  const kappa = withSampleInterval(rows, (s) => cohenKappa(s.map((r) => r[0]), s.map((r) => r[1]), { categories }).kappa, seed + 1, B);
  const ac1 = withSampleInterval(rows, (s) => gwetAC1(s, { categories }).ac1, seed + 2, B);
  const correlation = phi(pairs.map((p) => [p.judgeFailure, p.goldFailure]));
  let roc: JudgeVersusGold["roc"] = null;
  if (mapping.kind === "numeric") {
    // Oriented so that a larger value means "more likely a failure".
    const sign = mapping.failureWhen === "below" ? -1 : 1;
    const scored = pairs.map((p) => ({ s: sign * p.score!, failure: p.goldFailure }));
    const auc = withSampleInterval(scored, (s) => rocAuc(s), seed + 3, B);
    const best = goldFailureRate === null ? null : thresholdMatchingRate(pairs.map((p) => p.score!), mapping.failureWhen, goldFailureRate);
    roc = { auc, bestThreshold: best?.threshold ?? null, judgeRateAtBest: best?.rate ?? null };
  }
  return { ...base, percent, kappa, ac1, judgeFailureRate, goldFailureRate, correlation, roc };
}

/**
 * The area under the ROC curve as the Mann–Whitney probability that a failing item's (oriented)
 * score exceeds a passing item's, ties counting ½ (Hanley & McNeil 1982). RangeError without both
 * classes (undefined: the bootstrap skips such resamples).
 */
export function rocAuc(items: { s: number; failure: boolean }[]): number {
  const positives = items.filter((x) => x.failure).length;
  const negatives = items.length - positives;
  if (positives === 0 || negatives === 0) throw new RangeError("ROC AUC needs failing and passing items");
  const sorted = items.map((x) => x).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1].s === sorted[i].s) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (sorted[k].failure) rankSum += midRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * The threshold at which the judge flags the share of items closest to the human failure rate:
 * candidates are the midpoints between consecutive distinct scores (and the ends), rounded to 3
 * decimals; ties go to the threshold nearest the middle of the score range' gap.
 */
export function thresholdMatchingRate(scores: number[], failureWhen: "below" | "above", targetRate: number): { threshold: number; rate: number } | null {
  if (scores.length === 0) return null;
  const distinct = [...new Set(scores)].sort((a, b) => a - b);
  const candidates = [distinct[0] - 1e-3, ...distinct.slice(1).map((v, i) => (v + distinct[i]) / 2), distinct[distinct.length - 1] + 1e-3];
  let best: { threshold: number; rate: number } | null = null;
  for (const t of candidates) {
    const flagged = scores.filter((s) => (failureWhen === "below" ? s < t : s > t)).length / scores.length;
    if (!best || Math.abs(flagged - targetRate) < Math.abs(best.rate - targetRate)) best = { threshold: t, rate: flagged };
  }
  return best && { threshold: Math.round(best.threshold * 1000) / 1000, rate: best.rate };
}

function phi(pairs: [boolean, boolean][]): number | null {
  const n = pairs.length;
  let a = 0;
  let b = 0;
  let ab = 0;
  for (const [x, y] of pairs) {
    if (x) a++;
    if (y) b++;
    if (x && y) ab++;
  }
  const denominator = Math.sqrt(a * (n - a) * b * (n - b));
  return denominator === 0 ? null : (n * ab - a * b) / denominator;
}
