import { describe, expect, it } from "vitest";
import { stratifiedConfidenceSequence } from "@/lib/stats/assisted";
import { stratifiedWilsonInterval } from "@/lib/stats/stratified-interval";
import { runningRate } from "./monitoring";

const strata = [
  { value: "general", population: 8000, sampled: 300 },
  { value: "medical", population: 2000, sampled: 100 },
];
// Reviews alternate 3 general : 1 medical; every 10th general and every 5th medical item fails.
const observations = Array.from({ length: 400 }, (_, i) => {
  const medical = i % 4 === 3;
  const k = Math.floor(i / 4);
  return { stratum: medical ? "medical" : "general", failed: medical ? k % 5 === 0 : (3 * k + (i % 4)) % 10 === 0 };
});

describe("runningRate", () => {
  it("is the stratified confidence sequence, one band entry per review, with the fixed-n interval beside it", () => {
    const r = runningRate({ label: "Policy violations", strata, observations: observations.slice(0, 120), threshold: null });
    const seq = stratifiedConfidenceSequence(
      [{ size: 8000, plannedSize: 300 }, { size: 2000, plannedSize: 100 }],
      observations.slice(0, 120).map((o) => ({ stratum: o.stratum === "medical" ? 1 : 0, value: o.failed ? 1 : 0 })),
    );
    expect(r.band).toHaveLength(120);
    expect(r.band[119]).toEqual({ reviews: 120, lower: seq.lower[119], upper: seq.upper[119] });
    const g = observations.slice(0, 120).filter((o) => o.stratum === "general");
    const m = observations.slice(0, 120).filter((o) => o.stratum === "medical");
    const w = stratifiedWilsonInterval([
      { size: 8000, sampled: g.length, errors: g.filter((o) => o.failed).length },
      { size: 2000, sampled: m.length, errors: m.filter((o) => o.failed).length },
    ]);
    expect(r.fixed).toEqual({ rate: w.rate, lower: w.lower, upper: w.upper });
    expect(r).toMatchObject({ reviews: 120, planned: 400, alert: null });
    // the band is wider than the one-look interval: the price of peeking
    expect(r.band[119].upper - r.band[119].lower).toBeGreaterThan(w.upper - w.lower);
  });

  it("alerts the first time the band lies wholly above the threshold, saying after how many reviews", () => {
    const r = runningRate({ label: "Policy violations", strata, observations, threshold: 0.01 });
    expect(r.alert).not.toBeNull();
    const first = r.band.findIndex((b) => b.lower > 0.01);
    expect(r.alert!.afterReviews).toBe(first + 1);
    expect(r.alert!.message).toBe(`Policy violations above the 1.0 % threshold with 95 % confidence, after ${first + 1} of 400 reviews`);
    // a threshold above the true ~12 % is never crossed from above
    expect(runningRate({ label: "x", strata, observations, threshold: 0.2 }).alert).toBeNull();
    // 'below': the band's upper bound under a threshold well above the rate
    expect(runningRate({ label: "x", strata, observations, threshold: 0.5, direction: "below" }).alert!.message).toMatch(/^x below the 50\.0 % threshold/);
  });

  it("refuses a review of an unknown stratum", () => {
    expect(() => runningRate({ label: "x", strata, observations: [{ stratum: "legal", failed: false }], threshold: null })).toThrow(/observations\[0\]\.stratum "legal"/);
  });
});
