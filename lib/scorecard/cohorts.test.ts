import { describe, expect, it } from "vitest";
import { compareCohorts } from "@/lib/stats/assisted";
import { compareCohortRates } from "./cohorts";

describe("compareCohortRates", () => {
  it("is compareCohorts over the strata both cohorts can estimate, naming the ones left out", () => {
    const r = compareCohortRates([
      { value: "general", a: { population: 5000, reviewed: 200, errors: 4 }, b: { population: 1000, reviewed: 100, errors: 6 } },
      { value: "medical", a: { population: 1000, reviewed: 80, errors: 2 }, b: { population: 300, reviewed: 40, errors: 3 } },
      { value: "legal", a: { population: 50, reviewed: 5, errors: 0 }, b: { population: 10, reviewed: 1, errors: 0 } },
      { value: "empty", a: { population: 0, reviewed: 0, errors: 0 }, b: { population: 0, reviewed: 0, errors: 0 } },
    ])!;
    const direct = compareCohorts(
      [{ size: 5000, sampled: 200, errors: 4 }, { size: 1000, sampled: 80, errors: 2 }],
      [{ size: 1000, sampled: 100, errors: 6 }, { size: 300, sampled: 40, errors: 3 }],
    );
    expect(r).toMatchObject({ ...direct, leftOut: ["legal"], strataUsed: ["general", "medical"] });
    expect(r.rateB - r.rateA).toBeCloseTo(direct.difference, 15);
  });

  it("is null when no stratum can be compared", () => {
    expect(compareCohortRates([{ value: "x", a: { population: 10, reviewed: 1, errors: 0 }, b: { population: 10, reviewed: 5, errors: 0 } }])).toBeNull();
  });
});
