import { describe, expect, it } from "vitest";
import { mulberry32 } from "./bootstrap";
import { wilsonInterval } from "./intervals";
import { stratifiedEstimate } from "./stratified";
import { stratifiedWilsonInterval } from "./stratified-interval";

const close = (got: number, expected: number) => expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));

describe("stratifiedWilsonInterval, worked by hand", () => {
  it("one stratum, 10 of 100 from 1,000: n* = p q / ((1 − f) p q/(n − 1)) = 99/0.9 = 110", () => {
    const r = stratifiedWilsonInterval([{ size: 1000, sampled: 100, errors: 10 }]);
    close(r.effectiveSampleSize, 110);
    close(r.designEffect, 100 / 110);
    // Wilson with x = 0.1·110 = 11 of 110
    const w = wilsonInterval(11, 110);
    close(r.lower, w.lower);
    close(r.upper, w.upper);
  });

  it("no error seen: Kish's n* = N²/Σ(N_h²/n_h) and the upper limit z²/(n* + z²), never 0", () => {
    const strata = [
      { size: 6000, sampled: 80, errors: 0 },
      { size: 3000, sampled: 60, errors: 0 },
      { size: 1000, sampled: 60, errors: 0 },
    ];
    const r = stratifiedWilsonInterval(strata);
    const nStar = 10000 ** 2 / (6000 ** 2 / 80 + 3000 ** 2 / 60 + 1000 ** 2 / 60);
    close(r.effectiveSampleSize, nStar);
    expect(r.lower).toBe(0);
    const z2 = 1.959963984540054 ** 2;
    close(r.upper, z2 / (nStar + z2));
    expect(r.sampleSize).toBe(200);
    close(r.designEffect, 200 / nStar); // Kish's deff for weighting, 1.11 here
  });

  it("all errors: the mirror image, upper limit 1", () => {
    const r = stratifiedWilsonInterval([{ size: 50, sampled: 20, errors: 20 }]);
    expect(r.upper).toBe(1);
    close(r.lower, 1 - (1.959963984540054 ** 2 / (20 + 1.959963984540054 ** 2)));
  });

  it("a week reviewed whole has its exact rate as the interval", () => {
    const r = stratifiedWilsonInterval([{ size: 30, sampled: 30, errors: 3 }, { size: 5, sampled: 5, errors: 0 }]);
    expect(r.rate).toBeCloseTo(3 / 35, 15);
    expect(r).toMatchObject({ lower: r.rate, upper: r.rate, standardError: 0 });
  });

  it("refuses impossible input as stratifiedEstimate does, and a bad confidence", () => {
    expect(() => stratifiedWilsonInterval([{ size: 10, sampled: 1, errors: 0 }])).toThrow(/at least 2 sampled/);
    expect(() => stratifiedWilsonInterval([{ size: 10, sampled: 5, errors: 6 }])).toThrow(/exceeds sampled/);
    expect(() => stratifiedWilsonInterval([{ size: 10, sampled: 5, errors: 1 }], 1)).toThrow(/confidence/);
  });
});

describe("coverage near 0 (issue 15): 4,000 stratified samples of n = 200, true rate 0.5 %", () => {
  it("the Kish–Wilson interval covers ≥ 93 %, the plain normal interval less", () => {
    // A fixed population of 10,000 outputs in three strata with 0.3 %, 0.6 % and 1.4 % errors
    // (50 errors, exactly 0.5 %); the riskier strata are oversampled: 80 / 60 / 60 of 6,000 / 3,000 / 1,000.
    const sizes = [6000, 3000, 1000];
    const errors = [18, 18, 14];
    const sampled = [80, 60, 60];
    const truth = 50 / 10000;
    const random = mulberry32(15);
    const perms = sizes.map((N) => Int32Array.from({ length: N }, (_, i) => i));
    const R = 4000;
    let wilsonCovered = 0;
    let normalCovered = 0;
    for (let r = 0; r < R; r++) {
      const strata = sizes.map((N, h) => {
        const perm = perms[h];
        let e = 0;
        for (let i = 0; i < sampled[h]; i++) {
          const j = i + Math.floor(random() * (N - i));
          const t = perm[i];
          perm[i] = perm[j];
          perm[j] = t;
          if (perm[i] < errors[h]) e++; // items 0 .. errors_h − 1 are the errors
        }
        return { size: N, sampled: sampled[h], errors: e };
      });
      const w = stratifiedWilsonInterval(strata);
      expect(w.lower >= 0 && w.upper <= 1).toBe(true);
      if (w.lower <= truth && truth <= w.upper) wilsonCovered++;
      const { rate, standardError } = stratifiedEstimate(strata);
      if (Math.abs(rate - truth) <= 1.959963984540054 * standardError) normalCovered++;
    }
    console.log(`true rate 0.5 %, n = 200: Kish–Wilson coverage ${((100 * wilsonCovered) / R).toFixed(1)} %, normal (Wald) coverage ${((100 * normalCovered) / R).toFixed(1)} %`);
    expect(wilsonCovered / R).toBeGreaterThanOrEqual(0.93);
    expect(normalCovered / R).toBeLessThan(0.93);
  });
});
