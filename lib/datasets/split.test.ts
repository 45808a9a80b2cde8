import { describe, expect, it } from "vitest";
import { splitOf, splitPosition } from "./split";

describe("split by hash of output id", () => {
  it("is a pure function of (seed, output id)", () => {
    expect(splitPosition("s", "out_1")).toBe(splitPosition("s", "out_1"));
    expect(splitPosition("s", "out_1")).not.toBe(splitPosition("t", "out_1"));
    const position = splitPosition("s", "out_1");
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThan(1);
  });

  it("puts about the test share of every stratum in test, and an output never moves when others are added", () => {
    const rule = { kind: "hash" as const, testShare: 0.2, seed: "billing-v1" };
    for (const stratum of ["billing", "refunds", "medical"]) {
      const ids = Array.from({ length: 5000 }, (_, i) => `${stratum}-${i}`);
      const share = ids.filter((id) => splitOf(rule, id) === "test").length / ids.length;
      // 5000 draws at p = 0.2: the standard error is 0.0057, so ±0.025 is over 4 of them.
      expect(Math.abs(share - 0.2)).toBeLessThan(0.025);
    }
    expect(splitOf(rule, "billing-7")).toBe(splitOf(rule, "billing-7"));
    expect(splitOf({ kind: "none" }, "x")).toBe("test");
  });
});
