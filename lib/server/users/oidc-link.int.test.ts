// SSO account linking with stub provider profiles: only a verified email links or creates an account.
import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { findOrLinkOidcUser } from "./users";
import { oidcIdentityFromProfile } from "@/lib/auth/oidc";
import { makeUser } from "@/tests/fixtures";
import { prisma } from "@/lib/server/db/client";

const sub = () => `sub-${crypto.randomBytes(5).toString("hex")}`;

afterEach(() => {
  delete process.env.ASSAY_OIDC_AUTO_CREATE;
});

describe("findOrLinkOidcUser", () => {
  it("links a verified email to the existing user", async () => {
    const user = await makeUser();
    const id = sub();
    const actor = await findOrLinkOidcUser(oidcIdentityFromProfile("oidc", id, { email: user.email.toUpperCase(), email_verified: true }));
    expect(actor?.userId).toBe(user.userId);
    const db = await prisma();
    expect(await db.account.count({ where: { userId: user.userId, provider: "oidc", providerAccountId: id } })).toBe(1);
  });

  it("refuses an unverified or unstated email and links nothing (no account takeover)", async () => {
    const victim = await makeUser({ isInstanceAdmin: true });
    const db = await prisma();
    for (const profile of [{ email: victim.email, email_verified: false }, { email: victim.email }, { email: victim.email, email_verified: "false" }]) {
      const id = sub();
      expect(await findOrLinkOidcUser(oidcIdentityFromProfile("oidc", id, profile))).toBeNull();
      expect(await db.account.count({ where: { providerAccountId: id } })).toBe(0);
    }
    expect(await db.account.count({ where: { userId: victim.userId } })).toBe(0);
  });

  it("auto-creates users only for verified emails", async () => {
    process.env.ASSAY_OIDC_AUTO_CREATE = "1";
    const db = await prisma();
    const unverified = `new-${crypto.randomBytes(4).toString("hex")}@example.test`;
    expect(await findOrLinkOidcUser(oidcIdentityFromProfile("oidc", sub(), { email: unverified }))).toBeNull();
    expect(await db.user.count({ where: { email: unverified } })).toBe(0);
    const verified = `new-${crypto.randomBytes(4).toString("hex")}@example.test`;
    const created = await findOrLinkOidcUser(oidcIdentityFromProfile("oidc", sub(), { email: verified, email_verified: true, name: "New" }));
    expect(created?.email).toBe(verified);
  });

  it("keeps signing in an identity that is already linked", async () => {
    const user = await makeUser();
    const id = sub();
    await findOrLinkOidcUser(oidcIdentityFromProfile("oidc", id, { email: user.email, email_verified: true }));
    const again = await findOrLinkOidcUser({ provider: "oidc", providerAccountId: id, email: null, emailVerified: false, name: null });
    expect(again?.userId).toBe(user.userId);
  });
});
