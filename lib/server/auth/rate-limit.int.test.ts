import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { TooManyRequestsError } from "@/lib/server/errors";
import { errorResponse } from "@/lib/server/http/respond";
import { authenticateBearer } from "./bearer";
import { assertNotRateLimited, clearRateLimit, recordRateLimitedFailure, RATE_LIMIT_POLICIES } from "./rate-limit";

const key = () => `test-${crypto.randomBytes(4).toString("hex")}`;

describe("rate limits (PostgreSQL store)", () => {
  it("refuses the failure that goes over the limit, with the time to wait, until cleared", async () => {
    const account = key();
    for (let i = 0; i < RATE_LIMIT_POLICIES.signInAccount.points; i++) await recordRateLimitedFailure("signInAccount", account);
    await assertNotRateLimited("signInAccount", account);
    const over = await recordRateLimitedFailure("signInAccount", account).catch((e) => e);
    expect(over).toBeInstanceOf(TooManyRequestsError);
    expect(over.retryAfterSeconds).toBeGreaterThan(800);
    expect(over.message).toBe("Too many failed sign-ins for this account. Try again in 15 minutes.");
    await expect(assertNotRateLimited("signInAccount", account)).rejects.toBeInstanceOf(TooManyRequestsError);
    // Another account is not affected.
    await assertNotRateLimited("signInAccount", key());
    await clearRateLimit("signInAccount", account);
    await assertNotRateLimited("signInAccount", account);
  });

  it("invalid API keys from one address get a 429 with Retry-After", async () => {
    const address = `198.51.100.${crypto.randomInt(1, 250)}-${key()}`;
    const request = () => new Request("http://test/api/v1/outputs", { headers: { authorization: "Bearer assay_not-a-real-key-000000000000", "x-assay-client-ip": address } });
    for (let i = 0; i < RATE_LIMIT_POLICIES.apiKeyAddress.points; i++) expect(await authenticateBearer(request(), "Bearer assay_not-a-real-key-000000000000")).toBeNull();
    const error = await authenticateBearer(request(), "Bearer assay_not-a-real-key-000000000000").catch((e) => e);
    const response = errorResponse(error);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(200);
    expect(await response.json()).toMatchObject({ error: "rate_limited" });
  });
});
