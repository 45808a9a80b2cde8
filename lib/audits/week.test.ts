import { describe, expect, it } from "vitest";
import { isoWeekAt, isoWeekRange, isWeekClosed, lastClosedWeek, parseIsoWeek, shiftIsoWeek, weeksInIsoYear } from "./week";

describe("ISO weeks in a time zone", () => {
  it("parses and rejects weeks", () => {
    expect(parseIsoWeek("2026-W47")).toEqual({ year: 2026, week: 47 });
    expect(() => parseIsoWeek("2026-47")).toThrow(RangeError);
    expect(() => parseIsoWeek("2025-W53")).toThrow(/has no ISO week 53/);
    expect(weeksInIsoYear(2026)).toBe(53);
    expect(weeksInIsoYear(2025)).toBe(52);
  });

  it("finds the week of a date across year boundaries", () => {
    expect(isoWeekAt(new Date("2027-01-01T12:00:00Z"), "UTC")).toBe("2026-W53");
    expect(isoWeekAt(new Date("2024-12-30T12:00:00Z"), "UTC")).toBe("2025-W01");
    expect(shiftIsoWeek("2026-W01", -1)).toBe("2025-W52");
    expect(shiftIsoWeek("2026-W53", 1)).toBe("2027-W01");
  });

  it("starts weeks at local Monday midnight, including DST weeks", () => {
    expect(isoWeekRange("2026-W47", "UTC")).toEqual({ start: new Date("2026-11-16T00:00:00Z"), end: new Date("2026-11-23T00:00:00Z") });
    const berlin = isoWeekRange("2026-W47", "Europe/Berlin");
    expect(berlin.start.toISOString()).toBe("2026-11-15T23:00:00.000Z");
    // 2026-03-29 is the spring-forward Sunday in Europe: that week has 167 hours.
    const spring = isoWeekRange("2026-W13", "Europe/Berlin");
    expect(spring.start.toISOString()).toBe("2026-03-22T23:00:00.000Z");
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(167);
    const ny = isoWeekRange("2026-W45", "America/New_York"); // DST ends Sunday 2026-11-01
    expect(ny.start.toISOString()).toBe("2026-11-02T05:00:00.000Z");
    // A zone whose midnight is skipped on DST day (America/Santiago springs forward at 00:00).
    const santiago = isoWeekRange("2026-W37", "America/Santiago");
    expect(isoWeekAt(santiago.start, "America/Santiago")).toBe("2026-W37");
    expect(isoWeekAt(new Date(santiago.start.getTime() - 1), "America/Santiago")).toBe("2026-W36");
  });

  it("closes a week only after its grace period", () => {
    const range = isoWeekRange("2026-W47", "UTC");
    expect(isWeekClosed(range, 24, new Date("2026-11-23T23:59:59Z"))).toBe(false);
    expect(isWeekClosed(range, 24, new Date("2026-11-24T00:00:00Z"))).toBe(true);
    expect(lastClosedWeek(new Date("2026-11-23T12:00:00Z"), "UTC", 24)).toBe("2026-W46");
    expect(lastClosedWeek(new Date("2026-11-24T01:00:00Z"), "UTC", 24)).toBe("2026-W47");
  });
});
