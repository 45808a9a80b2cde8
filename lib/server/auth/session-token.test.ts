import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { sessionUserId } from "./session-token";

const SECRET = "test-secret-0123456789abcdef0123456789abcdef";
const NAME = "authjs.session-token";

async function tokenFor(claims: Record<string, unknown>, salt = NAME, secret = SECRET, maxAge = 3600) {
  return encode({ token: claims, secret, salt, maxAge });
}

const request = (cookie: string) => new Request("http://localhost/api/v1/x", { headers: { cookie } });

describe("sessionUserId", () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.AUTH_SECRET;
    process.env.AUTH_SECRET = SECRET;
  });
  afterEach(() => {
    process.env.AUTH_SECRET = saved;
  });

  it("reads the user id Auth.js stored in the session cookie, plain or __Secure-", async () => {
    expect(await sessionUserId(request(`other=1; ${NAME}=${await tokenFor({ uid: "user-1", sub: "oidc-subject" })}`))).toBe("user-1");
    const secure = `__Secure-${NAME}`;
    expect(await sessionUserId(request(`${secure}=${await tokenFor({ uid: "user-2" }, secure)}`))).toBe("user-2");
  });

  it("rejects a missing cookie, a token sealed with another secret or salt, a token without uid, and an expired token", async () => {
    expect(await sessionUserId(request("other=1"))).toBeNull();
    expect(await sessionUserId(request(`${NAME}=${await tokenFor({ uid: "u" }, NAME, "another-secret-0123456789abcdef0123456789")}`))).toBeNull();
    expect(await sessionUserId(request(`${NAME}=${await tokenFor({ uid: "u" }, "some-other-salt")}`))).toBeNull();
    expect(await sessionUserId(request(`${NAME}=${await tokenFor({ sub: "only-sub" })}`))).toBeNull();
    expect(await sessionUserId(request(`${NAME}=${await tokenFor({ uid: "u" }, NAME, SECRET, -60)}`))).toBeNull();
    expect(await sessionUserId(request(`${NAME}=not-a-jwt`))).toBeNull();
  });

  it("rejects a token signed in longer ago than ASSAY_SESSION_MAX_HOURS, however fresh its expiry", async () => {
    const saved = process.env.ASSAY_SESSION_MAX_HOURS;
    process.env.ASSAY_SESSION_MAX_HOURS = "1";
    try {
      const now = Math.floor(Date.now() / 1000);
      expect(await sessionUserId(request(`${NAME}=${await tokenFor({ uid: "recent", sat: now - 600 })}`))).toBe("recent");
      expect(await sessionUserId(request(`${NAME}=${await tokenFor({ uid: "outlived", sat: now - 3700 })}`))).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.ASSAY_SESSION_MAX_HOURS;
      else process.env.ASSAY_SESSION_MAX_HOURS = saved;
    }
  });

  it("answers a repeated token from its cache for at most five minutes", async () => {
    const token = await tokenFor({ uid: "user-3" });
    const now = Date.now();
    expect(await sessionUserId(request(`${NAME}=${token}`), now)).toBe("user-3");
    // With another secret the token cannot be decrypted: the same answer can only come from the cache…
    process.env.AUTH_SECRET = "rotated-secret-0123456789abcdef0123456789";
    expect(await sessionUserId(request(`${NAME}=${token}`), now + 60_000)).toBe("user-3");
    // …and after five minutes the token is decrypted again, and refused.
    expect(await sessionUserId(request(`${NAME}=${token}`), now + 5 * 60_000 + 1)).toBeNull();
  });
});
