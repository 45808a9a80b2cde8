import { describe, expect, it } from "vitest";
import { plannedAllocationMargin } from "./design-effect";
import { marginFor } from "./sample-size";

const Z = 1.959963984540054;
const close = (got: number, expected: number) => expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));

describe("plannedAllocationMargin", () => {
  // 9,000 low-risk outputs at 5 % and 1,000 high-risk at 20 %, 100 reviews each (high risk oversampled ×9).
  const oversampled = [
    { population: 9000, allocated: 100, expectedRate: 0.05 },
    { population: 1000, allocated: 100, expectedRate: 0.2 },
  ];

  it("margin from Cochran's eq. 5.8 with the planned n_h; Kish's deff = n·ΣN_h²/n_h / N²", () => {
    const r = plannedAllocationMargin(oversampled, 0.95);
    const v = 0.81 * (8900 / 8999) * (0.05 * 0.95) / 100 + 0.01 * (900 / 999) * (0.2 * 0.8) / 100;
    close(r.margin, Z * Math.sqrt(v));
    close(r.designEffect, (200 * (9000 ** 2 / 100 + 1000 ** 2 / 100)) / 1e8); // 1.64
    close(r.simpleRandomMargin, Z * Math.sqrt(((9800 / 9999) * 0.065 * 0.935) / 200));
    // the plan calculator's own simple-random margin agrees
    close(r.simpleRandomMargin, marginFor(200, 10000, 0.065, 0.95));
    expect(r.margin).toBeGreaterThan(r.simpleRandomMargin); // the oversampling costs precision overall
  });

  it("a proportional allocation has design effect 1", () => {
    const r = plannedAllocationMargin([{ population: 900, allocated: 90, expectedRate: 0.1 }, { population: 100, allocated: 10, expectedRate: 0.1 }], 0.95);
    close(r.designEffect, 1);
  });

  it("sampleSizeForMargin: the smallest total whose weighted margin meets the target, keeping the shares", () => {
    const r = plannedAllocationMargin(oversampled, 0.95);
    // Equal shares, no stratum full: V(n) = 0.81·(9000 − n/2)/8999·0.0475/(n/2) + 0.01·(1000 − n/2)/999·0.16/(n/2);
    // V(n) = (0.03/z)² at n = 333.78 (solved by hand with mpmath), so 334 reviews, 167 per stratum.
    expect(r.sampleSizeForMargin(0.03)).toBe(334);
    expect(plannedAllocationMargin(oversampled.map((s) => ({ ...s, allocated: 167 })), 0.95).margin).toBeLessThanOrEqual(0.03);
    expect(plannedAllocationMargin(oversampled.map((s) => ({ ...s, allocated: 166 })), 0.95).margin).toBeGreaterThan(0.03);
    // a stratum reviewed whole passes its share on; the whole population always suffices
    expect(plannedAllocationMargin([{ population: 10, allocated: 5, expectedRate: 0.5 }, { population: 1000, allocated: 5, expectedRate: 0.5 }], 0.95).sampleSizeForMargin(1e-9)).toBe(1010);
  });

  it("refuses impossible plans, naming the stratum", () => {
    expect(() => plannedAllocationMargin([], 0.95)).toThrow(/at least one stratum/);
    expect(() => plannedAllocationMargin([{ population: 10, allocated: 11, expectedRate: 0.1 }], 0.95)).toThrow(/strata\[0\]\.allocated \(11\) exceeds/);
    expect(() => plannedAllocationMargin([{ population: 10, allocated: 0, expectedRate: 0.1 }], 0.95)).toThrow(/strata\[0\] has 10 outputs but nothing allocated/);
    expect(() => plannedAllocationMargin([{ population: 10, allocated: 2, expectedRate: 1.1 }], 0.95)).toThrow(/expectedRate/);
    expect(() => plannedAllocationMargin([{ population: 10, allocated: 2, expectedRate: 0.1 }], 1)).toThrow(/confidence/);
    expect(() => plannedAllocationMargin([{ population: 0, allocated: 0, expectedRate: 0.1 }], 0.9)).toThrow(/all empty/);
    expect(() => plannedAllocationMargin([{ population: 10, allocated: 2, expectedRate: 0.1 }], 0.9).sampleSizeForMargin(0)).toThrow(/target margin/);
  });
});
