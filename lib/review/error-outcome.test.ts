import { describe, expect, it } from "vitest";
import { failingDimensions, labelShowsError, observedErrorRates } from "./error-outcome";
import { defaultRubric, type Dimension } from "./rubric";

const dims = defaultRubric().dimensions;
const ok = { factuality: "correct", policy: "compliant", tone: 4, task_outcome: "full_success", harm: "none", notes: "" };

describe("labelShowsError with the default rubric's flags", () => {
  it("is false for a clean label and for 'not verifiable' or partial success", () => {
    expect(labelShowsError(dims, ok)).toBe(false);
    expect(labelShowsError(dims, { ...ok, factuality: "not_verifiable", task_outcome: "partial_success", tone: 1 })).toBe(false);
  });

  it.each([
    ["factuality", "minor_error"],
    ["factuality", "major_error"],
    ["groundedness", "partially_grounded"],
    ["groundedness", "ungrounded"],
    ["policy", "violation"],
    ["task_outcome", "failure"],
    ["harm", "near_miss"],
    ["harm", "harmful"],
  ])("is true when %s is %s", (key, value) => {
    expect(labelShowsError(dims, { ...ok, [key]: value })).toBe(true);
    expect(failingDimensions(dims, { ...ok, [key]: value })).toEqual([key]);
  });
});

describe("labelShowsError reads flags, not key names", () => {
  it("follows a renamed dimension and ignores the old key", () => {
    const renamed = dims.map((d) => (d.key === "policy" ? { ...d, key: "compliance" } : d)) as Dimension[];
    expect(labelShowsError(renamed, { ...ok, compliance: "violation" })).toBe(true);
    // "policy" is not a dimension of this rubric any more: its value means nothing.
    expect(labelShowsError(renamed, { ...ok, policy: "violation", compliance: "compliant" })).toBe(false);
  });

  it("counts a custom dimension's flagged option, boolean and scale", () => {
    const custom: Dimension[] = [
      { key: "pii", label: "PII", kind: "categorical", required: true, options: [{ value: "none", label: "None" }, { value: "leaked", label: "Leaked", failure: true }] },
      { key: "answered", label: "Answered", kind: "boolean", required: true, failureWhen: false },
      { key: "clarity", label: "Clarity", kind: "scale", required: true, min: 1, max: 5, failureBelow: 3 },
      { key: "issues", label: "Issues", kind: "multiselect", required: false, options: [{ value: "typo", label: "Typo" }, { value: "wrong_link", label: "Wrong link", failure: true }] },
      { key: "factuality", label: "Factuality", kind: "categorical", required: true, options: [{ value: "correct", label: "OK" }, { value: "minor_error", label: "Minor" }] },
    ];
    const clean = { pii: "none", answered: true, clarity: 3, issues: ["typo"], factuality: "minor_error" };
    // minor_error carries no flag here, so it is not an error whatever the default rubric says.
    expect(labelShowsError(custom, clean)).toBe(false);
    expect(failingDimensions(custom, { ...clean, pii: "leaked" })).toEqual(["pii"]);
    expect(failingDimensions(custom, { ...clean, answered: false })).toEqual(["answered"]);
    expect(failingDimensions(custom, { ...clean, clarity: 2 })).toEqual(["clarity"]);
    expect(failingDimensions(custom, { ...clean, issues: ["typo", "wrong_link"] })).toEqual(["issues"]);
  });
});

describe("observedErrorRates", () => {
  it("rates each stratum with enough labels and leaves thin strata out", () => {
    const labels = [
      ...Array.from({ length: 40 }, (_, i) => ({ stratum: "billing", values: i < 10 ? { ...ok, policy: "violation" } : ok })),
      ...Array.from({ length: 5 }, () => ({ stratum: "legal", values: { ...ok, harm: "harmful" } })),
    ];
    expect(observedErrorRates(dims, labels, 30)).toEqual({ billing: { rate: 0.25, items: 40 } });
    expect(observedErrorRates(dims, labels, 5)).toEqual({ billing: { rate: 0.25, items: 40 }, legal: { rate: 1, items: 5 } });
  });
});
