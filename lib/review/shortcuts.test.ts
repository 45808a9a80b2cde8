import { describe, expect, it } from "vitest";
import { applyShortcut, shortcutChoices, tabStop } from "./shortcuts";
import { defaultRubric, type Dimension } from "./rubric";

const dim = (key: string) => defaultRubric().dimensions.find((d) => d.key === key)! as Dimension;

describe("shortcuts", () => {
  it("maps number keys to options in order, and scale keys to their value", () => {
    expect(applyShortcut(dim("factuality"), undefined, "2")).toBe("minor_error");
    expect(applyShortcut(dim("factuality"), undefined, "5")).toBeUndefined();
    expect(applyShortcut(dim("tone"), undefined, "5")).toBe(5);
    expect(applyShortcut(dim("tone"), undefined, "0")).toBeUndefined();
    expect(shortcutChoices(dim("notes"))).toEqual([]);
  });

  it("toggles multi-select options", () => {
    const d = dim("policy_categories");
    const once = applyShortcut(d, undefined, "3");
    expect(once).toEqual(["unsafe_advice"]);
    expect(applyShortcut(d, ["unsafe_advice", "other"], "3")).toEqual(["other"]);
  });

  it("moves between dimensions and leaves the rubric at both ends instead of wrapping", () => {
    expect(tabStop(5, 0, 1)).toBe(1);
    expect(tabStop(5, 3, 1)).toBe(4);
    expect(tabStop(5, 4, 1)).toBeNull();
    expect(tabStop(5, 4, -1)).toBe(3);
    expect(tabStop(5, 0, -1)).toBeNull();
    expect(tabStop(0, 0, 1)).toBeNull();
  });
});
