import { describe, expect, it } from "vitest";
import { assistedStratifiedEstimate } from "@/lib/stats/assisted";
import { judgeAssistedRate, reviewsForSameMargin } from "./judge-assisted";

describe("judgeAssistedRate", () => {
  const strata = [
    {
      value: "billing",
      population: 1000,
      scored: 900,
      scoreMean: 0.12,
      items: [
        { y: 1, prediction: 0.9 },
        { y: 0, prediction: 0.1 },
        { y: 0, prediction: 0.2 },
        { y: 1, prediction: 0.7 },
        { y: 0, prediction: 0.05 },
        { y: 0, prediction: null },
        { y: 1, prediction: null },
        { y: null, prediction: 0.3 }, // not reviewed yet: counts for nothing
      ],
    },
    { value: "medical", population: 200, scored: 200, scoreMean: 0.3, items: [{ y: 0, prediction: 0.2 }, { y: 1, prediction: 0.8 }, { y: 0, prediction: 0.3 }] },
  ];

  it("is the assisted estimate over scored and unscored sub-strata, the unscored ones from humans alone", () => {
    const r = judgeAssistedRate(strata);
    const direct = assistedStratifiedEstimate([
      { size: 900, predictionMean: 0.12, labeled: { y: [1, 0, 0, 1, 0], prediction: [0.9, 0.1, 0.2, 0.7, 0.05] } },
      { size: 100, predictionMean: 0, labeled: { y: [0, 1], prediction: [0, 0] } },
      { size: 200, predictionMean: 0.3, labeled: { y: [0, 1, 0], prediction: [0.2, 0.8, 0.3] } },
    ]);
    expect(direct.slopes[1]).toBe(0); // the unscored part falls back to the human mean
    expect(r.assisted).toEqual({ rate: direct.rate, standardError: direct.standardError, lower: direct.lower, upper: direct.upper });
    expect(r.humanOnly!.rate).toBe(direct.classical.rate);
    expect(r.widthRatio).toBe(direct.classical.standardError / direct.standardError);
    expect(r.reviewed).toBe(10);
    expect(r.coveredPopulation).toBe(1200);
    expect(r.missing).toEqual([]);
    expect(r.correlation).toBeGreaterThan(0.9);
  });

  it("leaves out a sub-stratum with fewer than 2 reviews and says which", () => {
    const r = judgeAssistedRate([{ ...strata[0], items: strata[0].items.filter((i) => i.y !== 1 || i.prediction !== null) }, strata[1]]);
    expect(r.missing).toEqual([{ value: "billing", signal: false, population: 100, reviewed: 1 }]);
    expect(r.coveredPopulation).toBe(1100);
    expect(judgeAssistedRate([{ value: "x", population: 10, scored: 0, scoreMean: null, items: [{ y: null, prediction: null }] }]).assisted).toBeNull();
    const constant = judgeAssistedRate([{ value: "x", population: 10, scored: 10, scoreMean: 0.4, items: [0, 1, 0].map((y) => ({ y, prediction: 0.4 })) }]);
    expect(constant.correlation).toBeNull();
  });

  it("refuses impossible input", () => {
    expect(() => judgeAssistedRate([])).toThrow(/at least one stratum/);
    expect(() => judgeAssistedRate([{ ...strata[1], scored: 201 }])).toThrow(/scored must be/);
    expect(() => judgeAssistedRate([{ ...strata[1], scoreMean: null }])).toThrow(/scoreMean/);
    expect(() => judgeAssistedRate([{ ...strata[1], items: [{ y: 2, prediction: 0.1 }] }])).toThrow(/items\[0\]\.y/);
    expect(() => judgeAssistedRate([{ ...strata[1], items: [{ y: 1, prediction: 1.1 }] }])).toThrow(/items\[0\]\.prediction/);
  });
});

describe("reviewsForSameMargin", () => {
  it("≈ n(1 − ρ²), rounded up, between 3 and n", () => {
    expect(reviewsForSameMargin(400, 0.9)).toBe(76);
    expect(reviewsForSameMargin(400, 0)).toBe(400);
    expect(reviewsForSameMargin(400, 1)).toBe(3);
    expect(reviewsForSameMargin(100, -0.5)).toBe(75);
    expect(() => reviewsForSameMargin(0, 0.5)).toThrow(/n must be/);
    expect(() => reviewsForSameMargin(10, 1.5)).toThrow(/correlation/);
  });
});
