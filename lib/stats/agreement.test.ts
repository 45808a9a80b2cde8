import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohenKappa, fleissKappa, gwetAC1, krippendorffAlpha, percentAgreement, type MeasurementLevel, type Rating } from "./agreement";
import published from "./published-examples.json";

/** The value agrees with a published figure to the printed precision (half a unit in the last digit). */
function expectPrinted(value: number, printed: string): void {
  const decimals = printed.split(".")[1]?.length ?? 0;
  expect(Math.abs(value - Number(printed))).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

type Example = (typeof published.examples)[number];
const example = (id: string): Example => {
  const found = published.examples.find((e) => e.id === id);
  if (!found) throw new Error(`missing published example ${id}`);
  return found;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const inputs = (id: string): any => example(id).inputs;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const printed = (id: string): any => example(id).published;

const LEVELS: MeasurementLevel[] = ["nominal", "ordinal", "interval", "ratio"];

describe("published worked examples", () => {
  it.each([
    ["ka-canonical-nominal", "nominal", "0.743"],
    ["ka-canonical-ordinal", "ordinal", "0.815"],
    ["ka-canonical-interval", "interval", "0.849"],
    ["ka-canonical-ratio", "ratio", "0.797"],
    ["ka-k2011-binary-2coders", "nominal", "0.095"],
    ["ka-k2011-nominal-2coders", "nominal", "0.692"],
  ] as const)("Krippendorff (2011) %s", (id, level, value) => {
    expect(inputs(id).level).toBe(level);
    expect(printed(id).alpha).toBe(value);
    expectPrinted(krippendorffAlpha(inputs(id).data, level), value);
  });

  it("Cohen's kappa, Wikipedia's 50 grant proposals: κ = 0.4, po = 0.7, pe = 0.5", () => {
    const { rater1, rater2, categories } = inputs("cohen-wikipedia-proposals");
    const result = cohenKappa(rater1, rater2, { categories });
    expectPrinted(result.kappa, printed("cohen-wikipedia-proposals").kappa);
    expect(result.po).toBeCloseTo(0.7, 14);
    expect(result.pe).toBeCloseTo(0.5, 14);
  });

  it("Fleiss (1971), 6 psychiatrists × 30 patients: κ = .430 and per-category kappas", () => {
    const { ratings, categories } = inputs("fleiss-diagnoses-1971");
    const result = fleissKappa(ratings, { categories });
    expectPrinted(result.kappa, printed("fleiss-diagnoses-1971").kappa);
    expect(result.perCategory.map((c) => c.category)).toEqual(categories);
    result.perCategory.forEach((c, j) => expectPrinted(c.kappa, printed("fleiss-diagnoses-1971").per_category_kappa[j]));
    // Default categories are the sorted distinct ratings, here the same five.
    expect(fleissKappa(ratings).kappa).toBe(result.kappa);
  });

  it("Gwet (2014) cac.raw4raters, 12 subjects × 4 raters with missing: AC1 = 0.77544", () => {
    const { ratings, categories } = inputs("ac1-gwet-raw4raters");
    expectPrinted(gwetAC1(ratings, { categories }).ac1, printed("ac1-gwet-raw4raters").ac1);
  });
});

// ---------------------------------------------------------------------------------------------
// Naive references: textbook definitions, O(n²) where that is the plain reading.

function naiveAlpha(data: Rating[][], level: MeasurementLevel): number {
  const units = data[0].map((_, u) => data.map((row) => row[u]).filter((v): v is number => v !== null));
  const values = [...new Set(units.filter((u) => u.length >= 2).flat())].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const k = values.length;
  const o = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const u of units) {
    if (u.length < 2) continue;
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) o[index.get(u[i])!][index.get(u[j])!] += 1 / (u.length - 1);
  }
  const nc = o.map((row) => row.reduce((a, b) => a + b, 0));
  const n = nc.reduce((a, b) => a + b, 0);
  const d2 = (c: number, d: number): number => {
    const [a, b] = [values[c], values[d]];
    if (level === "nominal") return c === d ? 0 : 1;
    if (level === "interval") return (a - b) ** 2;
    if (level === "ratio") return a === b ? 0 : ((a - b) / (a + b)) ** 2;
    const [lo, hi] = [Math.min(c, d), Math.max(c, d)];
    let s = 0;
    for (let g = lo; g <= hi; g++) s += nc[g];
    return (s - (nc[c] + nc[d]) / 2) ** 2;
  };
  let Do = 0;
  let De = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      Do += o[c][d] * d2(c, d);
      De += nc[c] * nc[d] * d2(c, d);
    }
  }
  return De === 0 ? 1 : 1 - ((n - 1) * Do) / De;
}

function naiveCohen(r1: Rating[], r2: Rating[], weights: "unweighted" | "linear" | "quadratic") {
  const pairs = r1.map((a, i) => [a, r2[i]] as const).filter(([a, b]) => a !== null && b !== null);
  const cats = [...new Set(pairs.flat())].sort((a, b) => (a as number) - (b as number));
  const k = cats.length;
  const n = pairs.length;
  const w = (i: number, j: number) =>
    weights === "unweighted" ? (i === j ? 1 : 0) : weights === "linear" ? 1 - Math.abs(i - j) / (k - 1) : 1 - (i - j) ** 2 / (k - 1) ** 2;
  let po = 0;
  for (const [a, b] of pairs) po += w(cats.indexOf(a), cats.indexOf(b)) / n;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const pi = pairs.filter(([a]) => a === cats[i]).length / n;
      const pj = pairs.filter(([, b]) => b === cats[j]).length / n;
      pe += w(i, j) * pi * pj;
    }
  }
  return { kappa: (po - pe) / (1 - pe), po, pe };
}

function naiveFleiss(rows: number[][]) {
  const cats = [...new Set(rows.flat())].sort((a, b) => a - b);
  const m = rows[0].length;
  const N = rows.length;
  const nij = rows.map((r) => cats.map((c) => r.filter((v) => v === c).length));
  const pj = cats.map((_, j) => nij.reduce((s, x) => s + x[j], 0) / (N * m));
  const Pbar = nij.reduce((s, x) => s + (x.reduce((a, v) => a + v * v, 0) - m) / (m * (m - 1)), 0) / N;
  const Pe = pj.reduce((s, p) => s + p * p, 0);
  return { kappa: (Pbar - Pe) / (1 - Pe), po: Pbar, pe: Pe };
}

function naiveAC1(rows: Rating[][], cats: (string | number)[]) {
  const rated = rows.map((r) => r.filter((v) => v !== null)).filter((r) => r.length > 0);
  const q = cats.length;
  const multi = rated.filter((r) => r.length >= 2);
  const count = (r: Rating[], c: string | number) => r.filter((v) => v === c).length;
  let pa = 0;
  for (const r of multi) for (const c of cats) pa += (count(r, c) * (count(r, c) - 1)) / (r.length * (r.length - 1)) / multi.length;
  const pi = cats.map((c) => rated.reduce((s, r) => s + count(r, c) / r.length, 0) / rated.length);
  const pe = pi.reduce((s, p) => s + p * (1 - p), 0) / (q - 1);
  return { ac1: (pa - pe) / (1 - pe), pa, pe };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

/** coders × units with values 1..k, some missing. */
const codersByUnits = (maxCoders = 5, maxUnits = 30, k = 5) =>
  fc.integer({ min: 2, max: maxCoders }).chain((coders) =>
    fc.integer({ min: 2, max: maxUnits }).chain((units) =>
      fc.array(fc.array(fc.option(fc.integer({ min: 1, max: k }), { freq: 5 }), { minLength: units, maxLength: units }), {
        minLength: coders,
        maxLength: coders,
      }),
    ),
  );
const pairable = (data: Rating[][]) => data[0].some((_, u) => data.filter((row) => row[u] !== null).length >= 2);

describe("krippendorffAlpha", () => {
  it("matches the naive coincidence-matrix computation at every level", () => {
    fc.assert(
      fc.property(codersByUnits(), fc.constantFrom(...LEVELS), (data, level) => {
        fc.pre(pairable(data));
        expect(close(krippendorffAlpha(data, level), naiveAlpha(data, level))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("is 1 for perfect agreement at every level (missing values allowed)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 2, max: 5 }),
        fc.constantFrom(...LEVELS),
        fc.infiniteStream(fc.boolean()),
        (truth, coders, level, missing) => {
          const data = Array.from({ length: coders }, (_, c) => truth.map((v) => (c >= 2 && missing.next().value ? null : v)));
          expect(krippendorffAlpha(data, level)).toBe(1);
        },
      ),
    );
  });

  it("is invariant to relabelling categories at the nominal level", () => {
    fc.assert(
      fc.property(codersByUnits(), fc.shuffledSubarray(["a", "b", "c", "d", "e", 17, -3.5], { minLength: 5, maxLength: 5 }), (data, labels) => {
        fc.pre(pairable(data));
        const relabelled = data.map((row) => row.map((v) => (v === null ? null : labels[(v as number) - 1])));
        expect(close(krippendorffAlpha(relabelled, "nominal"), krippendorffAlpha(data, "nominal"))).toBe(true);
      }),
    );
  });

  it("is invariant to swapping and reordering coders", () => {
    fc.assert(
      fc.property(codersByUnits(), fc.constantFrom(...LEVELS), (data, level) => {
        fc.pre(pairable(data));
        const reversed = [...data].reverse();
        const swapped = [data[1], data[0], ...data.slice(2)];
        const alpha = krippendorffAlpha(data, level);
        expect(close(krippendorffAlpha(reversed, level), alpha)).toBe(true);
        expect(close(krippendorffAlpha(swapped, level), alpha)).toBe(true);
      }),
    );
  });

  it("ignores units with fewer than two values", () => {
    const data = [
      [1, 2, 3, null],
      [1, 2, 2, 4],
    ];
    expect(krippendorffAlpha(data, "nominal")).toBe(krippendorffAlpha([[1, 2, 3], [1, 2, 2]], "nominal"));
  });

  it("defines α = 1 when every pairable value is identical (D_e = D_o = 0)", () => {
    expect(krippendorffAlpha([[3, 3, null], [3, 3, 7]], "interval")).toBe(1);
    expect(krippendorffAlpha([[0, 0], [0, 0]], "ratio")).toBe(1);
  });

  it("throws a RangeError for impossible input", () => {
    expect(() => krippendorffAlpha([[1, null], [null, 2]], "nominal")).toThrow(RangeError);
    expect(() => krippendorffAlpha([[1, 2], [1]], "nominal")).toThrow(RangeError);
    expect(() => krippendorffAlpha([], "nominal")).toThrow(RangeError);
    expect(() => krippendorffAlpha([["a", "b"], ["a", "a"]], "interval")).toThrow(RangeError);
    expect(() => krippendorffAlpha([[1, -2], [1, 2]], "ratio")).toThrow(RangeError);
    expect(() => krippendorffAlpha([[1, NaN], [1, 2]], "nominal")).toThrow(RangeError);
    // @ts-expect-error invalid level
    expect(() => krippendorffAlpha([[1, 2], [1, 2]], "cardinal")).toThrow(RangeError);
  });
});

describe("cohenKappa", () => {
  const twoRaters = fc.integer({ min: 2, max: 60 }).chain((n) =>
    fc.tuple(
      fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { freq: 8 }), { minLength: n, maxLength: n }),
      fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { freq: 8 }), { minLength: n, maxLength: n }),
    ),
  );

  it("matches the textbook formula for all weightings", () => {
    fc.assert(
      fc.property(twoRaters, fc.constantFrom("unweighted", "linear", "quadratic" as const), ([r1, r2], weights) => {
        const complete = r1.map((a, i) => [a, r2[i]]).filter(([a, b]) => a !== null && b !== null);
        const expected = naiveCohen(r1, r2, weights);
        fc.pre(complete.length > 0 && new Set(complete.flat()).size >= 2 && expected.pe < 1);
        const got = cohenKappa(r1, r2, { weights });
        expect(close(got.kappa, expected.kappa)).toBe(true);
        expect(close(got.po, expected.po)).toBe(true);
        expect(close(got.pe, expected.pe)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("is 1 for perfect agreement", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("pass", "fail", "unsure"), { minLength: 1, maxLength: 40 }), fc.constantFrom("unweighted", "linear", "quadratic" as const), (r, weights) => {
        expect(cohenKappa(r, [...r], { weights }).kappa).toBe(1);
      }),
    );
  });

  it("weights by position in the declared categories", () => {
    const r1 = ["low", "mid", "high", "mid", "low", "high"];
    const r2 = ["mid", "mid", "high", "low", "low", "mid"];
    const asNumbers = (r: string[]) => r.map((v) => ({ low: 1, mid: 2, high: 3 })[v]!);
    const declared = cohenKappa(r1, r2, { weights: "quadratic", categories: ["low", "mid", "high"] });
    expect(declared.kappa).toBeCloseTo(cohenKappa(asNumbers(r1), asNumbers(r2), { weights: "quadratic" }).kappa, 14);
    const plain = cohenKappa(asNumbers(r1), asNumbers(r2), { weights: "linear" });
    // An unused category at the end changes k, so the weighted po and pe, but not κ (the 1/(k − 1)
    // scale cancels); one in the middle moves the positions and so changes κ.
    const wider = cohenKappa(asNumbers(r1), asNumbers(r2), { weights: "linear", categories: [1, 2, 3, 4] });
    expect(wider.kappa).toBeCloseTo(plain.kappa, 14);
    expect(wider.po).not.toBeCloseTo(plain.po, 6);
    const gap = cohenKappa(asNumbers(r1), asNumbers(r2), { weights: "linear", categories: [1, 1.5, 2, 3] });
    expect(gap.kappa).not.toBeCloseTo(plain.kappa, 6);
  });

  it("drops pairs with a missing rating", () => {
    const withMissing = cohenKappa([1, 2, null, 2, 1, 9], [1, 2, 2, 1, 1, null]);
    expect(withMissing).toEqual(cohenKappa([1, 2, 2, 1], [1, 2, 1, 1]));
  });

  it("defines κ = 1 when p_e = 1 (one shared category)", () => {
    expect(cohenKappa(["a", "a"], ["a", "a"])).toEqual({ kappa: 1, po: 1, pe: 1 });
    expect(cohenKappa([2, 2], [2, 2], { weights: "linear" }).kappa).toBe(1);
  });

  it("throws a RangeError for impossible input", () => {
    expect(() => cohenKappa([1, 2], [1])).toThrow(RangeError);
    expect(() => cohenKappa([null, 1], [1, null])).toThrow(RangeError);
    expect(() => cohenKappa([1, 3], [1, 2], { categories: [1, 2] })).toThrow(RangeError);
    expect(() => cohenKappa([1, 2], [1, 2], { categories: [1, 1, 2] })).toThrow(RangeError);
    // @ts-expect-error invalid weights
    expect(() => cohenKappa([1, 2], [1, 2], { weights: "cubic" })).toThrow(RangeError);
  });
});

describe("fleissKappa", () => {
  const subjectsByRaters = fc.integer({ min: 2, max: 7 }).chain((m) =>
    fc.array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: m, maxLength: m }), { minLength: 1, maxLength: 40 }),
  );

  it("matches the textbook formula", () => {
    fc.assert(
      fc.property(subjectsByRaters, (rows) => {
        fc.pre(new Set(rows.flat()).size >= 2);
        const got = fleissKappa(rows);
        const expected = naiveFleiss(rows);
        expect(close(got.kappa, expected.kappa)).toBe(true);
        expect(close(got.po, expected.po)).toBe(true);
        expect(close(got.pe, expected.pe)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("is 1 for perfect agreement, overall and for every category used", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 2, max: 6 }), (truth, m) => {
        const result = fleissKappa(truth.map((v) => new Array(m).fill(v)));
        expect(result.kappa).toBe(1);
        for (const c of result.perCategory) expect(c.kappa).toBe(1);
      }),
    );
  });

  it("drops subjects with a missing rating and reports declared categories in order", () => {
    const rows = [
      [1, 1, 2],
      [2, 2, 2],
      [1, null, 3],
      [3, 3, 1],
    ];
    const result = fleissKappa(rows, { categories: [3, 2, 1, 0] });
    expect(result.kappa).toBe(fleissKappa([rows[0], rows[1], rows[3]]).kappa);
    expect(result.perCategory.map((c) => c.category)).toEqual([3, 2, 1, 0]);
    expect(result.perCategory[3].kappa).toBe(1); // unused category: no disagreement about it
  });

  it("throws a RangeError for impossible input", () => {
    expect(() => fleissKappa([[1, 2], [1, 2, 3]])).toThrow(RangeError);
    expect(() => fleissKappa([[1], [2]])).toThrow(RangeError);
    expect(() => fleissKappa([[1, null]])).toThrow(RangeError);
    expect(() => fleissKappa([[1, 5]], { categories: [1, 2] })).toThrow(RangeError);
  });
});

describe("percentAgreement", () => {
  it("computes all-raters and pairwise agreement with missing ratings", () => {
    const result = percentAgreement([
      ["a", "a", "a"],
      ["a", "b", "a"],
      ["b", "b", null],
      [null, null, "c"],
    ]);
    expect(result.subjectsUsed).toBe(2);
    expect(result.allRatersAgree).toBe(0.5);
    expect(result.pairwise).toBeCloseTo((1 + 1 / 3 + 1) / 3, 15);
  });

  it("applies the numeric tolerance to all-agree (max − min) and to pairs", () => {
    const rows = [
      [1, 2, 3],
      [4, 4, 5],
    ];
    expect(percentAgreement(rows).allRatersAgree).toBe(0);
    const tolerant = percentAgreement(rows, { tolerance: 1 });
    expect(tolerant.allRatersAgree).toBe(0.5);
    expect(tolerant.pairwise).toBeCloseTo((2 / 3 + 1) / 2, 15);
    expect(percentAgreement(rows, { tolerance: 2 }).allRatersAgree).toBe(1);
  });

  it("pairwise share equals the direct pair count, for many raters too", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 24 }).chain((m) =>
          fc.array(fc.array(fc.option(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("x", "y")), { freq: 6 }), { minLength: m, maxLength: m }), {
            minLength: 1,
            maxLength: 20,
          }),
        ),
        fc.constantFrom(0, 1, 2.5),
        (rows, tolerance) => {
          const agree = (a: Rating, b: Rating) => a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= tolerance);
          const shares = rows
            .map((r) => r.filter((v) => v !== null))
            .filter((r) => r.length >= 2)
            .map((r) => {
              let yes = 0;
              for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) if (agree(r[i], r[j])) yes++;
              return yes / ((r.length * (r.length - 1)) / 2);
            });
          const complete = rows.filter((r) => r.every((v) => v !== null));
          fc.pre(complete.length > 0);
          const got = percentAgreement(rows, { tolerance });
          expect(got.subjectsUsed).toBe(complete.length);
          expect(close(got.pairwise, shares.reduce((a, b) => a + b, 0) / shares.length)).toBe(true);
          const allAgree = complete.filter((r) => r.every((a) => r.every((b) => agree(a, b)))).length;
          expect(got.allRatersAgree).toBe(allAgree / complete.length);
        },
      ),
    );
  });

  it("throws a RangeError for impossible input", () => {
    expect(() => percentAgreement([[1, null]])).toThrow(RangeError);
    expect(() => percentAgreement([[1, 2], [1]])).toThrow(RangeError);
    expect(() => percentAgreement([[1], [1]])).toThrow(RangeError);
    expect(() => percentAgreement([[1, 2]], { tolerance: -1 })).toThrow(RangeError);
  });
});

describe("gwetAC1", () => {
  it("matches the textbook formula, with declared and default categories", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((m) =>
          fc.array(fc.array(fc.option(fc.integer({ min: 1, max: 4 }), { freq: 3 }), { minLength: m, maxLength: m }), { minLength: 1, maxLength: 30 }),
        ),
        (rows) => {
          const seen = [...new Set(rows.flat().filter((v) => v !== null))].sort((a, b) => (a as number) - (b as number)) as number[];
          fc.pre(seen.length >= 2 && rows.some((r) => r.filter((v) => v !== null).length >= 2));
          for (const cats of [seen, [1, 2, 3, 4, 5, 6]]) {
            const got = gwetAC1(rows, cats === seen ? {} : { categories: cats });
            const expected = naiveAC1(rows, cats);
            expect(close(got.ac1, expected.ac1)).toBe(true);
            expect(close(got.pa, expected.pa)).toBe(true);
            expect(close(got.pe, expected.pe)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is 1 for perfect agreement when the categories are declared", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("pass", "fail"), { minLength: 1, maxLength: 30 }), fc.integer({ min: 2, max: 5 }), (truth, m) => {
        expect(gwetAC1(truth.map((v) => new Array(m).fill(v)), { categories: ["pass", "fail"] }).ac1).toBe(1);
      }),
    );
  });

  it("throws a RangeError for fewer than 2 categories or no subject with 2 ratings", () => {
    expect(() => gwetAC1([["a", "a"]])).toThrow(RangeError);
    expect(() => gwetAC1([["a", null], [null, "b"]])).toThrow(RangeError);
    expect(() => gwetAC1([["a", "b"]], { categories: ["a"] })).toThrow(RangeError);
  });
});
