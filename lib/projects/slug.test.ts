import { describe, expect, it } from "vitest";
import { PROJECT_SLUG_PATTERN } from "./slug";
import { projectSlugSchema } from "@/lib/validation";

// What a browser does with <input pattern>: ^(?:pattern)$ compiled with the v flag.
const asBrowser = () => new RegExp(`^(?:${PROJECT_SLUG_PATTERN})$`, "v");

describe("PROJECT_SLUG_PATTERN", () => {
  it("compiles under the v flag, as browsers compile the pattern attribute", () => {
    expect(() => new RegExp("^(?:[a-z0-9][a-z0-9-]{1,48})$", "v")).toThrow(SyntaxError);
    expect(asBrowser).not.toThrow();
  });

  it("accepts and rejects the same slugs in the browser and on the server", () => {
    for (const slug of ["support-assistant", "ab", "a1", "9-lives", "a".repeat(49)]) {
      expect(asBrowser().test(slug)).toBe(true);
      expect(projectSlugSchema.safeParse(slug).success).toBe(true);
    }
    for (const slug of ["a", "-abc", "Upper", "with space", "under_score", "a".repeat(50)]) {
      expect(asBrowser().test(slug)).toBe(false);
      expect(projectSlugSchema.safeParse(slug).success).toBe(false);
    }
  });
});
