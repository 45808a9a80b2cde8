import { describe, expect, it } from "vitest";
import { cohenKappa, fleissKappa, gwetAC1, krippendorffAlpha, percentAgreement, type Rating } from "./agreement";
import { bootstrapInterval, bootstrapWeighted, mulberry32, transpose } from "./bootstrap";

// Distinct rows with counts, and the same rows repeated that often: every statistic must agree.
function patterns(seed: number, width: number, categories: number, missing: number) {
  const rng = mulberry32(seed);
  const rows: Rating[][] = [];
  const counts: number[] = [];
  for (let i = 0; i < 40; i++) {
    rows.push(Array.from({ length: width }, () => (rng() < missing ? null : 1 + Math.floor(rng() * categories))));
    counts.push(Math.floor(rng() * 5)); // zero weights included
  }
  const expanded = rows.flatMap((r, i) => Array.from({ length: counts[i] }, () => r));
  return { rows, counts, expanded };
}

describe("unit weights", () => {
  it("give every agreement statistic the value of the rows repeated that often", () => {
    const { rows, counts, expanded } = patterns(11, 3, 4, 0.15);
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      expect(krippendorffAlpha(transpose(rows), level, { weights: counts })).toBeCloseTo(krippendorffAlpha(transpose(expanded), level), 12);
    }
    expect(percentAgreement(rows, { weights: counts })).toEqual(percentAgreement(expanded));
    expect(gwetAC1(rows, { weights: counts }).ac1).toBeCloseTo(gwetAC1(expanded).ac1, 12);
    expect(gwetAC1(rows, { weights: counts, categories: [1, 2, 3, 4, 5] }).ac1).toBeCloseTo(gwetAC1(expanded, { categories: [1, 2, 3, 4, 5] }).ac1, 12);
    expect(fleissKappa(rows, { weights: counts }).kappa).toBeCloseTo(fleissKappa(expanded).kappa, 12);
    for (const weights of ["unweighted", "linear", "quadratic"] as const) {
      const a = rows.map((r) => r[0]);
      const b = rows.map((r) => r[1]);
      const ea = expanded.map((r) => r[0]);
      const eb = expanded.map((r) => r[1]);
      expect(cohenKappa(a, b, { weights, unitWeights: counts }).kappa).toBeCloseTo(cohenKappa(ea, eb, { weights }).kappa, 12);
    }
  });

  it("count only the categories of rows that count, when none are declared", () => {
    const rows: Rating[][] = [["a", "a"], ["b", "b"], ["c", "a"]];
    expect(gwetAC1(rows, { weights: [2, 3, 0] }).ac1).toBeCloseTo(gwetAC1([["a", "a"], ["a", "a"], ["b", "b"], ["b", "b"], ["b", "b"]]).ac1, 12);
  });

  it("are non-negative integers, one per unit", () => {
    expect(() => krippendorffAlpha([["a", "b"], ["a", "b"]], "nominal", { weights: [1] })).toThrow(RangeError);
    expect(() => fleissKappa([["a", "b"]], { weights: [0.5] })).toThrow(RangeError);
  });
});

describe("bootstrapWeighted", () => {
  it("resamples the units the patterns stand for: its interval matches the plain bootstrap's, and is reproducible", () => {
    const { rows, counts, expanded } = patterns(5, 3, 3, 0.05);
    const weighted = bootstrapWeighted(counts, (w) => krippendorffAlpha(transpose(rows), "nominal", { weights: w }), { replicates: 2000, seed: 9 });
    const plain = bootstrapInterval(expanded, (s) => krippendorffAlpha(transpose(s), "nominal"), { replicates: 2000, seed: 9 });
    expect(weighted.estimate).toBeCloseTo(plain.estimate, 12);
    // Two independent Monte Carlo runs of the same resampling distribution: the bounds agree to Monte Carlo error.
    expect(Math.abs(weighted.lower - plain.lower)).toBeLessThan(0.03);
    expect(Math.abs(weighted.upper - plain.upper)).toBeLessThan(0.03);
    expect(bootstrapWeighted(counts, (w) => w.reduce((a, b) => a + b, 0), { replicates: 50, seed: 2 })).toMatchObject({ lower: counts.reduce((a, b) => a + b, 0) });
    const again = bootstrapWeighted(counts, (w) => krippendorffAlpha(transpose(rows), "nominal", { weights: w }), { replicates: 2000, seed: 9 });
    expect(again).toEqual(weighted);
  });
});
