import betainc from "@stdlib/math-base-special-betainc";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { betaQuantile, normalCdf, normalQuantile, twoSidedZ } from "./distributions";

// Φ⁻¹(p) for the double p, by root finding with mpmath at 50 digits.
const REFERENCE: [number, number][] = [
  [1e-300, -37.047096299361199],
  [1e-100, -21.273453560965324],
  [1e-20, -9.2623400897984076],
  [1e-10, -6.3613409024040562],
  [1e-5, -4.2648907939228246],
  [0.001, -3.0902323061678135],
  [0.025, -1.9599639845400542],
  [0.3, -0.52440051270804082],
  [0.4999, -0.00025066283008800749],
  [0.5, 0],
  [0.9, 1.2815515655446006],
  [0.995, 2.5758293035489005],
  [0.9999999, 5.1993375822906611],
];

describe("normalQuantile", () => {
  it.each(REFERENCE)("Φ⁻¹(%s) = %s to 2e−15 relative (stdlib alone is off by 2e−9 at 1e−10)", (p, x) => {
    const got = normalQuantile(p);
    if (x === 0) expect(got).toBe(0);
    else expect(Math.abs(got - x) / Math.abs(x)).toBeLessThan(2e-15);
  });

  it("inverts the CDF and is odd around ½", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 0.5, noNaN: true }), (p) => {
        const x = normalQuantile(p);
        expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(1e-13);
        expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(1 - (1 - p)), 12);
      }),
    );
  });

  it("twoSidedZ(0.95) = 1.959963984540054", () => {
    expect(twoSidedZ(0.95)).toBeCloseTo(1.959963984540054, 15);
  });

  it("rejects p outside (0, 1)", () => {
    for (const p of [0, 1, -0.1, 1.1, NaN]) expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});

describe("betaQuantile", () => {
  it("inverts the regularized incomplete beta function", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (p, a, b) => {
        const x = betaQuantile(p, a, b);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(Math.abs(betainc(x, a, b) - p) / p).toBeLessThan(1e-10);
      }),
    );
  });

  it("has the closed form 1 − (1 − p)^(1/b) for a = 1", () => {
    expect(betaQuantile(0.025, 1, 1_000_000)).toBeCloseTo(-Math.expm1(Math.log1p(-0.025) / 1_000_000), 20);
  });

  it("rejects invalid arguments", () => {
    expect(() => betaQuantile(1.5, 1, 1)).toThrow(RangeError);
    expect(() => betaQuantile(0.5, 0, 1)).toThrow(RangeError);
    expect(() => betaQuantile(0.5, 1, -1)).toThrow(RangeError);
  });
});
