import { describe, expect, it } from "vitest";
import { consensus, disagreeingDimensions } from "./consensus";
import { defaultRubric, type LabelValues } from "./rubric";

const dims = defaultRubric().dimensions;
const base: LabelValues = { factuality: "correct", policy: "compliant", tone: 4, task_outcome: "full_success", harm: "none" };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe("consensus", () => {
  it("agrees when every counted dimension is equal, ignoring free text, and merges text sensibly", () => {
    const result = consensus(dims, [
      { values: { ...base, notes: "second", corrected_output: "Later answer" }, submittedAt: at(2) },
      { values: { ...base, notes: "first", corrected_output: "Earlier answer" }, submittedAt: at(1) },
    ]);
    expect(result.agree).toBe(true);
    expect(result.values).toEqual({ ...base, notes: "first\n\nsecond", corrected_output: "Earlier answer" });
  });

  it("treats multi-select values as sets", () => {
    const a = { ...base, policy: "violation", policy_categories: ["other", "unsafe_advice"] };
    const b = { ...base, policy: "violation", policy_categories: ["unsafe_advice", "other"] };
    expect(consensus(dims, [{ values: a, submittedAt: at(1) }, { values: b, submittedAt: at(2) }]).agree).toBe(true);
    expect(disagreeingDimensions(dims, [a, { ...b, policy_categories: ["other"] }])).toEqual(["policy_categories"]);
  });

  it("disagrees on a scale value beyond the tolerance, or an answered vs unanswered dimension", () => {
    expect(disagreeingDimensions(dims, [base, { ...base, tone: 2 }])).toEqual(["tone"]);
    expect(disagreeingDimensions(dims, [base, { ...base, harm: "near_miss", harm_severity: "S3" }])).toEqual(["harm", "harm_severity"]);
    const result = consensus(dims, [{ values: base, submittedAt: at(1) }, { values: { ...base, factuality: "minor_error" }, submittedAt: at(2) }]);
    expect(result).toEqual({ agree: false, values: null, disagreements: ["factuality"] });
  });

  it("makes a single label its own consensus", () => {
    expect(consensus(dims, [{ values: base, submittedAt: at(1) }])).toEqual({ agree: true, values: base, disagreements: [] });
  });
});

describe("disagreement tolerance", () => {
  const tone = (t: number) => ({ ...base, tone: t });
  it("merges tone 4 and 5 under the default tolerance of 1, and not 3 and 5", () => {
    expect(disagreeingDimensions(dims, [tone(4), tone(5)])).toEqual([]);
    expect(disagreeingDimensions(dims, [tone(3), tone(5)])).toEqual(["tone"]);
    expect(disagreeingDimensions(dims, [tone(3), tone(4), tone(5)])).toEqual(["tone"]);
  });

  it("takes the median as the gold value, ties to the lower", () => {
    expect(consensus(dims, [{ values: tone(5), submittedAt: at(1) }, { values: tone(4), submittedAt: at(2) }]).values).toMatchObject({ tone: 4 });
    expect(consensus(dims, [{ values: tone(5), submittedAt: at(1) }, { values: tone(4), submittedAt: at(2) }, { values: tone(5), submittedAt: at(3) }]).values).toMatchObject({ tone: 5 });
  });

  it("is exact without a tolerance, and an ordinal tolerance counts steps of the order, never unordered options", () => {
    const strict = dims.map((d) => (d.key === "tone" ? { ...d, tolerance: undefined } : d));
    expect(disagreeingDimensions(strict, [tone(4), tone(5)])).toEqual(["tone"]);
    const lenient = dims.map((d) => (d.key === "factuality" ? { ...d, tolerance: 1 } : d));
    const f = (v: string) => ({ ...base, factuality: v });
    expect(disagreeingDimensions(lenient, [f("correct"), f("minor_error")])).toEqual([]);
    expect(consensus(lenient, [{ values: f("minor_error"), submittedAt: at(1) }, { values: f("correct"), submittedAt: at(2) }]).values).toMatchObject({ factuality: "correct" });
    expect(disagreeingDimensions(lenient, [f("correct"), f("major_error")])).toEqual(["factuality"]);
    expect(disagreeingDimensions(lenient, [f("major_error"), f("not_verifiable")])).toEqual(["factuality"]);
  });
});
