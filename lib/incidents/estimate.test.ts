import { describe, expect, it } from "vitest";
import { weightedHarmEstimate } from "./estimate";
import { wilsonInterval } from "@/lib/stats/intervals";
import { mulberry32 } from "@/lib/stats/bootstrap";

describe("weighted population estimate of harmful outputs", () => {
  it("equals the plain Wilson interval when every weight is equal", () => {
    const items = Array.from({ length: 263 }, (_, i) => ({ inclusionProbability: 0.05, harmful: i < 81 }));
    const estimate = weightedHarmEstimate(items, 10_000)!;
    const wilson = wilsonInterval(81, 263);
    expect(estimate.rate).toBeCloseTo(81 / 263, 12);
    expect(estimate.lower).toBeCloseTo(wilson.lower, 12);
    expect(estimate.upper).toBeCloseTo(wilson.upper, 12);
    expect(estimate.effectiveN).toBeCloseTo(263, 9);
    expect(estimate.estimatedHarmful).toBeCloseTo((81 / 263) * 10_000, 6);
  });

  it("weights each item by its inverse inclusion probability", () => {
    // One harmful item standing for 10 outputs, three clean ones for 1 each: 10/13.
    const estimate = weightedHarmEstimate([{ inclusionProbability: 0.1, harmful: true }, ...Array.from({ length: 3 }, () => ({ inclusionProbability: 1, harmful: false }))], 13)!;
    expect(estimate.rate).toBeCloseTo(10 / 13, 12);
    expect(estimate.effectiveN).toBeCloseTo(169 / 103, 9);
    expect(weightedHarmEstimate([], 100)).toBeNull();
    expect(() => weightedHarmEstimate([{ inclusionProbability: 0, harmful: true }], 1)).toThrow(RangeError);
  });

  it("covers the true harmful share about 95 % of the time in a stratified sample (seeded simulation)", () => {
    const random = mulberry32(1616);
    // A large low-risk stratum sampled thinly and a small high-risk one sampled heavily.
    const strata = [
      { size: 20_000, harmful: 100, sampled: 300 },
      { size: 2_000, harmful: 60, sampled: 200 },
    ];
    const truth = (100 + 60) / 22_000;
    const runs = 2000;
    let covered = 0;
    for (let run = 0; run < runs; run++) {
      const items = [];
      for (const s of strata) {
        // A simple random sample without replacement: each draw harmful with the remaining share.
        let harmfulLeft = s.harmful;
        let left = s.size;
        for (let i = 0; i < s.sampled; i++) {
          const harmful = random() < harmfulLeft / left;
          if (harmful) harmfulLeft--;
          left--;
          items.push({ inclusionProbability: s.sampled / s.size, harmful });
        }
      }
      const estimate = weightedHarmEstimate(items, 22_000)!;
      if (estimate.lower <= truth && truth <= estimate.upper) covered++;
    }
    const coverage = covered / runs;
    expect(coverage).toBeGreaterThan(0.93);
    expect(coverage).toBeLessThan(0.99);
  });
});
