import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cochranSampleSize, discoverySampleSize, twoProportionSampleSize } from "./sample-size";

describe("cochranSampleSize", () => {
  it("Krejcie & Morgan (1970): N = 10,000 at ±5 %, 95 % → 370 (and N = 100 → 80, N = 1,000 → 278)", () => {
    const base = { expectedRate: 0.5, marginOfError: 0.05, confidence: 0.95 };
    expect(cochranSampleSize({ ...base, populationSize: 10_000 }).required).toBe(370);
    expect(cochranSampleSize({ ...base, populationSize: 100 }).required).toBe(80);
    expect(cochranSampleSize({ ...base, populationSize: 1_000 }).required).toBe(278);
  });

  it("uses the unrounded z and applies the correction to the unrounded n0", () => {
    const r = cochranSampleSize({ expectedRate: 0.5, marginOfError: 0.05, confidence: 0.95, populationSize: 10_000 });
    expect(r.z).toBeCloseTo(1.959963984540054, 15);
    expect(r.n0).toBeCloseTo((r.z * r.z * 0.25) / 0.0025, 12);
    expect(r.n).toBeCloseTo(r.n0 / (1 + (r.n0 - 1) / 10_000), 12);
    expect(cochranSampleSize({ expectedRate: 0.5, marginOfError: 0.05, confidence: 0.95 })).toMatchObject({ n: r.n0, required: 385 });
  });

  const rate = fc.double({ min: 0.001, max: 0.999, noNaN: true });
  const fraction = fc.double({ min: 0.001, max: 0.3, noNaN: true });
  const level = fc.double({ min: 0.5, max: 0.9999, noNaN: true });
  const population = fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined });

  it("is monotone: smaller margin or higher confidence never needs fewer items", () => {
    fc.assert(
      fc.property(rate, fraction, fraction, level, level, population, (p, e1, e2, c1, c2, N) => {
        const [eSmall, eLarge] = e1 < e2 ? [e1, e2] : [e2, e1];
        const [cLow, cHigh] = c1 < c2 ? [c1, c2] : [c2, c1];
        const size = (e: number, c: number) => cochranSampleSize({ expectedRate: p, marginOfError: e, confidence: c, populationSize: N }).required;
        expect(size(eSmall, cLow)).toBeGreaterThanOrEqual(size(eLarge, cLow));
        expect(size(eSmall, cHigh)).toBeGreaterThanOrEqual(size(eSmall, cLow));
      }),
    );
  });

  it("never asks for more than the population", () => {
    fc.assert(
      fc.property(rate, fraction, level, fc.integer({ min: 1, max: 100_000 }), (p, e, c, N) => {
        expect(cochranSampleSize({ expectedRate: p, marginOfError: e, confidence: c, populationSize: N }).required).toBeLessThanOrEqual(N);
      }),
    );
  });

  it("throws a RangeError for impossible input", () => {
    const ok = { expectedRate: 0.1, marginOfError: 0.05, confidence: 0.95 };
    expect(() => cochranSampleSize({ ...ok, expectedRate: 0 })).toThrow(RangeError);
    expect(() => cochranSampleSize({ ...ok, expectedRate: 10 })).toThrow(RangeError);
    expect(() => cochranSampleSize({ ...ok, marginOfError: 0 })).toThrow(RangeError);
    expect(() => cochranSampleSize({ ...ok, confidence: 1 })).toThrow(RangeError);
    expect(() => cochranSampleSize({ ...ok, populationSize: -5 })).toThrow(RangeError);
    expect(() => cochranSampleSize({ ...ok, populationSize: 0 })).toThrow(RangeError);
  });
});

describe("discoverySampleSize", () => {
  it("5 % tolerable rate at 90 % confidence → 45 (AICPA discovery table)", () => {
    const r = discoverySampleSize({ tolerableRate: 0.05, confidence: 0.9 });
    expect(r.required).toBe(45);
    expect(r.probabilityOfDetection).toBeCloseTo(1 - 0.95 ** 45, 14);
    expect(1 - 0.95 ** 44).toBeLessThan(0.9);
  });

  it("decides exact ties exactly: (1 − p)^n = 1 − confidence counts as detected", () => {
    expect(discoverySampleSize({ tolerableRate: 0.5, confidence: 0.75 })).toEqual({ required: 2, probabilityOfDetection: 0.75 });
    expect(discoverySampleSize({ tolerableRate: 0.5, confidence: 1 - 2 ** -40 }).required).toBe(40);
    expect(discoverySampleSize({ tolerableRate: 0.75, confidence: 0.9375 }).required).toBe(2);
    expect(discoverySampleSize({ tolerableRate: 0.25, confidence: 1 - 0.75 ** 5 }).required).toBe(5);
    // hypergeometric: N = 4, M = 2, n = 1 misses with probability 2/4 exactly
    expect(discoverySampleSize({ tolerableRate: 0.5, confidence: 0.5, populationSize: 4, errorsInPopulation: 2 }).required).toBe(1);
  });

  it("hypergeometric: exact finite-population size, never above the binomial one", () => {
    // P(miss | n) = C(950, n)/C(1000, n); n = 44 is the first with P ≤ 0.1 (exact rational check in reference.test.ts)
    const r = discoverySampleSize({ tolerableRate: 0.05, confidence: 0.9, populationSize: 1000, errorsInPopulation: 50 });
    expect(r.required).toBe(44);
    expect(r.probabilityOfDetection).toBeGreaterThanOrEqual(0.9);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0.0005, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (N, share, c) => {
        const M = Math.max(1, Math.floor(N * share));
        const h = discoverySampleSize({ tolerableRate: M / N === 1 ? 0.999 : M / N, confidence: c, populationSize: N, errorsInPopulation: M });
        expect(h.required).toBeLessThanOrEqual(N - M + 1);
        expect(h.probabilityOfDetection).toBeGreaterThanOrEqual(c - 1e-12);
        if (M < N) expect(h.required).toBeLessThanOrEqual(discoverySampleSize({ tolerableRate: M / N, confidence: c }).required);
      }),
    );
  });

  it("is monotone in confidence and in the tolerable rate", () => {
    const p = fc.double({ min: 0.001, max: 0.5, noNaN: true });
    const c = fc.double({ min: 0.5, max: 0.999, noNaN: true });
    fc.assert(
      fc.property(p, p, c, c, (p1, p2, c1, c2) => {
        const [pLow, pHigh] = p1 < p2 ? [p1, p2] : [p2, p1];
        const [cLow, cHigh] = c1 < c2 ? [c1, c2] : [c2, c1];
        const size = (rate: number, conf: number) => discoverySampleSize({ tolerableRate: rate, confidence: conf }).required;
        expect(size(pLow, cHigh)).toBeGreaterThanOrEqual(size(pLow, cLow));
        expect(size(pLow, cLow)).toBeGreaterThanOrEqual(size(pHigh, cLow));
      }),
    );
  });

  it("returns the smallest sufficient n", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.9, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (p, c) => {
        const { required, probabilityOfDetection } = discoverySampleSize({ tolerableRate: p, confidence: c });
        expect(probabilityOfDetection).toBeGreaterThanOrEqual(c - 1e-12);
        if (required > 1) expect(-Math.expm1((required - 1) * Math.log1p(-p))).toBeLessThan(c + 1e-12);
      }),
    );
  });

  it("throws a RangeError for impossible input", () => {
    expect(() => discoverySampleSize({ tolerableRate: 0, confidence: 0.9 })).toThrow(RangeError);
    expect(() => discoverySampleSize({ tolerableRate: 0.05, confidence: 1.2 })).toThrow(RangeError);
    expect(() => discoverySampleSize({ tolerableRate: 0.05, confidence: 0.9, errorsInPopulation: 3 })).toThrow(RangeError);
    expect(() => discoverySampleSize({ tolerableRate: 0.05, confidence: 0.9, populationSize: 10, errorsInPopulation: 11 })).toThrow(RangeError);
    expect(() => discoverySampleSize({ tolerableRate: 0.05, confidence: 0.9, populationSize: 10, errorsInPopulation: 0 })).toThrow(RangeError);
  });
});

describe("twoProportionSampleSize", () => {
  it("R power.prop.test(p1 = .5, p2 = .75, power = .9) → n = 76.7 per group", () => {
    const r = twoProportionSampleSize({ p1: 0.5, p2: 0.75, alpha: 0.05, power: 0.9 });
    expect(r.perGroup.toFixed(1)).toBe("76.7");
    expect(r.perGroupRequired).toBe(77);
  });

  it("the pooled n solves R's power equation exactly", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.constantFrom("two-sided", "one-sided" as const),
        (p1, p2, alternative) => {
          fc.pre(Math.abs(p1 - p2) > 0.01);
          const { perGroup: n } = twoProportionSampleSize({ p1, p2, alpha: 0.05, power: 0.8, alternative });
          const zA = alternative === "two-sided" ? 1.959963984540054 : 1.6448536269514729;
          const arg = (Math.sqrt(n) * Math.abs(p1 - p2) - zA * Math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2))) / Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
          expect(arg).toBeCloseTo(0.8416212335729143, 9); // Φ⁻¹(0.8)
        },
      ),
    );
  });

  it("orders the methods as expected and grows with power", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 0.98, noNaN: true }), fc.double({ min: 0.02, max: 0.98, noNaN: true }), fc.double({ min: 0.6, max: 0.95, noNaN: true }), (p1, p2, power) => {
        fc.pre(Math.abs(p1 - p2) > 0.01);
        const base = { p1, p2, alpha: 0.05, power };
        const pooled = twoProportionSampleSize(base).perGroup;
        expect(twoProportionSampleSize({ ...base, method: "continuity-corrected" }).perGroup).toBeGreaterThan(pooled);
        expect(twoProportionSampleSize({ ...base, alternative: "one-sided" }).perGroup).toBeLessThan(pooled);
        expect(twoProportionSampleSize({ ...base, power: Math.min(0.99, power + 0.02) }).perGroup).toBeGreaterThan(pooled);
        const h = twoProportionSampleSize({ ...base, method: "cohen-h" }).perGroup;
        expect(h).toBeGreaterThan(0);
      }),
    );
  });

  it("throws a RangeError for impossible input", () => {
    const ok = { p1: 0.1, p2: 0.2, alpha: 0.05, power: 0.8 };
    expect(() => twoProportionSampleSize({ ...ok, p2: 0.1 })).toThrow(RangeError);
    expect(() => twoProportionSampleSize({ ...ok, p1: 1 })).toThrow(RangeError);
    expect(() => twoProportionSampleSize({ ...ok, alpha: 0 })).toThrow(RangeError);
    expect(() => twoProportionSampleSize({ ...ok, power: 0.01 })).toThrow(RangeError);
    expect(() => twoProportionSampleSize({ ...ok, power: 0.01, method: "cohen-h" })).toThrow(RangeError);
  });
});
