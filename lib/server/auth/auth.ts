// Auth.js configuration: email + password, and OIDC when configured. Sessions are JWTs that
// carry only the user id; every request re-reads the user (lib/server/auth/current.ts), so a
// disabled user loses access at once rather than when the token expires.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { z } from "zod";
import { authenticateWithPassword, endUserSessions, findOrLinkOidcUser, readSessionVersion } from "@/lib/server/users/users";
import { oidcIdentityFromProfile, oidcSettingsFromEnv } from "@/lib/auth/oidc";
import { assertNotRateLimited, clearRateLimit, clientAddress, recordRateLimitedFailure } from "@/lib/server/auth/rate-limit";
import { TooManyRequestsError } from "@/lib/server/errors";
import { recordAuditEvent } from "@/lib/server/audit-log/audit-log";
import { sessionLifetimeFromEnv, sessionOutlived } from "@/lib/auth/session-lifetime";

const sessionLifetime = sessionLifetimeFromEnv();

class DisabledAccount extends CredentialsSignin {
  code = "disabled";
}

class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({ email: z.string().trim().min(1), password: z.string().min(1) });

const providers: Provider[] = [
  Credentials({
    id: "credentials",
    credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
    async authorize(raw, request) {
      const parsed = credentialsSchema.safeParse(raw);
      if (!parsed.success) return null;
      const account = parsed.data.email.toLowerCase();
      const address = clientAddress(request.headers);
      try {
        await assertNotRateLimited("signInAccount", account);
        await assertNotRateLimited("signInAddress", address);
        const result = await authenticateWithPassword(parsed.data);
        if (!result.ok) {
          await recordAuditEvent({ projectId: null, actor: { kind: "anonymous", label: account }, action: "sign_in.failed", summary: result.reason === "disabled" ? "Sign-in refused: account disabled" : "Sign-in failed: wrong email or password", address });
          if (result.reason === "disabled") throw new DisabledAccount();
          await recordRateLimitedFailure("signInAccount", account);
          await recordRateLimitedFailure("signInAddress", address);
          return null;
        }
        await clearRateLimit("signInAccount", account);
        await recordAuditEvent({ projectId: null, actor: result.user, action: "sign_in.succeeded", target: { type: "user", id: result.user.userId }, summary: "Signed in with a password", address });
        return { id: result.user.userId, email: result.user.email, name: result.user.name };
      } catch (error) {
        if (error instanceof TooManyRequestsError) throw new RateLimitedSignIn();
        throw error;
      }
    },
  }),
];

const oidc = oidcSettingsFromEnv();
if (oidc) {
  providers.push({
    id: "oidc",
    name: oidc.name,
    type: "oidc",
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
  });
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  providers,
  // maxAge is the idle timeout: the token's expiry slides forward whenever a page renders.
  session: { strategy: "jwt", maxAge: sessionLifetime.idleSeconds },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin" || error.name === "RateLimitedSignIn") return;
      console.error(error);
    },
  },
  // Self-hosted behind arbitrary proxies: the host header is trusted, as AUTH_URL may be unset.
  trustHost: true,
  events: {
    // Sign-out means signed out: the JWT itself cannot be recalled, so the user's session version
    // moves on and every token issued under the old one stops working (decision 012).
    async signOut(message) {
      const uid = "token" in message ? message.token?.uid : undefined;
      if (typeof uid === "string") await endUserSessions(uid);
    },
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      const actor = await findOrLinkOidcUser(oidcIdentityFromProfile("oidc", account.providerAccountId, profile));
      return actor ? true : "/sign-in?error=AccessDenied";
    },
    async jwt({ token, user, account }) {
      if (account?.provider === "oidc") {
        const actor = await findOrLinkOidcUser({ provider: "oidc", providerAccountId: account.providerAccountId, email: null, emailVerified: false, name: null });
        if (actor) token.uid = actor.userId;
      } else if (user?.id) {
        token.uid = user.id;
      }
      // At sign-in (user or account present) the token records the session version it belongs to.
      if ((user || account) && typeof token.uid === "string") token.sv = await readSessionVersion(token.uid);
      // The absolute lifetime counts from sign-in (a token from before this existed starts now).
      const now = Math.floor(Date.now() / 1000);
      if (user || account || typeof token.sat !== "number") token.sat = now;
      if (sessionOutlived(token.sat, now, sessionLifetime)) return null;
      return token;
    },
    session({ session, token }) {
      if (token.uid && session.user) {
        session.user.id = token.uid as string;
        (session.user as { sessionVersion?: number }).sessionVersion = typeof token.sv === "number" ? token.sv : 0;
      }
      return session;
    },
  },
});
