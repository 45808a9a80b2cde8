import { describe, expect, it } from "vitest";
import { completionText } from "./progress";

describe("completionText", () => {
  it("says no items for an empty audit, never 100 %", () => {
    expect(completionText(null, 0, 0)).toBe("no items");
    expect(completionText(0.4, 12, 30)).toBe("40.0 % (12/30)");
    expect(completionText(1, 30, 30)).toBe("100 % (30/30)");
  });
});
