import { describe, expect, it } from "vitest";
import { neutraliseCell, toCsv } from "./csv";

describe("CSV export", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    for (const bad of ["=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]) expect(neutraliseCell(bad)).toBe(`'${bad}`);
    expect(neutraliseCell("plain text")).toBe("plain text");
    expect(neutraliseCell(null)).toBe("");
  });

  it("quotes commas, quotes and line breaks, and leaves numbers as numbers", () => {
    expect(toCsv([["a,b", 'say "hi"', -3, "-3"], ["line\nbreak", "=1"]])).toBe('"a,b","say ""hi""",-3,\'-3\r\n"line\nbreak",\'=1\r\n');
  });
});
