// Cohort comparison for the scorecard and audit results (issue 18 §3): a canary against the stable
// model, or AI-assisted against a control cohort, in the same week and strata, with the stratified
// difference (b − a) and its interval from lib/stats compareCohorts.
import { compareCohorts } from "@/lib/stats/assisted";

export type CohortCounts = { population: number; reviewed: number; errors: number };

/**
 * `strata` lists, per stratum, each cohort's outputs in the week and its reviewed items and errors.
 * A stratum where either cohort has outputs but fewer than 2 reviews cannot enter a stratified
 * difference; it is left out of both cohorts (so they stay comparable) and named in `leftOut`.
 * Null when no stratum is left.
 */
export function compareCohortRates(
  strata: { value: string; a: CohortCounts; b: CohortCounts }[],
  options: { confidence?: number } = {},
): (ReturnType<typeof compareCohorts> & { rateA: number; rateB: number; leftOut: string[]; strataUsed: string[] }) | null {
  const leftOut: string[] = [];
  const used = strata.filter((s) => {
    const ok = (c: CohortCounts) => c.population === 0 || c.reviewed >= 2;
    const any = s.a.population > 0 || s.b.population > 0;
    if (!any) return false;
    if (!ok(s.a) || !ok(s.b) || s.a.population === 0 || s.b.population === 0) {
      leftOut.push(s.value);
      return false;
    }
    return true;
  });
  if (used.length === 0) return null;
  const toStrata = (pick: (s: (typeof used)[number]) => CohortCounts) => used.map((s) => ({ size: pick(s).population, sampled: pick(s).reviewed, errors: pick(s).errors }));
  const a = toStrata((s) => s.a);
  const b = toStrata((s) => s.b);
  const r = compareCohorts(a, b, options);
  const rateOf = (xs: { size: number; sampled: number; errors: number }[]) => {
    const N = xs.reduce((t, x) => t + x.size, 0);
    return xs.reduce((t, x) => t + (x.size / N) * (x.errors / x.sampled), 0);
  };
  return { ...r, rateA: rateOf(a), rateB: rateOf(b), leftOut, strataUsed: used.map((s) => s.value) };
}
