import { describe, expect, it } from "vitest";
import { allocateStrata } from "./allocation";
import { planTopUp } from "./top-up";

const from = new Date("2026-03-02T00:00:00Z");
const cutoff = new Date("2026-03-05T12:00:00Z");
const end = new Date("2026-03-09T00:00:00Z");

function full(populations: Record<string, number>, total: number) {
  return allocateStrata({ planStrata: [{ value: "billing", risk: "low" }, { value: "medical", risk: "high" }], populations, total, allocation: "proportional", expectedRate: 0.05, overlapShare: 0.2 }).strata;
}

describe("planTopUp", () => {
  it("keeps the early items and draws the rest of each stratum's allocation from the rest of the week", () => {
    // Early: 500 billing (40 drawn, 8 overlap), 100 medical (10 drawn, 2 overlap). Rest: 500 and 100 more.
    const plan = planTopUp({
      full: full({ billing: 1000, medical: 200 }, 120),
      frozen: [
        { stratum: "billing", population: 500, items: 40, overlapItems: 8 },
        { stratum: "medical", population: 100, items: 10, overlapItems: 2 },
      ],
      rest: { billing: 500, medical: 100 },
      partialFrom: from,
      cutoff,
      weekEnd: end,
    });
    expect(plan.draws).toEqual([
      { stratum: "billing", n: 60, overlap: 12, inclusionProbability: 60 / 500, population: 500 },
      { stratum: "medical", n: 10, overlap: 2, inclusionProbability: 10 / 100, population: 100 },
    ]);
    expect(plan.sampleSize).toBe(120);
    expect(plan.population).toBe(1200);
    expect(plan.added).toBe(70);
    const billing = plan.strata.find((s) => s.stratum === "billing")!;
    expect(billing).toMatchObject({ population: 1000, allocated: 100, overlap: 20 });
    expect(billing.phases).toEqual([
      { phase: "partial", from: from.toISOString(), to: cutoff.toISOString(), population: 500, allocated: 40, overlap: 8, inclusionProbability: 40 / 500 },
      { phase: "rest", from: cutoff.toISOString(), to: end.toISOString(), population: 500, allocated: 60, overlap: 12, inclusionProbability: 60 / 500 },
    ]);
  });

  it("never removes early items, and never takes more than the rest of the week holds", () => {
    const plan = planTopUp({
      full: full({ billing: 1000, medical: 200 }, 60),
      frozen: [
        { stratum: "billing", population: 900, items: 80, overlapItems: 16 },
        { stratum: "medical", population: 10, items: 10, overlapItems: 2 },
      ],
      rest: { billing: 100, medical: 190 },
      partialFrom: from,
      cutoff,
      weekEnd: end,
    });
    const billing = plan.draws.find((d) => d.stratum === "billing")!;
    expect(billing.n).toBe(0);
    expect(plan.strata.find((s) => s.stratum === "billing")!.allocated).toBe(80);
    const medical = plan.draws.find((d) => d.stratum === "medical")!;
    expect(medical.n).toBe(0);
    // A rest smaller than what is missing is taken whole.
    const small = planTopUp({ full: full({ billing: 1000, medical: 200 }, 600), frozen: [{ stratum: "billing", population: 990, items: 10, overlapItems: 2 }], rest: { billing: 10, medical: 200 }, partialFrom: from, cutoff, weekEnd: end });
    expect(small.draws.find((d) => d.stratum === "billing")).toMatchObject({ n: 10, inclusionProbability: 1 });
  });
});
