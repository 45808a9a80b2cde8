import { describe, expect, it } from "vitest";
import { isoWeek, isoWeekLabel, isoWeekStart } from "@/lib/demo/dates";

describe("isoWeekStart", () => {
  it("returns Monday 00:00 UTC of the same ISO week", () => {
    expect(isoWeekStart(new Date("2026-02-25T13:45:00Z")).toISOString()).toBe("2026-02-23T00:00:00.000Z");
    expect(isoWeekStart(new Date("2026-02-23T00:00:00Z")).toISOString()).toBe("2026-02-23T00:00:00.000Z");
    // Sunday belongs to the week that started six days earlier.
    expect(isoWeekStart(new Date("2026-03-01T23:59:59.999Z")).toISOString()).toBe("2026-02-23T00:00:00.000Z");
    expect(isoWeekStart(new Date("2026-01-01T08:00:00Z")).toISOString()).toBe("2025-12-29T00:00:00.000Z");
  });

  it("rejects invalid dates", () => {
    expect(() => isoWeekStart(new Date("not a date"))).toThrow(RangeError);
  });
});

describe("isoWeek", () => {
  it("numbers weeks by the year of their Thursday", () => {
    expect(isoWeek(new Date("2026-01-01T00:00:00Z"))).toEqual({ year: 2026, week: 1 });
    expect(isoWeek(new Date("2024-12-30T00:00:00Z"))).toEqual({ year: 2025, week: 1 });
    expect(isoWeek(new Date("2027-01-01T00:00:00Z"))).toEqual({ year: 2026, week: 53 });
    expect(isoWeek(new Date("2021-01-03T12:00:00Z"))).toEqual({ year: 2020, week: 53 });
    expect(isoWeekLabel(new Date("2026-02-23T00:00:00Z"))).toBe("2026w09");
  });
});
