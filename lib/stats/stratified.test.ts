import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateSample, stratifiedEstimate } from "./stratified";

describe("allocateSample", () => {
  it("proportional: n_h = n·N_h/N", () => {
    expect(allocateSample({ strata: [{ size: 100 }, { size: 200 }, { size: 700 }], total: 100, method: "proportional" })).toEqual({
      real: [10, 20, 70],
      allocated: [10, 20, 70],
    });
  });

  it("Neyman: n_h ∝ N_h·√(p_h(1 − p_h)), 0.5 when no rate is given", () => {
    const r = allocateSample({ strata: [{ size: 1000 }, { size: 1000, expectedRate: 0.1 }], total: 80, method: "neyman" });
    expect(r.real[0]).toBeCloseTo(50, 12); // weights 500 : 300
    expect(r.real[1]).toBeCloseTo(30, 12);
    expect(r.allocated).toEqual([50, 30]);
  });

  it("largest remainder rounding sums to the total", () => {
    const r = allocateSample({ strata: [{ size: 100 }, { size: 100 }, { size: 100 }], total: 10, method: "proportional" });
    expect(r.real.every((x) => Math.abs(x - 10 / 3) < 1e-12)).toBe(true);
    expect(r.allocated).toEqual([4, 3, 3]); // ties go to the lower index
  });

  it("honours minimums and redistributes the rest proportionally", () => {
    const r = allocateSample({ strata: [{ size: 1000 }, { size: 50 }, { size: 10, minimum: 5 }], total: 100, method: "proportional" });
    expect(r.real[2]).toBe(5);
    expect(r.real[0]).toBeCloseTo((95 * 1000) / 1050, 12);
    expect(r.real[1]).toBeCloseTo((95 * 50) / 1050, 12);
    expect(r.allocated).toEqual([90, 5, 5]);
  });

  it("never allocates more than a stratum's size (Neyman with a small, variable stratum)", () => {
    const r = allocateSample({ strata: [{ size: 5, expectedRate: 0.5 }, { size: 1000, expectedRate: 0.01 }], total: 300, method: "neyman" });
    expect(r.real).toEqual([5, 295]);
    expect(r.allocated).toEqual([5, 295]);
  });

  const strata = fc.array(
    fc.record({
      size: fc.integer({ min: 0, max: 5000 }),
      expectedRate: fc.option(fc.double({ min: 0.001, max: 0.999, noNaN: true }), { nil: undefined }),
      minimum: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 8 },
  );

  it("sums to the total, respects minimums and sizes, and stays within 1 of the real allocation", () => {
    fc.assert(
      fc.property(strata, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom("proportional", "neyman" as const), (raw, share, method) => {
        const s = raw.map((x) => ({ ...x, minimum: x.minimum === undefined ? undefined : Math.min(x.minimum, x.size) }));
        const low = s.reduce((a, x) => a + (x.minimum ?? 0), 0);
        const high = s.reduce((a, x) => a + x.size, 0);
        const total = low + Math.floor(share * (high - low));
        const { real, allocated } = allocateSample({ strata: s, total, method });
        expect(allocated.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.abs(real.reduce((a, b) => a + b, 0) - total)).toBeLessThan(1e-9 * Math.max(1, total));
        s.forEach((x, h) => {
          expect(Number.isInteger(allocated[h])).toBe(true);
          expect(allocated[h]).toBeGreaterThanOrEqual(x.minimum ?? 0);
          expect(allocated[h]).toBeLessThanOrEqual(x.size);
          expect(Math.abs(allocated[h] - real[h])).toBeLessThan(1);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("throws a RangeError for impossible input", () => {
    expect(() => allocateSample({ strata: [], total: 0, method: "proportional" })).toThrow(RangeError);
    expect(() => allocateSample({ strata: [{ size: 10 }], total: 11, method: "proportional" })).toThrow(RangeError);
    expect(() => allocateSample({ strata: [{ size: 10, minimum: 6 }, { size: 10, minimum: 6 }], total: 11, method: "proportional" })).toThrow(RangeError);
    expect(() => allocateSample({ strata: [{ size: 10, minimum: 11 }], total: 10, method: "proportional" })).toThrow(RangeError);
    expect(() => allocateSample({ strata: [{ size: 10, expectedRate: 1 }], total: 5, method: "neyman" })).toThrow(RangeError);
    expect(() => allocateSample({ strata: [{ size: 10.5 }], total: 5, method: "neyman" })).toThrow(RangeError);
  });
});

describe("stratifiedEstimate", () => {
  it("Cochran (1977) eq. 5.48 on a two-stratum example", () => {
    const r = stratifiedEstimate([
      { size: 1000, sampled: 100, errors: 10 },
      { size: 3000, sampled: 100, errors: 5 },
    ]);
    expect(r.rate).toBeCloseTo(0.25 * 0.1 + 0.75 * 0.05, 15);
    const noFpc = 0.25 ** 2 * ((0.1 * 0.9) / 99) + 0.75 ** 2 * ((0.05 * 0.95) / 99);
    const fpc = 0.25 ** 2 * (1 - 100 / 1000) * ((0.1 * 0.9) / 99) + 0.75 ** 2 * (1 - 100 / 3000) * ((0.05 * 0.95) / 99);
    expect(r.standardErrorNoFpc).toBeCloseTo(Math.sqrt(noFpc), 15);
    expect(r.standardError).toBeCloseTo(Math.sqrt(fpc), 15);
  });

  it("a census has no sampling error; the fpc never increases the error", () => {
    expect(stratifiedEstimate([{ size: 50, sampled: 50, errors: 7 }])).toMatchObject({ rate: 7 / 50, standardError: 0 });
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 2, max: 2000 }).chain((size) =>
            fc.integer({ min: 2, max: size }).chain((sampled) => fc.record({ size: fc.constant(size), sampled: fc.constant(sampled), errors: fc.integer({ min: 0, max: sampled }) })),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (strata) => {
          const r = stratifiedEstimate(strata);
          expect(r.rate).toBeGreaterThanOrEqual(0);
          expect(r.rate).toBeLessThanOrEqual(1);
          expect(r.standardError).toBeLessThanOrEqual(r.standardErrorNoFpc);
        },
      ),
    );
  });

  it("skips empty strata and rejects impossible ones", () => {
    expect(stratifiedEstimate([{ size: 0, sampled: 0, errors: 0 }, { size: 10, sampled: 5, errors: 1 }]).rate).toBeCloseTo(0.2, 15);
    expect(() => stratifiedEstimate([])).toThrow(RangeError);
    expect(() => stratifiedEstimate([{ size: 10, sampled: 1, errors: 0 }])).toThrow(RangeError);
    expect(() => stratifiedEstimate([{ size: 10, sampled: 11, errors: 0 }])).toThrow(RangeError);
    expect(() => stratifiedEstimate([{ size: 10, sampled: 5, errors: 6 }])).toThrow(RangeError);
    expect(() => stratifiedEstimate([{ size: 0, sampled: 0, errors: 0 }])).toThrow(RangeError);
  });
});
