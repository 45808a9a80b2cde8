// From a week's audit result to the scorecard's weekly row (status.ts MetricWeek).
import type { RateResult } from "./audit-results";
import type { MetricWeek } from "./status";

/**
 * A sampled rate's weekly row: the stratified estimate and its interval, and the counts the tests
 * use. The counts are the design-adjusted ones, n* = Kish's effective sample size and x* = p·n*
 * (rounded), not the raw reviewed items: with a disproportionate allocation the raw sample rate is
 * not the weighted estimate, and dividing the counts by the design effect is the Rao–Scott
 * first-order correction of a chi-square / z-test for survey data (Rao & Scott 1981, JASA 76:221;
 * 1984, Ann Stat 12:46). With a proportional allocation and a small sampling fraction n* ≈ n and
 * the counts are the raw ones. A week without an estimate has value null and no counts.
 */
export function metricWeekFromRate(week: string, result: Pick<RateResult, "rate" | "lower" | "upper" | "effectiveSampleSize">): MetricWeek {
  if (result.rate === null || result.effectiveSampleSize === null) return { week, value: null, lower: null, upper: null, counts: null };
  const n = Math.round(result.effectiveSampleSize);
  const counts = n >= 1 ? { n, errors: Math.min(n, Math.max(0, Math.round(result.rate * n))) } : null;
  return { week, value: result.rate, lower: result.lower, upper: result.upper, counts };
}
