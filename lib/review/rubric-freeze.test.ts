import { describe, expect, it } from "vitest";
import { frozenKeyIssues, frozenValues, type RubricUsage } from "./rubric-freeze";
import { defaultRubric, type ChoiceDimension, type Dimension } from "./rubric";

const dims = defaultRubric().dimensions;
const usage: RubricUsage = { labelsByKey: { policy: 12, factuality: 12, tone: 12 }, labelsByValue: { policy: { compliant: 10, violation: 2 }, factuality: { correct: 12 } } };
const edit = (key: string, change: (d: Dimension) => Dimension) => dims.map((d) => (d.key === key ? change(d) : d));

describe("frozen keys and option values", () => {
  it("lets labels, descriptions and unused values change", () => {
    const relabelled = edit("policy", (d) => ({ ...d, label: "Company policy", description: "new words" }));
    const unusedValueRenamed = edit("factuality", (d) => ({ ...(d as ChoiceDimension), options: (d as ChoiceDimension).options.map((o) => (o.value === "major_error" ? { ...o, value: "big_error" } : o)) }));
    expect(frozenKeyIssues(dims, relabelled, usage)).toEqual([]);
    expect(frozenKeyIssues(dims, unusedValueRenamed, usage)).toEqual([]);
    // A key no label uses is free too.
    expect(frozenKeyIssues(dims, edit("harm", (d) => ({ ...d, key: "harm_level" })), usage)).toEqual([]);
  });

  it("refuses a renamed key on its key field, and a removed one on the list", () => {
    const renamed = edit("policy", (d) => ({ ...d, key: "compliance" }));
    expect(frozenKeyIssues(dims, renamed, usage)).toEqual([{ field: "dimensions.2.key", message: expect.stringContaining("“policy” is used by 12 labels") }]);
    const removed = dims.filter((d) => d.key !== "tone");
    expect(frozenKeyIssues(dims, removed, usage)).toEqual([{ field: "dimensions", message: expect.stringContaining("“tone”") }]);
  });

  it("refuses a renamed used option value and a kind its values cannot mean", () => {
    const renamedValue = edit("policy", (d) => ({ ...(d as ChoiceDimension), options: [{ value: "ok", label: "Compliant" }, { value: "violation", label: "Violation" }] }));
    expect(frozenKeyIssues(dims, renamedValue, usage)).toEqual([{ field: "dimensions.2.options.0.value", message: expect.stringContaining("“compliant” is used by 10 labels") }]);
    const toScale = edit("policy", (d) => ({ key: d.key, label: d.label, required: true, kind: "scale", min: 1, max: 5 }));
    expect(frozenKeyIssues(dims, toScale, usage)).toEqual([{ field: "dimensions.2.kind", message: expect.stringContaining("categorical and ordinal") }]);
    expect(frozenKeyIssues(dims, edit("policy", (d) => ({ ...d, kind: "ordinal" }) as Dimension), usage)).toEqual([]);
  });

  it("lists the values that are frozen", () => {
    expect(frozenValues(dims[2], usage).sort()).toEqual(["compliant", "violation"]);
    expect(frozenValues(dims.find((d) => d.key === "tone")!, usage)).toEqual([]);
  });
});
