import { describe, expect, it } from "vitest";
import { planDemoIncidents, type DemoIncidentCandidate } from "./incidents";
import { DAY_MS, HOUR_MS, WEEK_MS } from "./dates";

const now = new Date("2026-12-01T09:00:00Z");
const lastWeek = new Date("2026-11-23T00:00:00Z");
const weekStarts = Array.from({ length: 7 }, (_, k) => new Date(lastWeek.getTime() - (7 - k) * WEEK_MS));
const candidates: DemoIncidentCandidate[] = [];
for (let hour = 0; hour < 8 * 7 * 24; hour += 5) {
  const timestamp = new Date(weekStarts[0].getTime() + hour * HOUR_MS);
  if (timestamp >= now) break;
  candidates.push({ externalId: `out-${hour}`, timestamp, taskType: "medical_questions", defect: hour % 2 ? "unsafe_advice" : "policy_violation", note: null });
}

describe("demo incident plans", () => {
  const plans = planDemoIncidents({ candidates, weekStarts, now });

  it("is the same on every run and spreads three incidents over each earlier week", () => {
    expect(planDemoIncidents({ candidates, weekStarts, now })).toEqual(plans);
    for (const start of weekStarts) {
      const inWeek = plans.filter((p) => !p.showcase && p.detectedAt >= start && p.detectedAt.getTime() < start.getTime() + WEEK_MS + 2 * DAY_MS);
      expect(inWeek.length).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(plans.map((p) => p.externalId)).size).toBe(plans.length);
  });

  it("keeps every step after detection, before now, and in lifecycle order", () => {
    const order = ["triage", "comment", "mitigate", "close"];
    for (const plan of plans) {
      expect(plan.detectedAt.getTime()).toBeLessThan(now.getTime());
      let previous = plan.detectedAt.getTime();
      let rank = 0;
      for (const step of plan.steps) {
        expect(step.at.getTime()).toBeGreaterThan(previous);
        expect(step.at.getTime()).toBeLessThan(now.getTime());
        if (step.kind !== "comment") {
          expect(order.indexOf(step.kind)).toBeGreaterThanOrEqual(rank);
          rank = order.indexOf(step.kind);
        }
        previous = step.at.getTime();
      }
    }
  });

  it("has one S1 with a full timeline and one S2 left past its 72-hour allowance", () => {
    const showcase = plans.filter((p) => p.showcase);
    expect(showcase).toHaveLength(1);
    expect(showcase[0]).toMatchObject({ severity: "S1" });
    expect(showcase[0].steps.map((s) => s.kind)).toEqual(["triage", "comment", "mitigate", "comment", "close"]);
    const overdue = plans.filter((p) => p.severity === "S2" && p.steps.every((s) => s.kind === "triage") && now.getTime() - p.detectedAt.getTime() > 72 * HOUR_MS);
    expect(overdue.length).toBeGreaterThanOrEqual(1);
  });
});
