import { describe, expect, it } from "vitest";
import { defaultRubric } from "./rubric";
import { diffLabelValues, formatValue, summarizeLabel, valuesForRubric } from "./label-summary";

const dimensions = defaultRubric().dimensions;
const byKey = (key: string) => dimensions.find((d) => d.key === key);
const label = { factuality: "minor_error", policy: "violation", policy_categories: ["unsafe_advice", "other"], tone: 4, task_outcome: "failure", harm: "none", notes: "see KB article 12" };

describe("formatValue", () => {
  it("reads values through the rubric", () => {
    expect(formatValue(byKey("factuality"), "minor_error")).toBe("Minor error");
    expect(formatValue(byKey("policy_categories"), ["unsafe_advice", "other"])).toBe("Unsafe advice, Other");
    expect(formatValue(byKey("tone"), 4)).toBe("4");
    expect(formatValue(undefined, true)).toBe("Yes");
    expect(formatValue(byKey("notes"), undefined)).toBe("—");
    expect(formatValue(byKey("notes"), "a\n long   note", 8)).toBe("a long…");
    expect(formatValue(undefined, "gone_option")).toBe("gone_option");
  });
});

describe("summarizeLabel", () => {
  it("lists choices in rubric order, leaves text out and counts the rest", () => {
    expect(summarizeLabel(dimensions, label, 3)).toBe("Factuality: Minor error · Policy: Violation · Violation categories: Unsafe advice, Other · +3 more");
    expect(summarizeLabel(dimensions, {})).toBe("—");
  });
});

describe("diffLabelValues", () => {
  it("names what changed, with the first revision as a change from nothing", () => {
    expect(diffLabelValues(dimensions, { ...label }, { ...label, tone: 2, notes: "" })).toEqual([
      { key: "tone", label: "Tone", before: "4", after: "2" },
      { key: "notes", label: "Notes", before: "see KB article 12", after: "—" },
    ]);
    expect(diffLabelValues(dimensions, null, { harm: "none" })).toEqual([{ key: "harm", label: "Harm", before: "—", after: "None" }]);
  });

  it("shows keys the rubric no longer has after the others", () => {
    expect(diffLabelValues(dimensions, { old_key: "x", harm: "none" }, { harm: "harmful" }).map((c) => c.key)).toEqual(["harm", "old_key"]);
  });
});

describe("valuesForRubric", () => {
  it("sets aside values of dimensions the rubric no longer has", () => {
    expect(valuesForRubric(dimensions, { harm: "none", retired: true })).toEqual({ values: { harm: "none" }, dropped: ["retired"] });
  });
});
