// Reviewer agreement per rubric dimension, from the labels of items that more than one reviewer
// labelled, and each reviewer's agreement with gold. Plain data in, plain data out: the database
// read groups the labels by item (lib/server/review/agreement.ts), lib/stats does the math. Every
// statistic comes with a seeded percentile-bootstrap 95 % interval, resampled by item, and the
// number of items it rests on.
import { cohenKappa, percentAgreement, prepareFleissKappa, prepareGwetAC1, prepareKrippendorffAlpha, type Rating, type UnitWeights } from "@/lib/stats/agreement";
import { bootstrapInterval, bootstrapWeighted, bootstrapWeightedMany, transpose, type BootstrapResult } from "@/lib/stats/bootstrap";
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

/**
 * One dimension's ratings of items that share a pattern: the same reviewers gave the same values
 * (null: no value). The database groups the labels this way (lib/server/review/agreement.ts), so
 * 100,000 items are a few hundred patterns; `count` is how many items have it.
 */
export type RatingPattern = { reviewers: string[]; values: unknown[]; count: number };

/** Groups items' labels of one dimension into patterns (what the database read does in SQL). */
export function ratingPatterns(dimension: Dimension, items: ItemLabels[]): RatingPattern[] {
  const byKey = new Map<string, RatingPattern>();
  for (const item of items) {
    if (item.labels.length < 2) continue;
    const labels = [...item.labels].sort((a, b) => (a.reviewerId < b.reviewerId ? -1 : a.reviewerId > b.reviewerId ? 1 : 0));
    const pattern = { reviewers: labels.map((l) => l.reviewerId), values: labels.map((l) => l.values[dimension.key] ?? null), count: 1 };
    const key = JSON.stringify([pattern.reviewers, pattern.values]);
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, pattern);
  }
  return [...byKey.values()];
}

/**
 * An estimate with its bootstrap interval for a statistic over a list of units that are not
 * grouped into identical patterns (e.g. judge-vs-gold pairs with a continuous score), resampled
 * unit by unit.
 */
export function withSampleInterval<U>(units: U[], statistic: (sample: U[]) => number, seed: number, replicates = BOOTSTRAP_REPLICATES): Estimate | null {
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

/** The estimate with its bootstrap interval over weighted patterns; null when the statistic is undefined on them. */
export function withInterval(counts: number[], statistic: (weights: number[]) => number, seed: number, replicates = BOOTSTRAP_REPLICATES): Estimate | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  try {
    const result = bootstrapWeighted(counts, statistic, { replicates, seed });
    if (!Number.isFinite(result.estimate)) return null;
    return { estimate: result.estimate, lower: result.lower, upper: result.upper, n };
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

type CodedPattern = { reviewers: string[]; ratings: Rating[]; count: number };

/** Patterns coded for the statistics (values without a place at this level dropped), identical ones merged, fewer than two ratings left out. */
export function codedPatterns(dimension: Dimension, patterns: RatingPattern[], level = measurementLevel(dimension)): CodedPattern[] {
  const byKey = new Map<string, CodedPattern>();
  for (const p of patterns) {
    const reviewers: string[] = [];
    const ratings: Rating[] = [];
    p.values.forEach((value, i) => {
      const coded = codeValue(dimension, value, level);
      if (coded === null) return;
      reviewers.push(p.reviewers[i]);
      ratings.push(coded);
    });
    if (ratings.length < 2 || p.count === 0) continue;
    const key = JSON.stringify([reviewers, ratings]);
    const seen = byKey.get(key);
    if (seen) seen.count += p.count;
    else byKey.set(key, { reviewers, ratings, count: p.count });
  }
  return [...byKey.values()];
}

/** A prepared statistic; one whose ratings it cannot take throws that RangeError on every call (the estimate is then null). */
function prepared<T>(prepare: () => (weights?: UnitWeights) => T): (weights?: UnitWeights) => T {
  try {
    return prepare();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return () => {
      throw error;
    };
  }
}

/** Items × the most ratings any item has, shorter rows padded with missing ratings. */
function padded(rows: Rating[][]): Rating[][] {
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => (r.length === width ? r : [...r, ...Array<Rating>(width - r.length).fill(null)]));
}

/** Agreement on one dimension from items' labels (grouped into patterns first). */
export function dimensionAgreement(dimension: Dimension, items: ItemLabels[], options: { seed?: number; replicates?: number } = {}): DimensionAgreement {
  return dimensionAgreementOf(dimension, ratingPatterns(dimension, items), options);
}

/**
 * Agreement on one dimension from rating patterns. Each statistic is lib/stats's on the items the
 * patterns stand for (each pattern weighted by its count); the bootstrap resamples items, i.e.
 * draws multinomial pattern weights (bootstrapWeighted), so its cost does not grow with items.
 */
export function dimensionAgreementOf(dimension: Dimension, patterns: RatingPattern[], options: { seed?: number; replicates?: number } = {}): DimensionAgreement {
  const level = measurementLevel(dimension);
  const seed = options.seed ?? 1;
  const B = options.replicates ?? BOOTSTRAP_REPLICATES;
  const rated = codedPatterns(dimension, patterns, level);
  const counts = rated.map((r) => r.count);
  const items = counts.reduce((a, b) => a + b, 0);
  const base = { key: dimension.key, label: dimension.label, level, items, tooFew: items < MIN_ITEMS };
  const empty = { ...base, percentAll: null, percentPairwise: null, fleiss: null, alpha: null, alphaBand: null, ac1: null, pairs: [] };
  if (items < 2) return empty;
  const rows = rated.map((r) => r.ratings);
  const square = padded(rows);
  const codersByUnits = transpose(square);
  const categories = declaredCategories(dimension, level);
  const constant = rows.every((r) => r.length === rows[0].length);
  const weights = kappaWeights(level);
  const kappaCategories = weights === "unweighted" ? undefined : categories;
  // Every statistic of the dimension shares the resamples of its items (bootstrapWeightedMany); a
  // pair's κ sees the resampled items both reviewers rated (its patterns' weights).
  // Both shares come from one percentAgreement call per resample (the statistics run in order on it).
  let percent: { weights: number[]; result: ReturnType<typeof percentAgreement> } | null = null;
  const percentOf = (w: number[]) => {
    if (!percent || percent.weights.length !== w.length || percent.weights.some((x, i) => x !== w[i])) percent = { weights: w, result: percentAgreement(square, { weights: w }) };
    return percent.result;
  };
  // The ratings are coded once per statistic (lib/stats prepare*), not once per resample.
  const alphaOf = prepared(() => prepareKrippendorffAlpha(codersByUnits, level));
  const ac1Of = prepared(() => prepareGwetAC1(square, { categories }));
  const statistics: ((w: number[]) => number)[] = [(w) => alphaOf(w), (w) => percentOf(w).allRatersAgree, (w) => percentOf(w).pairwise, (w) => ac1Of(w).ac1];
  if (constant) {
    const fleissOf = prepared(() => prepareFleissKappa(rows, { categories }));
    statistics.push((w) => fleissOf(w).kappa);
  }
  const reviewers = [...new Set(rated.flatMap((r) => r.reviewers))].sort();
  const pairInputs: { reviewerA: string; reviewerB: string; shared: number; statistic: number | null }[] = [];
  for (let i = 0; i < reviewers.length; i++) {
    for (let j = i + 1; j < reviewers.length; j++) {
      const a: Rating[] = [];
      const b: Rating[] = [];
      const from: number[] = [];
      rated.forEach((r, p) => {
        const x = r.reviewers.indexOf(reviewers[i]);
        const y = r.reviewers.indexOf(reviewers[j]);
        if (x < 0 || y < 0) return;
        a.push(r.ratings[x]);
        b.push(r.ratings[y]);
        from.push(p);
      });
      const shared = from.reduce((s, p) => s + counts[p], 0);
      if (shared === 0) continue;
      let statistic: number | null = null;
      if (shared >= MIN_PAIR_ITEMS) {
        statistic = statistics.length;
        statistics.push((w) => cohenKappa(a, b, { weights, categories: kappaCategories, unitWeights: from.map((p) => w[p]) }).kappa);
      }
      pairInputs.push({ reviewerA: reviewers[i], reviewerB: reviewers[j], shared, statistic });
    }
  }
  const results = bootstrapWeightedMany(counts, statistics, { replicates: B, seed });
  const estimate = (k: number, n = items): Estimate | null => {
    const r = results[k] as BootstrapResult | RangeError;
    return r instanceof RangeError || !Number.isFinite(r.estimate) ? null : { estimate: r.estimate, lower: r.lower, upper: r.upper, n };
  };
  const alpha = estimate(0);
  const pairs: PairAgreement[] = pairInputs.map((p) => ({ reviewerA: p.reviewerA, reviewerB: p.reviewerB, shared: p.shared, kappa: p.statistic === null ? null : estimate(p.statistic, p.shared), weights }));
  return {
    ...base,
    percentAll: estimate(1),
    percentPairwise: estimate(2),
    fleiss: constant ? estimate(4) : null,
    alpha,
    alphaBand: alpha ? alphaBand(alpha.estimate) : null,
    ac1: estimate(3),
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
  /** The confusion matrix's rows and columns in the rubric's order, with their labels. */
  confusionValues: { value: string; label: string }[] | null;
};

export type ReviewerQuality = {
  reviewerId: string;
  labels: number;
  medianSeconds: number | null;
  dimensions: ReviewerDimensionQuality[];
  /** κ-vs-gold interval entirely below the team's median κ on some dimension. */
  flagged: string[];
};

/** How much a reviewer labelled in an audit, and how fast (the database computes the median). */
export type ReviewerActivity = { reviewerId: string; labels: number; medianSeconds: number | null };

/** `count` labels of `reviewerId` gave `value` on dimension `key` where the item's gold says `gold` (self-gold already left out). */
export type GoldPair = { reviewerId: string; key: string; value: unknown; gold: unknown; count: number };

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Gold that is nothing but this reviewer's own single label (a single-review item's consensus)
 * says nothing about them: left out. Consensus of several labels and adjudications count.
 */
export function isSelfGold(item: Pick<ItemLabels, "labels" | "gold">): boolean {
  return item.labels.length === 1 && item.gold?.source === "consensus";
}

/** Items' labels against their gold, grouped by reviewer, dimension and the two values (what the database read does in SQL). */
export function goldPairs(dimensions: Dimension[], items: ItemLabels[]): GoldPair[] {
  const byKey = new Map<string, GoldPair>();
  for (const item of items) {
    if (!item.gold || isSelfGold(item)) continue;
    for (const label of item.labels) {
      for (const d of agreementDimensions(dimensions)) {
        const pair = { reviewerId: label.reviewerId, key: d.key, value: label.values[d.key] ?? null, gold: item.gold.values[d.key] ?? null, count: 1 };
        const id = JSON.stringify([pair.reviewerId, pair.key, pair.value, pair.gold]);
        const seen = byKey.get(id);
        if (seen) seen.count++;
        else byKey.set(id, pair);
      }
    }
  }
  return [...byKey.values()];
}

/** Labels and median seconds per reviewer (labels without a recorded time left out of the median). */
export function reviewerActivity(items: ItemLabels[]): ReviewerActivity[] {
  const times = new Map<string, number[]>();
  for (const item of items) for (const label of item.labels) (times.get(label.reviewerId) ?? times.set(label.reviewerId, []).get(label.reviewerId)!).push(label.timeSpentMs);
  return [...times].map(([reviewerId, t]) => ({ reviewerId, labels: t.length, medianSeconds: median(t.filter((x) => x > 0).map((x) => x / 1000)) }));
}

/** Each reviewer's labels against the gold label of the same item, from items. */
export function reviewerQuality(dimensions: Dimension[], items: ItemLabels[], options: { seed?: number; replicates?: number } = {}): ReviewerQuality[] {
  return reviewerQualityOf(dimensions, reviewerActivity(items), goldPairs(dimensions, items), options);
}

function confusionValues(d: Dimension): { value: string; label: string }[] | null {
  if (d.kind === "categorical" || d.kind === "ordinal") return d.options.map((o) => ({ value: o.value, label: o.label }));
  if (d.kind === "boolean") return [{ value: "true", label: "yes" }, { value: "false", label: "no" }];
  return null;
}

/** Each reviewer's agreement with gold per dimension: match share (Wilson), κ (bootstrap over labels), confusion matrix. */
export function reviewerQualityOf(dimensions: Dimension[], activity: ReviewerActivity[], pairs: GoldPair[], options: { seed?: number; replicates?: number } = {}): ReviewerQuality[] {
  const seed = options.seed ?? 1;
  const B = options.replicates ?? BOOTSTRAP_REPLICATES;
  const dims = agreementDimensions(dimensions);
  const reviewers = [...new Set([...activity.map((a) => a.reviewerId), ...pairs.map((p) => p.reviewerId)])].sort();
  const activityOf = new Map(activity.map((a) => [a.reviewerId, a]));
  const pairsOf = new Map<string, GoldPair[]>();
  for (const p of pairs) (pairsOf.get(`${p.reviewerId}\u0000${p.key}`) ?? pairsOf.set(`${p.reviewerId}\u0000${p.key}`, []).get(`${p.reviewerId}\u0000${p.key}`)!).push(p);
  const out: ReviewerQuality[] = reviewers.map((reviewerId, r) => ({
    reviewerId,
    labels: activityOf.get(reviewerId)?.labels ?? 0,
    medianSeconds: activityOf.get(reviewerId)?.medianSeconds ?? null,
    flagged: [],
    dimensions: dims.map((d, k) => {
      const level = measurementLevel(d);
      const raw = pairsOf.get(`${reviewerId}\u0000${d.key}`) ?? [];
      const coded = raw.map((p) => ({ a: codeValue(d, p.value, level), b: codeValue(d, p.gold, level), count: p.count })).filter((p) => p.a !== null && p.b !== null && p.count > 0);
      const reviewerValues = coded.map((p) => p.a);
      const goldValues = coded.map((p) => p.b);
      const compared = coded.reduce((s, p) => s + p.count, 0);
      const matches = coded.reduce((s, p) => s + (p.a === p.b ? p.count : 0), 0);
      const categories = declaredCategories(d, level);
      const weights = kappaWeights(level);
      const values = confusionValues(d);
      let confusion: ReviewerDimensionQuality["confusion"] = null;
      if (values) {
        confusion = {};
        for (const p of raw) {
          if (p.value === null && p.gold === null) continue;
          const a = p.value === null ? "—" : String(p.value);
          const g = p.gold === null ? "—" : String(p.gold);
          (confusion[a] ??= {})[g] = (confusion[a][g] ?? 0) + p.count;
        }
      }
      const seenValues = confusion ? [...new Set([...Object.keys(confusion), ...Object.values(confusion).flatMap((row) => Object.keys(row))])] : [];
      const extra = seenValues.filter((v) => !values?.some((x) => x.value === v)).map((v) => ({ value: v, label: v }));
      return {
        key: d.key,
        label: d.label,
        compared,
        matches,
        matchShare: compared ? { estimate: matches / compared, ...pick(wilsonInterval(matches, compared)) } : null,
        kappa:
          compared >= MIN_ITEMS
            ? withInterval(coded.map((p) => p.count), (w) => cohenKappa(reviewerValues, goldValues, { weights, categories: weights === "unweighted" ? undefined : categories, unitWeights: w }).kappa, seed + r * 101 + k, B)
            : null,
        confusion,
        confusionValues: values ? [...values, ...extra] : null,
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

/** One week of a reviewer's agreement with gold, pooled over the dimensions (Wilson 95 % interval). */
export type DriftPoint = { auditId: string; week: string; compared: number; share: { estimate: number; lower: number; upper: number } | null };

/**
 * Drift: each reviewer's share of labels matching gold per audit (week), over every agreement
 * dimension at once, so a reviewer who slips shows as a falling line.
 */
export function reviewerDrift(dimensions: Dimension[], weeks: { auditId: string; week: string; pairs: GoldPair[] }[]): Map<string, DriftPoint[]> {
  const dims = new Map(agreementDimensions(dimensions).map((d) => [d.key, d]));
  const reviewers = [...new Set(weeks.flatMap((w) => w.pairs.map((p) => p.reviewerId)))];
  const out = new Map<string, DriftPoint[]>();
  for (const reviewerId of reviewers) {
    out.set(
      reviewerId,
      weeks.map((w) => {
        let compared = 0;
        let matches = 0;
        for (const p of w.pairs) {
          const d = dims.get(p.key);
          if (p.reviewerId !== reviewerId || !d) continue;
          const a = codeValue(d, p.value);
          const b = codeValue(d, p.gold);
          if (a === null || b === null) continue;
          compared += p.count;
          if (a === b) matches += p.count;
        }
        return { auditId: w.auditId, week: w.week, compared, share: compared ? { estimate: matches / compared, ...pick(wilsonInterval(matches, compared)) } : null };
      }),
    );
  }
  return out;
}

function pick(interval: { lower: number; upper: number }): { lower: number; upper: number } {
  return { lower: interval.lower, upper: interval.upper };
}
