// Sends one signed message to a webhook URL. The address is checked where it matters, at connect
// time on every resolved address (request-filtering-agent: anything but public unicast is refused
// — loopback, private, link-local incl. cloud metadata 169.254.169.254, unique-local, CGNAT,
// unspecified, IPv4-mapped), so a DNS name that later resolves inward (rebinding) is refused too.
// Redirects are never followed: a 3xx is a failed attempt, so a public URL cannot bounce the request
// to an internal one.
import "server-only";
import http from "node:http";
import https from "node:https";
import dns from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import { signedHeaders, webhookUrlProblem } from "@/lib/webhooks/message";

export type DeliveryResult = { statusCode: number | null; error: string | null; durationMs: number };

/**
 * Addresses an operator allows despite the rules above (ASSAY_WEBHOOK_ALLOW_ADDRESSES, comma
 * separated IPs or CIDR ranges), e.g. a chat server on the office network. Tests use it for a
 * receiver on 127.0.0.1.
 */
export function allowedAddresses(): string[] {
  return (process.env.ASSAY_WEBHOOK_ALLOW_ADDRESSES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function isAllowedByOperator(address: string): boolean {
  const parsed = ipaddr.process(address);
  return allowedAddresses().some((entry) => {
    try {
      if (entry.includes("/")) {
        const [range, bits] = ipaddr.parseCIDR(entry);
        return parsed.kind() === range.kind() && parsed.match(range, bits);
      }
      return ipaddr.process(entry).toString() === parsed.toString();
    } catch {
      return false;
    }
  });
}

/** Why an address may not receive webhooks, or null when it may (public unicast or operator-allowed). */
export function addressProblem(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  if (isAllowedByOperator(address)) return null;
  // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it hides.
  const range = ipaddr.process(address).range();
  return range === "unicast" ? null : `${address} is a ${range} address; webhooks go only to public addresses`;
}

/** Early feedback when a webhook is saved: the name must resolve, and only to allowed addresses. Delivery checks again. */
export async function resolveWebhookTarget(rawUrl: string): Promise<string | null> {
  const shape = webhookUrlProblem(rawUrl);
  if (shape) return shape;
  const host = new URL(rawUrl).hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return `${host} does not resolve`;
    }
  }
  for (const address of addresses) {
    const problem = addressProblem(address);
    if (problem) return problem;
  }
  return null;
}

export async function deliverWebhookMessage(options: { url: string; secret: string; messageId: string; body: string; now?: Date; timeoutMs?: number }): Promise<DeliveryResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): DeliveryResult => ({ statusCode, error, durationMs: Math.round(performance.now() - started) });
  const shape = webhookUrlProblem(options.url);
  if (shape) return done(null, shape);
  const url = new URL(options.url);
  // A literal IP in the URL is never looked up, so it is checked here; names are checked by the agent's lookup.
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(literal)) {
    const problem = addressProblem(literal);
    if (problem) return done(null, problem);
  }
  const filter = { allowIPAddressList: allowedAddresses(), keepAlive: false };
  const agent = url.protocol === "https:" ? new RequestFilteringHttpsAgent(filter) : new RequestFilteringHttpAgent(filter);
  const headers = { ...signedHeaders(options.secret, options.messageId, options.now ?? new Date(), options.body), "content-type": "application/json", "user-agent": "Assay-Webhooks/1" };
  const send = url.protocol === "https:" ? https.request : http.request;
  return new Promise<DeliveryResult>((resolve) => {
    const request = send(url, { method: "POST", agent, headers, timeout: options.timeoutMs ?? 10_000 }, (response) => {
      // The body is not needed; drain it so the socket closes.
      response.resume();
      response.on("end", () => {
        const status = response.statusCode ?? null;
        if (status !== null && status >= 300 && status < 400) resolve(done(status, "redirects are not followed"));
        else resolve(done(status, status !== null && status >= 200 && status < 300 ? null : `the receiver answered ${status}`));
      });
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)));
    request.on("error", (error) => resolve(done(null, error.message)));
    request.end(options.body);
  });
}
