import { describe, expect, it } from "vitest";
import { oidcIdentityFromProfile } from "./oidc";

describe("oidcIdentityFromProfile", () => {
  it("marks the email verified only when the provider says so", () => {
    expect(oidcIdentityFromProfile("oidc", "sub-1", { email: "a@example.test", email_verified: true, name: "A" })).toEqual({
      provider: "oidc",
      providerAccountId: "sub-1",
      email: "a@example.test",
      emailVerified: true,
      name: "A",
    });
    expect(oidcIdentityFromProfile("oidc", "sub-1", { email: "a@example.test", email_verified: "true" }).emailVerified).toBe(true);
    expect(oidcIdentityFromProfile("oidc", "sub-1", { email: "a@example.test", email_verified: false }).emailVerified).toBe(false);
    expect(oidcIdentityFromProfile("oidc", "sub-1", { email: "a@example.test", email_verified: "false" }).emailVerified).toBe(false);
    expect(oidcIdentityFromProfile("oidc", "sub-1", { email: "a@example.test" }).emailVerified).toBe(false);
  });

  it("has no email (and nothing verified) for a profile without one", () => {
    expect(oidcIdentityFromProfile("oidc", "sub-2", { email_verified: true })).toMatchObject({ email: null, emailVerified: false, name: null });
    expect(oidcIdentityFromProfile("oidc", "sub-3", undefined)).toMatchObject({ email: null, emailVerified: false });
  });
});
