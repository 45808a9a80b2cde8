import { describe, expect, it } from "vitest";
import { normaliseExpertiseTag, normaliseExpertiseTags } from "./expertise";

describe("expertise tags", () => {
  it("lower-cases, joins words with underscores, drops blanks and duplicates, and sorts", () => {
    expect(normaliseExpertiseTag("  Medical Questions ")).toBe("medical_questions");
    expect(normaliseExpertiseTags(["Billing", "billing", " ", "Account  access"])).toEqual(["account_access", "billing"]);
  });
});
