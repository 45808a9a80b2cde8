// The session of a JSON API request, read straight from its cookie. Auth.js's auth() decrypts the
// session JWT and re-encrypts a refreshed one on every call (two key derivations and two AES
// passes); for the review API that was the largest single cost of a request. Route handlers only
// need the user id: the token is decrypted once and the result kept until it expires (at most
// five minutes), keyed by the token itself. Authorisation does not depend on this cache: the
// user row is re-read on every request, so disabling a user still takes effect at once.
// Pages keep using auth(), which also slides the session's expiry.
import "server-only";
import { getToken } from "next-auth/jwt";
import { sessionLifetimeFromEnv, sessionOutlived } from "@/lib/auth/session-lifetime";

const SESSION_COOKIE = "authjs.session-token";
const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;
const MAX_CACHED_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

export type RequestSession = { userId: string; /** The user's session version the token was issued under (decision 012). */ sessionVersion: number };

const decoded = new Map<string, { session: RequestSession | null; until: number }>();

function sessionCookieValue(cookieHeader: string, name: string): string | null {
  // Large tokens are split into name.0, name.1, …; ours carry only the user id and are not,
  // but the joined value of all chunks is what identifies the token either way.
  const parts: string[] = [];
  for (const pair of cookieHeader.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const key = pair.slice(0, eq).trim();
    if (key === name || key.startsWith(`${name}.`)) parts.push(`${key}=${pair.slice(eq + 1).trim()}`);
  }
  return parts.length ? parts.sort().join(";") : null;
}

/** The signed-in user id of a request's session cookie, or null (no cookie, invalid, expired). */
export async function sessionUserId(request: Request, now = Date.now()): Promise<string | null> {
  return (await requestSession(request, now))?.userId ?? null;
}

/**
 * The session of a request's cookie: the user id and the session version it was issued under
 * (tokens from before versions existed count as version 0), or null (no cookie, invalid, expired).
 * Whether that version is still the user's is checked against the user row by the caller.
 */
export async function requestSession(request: Request, now = Date.now()): Promise<RequestSession | null> {
  const cookieHeader = request.headers.get("cookie");
  const secret = process.env.AUTH_SECRET;
  if (!cookieHeader || !secret) return null;
  const secureCookie = cookieHeader.includes(SECURE_SESSION_COOKIE);
  const key = sessionCookieValue(cookieHeader, secureCookie ? SECURE_SESSION_COOKIE : SESSION_COOKIE);
  if (!key) return null;
  const hit = decoded.get(key);
  if (hit && hit.until > now) return hit.session;
  const token = await getToken({ req: request, secret, secureCookie, salt: secureCookie ? SECURE_SESSION_COOKIE : SESSION_COOKIE }).catch(() => null);
  // The jwt callback in lib/server/auth/auth.ts stores our user id as `uid` (`sub` may be an OIDC subject).
  const outlived = sessionOutlived(token?.sat, Math.floor(now / 1000), sessionLifetimeFromEnv());
  const userId = typeof token?.uid === "string" && !outlived ? token.uid : null;
  const session = userId ? { userId, sessionVersion: typeof token?.sv === "number" ? token.sv : 0 } : null;
  const expires = typeof token?.exp === "number" ? token.exp * 1000 : now;
  if (decoded.size >= MAX_ENTRIES) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, { session, until: userId ? Math.min(expires, now + MAX_CACHED_MS) : now + 5_000 });
  return session;
}
