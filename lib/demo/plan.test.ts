import { describe, expect, it } from "vitest";
import { planSpecSchema } from "@/lib/audits/plan";
import { allocateStrata } from "@/lib/audits/allocation";
import { DEMO_PLAN } from "./plan";
import { TASK_TYPES } from "./types";

describe("the demo plan", () => {
  it("is a valid plan with one stratum per generated task type, medical and financial high risk ×2", () => {
    const spec = planSpecSchema.parse(DEMO_PLAN);
    expect(spec.strata.map((s) => s.value).sort()).toEqual([...TASK_TYPES].sort());
    expect(spec.strata.filter((s) => s.risk === "high").map((s) => s.value).sort()).toEqual(["financial_advice", "medical_questions"]);
    expect(spec).toMatchObject({ allocation: "oversample", oversampleFactor: 2 });
    // High-risk strata get twice the per-output share of the others.
    const a = allocateStrata({ planStrata: spec.strata, populations: { general: 4000, billing: 4000, account_access: 2000, refunds: 2000, medical_questions: 1000, financial_advice: 1000 }, total: 300, allocation: "oversample", oversampleFactor: 2, expectedRate: 0.05, overlapShare: 0.2 });
    const rate = (v: string) => { const s = a.strata.find((x) => x.stratum === v)!; return s.allocated / s.population; };
    expect(rate("medical_questions") / rate("general")).toBeCloseTo(2, 1);
  });
});
