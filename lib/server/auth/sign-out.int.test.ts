// Issue 11 §4 / decision 012: a session cookie no longer works after its user signs out. Session
// tokens carry the user's session version; signing out moves the version on, and both ways a
// request's user is read (the one-query access read of route handlers, findActiveUser of pages)
// refuse a token of an older version.
import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { makeProject } from "@/tests/fixtures";
import { endUserSessions, findActiveUser, readSessionVersion } from "@/lib/server/users/users";
import { loadUserWithProjectAccess } from "./authorize";

vi.mock("@/lib/server/auth/auth", () => ({ auth: async () => null }));
const { POST: next } = await import("@/app/api/v1/projects/[slug]/review/next/route");

const COOKIE = "authjs.session-token";
process.env.AUTH_SECRET ??= "test-secret-for-sign-out-0123456789abcdef";

async function cookieFor(userId: string, sessionVersion?: number) {
  const token: Record<string, unknown> = { uid: userId };
  if (sessionVersion !== undefined) token.sv = sessionVersion;
  return `${COOKIE}=${await encode({ token, secret: process.env.AUTH_SECRET!, salt: COOKIE, maxAge: 3600 })}`;
}

const claim = (slug: string, cookie: string) => next(new Request(`http://localhost/api/v1/projects/${slug}/review/next`, { method: "POST", headers: { cookie } }), { params: Promise.resolve({ slug }) });

describe("signing out", () => {
  it("ends every session issued before it, in the access read and in findActiveUser; a new sign-in works", async () => {
    const { project, members } = await makeProject();
    const reviewer = members.reviewer;
    const before = await readSessionVersion(reviewer.userId);
    expect(before).toBe(0);
    // A token from before session versions existed (no sv) counts as version 0.
    const legacy = await cookieFor(reviewer.userId);
    const current = await cookieFor(reviewer.userId, before);
    expect((await claim(project.slug, legacy)).status).toBe(200);
    expect((await claim(project.slug, current)).status).toBe(200);
    expect(await loadUserWithProjectAccess(reviewer.userId, project.slug, before)).not.toBeNull();

    await endUserSessions(reviewer.userId);

    expect((await claim(project.slug, legacy)).status).toBe(401);
    expect((await claim(project.slug, current)).status).toBe(401);
    expect(await loadUserWithProjectAccess(reviewer.userId, project.slug, before)).toBeNull();
    expect(await findActiveUser(reviewer.userId, before)).toBeNull();
    // Signing in again issues a token of the new version.
    const after = await readSessionVersion(reviewer.userId);
    expect(after).toBe(before + 1);
    expect((await claim(project.slug, await cookieFor(reviewer.userId, after))).status).toBe(200);
    expect(await findActiveUser(reviewer.userId, after)).not.toBeNull();
    // Other users' sessions are untouched.
    expect((await claim(project.slug, await cookieFor(members.qa_lead.userId, 0))).status).not.toBe(401);
  });
});
