// Failed sign-ins and API-key attempts are limited per account and per client address, with the
// counters in PostgreSQL so that every app instance sees the same ones (rate-limiter-flexible's
// PostgreSQL store; decision 028). Only failures count: a user who signs in correctly is never
// slowed down, and a success clears the account's counter.
import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getDatabase, type Database } from "@/lib/server/db/client";
import { TooManyRequestsError } from "@/lib/server/errors";

export const RATE_LIMIT_POLICIES = {
  /** Wrong passwords for one account: 10 in 15 minutes, then that account is refused for 15 minutes. */
  signInAccount: { points: 10, duration: 15 * 60, blockDuration: 15 * 60, what: "failed sign-ins for this account" },
  /** Wrong passwords from one address, over all accounts (password spraying). */
  signInAddress: { points: 50, duration: 15 * 60, blockDuration: 15 * 60, what: "failed sign-ins from your address" },
  /** Unknown or revoked API keys from one address. */
  apiKeyAddress: { points: 30, duration: 5 * 60, blockDuration: 5 * 60, what: "requests with an invalid API key from your address" },
} as const;
export type RateLimitPolicy = keyof typeof RATE_LIMIT_POLICIES;

const limiters = new WeakMap<Database, Map<RateLimitPolicy, RateLimiterPostgres>>();

async function limiter(policy: RateLimitPolicy): Promise<RateLimiterPostgres> {
  const database = await getDatabase();
  let perDatabase = limiters.get(database);
  if (!perDatabase) limiters.set(database, (perDatabase = new Map()));
  let existing = perDatabase.get(policy);
  if (!existing) {
    const { points, duration, blockDuration } = RATE_LIMIT_POLICIES[policy];
    existing = new RateLimiterPostgres({
      // Through Assay's own query function (both databases), and as unnamed statements: the library
      // would otherwise prepare named ones, which the one-session embedded database keeps across
      // pool connections.
      storeClient: {
        query: async ({ text, values }: { text: string; values?: unknown[] }) => {
          const { rows } = await database.query(text, values);
          return { rows, rowCount: rows.length };
        },
      },
      storeType: "pool",
      tableName: "RateLimit",
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: policy,
      points,
      duration,
      blockDuration,
    });
    perDatabase.set(policy, existing);
  }
  return existing;
}

function enabled(): boolean {
  return process.env.ASSAY_RATE_LIMITS !== "0";
}

/** Throws TooManyRequestsError when the key is already over its limit; counts nothing. */
export async function assertNotRateLimited(policy: RateLimitPolicy, key: string): Promise<void> {
  if (!enabled()) return;
  const state = await (await limiter(policy)).get(key);
  if (state && state.consumedPoints > RATE_LIMIT_POLICIES[policy].points) {
    throw new TooManyRequestsError(Math.max(1, Math.ceil(state.msBeforeNext / 1000)), RATE_LIMIT_POLICIES[policy].what);
  }
}

/** Counts one failure; throws TooManyRequestsError when this one goes over the limit. */
export async function recordRateLimitedFailure(policy: RateLimitPolicy, key: string): Promise<void> {
  if (!enabled()) return;
  try {
    await (await limiter(policy)).consume(key, 1);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new TooManyRequestsError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), RATE_LIMIT_POLICIES[policy].what);
    throw rejection;
  }
}

export async function clearRateLimit(policy: RateLimitPolicy, key: string): Promise<void> {
  if (!enabled()) return;
  await (await limiter(policy)).delete(key);
}

/**
 * The client's address as the custom server (scripts/start.ts) recorded it: the socket's peer, or
 * with ASSAY_TRUST_PROXY=1 the first X-Forwarded-For hop. Any value the client sent in this header
 * itself is overwritten there.
 */
export function clientAddress(headers: Headers): string {
  return headers.get("x-assay-client-ip") || "unknown";
}
