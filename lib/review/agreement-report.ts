// Reviewer agreement per rubric dimension, from the labels of items that more than one reviewer
// labelled, and each reviewer's agreement with gold. Plain data in, plain data out: the database
// read groups the labels by item (lib/server/review/agreement.ts), lib/stats does the math. Every
// statistic comes with a seeded percentile-bootstrap 95 % interval, resampled by item, and the
// number of items it rests on.
import { cohenKappa, fleissKappa, gwetAC1, krippendorffAlpha, percentAgreement, type Rating } from "@/lib/stats/agreement";
import { bootstrapInterval, transpose } from "@/lib/stats/bootstrap";
import { wilsonInterval } from "@/lib/stats/intervals";
import { measurementLevel, type ChoiceDimension, type Dimension, type LabelValues, type MeasurementLevel } from "./rubric";

export type ItemLabels = {
  sampledItemId: string;
  labels: { reviewerId: string; values: LabelValues; timeSpentMs: number }[];
  gold: { values: LabelValues; source: string } | null;
};

export type Estimate = { estimate: number; lower: number; upper: number; n: number };

export type PairAgreement = { reviewerA: string; reviewerB: string; shared: number; kappa: Estimate | null; weights: "unweighted" | "linear" | "quadratic" };

export type AlphaBand = "reliable" | "tentative" | "unreliable";

export type DimensionAgreement = {
  key: string;
  label: string;
  level: MeasurementLevel;
  /** Items with at least two ratings of this dimension. */
  items: number;
  /** Fewer than MIN_ITEMS: no number is shown. */
  tooFew: boolean;
  percentAll: Estimate | null;
  percentPairwise: Estimate | null;
  /** Only when every item has the same number of ratings. */
  fleiss: Estimate | null;
  alpha: Estimate | null;
  alphaBand: AlphaBand | null;
  ac1: Estimate | null;
  pairs: PairAgreement[];
};

export const MIN_ITEMS = 10;
export const MIN_PAIR_ITEMS = 20;
export const BOOTSTRAP_REPLICATES = 1000;

/** Krippendorff (2004): ≥ 0.80 reliable, 0.667–0.80 tentative conclusions only, below: do not rely on it. */
export function alphaBand(alpha: number): AlphaBand {
  return alpha >= 0.8 ? "reliable" : alpha >= 0.667 ? "tentative" : "unreliable";
}

/** Dimensions agreement is measured on: every kind but free text. */
export function agreementDimensions(dimensions: Dimension[]): Dimension[] {
  return dimensions.filter((d) => d.kind !== "text");
}

/**
 * A value as the statistics see it: at ordinal and higher levels the position in the order (an
 * ordinal's unordered options, e.g. "not verifiable", are left out: they have no place in it), at
 * the nominal level a category; null when the label has no value for the dimension.
 */
export function codeValue(dimension: Dimension, value: unknown, level = measurementLevel(dimension)): Rating {
  if (value === undefined || value === null) return null;
  switch (dimension.kind) {
    case "ordinal": {
      if (typeof value !== "string") return null;
      if (level === "nominal") return value;
      const rank = orderedValues(dimension).indexOf(value);
      return rank >= 0 ? rank : null;
    }
    case "scale":
      return typeof value === "number" ? value : null;
    case "boolean":
      return typeof value === "boolean" ? (value ? "yes" : "no") : null;
    case "multiselect":
      return Array.isArray(value) ? [...value].sort().join("|") || "(none)" : null;
    case "categorical":
      return typeof value === "string" ? value : null;
    case "text":
      return null;
  }
}

function orderedValues(dimension: ChoiceDimension): string[] {
  return dimension.options.map((o) => o.value).filter((v) => !(dimension.unordered ?? []).includes(v));
}

/** The categories a dimension declares (AC1 and Fleiss need them to count unused ones), or undefined. */
export function declaredCategories(dimension: Dimension, level = measurementLevel(dimension)): (string | number)[] | undefined {
  switch (dimension.kind) {
    case "ordinal":
      return level === "nominal" ? dimension.options.map((o) => o.value) : orderedValues(dimension).map((_, i) => i);
    case "categorical":
      return dimension.options.map((o) => o.value);
    case "scale":
      return Array.from({ length: dimension.max - dimension.min + 1 }, (_, i) => dimension.min + i);
    case "boolean":
      return ["yes", "no"];
    default:
      return undefined;
  }
}

function kappaWeights(level: MeasurementLevel): PairAgreement["weights"] {
  return level === "nominal" ? "unweighted" : level === "ordinal" ? "linear" : "quadratic";
}

/** The estimate with its bootstrap interval; null when the statistic is undefined on these items. */
export function withInterval<U>(units: U[], statistic: (sample: U[]) => number, seed: number, replicates = BOOTSTRAP_REPLICATES): Estimate | null {
  if (units.length === 0) return null;
  try {
    const result = bootstrapInterval(units, statistic, { replicates, seed });
    if (!Number.isFinite(result.estimate)) return null;
    return { estimate: result.estimate, lower: result.lower, upper: result.upper, n: units.length };
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** Per item, the coded ratings of this dimension by reviewer (items with fewer than two left out). */
export function ratingsByItem(dimension: Dimension, items: ItemLabels[], level = measurementLevel(dimension)): { reviewers: string[]; ratings: Rating[] }[] {
  const out: { reviewers: string[]; ratings: Rating[] }[] = [];
  for (const item of items) {
    const reviewers: string[] = [];
    const ratings: Rating[] = [];
    for (const label of item.labels) {
      const coded = codeValue(dimension, label.values[dimension.key], level);
      if (coded === null) continue;
      reviewers.push(label.reviewerId);
      ratings.push(coded);
    }
    if (ratings.length >= 2) out.push({ reviewers, ratings });
  }
  return out;
}

/** Items × the most ratings any item has, shorter rows padded with missing ratings. */
function padded(rows: Rating[][]): Rating[][] {
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => (r.length === width ? r : [...r, ...Array<Rating>(width - r.length).fill(null)]));
}

export function dimensionAgreement(dimension: Dimension, items: ItemLabels[], options: { seed?: number; replicates?: number } = {}): DimensionAgreement {
  const level = measurementLevel(dimension);
  const seed = options.seed ?? 1;
  const B = options.replicates ?? BOOTSTRAP_REPLICATES;
  const rated = ratingsByItem(dimension, items, level);
  const base = { key: dimension.key, label: dimension.label, level, items: rated.length, tooFew: rated.length < MIN_ITEMS };
  const empty = { ...base, percentAll: null, percentPairwise: null, fleiss: null, alpha: null, alphaBand: null, ac1: null, pairs: [] };
  if (rated.length < 2) return empty;
  const rows = rated.map((r) => r.ratings);
  const categories = declaredCategories(dimension, level);
  const constant = rows.every((r) => r.length === rows[0].length);
  const alpha = withInterval(rows, (s) => krippendorffAlpha(transpose(padded(s)), level), seed, B);
  const pairs: PairAgreement[] = [];
  const reviewers = [...new Set(rated.flatMap((r) => r.reviewers))].sort();
  const weights = kappaWeights(level);
  for (let i = 0; i < reviewers.length; i++) {
    for (let j = i + 1; j < reviewers.length; j++) {
      const shared: [Rating, Rating][] = [];
      for (const r of rated) {
        const a = r.reviewers.indexOf(reviewers[i]);
        const b = r.reviewers.indexOf(reviewers[j]);
        if (a >= 0 && b >= 0) shared.push([r.ratings[a], r.ratings[b]]);
      }
      if (shared.length === 0) continue;
      const kappa =
        shared.length >= MIN_PAIR_ITEMS
          ? withInterval(shared, (s) => cohenKappa(s.map((p) => p[0]), s.map((p) => p[1]), { weights, categories: weights === "unweighted" ? undefined : categories }).kappa, seed + i * 31 + j, B)
          : null;
      pairs.push({ reviewerA: reviewers[i], reviewerB: reviewers[j], shared: shared.length, kappa, weights });
    }
  }
  return {
    ...base,
    percentAll: withInterval(rows, (s) => percentAgreement(padded(s)).allRatersAgree, seed + 1, B),
    percentPairwise: withInterval(rows, (s) => percentAgreement(padded(s)).pairwise, seed + 2, B),
    fleiss: constant ? withInterval(rows, (s) => fleissKappa(s, { categories }).kappa, seed + 3, B) : null,
    alpha,
    alphaBand: alpha ? alphaBand(alpha.estimate) : null,
    ac1: withInterval(rows, (s) => gwetAC1(padded(s), { categories }).ac1, seed + 4, B),
    pairs,
  };
}

/**
 * How the overlap share sizes α's interval: its half-width now, and about what it would be at
 * another share. The standard error scales with 1/√n, so this is an approximation.
 */
export function overlapSizing(alpha: Estimate, overlapShare: number, otherShare: number): { halfWidth: number; otherShare: number; otherItems: number; otherHalfWidth: number } {
  const halfWidth = (alpha.upper - alpha.lower) / 2;
  const otherItems = Math.max(1, Math.round((alpha.n * otherShare) / Math.max(overlapShare, 1e-9)));
  return { halfWidth, otherShare, otherItems, otherHalfWidth: halfWidth * Math.sqrt(alpha.n / otherItems) };
}

// ---------------------------------------------------------------------------------------------
// Reviewers against gold.

export type ReviewerDimensionQuality = {
  key: string;
  label: string;
  /** Labels compared with a gold value (self-gold excluded). */
  compared: number;
  matches: number;
  matchShare: { estimate: number; lower: number; upper: number } | null;
  kappa: Estimate | null;
  /** reviewer value → gold value → count, for categorical dimensions. */
  confusion: Record<string, Record<string, number>> | null;
};

export type ReviewerQuality = {
  reviewerId: string;
  labels: number;
  medianSeconds: number | null;
  dimensions: ReviewerDimensionQuality[];
  /** κ-vs-gold interval entirely below the team's median κ on some dimension. */
  flagged: string[];
};

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Each reviewer's labels against the gold label of the same item. Gold that is nothing but this
 * reviewer's own single label (a single-review item's consensus) says nothing about them and is
 * left out; consensus of several labels and adjudications count.
 */
export function reviewerQuality(dimensions: Dimension[], items: ItemLabels[], options: { seed?: number; replicates?: number } = {}): ReviewerQuality[] {
  const seed = options.seed ?? 1;
  const B = options.replicates ?? BOOTSTRAP_REPLICATES;
  const dims = agreementDimensions(dimensions);
  const byReviewer = new Map<string, { times: number[]; pairs: { values: LabelValues; gold: LabelValues }[] }>();
  for (const item of items) {
    for (const label of item.labels) {
      const entry = byReviewer.get(label.reviewerId) ?? { times: [], pairs: [] };
      entry.times.push(label.timeSpentMs);
      const selfGold = item.labels.length === 1 && item.gold?.source === "consensus";
      if (item.gold && !selfGold) entry.pairs.push({ values: label.values, gold: item.gold.values });
      byReviewer.set(label.reviewerId, entry);
    }
  }
  const out: ReviewerQuality[] = [...byReviewer].sort(([a], [b]) => a.localeCompare(b)).map(([reviewerId, entry], r) => ({
    reviewerId,
    labels: entry.times.length,
    medianSeconds: median(entry.times.filter((t) => t > 0).map((t) => t / 1000)),
    flagged: [],
    dimensions: dims.map((d, k) => {
      const level = measurementLevel(d);
      const pairs = entry.pairs.map((p) => [codeValue(d, p.values[d.key], level), codeValue(d, p.gold[d.key], level)] as [Rating, Rating]).filter(([a, b]) => a !== null && b !== null);
      const matches = pairs.filter(([a, b]) => a === b).length;
      const categories = declaredCategories(d, level);
      const weights = kappaWeights(level);
      let confusion: ReviewerDimensionQuality["confusion"] = null;
      if (d.kind === "categorical" || d.kind === "ordinal" || d.kind === "boolean") {
        confusion = {};
        for (const p of entry.pairs) {
          const a = String(p.values[d.key] ?? "—");
          const g = String(p.gold[d.key] ?? "—");
          if (p.values[d.key] === undefined && p.gold[d.key] === undefined) continue;
          (confusion[a] ??= {})[g] = (confusion[a][g] ?? 0) + 1;
        }
      }
      return {
        key: d.key,
        label: d.label,
        compared: pairs.length,
        matches,
        matchShare: pairs.length ? { estimate: matches / pairs.length, ...pick(wilsonInterval(matches, pairs.length)) } : null,
        kappa: pairs.length >= MIN_ITEMS
          ? withInterval(pairs, (s) => cohenKappa(s.map((p) => p[0]), s.map((p) => p[1]), { weights, categories: weights === "unweighted" ? undefined : categories }).kappa, seed + r * 101 + k, B)
          : null,
        confusion,
      };
    }),
  }));
  // Flag against the team: a reviewer whose whole interval lies below the median κ of all reviewers.
  dims.forEach((d, k) => {
    const team = median(out.flatMap((q) => (q.dimensions[k].kappa ? [q.dimensions[k].kappa!.estimate] : [])));
    if (team === null) return;
    for (const q of out) if (q.dimensions[k].kappa && q.dimensions[k].kappa!.upper < team) q.flagged.push(d.key);
  });
  return out;
}

function pick(interval: { lower: number; upper: number }): { lower: number; upper: number } {
  return { lower: interval.lower, upper: interval.upper };
}
