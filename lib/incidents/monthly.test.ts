import { describe, expect, it } from "vitest";
import { median, monthKeyAt, monthRange, monthTitle, nearMissTrend, ratePerThousand, shiftMonth } from "./monthly";

describe("months in the project's time zone", () => {
  it("finds a month's bounds and the month of an instant", () => {
    expect(monthRange("2026-10", "UTC")).toEqual({ start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-11-01T00:00:00Z") });
    // Berlin: CEST (+2) on 1 October, CET (+1) on 1 November.
    expect(monthRange("2026-10", "Europe/Berlin")).toEqual({ start: new Date("2026-09-30T22:00:00Z"), end: new Date("2026-10-31T23:00:00Z") });
    expect(monthKeyAt(new Date("2026-10-31T23:30:00Z"), "Europe/Berlin")).toBe("2026-11");
    expect(monthKeyAt(new Date("2026-10-31T23:30:00Z"), "UTC")).toBe("2026-10");
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2025-12", 13)).toBe("2027-01");
    expect(monthTitle("2026-10")).toBe("October 2026");
  });
});

describe("rates per 1,000 reviewed", () => {
  it("uses the Wilson interval (Newcombe 1998, example 81/263: 0.2553 to 0.3662)", () => {
    const rate = ratePerThousand(81, 263);
    expect(rate.perThousand).toBeCloseTo(307.98, 1);
    expect(rate.lower).toBeCloseTo(255.3, 1);
    expect(rate.upper).toBeCloseTo(366.2, 1);
    // 0/10: 0 to 0.2775 (Newcombe's table).
    expect(ratePerThousand(0, 10).upper).toBeCloseTo(277.5, 1);
    expect(ratePerThousand(0, 0)).toEqual({ count: 0, reviewed: 0, perThousand: null, lower: null, upper: null });
  });

  it("takes the median of an odd and an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe("near-miss trend", () => {
  const months = (counts: number[], reviewed = 1000) => counts.map((nearMisses, i) => ({ month: shiftMonth("2026-01", i), nearMisses, reviewed }));

  it("is rising when near misses went up three months in a row", () => {
    const trend = nearMissTrend(months([9, 9, 9, 2, 3, 4, 5]));
    expect(trend.rising).toBe(true);
    expect(trend.reason).toContain("three months in a row");
  });

  it("is not rising after only two increases or a flat run", () => {
    expect(nearMissTrend(months([5, 5, 3, 4, 5])).rising).toBe(false);
    expect(nearMissTrend(months([5, 5, 5, 5])).rising).toBe(false);
  });

  it("is rising on a significant jump against the three months before", () => {
    const trend = nearMissTrend(months([3, 4, 2, 12]).map((m, i) => (i === 1 ? { ...m, nearMisses: 5 } : m)).map((m, i) => (i === 2 ? { ...m, nearMisses: 4 } : m)));
    // 3, 5, 4, 12: not three increases (5 → 4), but 12/1000 against 12/3000 is significant.
    expect(trend.reason).toContain("significantly");
    expect(trend.increasePValue).toBeLessThan(0.05);
    expect(nearMissTrend(months([3, 5, 4, 6])).rising).toBe(false);
  });

  it("compares rates, not counts, when review volume changes", () => {
    // Counts go up, but reviews grew faster: the rate fell.
    const trend = nearMissTrend([
      { month: "2026-01", nearMisses: 2, reviewed: 100 },
      { month: "2026-02", nearMisses: 3, reviewed: 200 },
      { month: "2026-03", nearMisses: 4, reviewed: 400 },
      { month: "2026-04", nearMisses: 5, reviewed: 800 },
    ]);
    expect(trend.rising).toBe(false);
  });
});
