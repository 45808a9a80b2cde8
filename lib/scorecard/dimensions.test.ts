import { describe, expect, it } from "vitest";
import { failureCarryingDimensions, outcomeDimension, scaleDimensions, type FlaggedDimension } from "./dimensions";

const rubric: FlaggedDimension[] = [
  { key: "factuality", label: "Factuality", kind: "ordinal", options: [{ value: "correct" }, { value: "minor_error", failure: true }] },
  { key: "task_outcome", label: "Task outcome", kind: "categorical", options: [{ value: "ok" }, { value: "partial_success", partial: true }, { value: "failure", failure: true }] },
  { key: "tone", label: "Tone", kind: "scale" },
  { key: "helpfulness", label: "Helpfulness", kind: "scale", failureBelow: 2 },
  { key: "pii", label: "PII leaked", kind: "boolean", failureWhen: true },
  { key: "notes", label: "Notes", kind: "text" },
  { key: "style", label: "Style", kind: "categorical", options: [{ value: "a" }, { value: "b" }] },
];

describe("dimensions from rubric flags", () => {
  it("finds the failure-carrying, scale and outcome dimensions by their flags, not their keys", () => {
    expect(failureCarryingDimensions(rubric).map((d) => d.key)).toEqual(["factuality", "task_outcome", "helpfulness", "pii"]);
    expect(scaleDimensions(rubric).map((d) => d.key)).toEqual(["tone", "helpfulness"]);
    expect(outcomeDimension(rubric)?.key).toBe("task_outcome");
    expect(outcomeDimension(rubric.slice(0, 1))).toBeNull();
  });
});
