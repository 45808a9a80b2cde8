import { describe, expect, it } from "vitest";
import { cohenKappa, fleissKappa, krippendorffAlpha, type Rating } from "./agreement";
import { bootstrapInterval, mulberry32, transpose } from "./bootstrap";

const random = mulberry32(7);
const CATEGORIES = ["ok", "minor", "major"];
const rows: Rating[][] = Array.from({ length: 300 }, () => {
  const truth = CATEGORIES[Math.floor(random() * 3)];
  return [0, 1, 2].map(() => (random() < 0.75 ? truth : CATEGORIES[Math.floor(random() * 3)]));
});

describe("mulberry32", () => {
  it("is deterministic per seed and uniform on [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(Math.abs(draws.reduce((s, x) => s + x, 0) / draws.length - 0.5)).toBeLessThan(0.01);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe("bootstrapInterval", () => {
  const fleiss = (sample: Rating[][]) => fleissKappa(sample).kappa;

  it("is deterministic for a seed and brackets the estimate", () => {
    const a = bootstrapInterval(rows, fleiss, { replicates: 500, seed: 3 });
    const b = bootstrapInterval(rows, fleiss, { replicates: 500, seed: 3 });
    expect(a).toEqual(b);
    expect(a.estimate).toBe(fleissKappa(rows).kappa);
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(a.replicates).toBe(500);
    expect(bootstrapInterval(rows, fleiss, { replicates: 500, seed: 4 })).not.toEqual(a);
  });

  it("narrows at a lower confidence level", () => {
    const wide = bootstrapInterval(rows, fleiss, { replicates: 400, confidence: 0.95 });
    const narrow = bootstrapInterval(rows, fleiss, { replicates: 400, confidence: 0.5 });
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it("resamples Krippendorff's coders × units data by unit via transpose", () => {
    const data = transpose(rows); // coders × units
    const result = bootstrapInterval(transpose(data), (units) => krippendorffAlpha(transpose(units), "nominal"), { replicates: 200 });
    expect(result.estimate).toBe(krippendorffAlpha(data, "nominal"));
    expect(result.lower).toBeLessThan(result.upper);
    const kappa = bootstrapInterval(rows, (s) => cohenKappa(s.map((r) => r[0]), s.map((r) => r[1])).kappa, { replicates: 200 });
    expect(kappa.lower).toBeLessThan(kappa.estimate);
  });

  it("skips resamples where the statistic is undefined (RangeError) and propagates other errors", () => {
    let calls = 0;
    const flaky = () => {
      calls++;
      if (calls % 2 === 0) throw new RangeError("undefined here");
      return calls;
    };
    expect(bootstrapInterval([1, 2, 3], flaky, { replicates: 10 }).replicates).toBe(5);
    expect(() =>
      bootstrapInterval([1, 2, 3], () => {
        throw new TypeError("bug");
      }),
    ).toThrow(TypeError);
    expect(() => bootstrapInterval([], () => 1)).toThrow(RangeError);
    expect(() => bootstrapInterval([1], () => 1, { confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapInterval([1], () => 1, { replicates: 0 })).toThrow(RangeError);
  });
});
