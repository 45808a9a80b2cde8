// The running rate of an audit while reviews come in (issue 18, "Audit page while reviews come
// in"): the confidence-sequence band over time beside the fixed-n interval, and an early alert the
// first time the band lies wholly beyond a threshold, which may fire mid-week without inflating false
// alarms because the band holds at every peek at once (decision 019).
import { stratifiedConfidenceSequence } from "@/lib/stats/assisted";
import { stratifiedWilsonInterval } from "@/lib/stats/stratified-interval";
import { formatMetricValue } from "./status";

export type RunningRate = {
  /** Per review in order: the time-uniform band of the stratified rate. */
  band: { reviews: number; lower: number; upper: number }[];
  /** The fixed-n interval after all the reviews so far (valid for one look only). */
  fixed: { rate: number; lower: number; upper: number } | null;
  /** The first review after which the band lay wholly above (or below) the threshold. */
  alert: { afterReviews: number; message: string } | null;
  reviews: number;
  planned: number;
};

/**
 * `observations` are the reviews in the order they were submitted, each naming its stratum and
 * whether the item failed. The guarantee needs the review order within a stratum to be random; the
 * sample-key order is (the page should say so). `plannedSize` per stratum (its drawn items) tunes
 * the bets for the end of the audit (decision 019). `direction` 'above' (default) alerts when the
 * rate is above the threshold with the given confidence, 'below' when below.
 */
export function runningRate(o: {
  label: string;
  strata: { value: string; population: number; sampled: number }[];
  observations: { stratum: string; failed: boolean }[];
  threshold: number | null;
  direction?: "above" | "below";
  confidence?: number;
}): RunningRate {
  const confidence = o.confidence ?? 0.95;
  const index = new Map(o.strata.map((s, h) => [s.value, h]));
  if (index.size !== o.strata.length) throw new RangeError("stratum values must be unique");
  const used = o.strata.filter((s) => s.population > 0);
  const usedIndex = new Map(used.map((s, h) => [s.value, h]));
  const observations = o.observations.map((x, i) => {
    const h = usedIndex.get(x.stratum);
    if (h === undefined) throw new RangeError(`observations[${i}].stratum "${x.stratum}" is not one of the audit's strata with outputs`);
    return { stratum: h, value: x.failed ? 1 : 0 };
  });
  const planned = used.reduce((a, s) => a + s.sampled, 0);
  if (used.length === 0) return { band: [], fixed: null, alert: null, reviews: 0, planned };
  const seq = stratifiedConfidenceSequence(
    used.map((s) => ({ size: s.population, plannedSize: s.sampled > 0 ? s.sampled : undefined })),
    observations,
    { confidence },
  );
  const band = seq.lower.map((lower, t) => ({ reviews: t + 1, lower, upper: seq.upper[t] }));

  let fixed: RunningRate["fixed"] = null;
  const counts = used.map(() => ({ n: 0, errors: 0 }));
  for (const x of observations) {
    counts[x.stratum].n++;
    counts[x.stratum].errors += x.value;
  }
  if (counts.every((c) => c.n >= 2)) {
    const w = stratifiedWilsonInterval(used.map((s, h) => ({ size: s.population, sampled: counts[h].n, errors: counts[h].errors })), confidence);
    fixed = { rate: w.rate, lower: w.lower, upper: w.upper };
  }

  let alert: RunningRate["alert"] = null;
  if (o.threshold !== null) {
    const above = (o.direction ?? "above") === "above";
    const hit = band.find((b) => (above ? b.lower > o.threshold! : b.upper < o.threshold!));
    if (hit) {
      alert = {
        afterReviews: hit.reviews,
        message: `${o.label} ${above ? "above" : "below"} the ${formatMetricValue(o.threshold, "fraction")} threshold with ${+(confidence * 100).toFixed(1)} % confidence, after ${hit.reviews} of ${planned} reviews`,
      };
    }
  }
  return { band, fixed, alert, reviews: observations.length, planned };
}
