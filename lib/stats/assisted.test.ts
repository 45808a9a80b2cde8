import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assistedStratifiedEstimate, compareCohorts, confidenceSequence, ppiMeanEstimate, stratifiedConfidenceSequence } from "./assisted";
import { stratifiedEstimate } from "./stratified";

const close = (got: number, expected: number) => expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
const Z95 = 1.959963984540054;

describe("assistedStratifiedEstimate, worked by hand", () => {
  // One stratum, N = 10, n = 4 (f = 0.4), y = (1, 0, 0, 1), judge p = (0.8, 0.1, 0.2, 0.5), P̄ = 0.3.
  const stratum = { size: 10, predictionMean: 0.3, labeled: { y: [1, 0, 0, 1], prediction: [0.8, 0.1, 0.2, 0.5] } };

  it("difference: ŷ = P̄ + mean(y − p) = 0.3 + 0.1; v = (1 − f)s²(d)/n = 0.6·0.1/4", () => {
    const r = assistedStratifiedEstimate([stratum], { method: "difference" });
    close(r.rate, 0.4);
    close(r.standardError, Math.sqrt(0.015));
    close(r.lower, 0.4 - Z95 * Math.sqrt(0.015));
    expect(r.slopes).toEqual([1]);
  });

  it("regression: b = Σ(y−ȳ)(p−p̄)/Σ(p−p̄)² = 0.5/0.3; ŷ = 0.5 + b(0.3 − 0.4) = 1/3; v = 0.6/(4·2)·(1/6)", () => {
    const r = assistedStratifiedEstimate([stratum]);
    close(r.slopes[0], 5 / 3);
    close(r.rate, 1 / 3);
    close(r.standardError, Math.sqrt(0.0125));
    close(r.upper, 1 / 3 + Z95 * Math.sqrt(0.0125));
    // classical: ȳ = 0.5, s²(y) = 1/3, v = 0.6·(1/3)/4 = 0.05
    close(r.classical.rate, 0.5);
    close(r.classical.standardError, Math.sqrt(0.05));
  });

  it("weights strata by N_h/N and falls back to b = 0 for n_h < 3 or a constant judge", () => {
    const constant = { size: 30, predictionMean: 0.9, labeled: { y: [1, 0, 0, 0], prediction: [0.4, 0.4, 0.4, 0.4] } };
    const two = { size: 20, predictionMean: 0.1, labeled: { y: [1, 0], prediction: [0.9, 0.1] } };
    const r = assistedStratifiedEstimate([stratum, constant, two]);
    close(r.slopes[0], 5 / 3);
    expect(r.slopes.slice(1)).toEqual([0, 0]);
    close(r.rate, (10 / 60) * (1 / 3) + (30 / 60) * 0.25 + (20 / 60) * 0.5);
    // fallback v_h = (1 − f)s²(y)/n: constant (26/30)(0.25)/4, two (18/20)(0.5)/2
    const v = (1 / 36) * 0.0125 + (1 / 4) * ((26 / 30) * 0.25) / 4 + (1 / 9) * ((18 / 20) * 0.5) / 2;
    close(r.standardError, Math.sqrt(v));
  });

  it("a constant judge falls back exactly, even when the rounded Σ(p − p̄)² is not 0", () => {
    const r = assistedStratifiedEstimate([{ size: 50, predictionMean: 0.9, labeled: { y: [1, 0, 0], prediction: [0.4, 0.4, 0.4] } }]);
    expect(r.slopes).toEqual([0]);
    close(r.rate, 1 / 3);
    const ppi = ppiMeanEstimate({ labeledY: [1, 0, 0], labeledPrediction: [0.4, 0.4, 0.4], unlabeledPrediction: [0.4, 0.4, 0.4] });
    expect(ppi.lambda).toBe(0);
  });

  it("a census stratum (n_h = N_h) has no sampling variance", () => {
    const r = assistedStratifiedEstimate([{ size: 4, predictionMean: 0.4, labeled: stratum.labeled }]);
    expect(r.standardError).toBe(0);
    close(r.rate, 0.5); // P̄ = p̄, so ŷ = ȳ
  });

  it("refuses impossible input with a message naming the field", () => {
    const bad = (strata: unknown, options?: unknown, message?: RegExp) =>
      expect(() => assistedStratifiedEstimate(strata as never, options as never)).toThrow(message ? new RegExp(message.source) : RangeError);
    bad([], undefined, /at least one stratum/);
    bad([{ ...stratum, size: 0 }], undefined, /strata\[0\]\.size/);
    bad([{ ...stratum, size: 3 }], undefined, /more labelled items \(4\) than its size \(3\)/);
    bad([{ ...stratum, labeled: { y: [1], prediction: [0.5] } }], undefined, /at least 2 labelled/);
    bad([{ ...stratum, labeled: { y: [1, 0], prediction: [0.5] } }], undefined, /same length/);
    bad([{ ...stratum, labeled: { y: [1, 2], prediction: [0.5, 0.5] } }], undefined, /labeled\.y\[1\] must be a fraction/);
    bad([{ ...stratum, labeled: { y: [1, 0], prediction: [0.5, -0.1] } }], undefined, /labeled\.prediction\[1\]/);
    bad([{ ...stratum, predictionMean: 1.5 }], undefined, /predictionMean/);
    bad([stratum], { confidence: 1 }, /confidence/);
    bad([stratum], { method: "ratio" }, /method/);
  });
});

describe("ppiMeanEstimate, worked by hand", () => {
  const o = { labeledY: [1, 0, 1], labeledPrediction: [0.9, 0.2, 0.7], unlabeledPrediction: [0.5, 0.3, 0.1, 0.7] };

  it("λ = 1 (classic PPI): 2/3 + (0.4 − 0.6); SE² = s²(p̃)/N + s²(y − p)/n = (0.2/3)/4 + (0.19/3)/3", () => {
    const r = ppiMeanEstimate({ ...o, lambda: 1 });
    close(r.estimate, 2 / 3 - 0.2);
    close(r.standardError, Math.sqrt(0.2 / 3 / 4 + 0.19 / 3 / 3));
    expect(r.lambda).toBe(1);
  });

  it("λ = 0 is the labelled mean alone; 'tuned' is clipped to [0, 1]", () => {
    const r0 = ppiMeanEstimate({ ...o, lambda: 0 });
    close(r0.estimate, 2 / 3);
    close(r0.standardError, Math.sqrt(1 / 3 / 3));
    // cov(y, p) = (0.5·1/3·… ) by hand: ȳ = 2/3, p̄ = 0.6, Σ(y−ȳ)(p−p̄) = (1/3)(0.3) + (−2/3)(−0.4) + (1/3)(0.1) = 0.4
    // pooled p over 7 values: mean 3.4/7, Σ(p − mean)² = Σp² − 3.4²/7 = 1.98 − 11.56/7
    const pooled = (1.98 - 11.56 / 7) / 6;
    const tuned = ppiMeanEstimate(o);
    close(tuned.lambda, Math.min(1, 0.2 / ((1 + 3 / 4) * pooled)));
    expect(tuned.lambda).toBeLessThanOrEqual(1);
  });

  it("refuses impossible input", () => {
    expect(() => ppiMeanEstimate({ ...o, labeledY: [1] , labeledPrediction: [0.5] })).toThrow(/labeledY needs at least 2/);
    expect(() => ppiMeanEstimate({ ...o, labeledPrediction: [0.5, 0.5] })).toThrow(/same length/);
    expect(() => ppiMeanEstimate({ ...o, unlabeledPrediction: [0.5] })).toThrow(/unlabeledPrediction needs at least 2/);
    expect(() => ppiMeanEstimate({ ...o, unlabeledPrediction: [0.5, 1.2] })).toThrow(/unlabeledPrediction\[1\]/);
    expect(() => ppiMeanEstimate({ ...o, lambda: Number.NaN })).toThrow(/lambda/);
    expect(() => ppiMeanEstimate({ ...o, confidence: 0 })).toThrow(/confidence/);
  });
});

describe("confidenceSequence", () => {
  it("nests (running intersection), stays in [0, 1] and has one interval per observation", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1, 0.5, 0.25), { minLength: 1, maxLength: 80 }), fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }), (xs, extra) => {
        const { lower, upper } = confidenceSequence(xs, { populationSize: extra === undefined ? undefined : xs.length + extra });
        expect(lower).toHaveLength(xs.length);
        for (let t = 0; t < xs.length; t++) {
          expect(0 <= lower[t] && lower[t] <= upper[t] && upper[t] <= 1).toBe(true);
          if (t > 0) expect(lower[t] >= lower[t - 1] && upper[t] <= upper[t - 1]).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("without replacement: the bounds meet at the population mean once the whole population is seen", () => {
    const xs = [1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0];
    const { lower, upper } = confidenceSequence(xs, { populationSize: 20 });
    expect(lower[19]).toBe(0.2);
    expect(upper[19]).toBe(0.2);
    // After 19 of 20 the last item is 0 or 1: the mean is 0.2 or 0.25 at most.
    expect(upper[18]).toBeLessThanOrEqual(0.25);
    expect(lower[18]).toBeGreaterThanOrEqual(0.2);
  });

  it("is wider than the fixed-n Wilson interval early and shrinks like 1/√t", () => {
    const xs = Array.from({ length: 400 }, (_, i) => (i % 10 === 3 ? 1 : 0)); // 10 % errors, evenly spread
    const { lower, upper } = confidenceSequence(xs);
    expect(lower[399]).toBeLessThan(0.1);
    expect(upper[399]).toBeGreaterThan(0.1);
    expect(upper[399] - lower[399]).toBeLessThan((upper[99] - lower[99]) * 0.65);
  });

  it("refuses impossible input", () => {
    expect(() => confidenceSequence([])).toThrow(/at least 1/);
    expect(() => confidenceSequence([0.5, 2])).toThrow(/observations\[1\]/);
    expect(() => confidenceSequence([0, 1, 1], { populationSize: 2 })).toThrow(/populationSize \(2\) is smaller/);
    expect(() => confidenceSequence([0], { populationSize: 1.5 })).toThrow(/populationSize/);
    expect(() => confidenceSequence([0], { confidence: 95 })).toThrow(/confidence/);
    expect(() => confidenceSequence([0], { plannedSize: 0 })).toThrow(/plannedSize/);
  });
});

describe("stratifiedConfidenceSequence", () => {
  it("is Σ W_h·bound_h of per-stratum sequences at α/H, whatever the interleaving", () => {
    const strata = [{ size: 300 }, { size: 100 }];
    const a = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0];
    const b = [1, 1, 0, 1, 0];
    const arrivals = [...a.map((value) => ({ stratum: 0, value })), ...b.map((value) => ({ stratum: 1, value }))];
    arrivals.sort((x, y) => (x.stratum === y.stratum ? 0 : ((x.value * 7 + y.value) % 3) - 1)); // a stable, mixed order
    const r = stratifiedConfidenceSequence(strata, arrivals);
    const ca = confidenceSequence(a, { confidence: 0.975, populationSize: 300 });
    const cb = confidenceSequence(b, { confidence: 0.975, populationSize: 100 });
    close(r.lower[r.lower.length - 1], 0.75 * ca.lower[9] + 0.25 * cb.lower[4]);
    close(r.upper[r.upper.length - 1], 0.75 * ca.upper[9] + 0.25 * cb.upper[4]);
    expect(r.strata).toEqual([
      { lower: ca.lower[9], upper: ca.upper[9], observed: 10 },
      { lower: cb.lower[4], upper: cb.upper[4], observed: 5 },
    ]);
    // before stratum 1 is seen it contributes [0, 1]
    const first = stratifiedConfidenceSequence(strata, [{ stratum: 0, value: 0 }]);
    close(first.upper[0], 0.75 * confidenceSequence([0], { confidence: 0.975, populationSize: 300 }).upper[0] + 0.25);
  });

  it("refuses impossible input", () => {
    expect(() => stratifiedConfidenceSequence([], [])).toThrow(/at least one stratum/);
    expect(() => stratifiedConfidenceSequence([{ size: 0 }], [])).toThrow(/strata\[0\]\.size/);
    expect(() => stratifiedConfidenceSequence([{ size: 5 }], [{ stratum: 1, value: 0 }])).toThrow(/observations\[0\]\.stratum/);
    expect(() => stratifiedConfidenceSequence([{ size: 1 }], [{ stratum: 0, value: 0 }, { stratum: 0, value: 1 }])).toThrow(/more observations \(2\) than its size \(1\)/);
    expect(() => stratifiedConfidenceSequence([{ size: 5 }], [{ stratum: 0, value: -1 }])).toThrow(/observations\[0\]\.value/);
  });
});

describe("compareCohorts", () => {
  const a = [{ size: 1000, sampled: 100, errors: 5 }, { size: 500, sampled: 50, errors: 5 }];
  const b = [{ size: 800, sampled: 100, errors: 12 }];

  it("is the difference of the two stratified estimates with SE √(SE_a² + SE_b²)", () => {
    const ea = stratifiedEstimate(a);
    const eb = stratifiedEstimate(b);
    const r = compareCohorts(a, b);
    close(r.difference, 0.12 - (2 / 3) * 0.05 - (1 / 3) * 0.1);
    close(r.standardError, Math.hypot(ea.standardError, eb.standardError));
    close(r.z, r.difference / r.standardError);
    close(r.lower, r.difference - Z95 * r.standardError);
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(1);
    // symmetric: swapping the cohorts flips the sign, keeps the p-value
    const s = compareCohorts(b, a);
    close(s.difference, -r.difference);
    close(s.pValue, r.pValue);
  });

  it("with no variance anywhere: equal rates give p = 1, different ones p = 0", () => {
    const none = [{ size: 100, sampled: 10, errors: 0 }];
    const all = [{ size: 100, sampled: 10, errors: 10 }];
    expect(compareCohorts(none, none)).toMatchObject({ difference: 0, z: 0, pValue: 1 });
    expect(compareCohorts(none, all)).toMatchObject({ difference: 1, z: Infinity, pValue: 0 });
  });

  it("names the cohort in its errors", () => {
    expect(() => compareCohorts(a, [{ size: 10, sampled: 1, errors: 0 }])).toThrow(/cohort b: strata\[0\] needs at least 2/);
    expect(() => compareCohorts([], b)).toThrow(/cohort a: at least one stratum/);
    expect(() => compareCohorts(a, b, { confidence: 1.2 })).toThrow(/confidence/);
  });
});
