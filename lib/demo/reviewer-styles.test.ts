import { describe, expect, it } from "vitest";
import { Rng } from "./random";
import { styledLabel } from "./reviewer-styles";

const label = { factuality: "correct", policy: "violation", policy_categories: ["other"], tone: 4, task_outcome: "full_success", harm: "none" };

describe("demo reviewer styles", () => {
  it("keeps the careful reviewer's label, raises tone for the lenient one, drops violations for the one who misses them", () => {
    const rng = new Rng(1);
    expect(styledLabel("careful", rng, label)).toEqual(label);
    const lenient = Array.from({ length: 200 }, () => styledLabel("lenient_on_tone", rng, label).tone as number);
    expect(lenient.filter((t) => t === 5).length).toBeGreaterThan(80);
    const missed = Array.from({ length: 200 }, () => styledLabel("misses_policy", rng, label)).filter((l) => l.policy === "compliant");
    expect(missed.length).toBeGreaterThan(80);
    expect(missed.every((l) => !("policy_categories" in l))).toBe(true);
  });
});
