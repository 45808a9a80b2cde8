// SSO through any OpenID Connect provider, switched on by environment variables.
export type OidcSettings = { issuer: string; clientId: string; clientSecret: string; name: string };

export function oidcSettingsFromEnv(env: Record<string, string | undefined> = process.env): OidcSettings | null {
  const issuer = env.AUTH_OIDC_ISSUER;
  const clientId = env.AUTH_OIDC_CLIENT_ID;
  const clientSecret = env.AUTH_OIDC_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, name: env.AUTH_OIDC_NAME ?? "SSO" };
}

export type OidcIdentity = { provider: string; providerAccountId: string; email: string | null; emailVerified: boolean; name: string | null };

/**
 * What Assay takes from an identity provider's profile. The email counts as verified only when the
 * provider says so (`email_verified` true; some providers, e.g. Cognito, send the string "true"):
 * a lax provider lets anyone claim any address, and linking on it would hand them that account.
 */
export function oidcIdentityFromProfile(provider: string, providerAccountId: string, profile: Record<string, unknown> | null | undefined): OidcIdentity {
  const email = typeof profile?.email === "string" && profile.email.trim() !== "" ? profile.email : null;
  const verified = profile?.email_verified === true || profile?.email_verified === "true";
  const name = typeof profile?.name === "string" ? profile.name : null;
  return { provider, providerAccountId, email, emailVerified: email !== null && verified, name };
}
