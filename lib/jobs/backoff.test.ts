import { describe, expect, it } from "vitest";
import { retryDelayMs, retryWindowMs, WEBHOOK_RETRY_POLICY } from "./backoff";

describe("retry backoff", () => {
  it("doubles from the base delay and stops at the cap", () => {
    const policy = { backoffMs: 1000, maxBackoffMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it("refuses attempt numbers below one", () => {
    expect(() => retryDelayMs({ backoffMs: 1, maxBackoffMs: 1 }, 0)).toThrow(RangeError);
  });

  it("stays exact for very many attempts", () => {
    expect(retryDelayMs({ backoffMs: 1000, maxBackoffMs: 7_200_000 }, 500)).toBe(7_200_000);
  });

  it("webhook deliveries keep retrying for about 24 hours", () => {
    const hours = retryWindowMs(WEBHOOK_RETRY_POLICY) / 3_600_000;
    expect(hours).toBeGreaterThanOrEqual(24);
    expect(hours).toBeLessThan(26);
  });
});
