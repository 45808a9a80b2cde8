import { describe, expect, it } from "vitest";
import { bucketValue, exactQuantile, GAMMA, latencyBucket, mergeBuckets, MIN_INDEXABLE_MS, quantileFromBuckets, RELATIVE_ACCURACY, ZERO_BUCKET, type LatencyBucket } from "./latency-sketch";
import { Rng } from "@/lib/demo/random";

function histogramOf(values: number[]): LatencyBucket[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(latencyBucket(v), (counts.get(latencyBucket(v)) ?? 0) + 1);
  return [...counts].map(([bucket, outputs]) => ({ bucket, outputs }));
}

describe("latency sketch", () => {
  it("puts each value in the bucket (γ^(i-1), γ^i]", () => {
    for (const x of [0.011, 1, 1.5, 42, 999.9, 1234.5, 60_000, 3_600_000]) {
      const i = latencyBucket(x);
      expect(Math.pow(GAMMA, i - 1)).toBeLessThan(x * (1 + 1e-12));
      expect(Math.pow(GAMMA, i)).toBeGreaterThanOrEqual(x * (1 - 1e-12));
      expect(Math.abs(bucketValue(i) - x) / x).toBeLessThanOrEqual(RELATIVE_ACCURACY + 1e-12);
    }
  });

  it("keeps zero and sub-indexable latencies in the zero bucket, reported as 0", () => {
    expect(latencyBucket(0)).toBe(ZERO_BUCKET);
    expect(latencyBucket(MIN_INDEXABLE_MS / 2)).toBe(ZERO_BUCKET);
    expect(quantileFromBuckets(histogramOf([0, 0, 0]), 0.5)).toBe(0);
  });

  it("answers p50, p95 and p99 within 1 % of the exact quantiles on random data (seeded)", () => {
    const rng = new Rng(20261201);
    for (let trial = 0; trial < 40; trial++) {
      const n = 50 + Math.floor(rng.uniform(0, 5000));
      const values = Array.from({ length: n }, () => {
        const shape = trial % 3;
        if (shape === 0) return rng.logNormal(800, 0.6);
        if (shape === 1) return rng.uniform(1, 20_000);
        return rng.chance(0.05) ? rng.uniform(10_000, 90_000) : rng.logNormal(300, 0.3);
      });
      const histogram = histogramOf(values);
      for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
        const exact = exactQuantile(values, q)!;
        const estimate = quantileFromBuckets(histogram, q)!;
        expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY + 1e-12);
      }
    }
  });

  it("merges histograms by adding counts: quantiles of the merge equal those of all values", () => {
    const a = [10, 20, 30, 40, 5000];
    const b = [15, 25, 35, 45];
    const merged = mergeBuckets(histogramOf(a), histogramOf(b));
    expect(merged.reduce((s, x) => s + x.outputs, 0)).toBe(9);
    expect(quantileFromBuckets(merged, 0.5)).toBeCloseTo(quantileFromBuckets(histogramOf([...a, ...b]), 0.5)!, 12);
  });

  it("returns null for an empty histogram and refuses a quantile outside [0, 1]", () => {
    expect(quantileFromBuckets([], 0.5)).toBeNull();
    expect(() => quantileFromBuckets(histogramOf([1]), 1.5)).toThrow(RangeError);
  });
});
