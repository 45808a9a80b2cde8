// The Content-Security-Policy of every page (decision 038). Scripts run only with the request's
// nonce ('strict-dynamic' lets Next's nonced loader pull in its own chunks), so a script that a
// hostile model output manages to place in the page does not run; images, fonts and connections
// stay on this origin, so a remote image in an output is never fetched. Styles allow inline
// attributes: React and the chart library set style="" on elements, which a nonce cannot cover,
// and a style cannot run code.

export type CspOptions = {
  nonce: string;
  /** `next dev` needs eval for React's error overlays; production never does. */
  development?: boolean;
  /** Origins a form may post or redirect to besides this one (the OIDC provider's sign-in page). */
  formActionOrigins?: readonly string[];
};

/** A fresh nonce: 16 random bytes, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(options: CspOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(options.nonce)) throw new Error("contentSecurityPolicy: the nonce must be base64 of at least 16 characters");
  const formAction = ["'self'", ...(options.formActionOrigins ?? [])].join(" ");
  const directives: [string, string][] = [
    ["default-src", "'self'"],
    ["script-src", `'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`],
    ["style-src", "'self' 'unsafe-inline'"],
    ["img-src", "'self' data: blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["media-src", "'self'"],
    ["object-src", "'none'"],
    ["frame-src", "'none'"],
    ["worker-src", "'self' blob:"],
    ["base-uri", "'self'"],
    ["form-action", formAction],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join("; ");
}

/** The origin of an OIDC issuer URL, or null when unset or not a URL. */
export function issuerOrigin(issuer: string | undefined): string | null {
  if (!issuer) return null;
  try {
    return new URL(issuer).origin;
  } catch {
    return null;
  }
}
