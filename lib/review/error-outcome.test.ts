import { describe, expect, it } from "vitest";
import { labelShowsError, observedErrorRates } from "./error-outcome";

const ok = { factuality: "correct", policy: "compliant", tone: 4, task_outcome: "full_success", harm: "none", notes: "" };

describe("labelShowsError", () => {
  it("is false for a clean label and for 'not verifiable' or partial success", () => {
    expect(labelShowsError(ok)).toBe(false);
    expect(labelShowsError({ ...ok, factuality: "not_verifiable", task_outcome: "partial_success", tone: 1 })).toBe(false);
  });

  it.each([
    ["factuality", "minor_error"],
    ["factuality", "major_error"],
    ["groundedness", "ungrounded"],
    ["policy", "violation"],
    ["task_outcome", "failure"],
    ["harm", "near_miss"],
    ["harm", "harmful"],
  ])("is true when %s is %s", (key, value) => {
    expect(labelShowsError({ ...ok, [key]: value })).toBe(true);
  });
});

describe("observedErrorRates", () => {
  it("rates each stratum with enough labels and leaves thin strata out", () => {
    const labels = [
      ...Array.from({ length: 40 }, (_, i) => ({ stratum: "billing", values: i < 10 ? { ...ok, policy: "violation" } : ok })),
      ...Array.from({ length: 5 }, () => ({ stratum: "legal", values: { ...ok, harm: "harmful" } })),
    ];
    expect(observedErrorRates(labels, 30)).toEqual({ billing: { rate: 0.25, items: 40 } });
    expect(observedErrorRates(labels, 5)).toEqual({ billing: { rate: 0.25, items: 40 }, legal: { rate: 1, items: 5 } });
  });
});
