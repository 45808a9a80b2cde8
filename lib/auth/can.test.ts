import { describe, expect, it } from "vitest";
import { can, roleCan, type Access } from "./permissions";

const member = (role: Access["role"], instanceAdmin = false): Access => ({ principal: "user", role, instanceAdmin } as Access);

describe("can", () => {
  it("reads the role column of the table", () => {
    expect(can(member("reviewer"), "review:label")).toBe(true);
    expect(can(member("reviewer"), "audits:draw")).toBe(false);
    expect(can(member("admin"), "adjudication:decide")).toBe(false);
    expect(can(member("qa_lead"), "adjudication:decide")).toBe(true);
    expect(can(member(null), "project:read")).toBe(false);
  });

  it("gives instance permissions to instance admins only, and every project permission with them", () => {
    expect(can(member("admin"), "users:manage")).toBe(false);
    expect(can(member(null, true), "users:manage")).toBe(true);
    expect(can(member(null, true), "adjudication:decide")).toBe(true);
    expect(roleCan(member(null, true), "review:label")).toBe(false);
    expect(roleCan(member("reviewer", true), "review:label")).toBe(true);
  });

  it("limits API keys to their scopes and the system to its list", () => {
    expect(can({ principal: "apiKey", role: null, scopes: ["ingest"] }, "outputs:ingest")).toBe(true);
    expect(can({ principal: "apiKey", role: null, scopes: ["ingest"] }, "datasets:export")).toBe(false);
    expect(can({ principal: "apiKey", role: null, scopes: ["ingest"] }, "users:manage")).toBe(false);
    expect(can({ principal: "system", role: null }, "audits:draw")).toBe(true);
    expect(can({ principal: "system", role: null }, "members:manage")).toBe(false);
    expect(can({ principal: "system", role: null }, "projects:create")).toBe(false);
  });
});
