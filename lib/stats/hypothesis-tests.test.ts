import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fisherExactTest, twoProportionZTest } from "./hypothesis-tests";

function expectPrinted(value: number, printed: string): void {
  const [mantissa, exponent] = printed.split("e");
  const decimals = mantissa.split(".")[1]?.length ?? 0;
  const scale = exponent ? 10 ** Number(exponent) : 1;
  expect(Math.abs(value - Number(printed))).toBeLessThanOrEqual(0.5 * 10 ** -decimals * scale * (1 + 1e-9));
}

describe("fisherExactTest (R's fisher.test help examples)", () => {
  // TeaTasting <- matrix(c(3, 1, 1, 3), 2): rows = guess milk/tea, cols = truth milk/tea
  const tea = { current: { errors: 3, n: 4 }, baseline: { errors: 1, n: 4 } };

  it("Fisher's tea tasting: two-sided p = 0.4857, alternative 'greater' p = 0.2429", () => {
    expectPrinted(fisherExactTest(tea).pValue, "0.4857");
    expectPrinted(fisherExactTest({ ...tea, alternative: "increase" }).pValue, "0.2429");
  });

  it("Fisher's twin convictions: alternative 'less' p = 0.0004652 (= 'increase' with the rows swapped)", () => {
    // Convictions <- matrix(c(2, 10, 15, 3), 2): dizygotic 2 of 17 convicted, monozygotic 10 of 13
    const p = fisherExactTest({ current: { errors: 10, n: 13 }, baseline: { errors: 2, n: 17 }, alternative: "increase" }).pValue;
    expectPrinted(p, "4.652e-4");
  });

  it("sums exactly the tables at most as likely as the observed one", () => {
    // All tables for margins n1 = 4, n2 = 4, K = 4: P(k) = C(4,k)C(4,4−k)/70 = (1, 16, 36, 16, 1)/70
    expect(fisherExactTest(tea).pValue).toBeCloseTo(34 / 70, 15);
    expect(fisherExactTest({ ...tea, alternative: "increase" }).pValue).toBeCloseTo(17 / 70, 15);
    expect(fisherExactTest({ current: { errors: 2, n: 4 }, baseline: { errors: 2, n: 4 } }).pValue).toBe(1);
  });

  it("is 1 when no or every item is an error", () => {
    expect(fisherExactTest({ current: { errors: 0, n: 5 }, baseline: { errors: 0, n: 9 } }).pValue).toBe(1);
    expect(fisherExactTest({ current: { errors: 5, n: 5 }, baseline: { errors: 9, n: 9 } }).pValue).toBe(1);
  });

  it("keeps tiny p-values (no underflow to 0 before the tail is summed)", () => {
    const p = fisherExactTest({ current: { errors: 600, n: 1000 }, baseline: { errors: 0, n: 1000 }, alternative: "increase" }).pValue;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-200);
  });
});

describe("twoProportionZTest", () => {
  it("is the pooled z without continuity correction; χ² = z²", () => {
    const r = twoProportionZTest({ baseline: { errors: 10, n: 200 }, current: { errors: 25, n: 200 } });
    const pb = 0.05;
    const pc = 0.125;
    const p = 35 / 400;
    const z = (pc - pb) / Math.sqrt(p * (1 - p) * (2 / 200));
    expect(r.z).toBeCloseTo(z, 13);
    expect(r.chiSquare).toBeCloseTo(z * z, 12);
    const increase = twoProportionZTest({ baseline: { errors: 10, n: 200 }, current: { errors: 25, n: 200 }, alternative: "increase" });
    expect(increase.pValue).toBeCloseTo(r.pValue / 2, 15);
  });

  it("p-values are in [0, 1], two-sided is symmetric, 'increase' is one tail", () => {
    const group = fc.integer({ min: 1, max: 5000 }).chain((n) => fc.record({ n: fc.constant(n), errors: fc.integer({ min: 0, max: n }) }));
    fc.assert(
      fc.property(group, group, (baseline, current) => {
        const two = twoProportionZTest({ baseline, current });
        const swapped = twoProportionZTest({ baseline: current, current: baseline });
        const up = twoProportionZTest({ baseline, current, alternative: "increase" });
        expect(two.pValue).toBeGreaterThanOrEqual(0);
        expect(two.pValue).toBeLessThanOrEqual(1);
        expect(swapped.z).toBeCloseTo(-two.z, 10);
        expect(swapped.pValue).toBeCloseTo(two.pValue, 12);
        if (two.z > 0) expect(up.pValue).toBeCloseTo(two.pValue / 2, 12);
        if (two.z < 0) expect(up.pValue).toBeGreaterThanOrEqual(0.5);
        const fisher = fisherExactTest({ baseline, current });
        expect(fisher.pValue).toBeGreaterThanOrEqual(0); // 0 only when the exact p is below 1e−308
        expect(fisher.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("defines z = 0, p = 1 when the pooled rate is 0 or 1", () => {
    expect(twoProportionZTest({ baseline: { errors: 0, n: 10 }, current: { errors: 0, n: 20 } })).toEqual({ z: 0, chiSquare: 0, pValue: 1 });
  });

  it("throws a RangeError for impossible input", () => {
    expect(() => twoProportionZTest({ baseline: { errors: 1, n: 0 }, current: { errors: 0, n: 5 } })).toThrow(RangeError);
    expect(() => twoProportionZTest({ baseline: { errors: 6, n: 5 }, current: { errors: 0, n: 5 } })).toThrow(RangeError);
    expect(() => fisherExactTest({ baseline: { errors: -1, n: 5 }, current: { errors: 0, n: 5 } })).toThrow(RangeError);
    // @ts-expect-error invalid alternative
    expect(() => fisherExactTest({ baseline: { errors: 1, n: 5 }, current: { errors: 0, n: 5 }, alternative: "less" })).toThrow(RangeError);
  });
});
