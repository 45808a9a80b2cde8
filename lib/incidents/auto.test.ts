import { describe, expect, it } from "vitest";
import { incidentSignal, type FlaggedDimension } from "./auto";

const dimensions: FlaggedDimension[] = [
  { key: "policy", kind: "categorical", options: [{ value: "compliant" }, { value: "violation" }] },
  { key: "policy_categories", kind: "multiselect", options: [{ value: "sensitive_data_exposure" }, { value: "unsafe_advice" }] },
  { key: "harm", kind: "ordinal", options: [{ value: "none" }, { value: "near_miss", incident: "near_miss" }, { value: "harmful", incident: "harm" }] },
  { key: "harm_severity", kind: "ordinal", options: [{ value: "S1", severity: "S1" }, { value: "S2", severity: "S2" }] },
];

describe("incident signal from option flags", () => {
  it("reads the kind from the incident flag, the severity from a selected S1-S4 option and the category from a selected option value", () => {
    expect(incidentSignal(dimensions, { harm: "harmful", harm_severity: "S2", policy: "violation", policy_categories: ["unsafe_advice"] })).toEqual({
      kind: "harm",
      severity: "S2",
      category: "unsafe_advice",
      dimensionKey: "harm",
      optionValue: "harmful",
    });
    expect(incidentSignal(dimensions, { harm: "near_miss" })).toMatchObject({ kind: "near_miss", severity: null, category: "other" });
  });

  it("says nothing when no selected option carries an incident flag (the gold 'no harm')", () => {
    expect(incidentSignal(dimensions, { harm: "none", harm_severity: "S1" })).toBeNull();
    // Key names mean nothing: the same values under a rubric without flags open nothing.
    expect(incidentSignal([{ key: "harm", kind: "ordinal", options: [{ value: "harmful" }] }], { harm: "harmful" })).toBeNull();
  });
});
