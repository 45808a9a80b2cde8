import { describe, expect, it } from "vitest";
import { DEFAULT_ABSOLUTE_HOURS, DEFAULT_IDLE_HOURS, sessionLifetimeFromEnv, sessionOutlived } from "./session-lifetime";

describe("session lifetime", () => {
  it("defaults to 14 days idle and 30 days in all", () => {
    expect(sessionLifetimeFromEnv({})).toEqual({ idleSeconds: DEFAULT_IDLE_HOURS * 3600, absoluteSeconds: DEFAULT_ABSOLUTE_HOURS * 3600 });
  });

  it("reads hours from the environment, the lifetime capping the idle timeout", () => {
    expect(sessionLifetimeFromEnv({ ASSAY_SESSION_IDLE_HOURS: "8", ASSAY_SESSION_MAX_HOURS: "24" })).toEqual({ idleSeconds: 8 * 3600, absoluteSeconds: 24 * 3600 });
    expect(sessionLifetimeFromEnv({ ASSAY_SESSION_IDLE_HOURS: "48", ASSAY_SESSION_MAX_HOURS: "12" })).toEqual({ idleSeconds: 12 * 3600, absoluteSeconds: 12 * 3600 });
    expect(sessionLifetimeFromEnv({ ASSAY_SESSION_IDLE_HOURS: "0.5" }).idleSeconds).toBe(1800);
  });

  it("refuses nonsense by name", () => {
    expect(() => sessionLifetimeFromEnv({ ASSAY_SESSION_IDLE_HOURS: "soon" })).toThrow(/ASSAY_SESSION_IDLE_HOURS/);
    expect(() => sessionLifetimeFromEnv({ ASSAY_SESSION_MAX_HOURS: "-1" })).toThrow(/ASSAY_SESSION_MAX_HOURS/);
  });

  it("ends a session past its lifetime however recently it was used", () => {
    const lifetime = sessionLifetimeFromEnv({ ASSAY_SESSION_MAX_HOURS: "1" });
    expect(sessionOutlived(1000, 1000 + 3599, lifetime)).toBe(false);
    expect(sessionOutlived(1000, 1000 + 3601, lifetime)).toBe(true);
    expect(sessionOutlived(undefined, 1e12, lifetime)).toBe(false);
  });
});
