// Log-spaced latency histogram, DDSketch-style (Masson, Rim & Lee, VLDB 2019): bucket i holds the
// values in (γ^(i-1), γ^i] with γ = (1+α)/(1-α), so reporting 2γ^i/(γ+1) for any value of the bucket
// is within relative error α of it. Buckets of different hours, task types and models merge by
// adding counts, which is what the hourly rollup (migration population_rollups) does in SQL with
// the same formula: ceil(ln(x) / ln γ).

/** Relative accuracy of every quantile read from the histogram. */
export const RELATIVE_ACCURACY = 0.01;
export const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
/** ln γ, written out in the migration's trigger SQL with the same digits. */
export const LN_GAMMA = Math.log(GAMMA);
/** Latencies below this (ms) share one bucket reported as 0: sub-10-µs differences mean nothing here. */
export const MIN_INDEXABLE_MS = 0.01;
export const ZERO_BUCKET = -1_000_000;

export type LatencyBucket = { bucket: number; outputs: number };

/** The bucket of one latency in milliseconds (must be ≥ 0 and finite). */
export function latencyBucket(ms: number): number {
  if (!(ms >= MIN_INDEXABLE_MS)) return ZERO_BUCKET;
  return Math.ceil(Math.log(ms) / LN_GAMMA);
}

/** The value reported for a bucket: the point whose relative distance to both edges is α. */
export function bucketValue(bucket: number): number {
  if (bucket === ZERO_BUCKET) return 0;
  return (2 * Math.pow(GAMMA, bucket)) / (GAMMA + 1);
}

/** Adds histograms (e.g. the hours of a week) into one, sorted by bucket. */
export function mergeBuckets(...histograms: LatencyBucket[][]): LatencyBucket[] {
  const counts = new Map<number, number>();
  for (const histogram of histograms) for (const b of histogram) counts.set(b.bucket, (counts.get(b.bucket) ?? 0) + b.outputs);
  return [...counts].filter(([, n]) => n > 0).map(([bucket, outputs]) => ({ bucket, outputs })).sort((a, b) => a.bucket - b.bucket);
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of the histogram: the value of rank ⌊q·(n−1)⌋ in sorted order (the
 * lower quantile), within relative error α of the exact value of that rank. Null when empty.
 */
export function quantileFromBuckets(histogram: LatencyBucket[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be between 0 and 1, got ${q}`);
  const sorted = [...histogram].filter((b) => b.outputs > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((sum, b) => sum + b.outputs, 0);
  if (total === 0) return null;
  const rank = Math.floor(q * (total - 1));
  let seen = 0;
  for (const b of sorted) {
    seen += b.outputs;
    if (seen > rank) return bucketValue(b.bucket);
  }
  return bucketValue(sorted[sorted.length - 1].bucket);
}

/** Exact lower quantile of raw values, the reference the histogram is tested against. */
export function exactQuantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}
