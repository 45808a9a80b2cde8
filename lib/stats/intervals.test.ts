import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clopperPearsonInterval, wilsonInterval } from "./intervals";

function expectPrinted(value: number, printed: string): void {
  const decimals = printed.split(".")[1]?.length ?? 0;
  expect(Math.abs(value - Number(printed))).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

describe("published worked examples (Newcombe 1998, Stat Med 17:857, Table I)", () => {
  it.each([
    [81, 263, "0.2553", "0.3662", "0.2527", "0.3676"],
    [15, 148, "0.0624", "0.1605", "0.0578", "0.1617"],
    [0, 20, "0.0000", "0.1611", "0.0000", "0.1684"],
    [1, 29, "0.0061", "0.1718", "0.0009", "0.1776"],
  ])("%i/%i: Wilson %s–%s, Clopper–Pearson %s–%s", (x, n, wl, wu, cl, cu) => {
    const wilson = wilsonInterval(x, n);
    expectPrinted(wilson.lower, wl);
    expectPrinted(wilson.upper, wu);
    const exact = clopperPearsonInterval(x, n, 0.95);
    expectPrinted(exact.lower, cl);
    expectPrinted(exact.upper, cu);
  });
});

describe("closed forms", () => {
  it("Clopper–Pearson at x = 0 and x = n is (0, 1 − (α/2)^(1/n)) and its mirror image", () => {
    for (const n of [1, 7, 100, 1_000_000]) {
      const upper = -Math.expm1(Math.log(0.025) / n);
      expect(clopperPearsonInterval(0, n).lower).toBe(0);
      expect(Math.abs(clopperPearsonInterval(0, n).upper - upper) / upper).toBeLessThan(1e-13);
      expect(clopperPearsonInterval(n, n).upper).toBe(1);
      expect(Math.abs(1 - clopperPearsonInterval(n, n).lower - upper) / upper).toBeLessThan(1e-9);
    }
  });

  it("Wilson keeps relative precision for a tiny lower limit (1 in a million)", () => {
    // Exact: lower·upper = x²/(n(n + z²)); reference from mpmath at 50 digits.
    const { lower } = wilsonInterval(1, 1_000_000);
    expect(Math.abs(lower - 1.7652457674537147e-7) / 1.7652457674537147e-7).toBeLessThan(1e-13);
  });
});

describe("properties", () => {
  const counts = fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
  const confidence = fc.double({ min: 0.5, max: 0.999, noNaN: true });

  it("both intervals contain the point estimate and stay within [0, 1]", () => {
    fc.assert(
      fc.property(counts, confidence, ([x, n], c) => {
        for (const { lower, upper } of [wilsonInterval(x, n, c), clopperPearsonInterval(x, n, c)]) {
          expect(lower).toBeGreaterThanOrEqual(0);
          expect(upper).toBeLessThanOrEqual(1);
          expect(lower).toBeLessThanOrEqual(x / n);
          expect(upper).toBeGreaterThanOrEqual(x / n);
        }
      }),
    );
  });

  it("widen with the confidence level", () => {
    fc.assert(
      fc.property(counts, confidence, confidence, ([x, n], a, b) => {
        fc.pre(a < b);
        for (const f of [wilsonInterval, clopperPearsonInterval]) {
          const narrow = f(x, n, a);
          const wide = f(x, n, b);
          // monotone up to rounding (confidence levels a hair apart give limits a few ulp apart)
          expect(wide.lower).toBeLessThanOrEqual(narrow.lower * (1 + 1e-13));
          expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper * (1 - 1e-13));
        }
      }),
    );
  });

  it("are mirror images for n − x", () => {
    fc.assert(
      fc.property(counts, ([x, n]) => {
        for (const f of [wilsonInterval, clopperPearsonInterval]) {
          const a = f(x, n);
          const b = f(n - x, n);
          expect(a.lower).toBeCloseTo(1 - b.upper, 12);
          expect(a.upper).toBeCloseTo(1 - b.lower, 12);
        }
      }),
    );
  });
});

describe("input validation", () => {
  it.each([
    [-1, 10, 0.95],
    [11, 10, 0.95],
    [1.5, 10, 0.95],
    [0, 0, 0.95],
    [1, 10, 0],
    [1, 10, 1],
    [1, 10, 95],
    [1, 10, NaN],
  ])("(%s, %s, %s) is a RangeError", (x, n, c) => {
    expect(() => wilsonInterval(x, n, c)).toThrow(RangeError);
    expect(() => clopperPearsonInterval(x, n, c)).toThrow(RangeError);
  });
});
