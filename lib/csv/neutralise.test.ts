import { describe, expect, it } from "vitest";
import { neutraliseFormula } from "./neutralise";

describe("CSV formula neutralisation", () => {
  it("puts an apostrophe before every formula start OWASP and ASVS list", () => {
    for (const bad of ["=1+2", "=HYPERLINK(\"http://x\")", "+1", "-1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx", "\0x"]) expect(neutraliseFormula(bad)).toBe(`'${bad}`);
  });

  it("leaves everything else as it is, including formula characters later in the text", () => {
    for (const fine of ["1-2", "a=b", "", "plain text", "'already", "é=1"]) expect(neutraliseFormula(fine)).toBe(fine);
  });
});
