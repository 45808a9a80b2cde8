import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, issuerOrigin } from "./csp";

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `))?.slice(name.length + 1);

describe("the content security policy", () => {
  it("lets only scripts with the request's nonce run, never inline or eval in production", () => {
    const nonce = createNonce();
    const policy = contentSecurityPolicy({ nonce });
    expect(directive(policy, "script-src")).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).not.toContain("unsafe-eval");
    expect(directive(policy, "script-src")).not.toContain("unsafe-inline");
    expect(directive(policy, "object-src")).toBe("'none'");
    expect(directive(policy, "frame-ancestors")).toBe("'none'");
    expect(directive(policy, "base-uri")).toBe("'self'");
  });

  it("fetches no remote image, font or connection", () => {
    const policy = contentSecurityPolicy({ nonce: createNonce() });
    expect(directive(policy, "img-src")).toBe("'self' data: blob:");
    expect(directive(policy, "connect-src")).toBe("'self'");
    expect(directive(policy, "font-src")).toBe("'self'");
  });

  it("gives a new nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("refuses a nonce that could break out of the header", () => {
    expect(() => contentSecurityPolicy({ nonce: "abc'; script-src *" })).toThrow();
  });

  it("lets a form go to the OIDC provider when one is configured, and eval only in development", () => {
    const policy = contentSecurityPolicy({ nonce: createNonce(), development: true, formActionOrigins: [issuerOrigin("https://login.example.com/realms/x")!] });
    expect(directive(policy, "form-action")).toBe("'self' https://login.example.com");
    expect(directive(policy, "script-src")).toContain("'unsafe-eval'");
    expect(issuerOrigin("not a url")).toBeNull();
  });
});
