// Issue 18's demo story: the LLM judge's "below 0.5" verdict correlates with the hidden factual
// errors at ρ ≈ 0.85, and a canary build in the last two weeks violates policy more often.
import { describe, expect, it } from "vitest";
import { DEMO_MODELS, DEMO_SIGNALS, generateDemoOutputs, LATE_CANARY_SHARE, REGRESSION_TASK } from "./outputs";

const END_WEEK = new Date("2026-11-23T00:00:00Z");

describe("demo judge and canary", () => {
  const tally = { n: 0, judged: 0, a: 0, b: 0, ab: 0 };
  const byVersion = new Map<string, { n: number; policy: number; lastTwoWeeks: boolean }>();
  let index = 0;
  const perWeek = 10_000;
  for (const { record, plantedDefect } of generateDemoOutputs({ endWeekStart: END_WEEK, weeks: 8, perWeek })) {
    index++;
    tally.n++;
    // The stable model's account-access regression (the scorecard's story, same two weeks) is left
    // out of the version tally, so the canary is compared with the stable model's usual behaviour.
    if (record.metadata.taskType !== REGRESSION_TASK) {
      const version = record.metadata.modelVersion as string;
      const v = byVersion.get(version) ?? { n: 0, policy: 0, lastTwoWeeks: true };
      v.n++;
      if (plantedDefect === "policy_violation") v.policy++;
      if (new Date(record.timestamp).getTime() < END_WEEK.getTime() - 7 * 86_400_000) v.lastTwoWeeks = false;
      byVersion.set(version, v);
    }
    const judge = record.signals?.find((s) => s.name === DEMO_SIGNALS.judge.name);
    if (!judge) continue;
    tally.judged++;
    const x = (judge.value as number) < 0.5;
    const y = plantedDefect === "factual_error";
    if (x) tally.a++;
    if (y) tally.b++;
    if (x && y) tally.ab++;
  }

  it("correlates the judge's verdict with planted factual errors at about 0.85", () => {
    const { judged: n, a, b, ab } = tally;
    const phi = (n * ab - a * b) / Math.sqrt(a * (n - a) * b * (n - b));
    expect(phi).toBeGreaterThan(0.8);
    expect(phi).toBeLessThan(0.92);
    expect(tally.judged / tally.n).toBeGreaterThan(0.85);
    expect(tally.judged / tally.n).toBeLessThan(0.95);
    expect(index).toBeGreaterThan(0);
  });

  it("runs a canary build only in the last two weeks, violating policy several times more often", () => {
    const canary = byVersion.get(DEMO_MODELS.canary.modelVersion)!;
    const stable = byVersion.get(DEMO_MODELS.small2.modelVersion)!;
    expect(canary.lastTwoWeeks).toBe(true);
    expect(canary.n).toBeGreaterThan(2 * perWeek * LATE_CANARY_SHARE * 0.5);
    expect(canary.policy / canary.n).toBeGreaterThan(3 * (stable.policy / stable.n));
  });
});
