// The judge-assisted estimate of an audit's rate beside the human-only one (issue 18, "In the
// app"): each stratum splits into the outputs the judge scored (regression estimator on the judge's
// score) and those it did not (estimated from humans alone), and the page shows both intervals, the
// width ratio and the judge-vs-gold correlation the gain rests on.
import { assistedStratifiedEstimate, type AssistedStratum } from "@/lib/stats/assisted";
import { twoSidedZ } from "@/lib/stats/distributions";

export type JudgeAssistedStratum = {
  value: string;
  /** N_h: outputs of the stratum in the week. */
  population: number;
  /** Outputs of the stratum that carry the judge's score, and the mean score over them. */
  scored: number;
  scoreMean: number | null;
  /** The stratum's drawn items: y the human (gold) outcome, null while unreviewed; prediction the judge's score, null without one. */
  items: { y: number | null; prediction: number | null }[];
};

export type RateWithInterval = { rate: number; standardError: number; lower: number; upper: number };

export type JudgeAssistedResult = {
  assisted: RateWithInterval | null;
  /** The plain stratified estimate of the same reviewed items over the same sub-strata. */
  humanOnly: RateWithInterval | null;
  /** humanOnly width / assisted width ("the judge makes this interval 2.4× narrower"). */
  widthRatio: number | null;
  /** Pearson correlation of judge score and gold outcome over the reviewed, scored items. */
  correlation: number | null;
  /** Reviewed items the estimates rest on. */
  reviewed: number;
  /** Sub-strata with outputs but fewer than 2 reviewed items: left out of both estimates. */
  missing: { value: string; signal: boolean; population: number; reviewed: number }[];
  /** Population the estimates cover (the sum over the sub-strata used). */
  coveredPopulation: number;
};

/**
 * Splits every stratum h into "scored" (N = scored, the judge's mean score P̄) and "unscored"
 * (N = population − scored) sub-strata and runs assistedStratifiedEstimate over them: the scored
 * part gets the regression estimator (Cochran 1977 §7.3), the unscored part is passed with a
 * constant score 0 so the estimator falls back to the human sample mean (b = 0). The split is a
 * post-stratification of each stratum's simple random draw; its variance is the usual conditional
 * one (Cochran 1977, ch. 5A, post-stratification), fine when every sub-stratum has a reasonable number of reviews. Bounds are
 * not clipped (the caller clips to [0, 1] and says so).
 */
export function judgeAssistedRate(
  strata: JudgeAssistedStratum[],
  options: { confidence?: number; method?: "difference" | "regression" } = {},
): JudgeAssistedResult {
  const confidence = options.confidence ?? 0.95;
  twoSidedZ(confidence);
  if (!Array.isArray(strata) || strata.length === 0) throw new RangeError("at least one stratum is needed");
  const parts: AssistedStratum[] = [];
  const missing: JudgeAssistedResult["missing"] = [];
  const pairs: { y: number; p: number }[] = [];
  let reviewed = 0;
  let coveredPopulation = 0;
  strata.forEach((s, h) => {
    if (!Number.isInteger(s.population) || s.population < 0) throw new RangeError(`strata[${h}].population must be a whole number ≥ 0 (got ${String(s.population)})`);
    if (!Number.isInteger(s.scored) || s.scored < 0 || s.scored > s.population) {
      throw new RangeError(`strata[${h}].scored must be a whole number from 0 to the population ${s.population} (got ${String(s.scored)})`);
    }
    if (s.scored > 0 && (typeof s.scoreMean !== "number" || !(s.scoreMean >= 0 && s.scoreMean <= 1))) {
      throw new RangeError(`strata[${h}].scoreMean must be a fraction in [0, 1] when outputs are scored (got ${String(s.scoreMean)})`);
    }
    const scoredY: number[] = [];
    const scoredP: number[] = [];
    const unscoredY: number[] = [];
    s.items.forEach((item, i) => {
      if (item.y === null) return;
      if (typeof item.y !== "number" || !(item.y >= 0 && item.y <= 1)) throw new RangeError(`strata[${h}].items[${i}].y must be a fraction in [0, 1] or null (got ${String(item.y)})`);
      if (item.prediction === null) unscoredY.push(item.y);
      else {
        if (typeof item.prediction !== "number" || !(item.prediction >= 0 && item.prediction <= 1)) {
          throw new RangeError(`strata[${h}].items[${i}].prediction must be a fraction in [0, 1] or null (got ${String(item.prediction)})`);
        }
        scoredY.push(item.y);
        scoredP.push(item.prediction);
        pairs.push({ y: item.y, p: item.prediction });
      }
    });
    const add = (signal: boolean, population: number, y: number[], prediction: number[], predictionMean: number) => {
      if (population === 0) return;
      if (y.length > population) throw new RangeError(`stratum "${s.value}" has ${y.length} reviewed ${signal ? "scored" : "unscored"} items but only ${population} such outputs`);
      if (y.length < 2) {
        missing.push({ value: s.value, signal, population, reviewed: y.length });
        return;
      }
      parts.push({ size: population, predictionMean, labeled: { y, prediction } });
      reviewed += y.length;
      coveredPopulation += population;
    };
    add(true, s.scored, scoredY, scoredP, s.scoreMean ?? 0);
    add(false, s.population - s.scored, unscoredY, unscoredY.map(() => 0), 0);
  });
  const correlation = pearson(pairs);
  if (parts.length === 0) return { assisted: null, humanOnly: null, widthRatio: null, correlation, reviewed, missing, coveredPopulation };
  const e = assistedStratifiedEstimate(parts, { confidence, method: options.method });
  const z = twoSidedZ(confidence);
  const humanOnly = { rate: e.classical.rate, standardError: e.classical.standardError, lower: e.classical.rate - z * e.classical.standardError, upper: e.classical.rate + z * e.classical.standardError };
  return {
    assisted: { rate: e.rate, standardError: e.standardError, lower: e.lower, upper: e.upper },
    humanOnly,
    widthRatio: e.standardError > 0 ? e.classical.standardError / e.standardError : null,
    correlation,
    reviewed,
    missing,
    coveredPopulation,
  };
}

function pearson(pairs: { y: number; p: number }[]): number | null {
  if (pairs.length < 3) return null;
  // A constant score or outcome has no correlation (tested exactly: its rounded Σ of squares may not be 0).
  if (pairs.every((x) => x.y === pairs[0].y) || pairs.every((x) => x.p === pairs[0].p)) return null;
  const n = pairs.length;
  const my = pairs.reduce((a, x) => a + x.y, 0) / n;
  const mp = pairs.reduce((a, x) => a + x.p, 0) / n;
  let syy = 0;
  let spp = 0;
  let syp = 0;
  for (const { y, p } of pairs) {
    syy += (y - my) ** 2;
    spp += (p - mp) ** 2;
    syp += (y - my) * (p - mp);
  }
  return syp / Math.sqrt(syy * spp);
}

/**
 * Reviews the regression estimator needs for the margin n human-only reviews give, with a judge
 * whose correlation with the gold outcome is ρ: about n·(1 − ρ²) (Cochran 1977, ch. 7, V ≈ S²(1 − ρ²)/n; large-
 * sample, ignoring the slope's estimation error, so approximate: say so beside it). Rounded up,
 * at least 3 (the estimator's variance needs n − 2 > 0).
 */
export function reviewsForSameMargin(n: number, rho: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1 (got ${String(n)})`);
  if (typeof rho !== "number" || !(rho >= -1 && rho <= 1)) throw new RangeError(`the correlation must be between −1 and 1 (got ${String(rho)})`);
  return Math.min(n, Math.max(3, Math.ceil(n * (1 - rho * rho) - 1e-9)));
}
