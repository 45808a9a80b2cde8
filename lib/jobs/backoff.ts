// Retry timing of background jobs, pure so that the schedule can be read and tested on its own.

export type RetryPolicy = { maxAttempts: number; backoffMs: number; maxBackoffMs: number };

/** Delay before the next try after `attemptsMade` failed attempts (1, 2, ...): doubling from backoffMs, capped. */
export function retryDelayMs(policy: Pick<RetryPolicy, "backoffMs" | "maxBackoffMs">, attemptsMade: number): number {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError(`attemptsMade must be a whole number >= 1, got ${attemptsMade}`);
  // 2^30 already exceeds any cap in milliseconds; stop there so the arithmetic stays exact.
  const factor = 2 ** Math.min(attemptsMade - 1, 30);
  return Math.min(policy.backoffMs * factor, policy.maxBackoffMs);
}

/** Total time a job may keep retrying: the sum of every delay before its last attempt. */
export function retryWindowMs(policy: RetryPolicy): number {
  let total = 0;
  for (let attempt = 1; attempt < policy.maxAttempts; attempt++) total += retryDelayMs(policy, attempt);
  return total;
}

/**
 * Webhook deliveries retry for about a day (Standard Webhooks' receivers expect retries, and an
 * outage of a chat tool over a night should not lose an alert): 5 s doubling to a 2 h cap,
 * 23 attempts ≈ 24.8 h in all.
 */
export const WEBHOOK_RETRY_POLICY: RetryPolicy = { maxAttempts: 23, backoffMs: 5_000, maxBackoffMs: 2 * 60 * 60 * 1000 };
