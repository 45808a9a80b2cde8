import { describe, expect, it } from "vitest";
import { fisherExactTest, twoProportionZTest } from "./hypothesis-tests";
import { binomialIncreaseTest, proportionChangeTest } from "./proportion-change";

describe("proportionChangeTest", () => {
  it("uses the two-proportion z-test when every expected cell is ≥ 5", () => {
    const o = { baseline: { errors: 20, n: 400 }, current: { errors: 35, n: 400 }, alternative: "increase" as const };
    expect(proportionChangeTest(o)).toEqual({ pValue: twoProportionZTest(o).pValue, method: "two-proportion z" });
  });

  it("uses Fisher's exact test for small counts (smallest expected cell < 5)", () => {
    const o = { baseline: { errors: 1, n: 200 }, current: { errors: 6, n: 200 } };
    // expected errors per sample 3.5 < 5
    expect(proportionChangeTest(o)).toEqual({ pValue: fisherExactTest(o).pValue, method: "Fisher exact" });
  });
});

describe("binomialIncreaseTest", () => {
  it("is P(X ≥ x) under the baseline rate (3 of 40 at 2 %, by exact fractions: 0.04567…)", () => {
    expect(binomialIncreaseTest(3, 40, 0.02).pValue).toBeCloseTo(0.04567023044071665, 14);
    expect(binomialIncreaseTest(0, 40, 0.02).pValue).toBe(1);
    expect(binomialIncreaseTest(1, 1, 0.3).pValue).toBeCloseTo(0.3, 15);
    expect(binomialIncreaseTest(2, 10, 0).pValue).toBe(0);
  });

  it("refuses impossible input", () => {
    expect(() => binomialIncreaseTest(3, 2, 0.1)).toThrow(/exceeds n/);
    expect(() => binomialIncreaseTest(1, 0, 0.1)).toThrow(/n must be/);
    expect(() => binomialIncreaseTest(1, 5, 1.5)).toThrow(/baseline rate/);
  });
});
