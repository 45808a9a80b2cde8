import { describe, expect, it } from "vitest";
import { wilsonInterval } from "@/lib/stats/intervals";
import { stratifiedWilsonInterval } from "@/lib/stats/stratified-interval";
import { computeAuditResults, describeCount, estimationCells, type ResultItem, type ResultValues } from "./audit-results";

// What the rubric's flags say (as h14's failingDimensions would, bound to a rubric): here written out.
const FAILING: Record<string, string[]> = { factuality: ["minor_error", "major_error"], policy: ["violation"] };
const failingDimensions = (values: ResultValues) => Object.keys(FAILING).filter((k) => FAILING[k].includes(values[k] as string));
const failureDimensions = [
  { key: "factuality", label: "Factuality" },
  { key: "policy", label: "Policy" },
];
const classify = (v: unknown) => (v === "failure" ? "failure" : v === "partial_success" ? "partial" : v === "full_success" ? "success" : null);

const item = (stratum: string, values: ResultValues | null): ResultItem => ({ stratum, values });
const ok = { factuality: "correct", policy: "compliant", task_outcome: "full_success", tone: 4 };

describe("computeAuditResults", () => {
  // Stratum a: 1,000 outputs, 4 drawn, all reviewed, 1 factual error; stratum b: 200 outputs, 3 drawn,
  // 2 reviewed, 1 policy violation and a partial success; one b item not reviewed yet.
  const strata = [
    { value: "a", population: 1000, sampled: 4 },
    { value: "b", population: 200, sampled: 3 },
  ];
  const items = [
    item("a", { ...ok, factuality: "minor_error", tone: 2 }),
    item("a", ok),
    item("a", ok),
    item("a", { ...ok, task_outcome: "failure", tone: 5 }),
    item("b", { ...ok, policy: "violation", task_outcome: "partial_success" }),
    item("b", { ...ok, tone: 3 }),
    item("b", null),
  ];
  const r = computeAuditResults({ strata, items, failureDimensions, failingDimensions, outcome: { key: "task_outcome", label: "Task outcome", classify }, scales: [{ key: "tone", label: "Tone" }] });

  it("estimates each failure dimension and 'any error' with the stratified Kish–Wilson interval", () => {
    const expectedAny = stratifiedWilsonInterval([{ size: 1000, sampled: 4, errors: 1 }, { size: 200, sampled: 2, errors: 1 }]);
    expect(r.anyError.rate).toBeCloseTo((1000 / 1200) * 0.25 + (200 / 1200) * 0.5, 14);
    expect(r.anyError.lower).toBe(expectedAny.lower);
    expect(r.anyError.upper).toBe(expectedAny.upper);
    expect(r.anyError.count).toEqual({ estimate: expectedAny.rate * 1200, lower: expectedAny.lower * 1200, upper: expectedAny.upper * 1200, population: 1200 });
    const policy = r.dimensions.find((d) => d.key === "policy")!;
    expect(policy.rate).toBeCloseTo((200 / 1200) * 0.5, 14);
    expect(policy.strata.map((s) => [s.value, s.reviewed, s.errors])).toEqual([["a", 4, 0], ["b", 2, 1]]);
    const w = wilsonInterval(1, 2);
    expect(policy.strata[1]).toMatchObject({ rate: 0.5, lower: w.lower, upper: w.upper });
  });

  it("marks the results provisional and says how many items they rest on; unreviewed items count for nothing", () => {
    expect(r.provisional).toBe(true);
    expect(r.reviewed).toBe(6);
    expect(r.sampled).toBe(7);
    expect(r.anyError).toMatchObject({ reviewed: 6, sampled: 7, provisional: true });
    // had the unreviewed item been counted as correct, b's rate would be 1/3, not 1/2
    expect(r.anyError.strata[1].rate).toBe(0.5);
  });

  it("splits the task outcome three ways", () => {
    const o = r.outcome!;
    const rateOf = (aShare: number, bShare: number) => (1000 / 1200) * aShare + (200 / 1200) * bShare;
    expect(o.success.rate).toBeCloseTo(rateOf(0.75, 0.5), 14);
    expect(o.partial.rate).toBeCloseTo(rateOf(0, 0.5), 14);
    expect(o.failure.rate).toBeCloseTo(rateOf(0.25, 0), 14);
    expect(o.success.rate! + o.partial.rate! + o.failure.rate!).toBeCloseTo(1, 14);
  });

  it("reports the stratified mean of a scale with its interval", () => {
    const tone = r.scales[0];
    // a: (2, 4, 4, 5) mean 3.75, s² = 1.5833…; b: (4, 3) mean 3.5, s² = 0.5
    const sa = (1.75 ** 2 + 0.25 ** 2 * 2 + 1.25 ** 2) / 3;
    const mean = (1000 / 1200) * 3.75 + (200 / 1200) * 3.5;
    const v = (1000 / 1200) ** 2 * (1 - 4 / 1000) * (sa / 4) + (200 / 1200) ** 2 * (1 - 2 / 200) * (0.5 / 2);
    expect(tone.mean).toBeCloseTo(mean, 14);
    expect(tone.standardError).toBeCloseTo(Math.sqrt(v), 14);
    expect(tone.upper! - tone.mean!).toBeCloseTo(1.959963984540054 * Math.sqrt(v), 12);
  });

  it("leaves out a stratum with fewer than 2 reviews and says so, extrapolating to the covered population only", () => {
    const partial = computeAuditResults({
      strata,
      items: [item("a", ok), item("a", { ...ok, policy: "violation" }), item("b", ok), item("b", null)],
      failureDimensions,
      failingDimensions,
    });
    expect(partial.anyError.missingStrata).toEqual(["b"]);
    expect(partial.anyError.count!.population).toBe(1000);
    expect(partial.anyError.rate).toBe(0.5);
    expect(partial.outcome).toBeNull();
    const none = computeAuditResults({ strata, items: [item("a", null)], failureDimensions, failingDimensions });
    expect(none.anyError).toMatchObject({ rate: null, count: null, provisional: true, missingStrata: ["a", "b"] });
  });

  it("a fully reviewed audit is not provisional", () => {
    const full = computeAuditResults({ strata: [{ value: "a", population: 10, sampled: 2 }], items: [item("a", ok), item("a", ok)], failureDimensions, failingDimensions });
    expect(full.provisional).toBe(false);
    expect(full.anyError.provisional).toBe(false);
    expect(full.anyError.rate).toBe(0);
    expect(full.anyError.upper).toBeGreaterThan(0); // never a [0, 0] interval
  });

  it("describes the count as the page shows it", () => {
    const result = computeAuditResults({
      strata: [{ value: "a", population: 10027, sampled: 400 }],
      items: Array.from({ length: 400 }, (_, i) => item("a", i < 1 ? { ...ok, policy: "violation" } : ok)),
      failureDimensions,
      failingDimensions,
    });
    expect(describeCount(result.anyError)).toMatch(/^≈ 25 of 10,027 outputs, 95 % CI \d+–\d+$/);
  });

  it("refuses inconsistent input", () => {
    const base = { failureDimensions, failingDimensions };
    expect(() => computeAuditResults({ ...base, strata: [], items: [] })).toThrow(/at least one stratum/);
    expect(() => computeAuditResults({ ...base, strata, items: [item("c", ok)] })).toThrow(/items\[0\]\.stratum "c"/);
    expect(() => computeAuditResults({ ...base, strata: [{ value: "a", population: 1, sampled: 2 }], items: [] })).toThrow(/drew 2 items from only 1/);
    expect(() => computeAuditResults({ ...base, strata: [{ value: "a", population: 5, sampled: 1 }], items: [item("a", ok), item("a", ok)] })).toThrow(/has 2 items but only 1 were drawn/);
    expect(() => computeAuditResults({ ...base, strata: [strata[0], strata[0]], items: [] })).toThrow(/appears twice/);
    expect(() => computeAuditResults({ ...base, strata, items: [], confidence: 2 })).toThrow(/confidence/);
  });
});

describe("estimation cells of a topped-up stratum", () => {
  it("split a stratum by its items' inclusion probabilities into draw periods of N = items/π", () => {
    const early = Array.from({ length: 4 }, () => ({ stratum: "a", values: null, inclusionProbability: 4 / 120 }));
    const rest = Array.from({ length: 6 }, () => ({ stratum: "a", values: null, inclusionProbability: 6 / 880 }));
    const single = Array.from({ length: 3 }, () => ({ stratum: "b", values: null, inclusionProbability: 3 / 50 }));
    const cells = estimationCells(
      [{ value: "a", population: 1000, sampled: 10 }, { value: "b", population: 50, sampled: 3 }],
      new Map([["a", [...early, ...rest]], ["b", single]]),
    );
    expect(cells.map((c) => [c.stratum, c.population, c.items.length])).toEqual([["a", 120, 4], ["a", 880, 6], ["b", 50, 3]]);
  });

  it("scale the drawn periods up to the stratum when a period gave no items, and ignore float noise", () => {
    // The early draw (π = 0.05 of 100) already met the allocation; the rest of the week (400 outputs) gave none.
    const items = Array.from({ length: 5 }, (_, i) => ({ stratum: "a", values: null, inclusionProbability: 0.05 + (i % 2) * 1e-15 }));
    expect(estimationCells([{ value: "a", population: 500, sampled: 5 }], new Map([["a", items]])).map((c) => c.population)).toEqual([500]);
    const mixed = [...Array.from({ length: 2 }, () => ({ stratum: "a", values: null, inclusionProbability: 0.1 })), ...Array.from({ length: 2 }, () => ({ stratum: "a", values: null, inclusionProbability: 0.05 }))];
    // 20 + 40 drawn-for outputs stand for a stratum of 90: 30 and 60, whole outputs.
    expect(estimationCells([{ value: "a", population: 90, sampled: 4 }], new Map([["a", mixed]])).map((c) => c.population)).toEqual([30, 60]);
  });

  it("give the results of the topped-up audit, weighted per period", () => {
    const items: ResultItem[] = [
      ...Array.from({ length: 4 }, () => ({ stratum: "a", values: { ...ok, policy: "violation" }, inclusionProbability: 4 / 120 })),
      ...Array.from({ length: 6 }, () => ({ stratum: "a", values: ok, inclusionProbability: 6 / 880 })),
    ];
    const r = computeAuditResults({ strata: [{ value: "a", population: 1000, sampled: 10 }], items, failureDimensions, failingDimensions, scales: [{ key: "tone", label: "Tone" }] });
    const expected = stratifiedWilsonInterval([{ size: 120, sampled: 4, errors: 4 }, { size: 880, sampled: 6, errors: 0 }]);
    const policy = r.dimensions.find((d) => d.key === "policy")!;
    expect(policy.rate).toBeCloseTo(0.12, 12);
    expect(policy.lower).toBe(expected.lower);
    expect(policy.count?.population).toBe(1000);
    // The per-stratum line stays the sample rate of the stratum's items (4 of 10), as the page says.
    expect(policy.strata[0]).toMatchObject({ reviewed: 10, errors: 4 });
  });
});
