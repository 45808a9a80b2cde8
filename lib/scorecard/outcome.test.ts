import { describe, expect, it } from "vitest";
import { outcomeClassifier } from "./outcome";

describe("outcomeClassifier", () => {
  it("reads failure and partial flags; other options are successes; unknown answers are nothing", () => {
    const classify = outcomeClassifier([{ value: "done" }, { value: "partly", partial: true }, { value: "failed", failure: true }]);
    expect(["done", "partly", "failed", "other", undefined, 3].map(classify)).toEqual(["success", "partial", "failure", null, null, null]);
  });
});
