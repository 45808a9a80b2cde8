import { describe, expect, it } from "vitest";
import { CanonicalHasher, canonicalJson, canonicalLine, sha256OfLines } from "./canonical";
import { exampleRow } from "./test-rows";

describe("canonical form", () => {
  it("sorts keys by code unit at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null }, B: true })).toBe('{"B":true,"a":{"c":null,"d":[3,1]},"b":1}');
  });

  it("writes numbers in shortest round-trip form, -0 as 0, and drops undefined keys", () => {
    expect(canonicalJson([1, 1.5, 0.1 + 0.2, -0, 1e21, 2.5e-7])).toBe("[1,1.5,0.30000000000000004,0,1e+21,2.5e-7]");
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it("refuses values JSON cannot carry exactly", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/finite/);
    expect(() => canonicalJson({ x: Infinity })).toThrow(/finite/);
    expect(() => canonicalJson(() => 1)).toThrow(/function/);
  });

  it("escapes like JSON and ends each line with LF only", () => {
    const line = canonicalLine({ s: 'a"b\n\u2028é🙂' });
    expect(line).toBe('{"s":"a\\"b\\n\u2028é🙂"}\n');
    expect(JSON.parse(line)).toEqual({ s: 'a"b\n\u2028é🙂' });
  });

  it("gives the running example a fixed SHA-256 (the same on every machine and run)", () => {
    const row = exampleRow();
    const shuffled = Object.fromEntries(Object.entries(row).reverse());
    expect(canonicalLine(shuffled)).toBe(canonicalLine(row));
    const hasher = new CanonicalHasher();
    hasher.addLine(canonicalLine(row));
    const digest = hasher.digest();
    expect(digest).toBe(sha256OfLines([canonicalLine(shuffled)]));
    expect(digest).toBe("f9e7502aeecd2d3024c29f93b51e096664df1b00bf6dbd40f9f0330abc5993f5");
  });
});
