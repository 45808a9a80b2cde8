// How long a session lasts (issue 19): an idle timeout (the session JWT's sliding expiry, renewed
// whenever a page is rendered) and an absolute lifetime counted from sign-in, after which the
// user signs in again however active they were. Both come from the environment (README).

export type SessionLifetime = { idleSeconds: number; absoluteSeconds: number };

const HOUR = 3600;
export const DEFAULT_IDLE_HOURS = 24 * 14;
export const DEFAULT_ABSOLUTE_HOURS = 24 * 30;

function hours(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a number of hours above 0 (got "${raw}")`);
  return value;
}

export function sessionLifetimeFromEnv(env: Record<string, string | undefined> = process.env): SessionLifetime {
  const idle = hours("ASSAY_SESSION_IDLE_HOURS", env.ASSAY_SESSION_IDLE_HOURS, DEFAULT_IDLE_HOURS);
  const absolute = hours("ASSAY_SESSION_MAX_HOURS", env.ASSAY_SESSION_MAX_HOURS, DEFAULT_ABSOLUTE_HOURS);
  // An idle timeout longer than the whole lifetime means nothing; the lifetime caps it.
  return { idleSeconds: Math.round(Math.min(idle, absolute) * HOUR), absoluteSeconds: Math.round(absolute * HOUR) };
}

/** Whether a session signed in at `signedInAt` (seconds since the epoch) is past its lifetime. */
export function sessionOutlived(signedInAt: unknown, nowSeconds: number, lifetime: SessionLifetime): boolean {
  if (typeof signedInAt !== "number") return false;
  return nowSeconds - signedInAt > lifetime.absoluteSeconds;
}
