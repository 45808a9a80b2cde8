import { describe, expect, it } from "vitest";
import { instantToZonedLocal, zonedLocalToInstant } from "./local-time";

describe("form times in the project's time zone", () => {
  it("reads a datetime-local value in the zone and writes it back", () => {
    expect(zonedLocalToInstant("2026-10-05T14:30", "UTC")).toEqual(new Date("2026-10-05T14:30:00Z"));
    expect(zonedLocalToInstant("2026-10-05T14:30", "Europe/Berlin")).toEqual(new Date("2026-10-05T12:30:00Z"));
    // The day Berlin leaves summer time (25 October 2026): 12:00 is CET, +1.
    expect(zonedLocalToInstant("2026-10-25T12:00", "Europe/Berlin")).toEqual(new Date("2026-10-25T11:00:00Z"));
    expect(instantToZonedLocal(new Date("2026-10-05T12:30:00Z"), "Europe/Berlin")).toBe("2026-10-05T14:30");
    expect(zonedLocalToInstant("yesterday", "UTC")).toBeNull();
    expect(zonedLocalToInstant("2026-13-05T14:30", "UTC")).toBeNull();
  });
});
