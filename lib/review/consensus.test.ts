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

  it("disagrees on a different scale value, or an answered vs unanswered dimension", () => {
    expect(disagreeingDimensions(dims, [base, { ...base, tone: 5 }])).toEqual(["tone"]);
    expect(disagreeingDimensions(dims, [base, { ...base, harm: "near_miss", harm_severity: "S3" }])).toEqual(["harm", "harm_severity"]);
    const result = consensus(dims, [{ values: base, submittedAt: at(1) }, { values: { ...base, factuality: "minor_error" }, submittedAt: at(2) }]);
    expect(result).toEqual({ agree: false, values: null, disagreements: ["factuality"] });
  });

  it("makes a single label its own consensus", () => {
    expect(consensus(dims, [{ values: base, submittedAt: at(1) }])).toEqual({ agree: true, values: base, disagreements: [] });
  });
});
