import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_PROJECT, DEMO_USERS } from "@/lib/demo/users";
import { TASK_TYPES } from "@/lib/demo/types";

describe("demo users", () => {
  it("has one user for every role and four reviewers, all with the demo password", () => {
    const roles = DEMO_USERS.map((u) => u.role);
    for (const role of ["reviewer", "qa_lead", "ml_engineer", "admin"] as const) expect(roles).toContain(role);
    expect(roles.filter((r) => r === "reviewer")).toHaveLength(4);
    expect(new Set(DEMO_USERS.map((u) => u.email)).size).toBe(DEMO_USERS.length);
    for (const user of DEMO_USERS) {
      expect(user.password).toBe("demo-password");
      expect(user.email).toMatch(/@demo\.assay$/);
    }
    expect(DEMO_PASSWORD).toBe("demo-password");
  });

  it("gives every task type at least two qualified reviewers, so overlap and routing have a choice", () => {
    const reviewers = DEMO_USERS.filter((u) => u.role === "reviewer");
    for (const task of TASK_TYPES) {
      expect(reviewers.filter((r) => r.expertise?.includes(task)).length, task).toBeGreaterThanOrEqual(2);
    }
  });

  it("makes only the admin an instance admin", () => {
    expect(DEMO_USERS.filter((u) => u.isInstanceAdmin).map((u) => u.email)).toEqual(["admin@demo.assay"]);
  });

  it("describes the demo project", () => {
    expect(DEMO_PROJECT).toMatchObject({ slug: "support-assistant", name: "Support assistant", timeZone: "Europe/Berlin" });
    expect(DEMO_PROJECT.description.length).toBeGreaterThan(20);
  });
});
