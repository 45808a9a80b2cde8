// Runs before every page (Next 16's proxy, formerly middleware): a fresh nonce per request and the
// Content-Security-Policy built with it (lib/security/csp.ts, decision 038). Next reads the
// policy from the request headers while rendering and puts the nonce on its own scripts; the
// browser enforces the copy on the response. API routes answer JSON and files, never HTML, and
// are left out; so are static assets.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, createNonce, issuerOrigin } from "@/lib/security/csp";

export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const oidc = issuerOrigin(process.env.AUTH_OIDC_ISSUER);
  const policy = contentSecurityPolicy({ nonce, development: process.env.NODE_ENV === "development", formActionOrigins: oidc ? [oidc] : [] });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("referrer-policy", "same-origin");
  return response;
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
