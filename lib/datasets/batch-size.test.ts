import { describe, expect, it } from "vitest";
import { EMBEDDED_BATCH, nextBatchSize } from "./batch-size";

describe("embedded export batch size", () => {
  it("shrinks at once to what fits the target time, and never below the minimum", () => {
    expect(nextBatchSize(500, 200)).toBe(50);
    expect(nextBatchSize(100, 10_000)).toBe(EMBEDDED_BATCH.min);
  });

  it("grows at most twofold a step, up to the maximum", () => {
    expect(nextBatchSize(100, 1)).toBe(200);
    expect(nextBatchSize(100, 15)).toBe(133);
    expect(nextBatchSize(1500, 0)).toBe(EMBEDDED_BATCH.max);
  });
});
