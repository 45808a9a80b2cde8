import { describe, expect, it } from "vitest";
import { describeIssues, humanizeFieldName } from "./field-labels";

describe("describeIssues", () => {
  it("names fields by the form's labels", () => {
    expect(
      describeIssues(
        [
          { field: "initialPassword", message: "at least 10 characters" },
          { field: "timeZone", message: "unknown time zone" },
        ],
        { initialPassword: "Initial password (new users only)", timeZone: "Time zone" },
      ),
    ).toBe("Initial password (new users only): at least 10 characters; Time zone: unknown time zone");
  });

  it("falls back to readable words, never the raw parameter name", () => {
    expect(describeIssues([{ field: "initialPassword", message: "too short" }], {})).toBe("Initial password: too short");
    expect(humanizeFieldName("strata.2.oversample_factor")).toBe("Strata 3 oversample factor");
    expect(humanizeFieldName("timeZone")).toBe("Time zone");
  });
});
