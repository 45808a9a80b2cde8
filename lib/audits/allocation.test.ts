import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { allocateStrata, oversamplingRate } from "./allocation";
import { requiredSampleSize } from "./sample-size";
import { defaultPlanSpec, planSpecSchema } from "./plan";

const base = { expectedRate: 0.05, overlapShare: 0.2 };

describe("allocateStrata", () => {
  it("allocates proportionally and records inclusion probabilities", () => {
    const r = allocateStrata({ ...base, planStrata: [], populations: { a: 600, b: 300, c: 100 }, total: 100, allocation: "proportional" });
    expect(r.strata.map((s) => [s.stratum, s.allocated, s.overlap])).toEqual([["a", 60, 12], ["b", 30, 6], ["c", 10, 2]]);
    expect(r.strata[0].inclusionProbability).toBe(0.1);
  });

  it("honours minimums, capped at a stratum's size, and reports the shortfall", () => {
    const r = allocateStrata({
      ...base,
      planStrata: [{ value: "a", risk: "low" }, { value: "b", risk: "high", minimum: 20 }, { value: "c", risk: "high", minimum: 50 }],
      populations: { a: 1000, b: 100, c: 8 },
      total: 50,
      allocation: "proportional",
    });
    const by = Object.fromEntries(r.strata.map((s) => [s.stratum, s]));
    expect(by.b.allocated).toBe(20);
    expect(by.c).toMatchObject({ allocated: 8, minimum: 8, minimumShortfall: 42, inclusionProbability: 1 });
    expect(r.total).toBe(50);
    expect(by.a.allocated).toBe(22);
  });

  it("raises the total to the sum of the minimums", () => {
    const r = allocateStrata({ ...base, planStrata: [{ value: "a", risk: "low", minimum: 30 }, { value: "b", risk: "low", minimum: 30 }], populations: { a: 500, b: 500 }, total: 40, allocation: "proportional" });
    expect(r.total).toBe(60);
  });

  it("keeps empty and unplanned strata visible", () => {
    const r = allocateStrata({ ...base, planStrata: [{ value: "gone", risk: "high", minimum: 5 }], populations: { new: 10, "": 4 }, total: 5, allocation: "proportional" });
    expect(r.strata.map((s) => [s.stratum, s.empty, s.unplanned, s.allocated])).toEqual([["gone", true, false, 0], ["", false, true, 1], ["new", false, true, 4]]);
    const none = allocateStrata({ ...base, planStrata: [{ value: "gone", risk: "low" }], populations: {}, total: 100, allocation: "neyman" });
    expect(none).toMatchObject({ total: 0, population: 0 });
  });

  it("oversamples high-risk strata by the factor", () => {
    expect(oversamplingRate(1)).toBe(0.5);
    const p = oversamplingRate(3);
    expect(Math.sqrt(p * (1 - p))).toBeCloseTo(0.5 / 3, 12);
    const r = allocateStrata({ ...base, planStrata: [{ value: "low", risk: "low" }, { value: "high", risk: "high" }], populations: { low: 900, high: 100 }, total: 120, allocation: "oversample", oversampleFactor: 3 });
    // weights 900 and 300 → 90 and 30 (proportional would give 108 and 12)
    expect(r.strata.map((s) => s.allocated)).toEqual([90, 30]);
  });

  it("uses stratum expected rates for Neyman allocation", () => {
    const r = allocateStrata({ ...base, planStrata: [{ value: "a", risk: "low", expectedRate: 0.5 }, { value: "b", risk: "low", expectedRate: 0.01 }], populations: { a: 500, b: 500 }, total: 100, allocation: "neyman" });
    // weights 500·0.5 and 500·√(0.0099) = 49.75 → 83.4 / 16.6
    expect(r.strata.map((s) => s.allocated)).toEqual([83, 17]);
    expect(r.strata.map((s) => s.neymanRateSource)).toEqual(["stratum", "stratum"]);
  });

  it("prefers observed rates over the plan's for Neyman allocation, and says which it used", () => {
    const r = allocateStrata({
      ...base,
      planStrata: [{ value: "a", risk: "low", expectedRate: 0.5 }, { value: "b", risk: "low", expectedRate: 0.01 }, { value: "c", risk: "low" }],
      populations: { a: 500, b: 500, c: 500 },
      total: 150,
      allocation: "neyman",
      observedRates: { a: 0.01, b: 0.5 },
    });
    // a and b swap weights (observed beats the plan); c falls back to the plan's 5 %: √(.0099)=.0995, .5, √(.0475)=.2179
    // → 150·(.0995, .5, .2179)/.8174 = 18.3, 91.8, 40.0
    expect(r.strata.map((s) => s.allocated)).toEqual([18, 92, 40]);
    expect(r.strata.map((s) => [s.neymanRate, s.neymanRateSource])).toEqual([[0.01, "observed"], [0.5, "observed"], [0.05, "plan"]]);
  });

  it("always sums to the total and respects bounds (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.integer({ min: 0, max: 5000 }), minimum: fc.integer({ min: 0, max: 100 }), high: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.constantFrom("proportional", "neyman", "oversample"),
        (strata, total, allocation) => {
          const r = allocateStrata({
            ...base,
            planStrata: strata.map((s, i) => ({ value: `s${i}`, risk: s.high ? "high" : "low", minimum: s.minimum })),
            populations: Object.fromEntries(strata.map((s, i) => [`s${i}`, s.size])),
            total,
            allocation: allocation as "proportional",
            oversampleFactor: 2.5,
          });
          expect(r.strata.reduce((a, s) => a + s.allocated, 0)).toBe(r.total);
          for (const s of r.strata) {
            expect(s.allocated).toBeLessThanOrEqual(s.population);
            expect(s.allocated).toBeGreaterThanOrEqual(s.minimum);
            expect(s.overlap).toBeLessThanOrEqual(s.allocated);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("requiredSampleSize", () => {
  const params = defaultPlanSpec().methodParams;
  it("answers the issue's question: 10K weekly interactions, 0.5 % tolerable error", () => {
    const d = requiredSampleSize("discovery", { ...params, tolerableRate: 0.005, confidence: 0.95 }, 10_000);
    // exact hypergeometric with M = 50 errors: fewer than the binomial 598
    expect(d.required).toBeLessThan(598);
    expect(d.buys.detectionProbability).toBeGreaterThanOrEqual(0.95);
    expect(requiredSampleSize("discovery", { ...params, tolerableRate: 0.005 }, 1_000_000).required).toBe(598);
  });

  it("fills the Cochran formula with the numbers", () => {
    const e = requiredSampleSize("estimate", params, 10_000);
    expect(e.required).toBe(199);
    expect(e.steps.join("\n")).toContain("1.96");
    expect(e.buys.margin).toBeLessThanOrEqual(0.03);
    expect(requiredSampleSize("estimate", params).required).toBe(203);
  });

  it("states what a fixed size buys and caps at the population", () => {
    const f = requiredSampleSize("fixed", { ...params, fixedSize: 400 }, 10_000);
    expect(f.n).toBe(400);
    expect(f.buys.margin).toBeCloseTo(1.959964 * Math.sqrt((0.05 * 0.95) / 400) * Math.sqrt(9600 / 9999), 5);
    expect(f.buys.detectionProbability).toBeGreaterThan(0.98);
    expect(requiredSampleSize("fixed", { ...params, fixedSize: 400 }, 150)).toMatchObject({ n: 150, required: 400 });
  });

  it("sizes a change detection with the two-proportion formula", () => {
    expect(requiredSampleSize("change", { ...params, baselineRate: 0.05, changedRate: 0.1, alpha: 0.05, power: 0.8 }).required).toBe(435);
  });
});

describe("planSpecSchema", () => {
  it("rejects bad plans with the field named", () => {
    const bad = planSpecSchema.safeParse({ method: "estimate", methodParams: { marginOfError: 2 }, allocation: "oversample", strata: [{ value: "a" }, { value: "a" }] });
    expect(bad.success).toBe(false);
    const fields = bad.error!.issues.map((i) => i.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["methodParams.marginOfError"]));
  });
});
