import { describe, expect, it } from "vitest";
import { nextSteps, type NextStepsAbilities, type NextStepsState } from "./next-steps";

const empty: NextStepsState = { outputs: 0, activeApiKeys: 0, planSaved: false, audits: 0, openAudit: null, myQueue: 0, needsAdjudication: 0 };
const none: NextStepsAbilities = { ingest: false, editPlan: false, draw: false, label: false, manageReview: false, adjudicate: false };
const keys = (state: NextStepsState, can: NextStepsAbilities) => nextSteps(state, can, "/p/x").map((s) => s.key);

describe("nextSteps", () => {
  it("tells an ML engineer of a new project to connect the logs", () => {
    expect(keys(empty, { ...none, ingest: true })).toEqual(["ingest"]);
    expect(nextSteps(empty, { ...none, ingest: true }, "/p/x")[0]).toMatchObject({ href: "/p/x/settings/api-keys", action: "Create an API key" });
  });

  it("tells a QA lead to check the plan and draw once outputs arrive, then to follow the audit", () => {
    const qa = { ...none, editPlan: true, draw: true, label: true, manageReview: true, adjudicate: true };
    expect(keys({ ...empty, outputs: 500 }, qa)).toEqual(["plan", "draw"]);
    const running = { ...empty, outputs: 500, planSaved: true, audits: 1, openAudit: { id: "a1", week: "2026-W47", done: 12, size: 40 }, needsAdjudication: 3, myQueue: 2 };
    const steps = nextSteps(running, qa, "/p/x");
    expect(steps.map((s) => s.key)).toEqual(["review", "adjudicate", "follow"]);
    expect(steps[2].text).toBe("Audit 2026-W47: 12 of 40 items reviewed.");
    expect(nextSteps({ ...running, openAudit: { id: "a1", week: "2026-W47", done: 40, size: 40 } }, qa, "/p/x")[2].text).toMatch(/close it/);
  });

  it("tells a reviewer about their queue, or that it is empty", () => {
    const reviewer = { ...none, label: true };
    expect(nextSteps({ ...empty, outputs: 10, myQueue: 1 }, reviewer, "/p/x")[0].text).toBe("1 item waits for your review.");
    expect(keys({ ...empty, outputs: 10 }, reviewer)).toEqual(["done"]);
  });
});
