import { describe, expect, it } from "vitest";
import { describeTimeZone, formatDate, formatDateTime, formatDateTimeWithZone, formatMoment, formatRelative, zoneOffsetLabel } from "./dates";

const at = new Date("2026-11-23T23:30:00Z");

describe("formatDate / formatDateTime", () => {
  it("writes ISO-like 24-hour text in the given zone", () => {
    expect(formatDateTime(at, "UTC")).toBe("2026-11-23 23:30");
    expect(formatDate(at, "UTC")).toBe("2026-11-23");
    // The same moment is already the next day in Berlin (UTC+1 in November).
    expect(formatDateTime(at, "Europe/Berlin")).toBe("2026-11-24 00:30");
    expect(formatDate(at, "Europe/Berlin")).toBe("2026-11-24");
    expect(formatDateTime(new Date("2026-07-01T04:05:00Z"), "America/New_York")).toBe("2026-07-01 00:05");
  });

  it("never writes 24:00 for midnight", () => {
    expect(formatDateTime(new Date("2026-11-24T00:00:00Z"), "UTC")).toBe("2026-11-24 00:00");
  });
});

describe("zone labels", () => {
  it("names the offset in force at that moment", () => {
    expect(zoneOffsetLabel(at, "UTC")).toBe("UTC");
    expect(zoneOffsetLabel(at, "Europe/Berlin")).toBe("UTC+1");
    expect(zoneOffsetLabel(new Date("2026-07-01T12:00:00Z"), "Europe/Berlin")).toBe("UTC+2");
    expect(zoneOffsetLabel(at, "America/New_York")).toBe("UTC-5");
    expect(zoneOffsetLabel(at, "Asia/Kathmandu")).toBe("UTC+5:45");
    expect(formatDateTimeWithZone(at, "Asia/Kathmandu")).toBe("2026-11-24 05:15 UTC+5:45");
    expect(describeTimeZone("Europe/Berlin", at)).toBe("Europe/Berlin (UTC+1)");
    expect(describeTimeZone("UTC", at)).toBe("UTC");
  });
});

describe("formatRelative", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it("says how long ago or until, within a week", () => {
    expect(formatRelative(ago(10_000), now)).toBe("just now");
    expect(formatRelative(ago(5 * 60_000), now)).toBe("5 min ago");
    expect(formatRelative(ago(3 * 3_600_000 + 59 * 60_000), now)).toBe("3 h ago");
    expect(formatRelative(ago(86_400_000), now)).toBe("1 day ago");
    expect(formatRelative(ago(6 * 86_400_000), now)).toBe("6 days ago");
    expect(formatRelative(new Date(now.getTime() + 4 * 3_600_000), now)).toBe("in 4 h");
    expect(formatRelative(new Date(now.getTime() + 2 * 86_400_000), now)).toBe("in 2 days");
  });
  it("gives nothing for older moments, where the date says more", () => {
    expect(formatRelative(ago(7 * 86_400_000), now)).toBeNull();
    expect(formatMoment(ago(30 * 86_400_000), { timeZone: "UTC", now })).toBe("2026-10-24 12:00 UTC");
    expect(formatMoment(ago(2 * 3_600_000), { timeZone: "Europe/Berlin", now })).toBe("2026-11-23 11:00 UTC+1 (2 h ago)");
  });
});
