// What Assay sends to a webhook, and how it is signed: the Standard Webhooks scheme (webhook-id,
// webhook-timestamp, webhook-signature = "v1," + base64 HMAC-SHA256 of "id.timestamp.body" under
// the webhook's secret), through the scheme's reference library rather than hand-rolled HMAC code.
// The body carries a Slack-compatible `text`, so a Slack or Mattermost incoming webhook shows the
// alert without any glue.
import { Webhook } from "standardwebhooks";

export type AlertForMessage = {
  id: string;
  kind: string;
  subject: string;
  subjectLabel: string;
  week: string | null;
  fromStatus: string | null;
  toStatus: string;
  reason: string;
  createdAt: Date;
};

export type WebhookMessage = {
  type: "alert.created" | "webhook.test";
  timestamp: string;
  text: string;
  project: { slug: string; name: string };
  alert?: Omit<AlertForMessage, "createdAt"> & { createdAt: string; url: string };
};

export function alertMessage(alert: AlertForMessage, project: { slug: string; name: string }, appUrl: string): WebhookMessage {
  const url = `${appUrl.replace(/\/+$/, "")}/p/${project.slug}/alerts`;
  const change = alert.fromStatus ? `${alert.fromStatus} → ${alert.toStatus}` : alert.toStatus;
  const week = alert.week ? ` (${alert.week})` : "";
  return {
    type: "alert.created",
    timestamp: alert.createdAt.toISOString(),
    text: `[${project.name}] ${alert.subjectLabel}${week}: ${change}. ${alert.reason} ${url}`,
    project,
    alert: { ...alert, createdAt: alert.createdAt.toISOString(), url },
  };
}

export function testMessage(project: { slug: string; name: string }, now: Date): WebhookMessage {
  return { type: "webhook.test", timestamp: now.toISOString(), text: `[${project.name}] Test message from Assay: this webhook works.`, project };
}

/** A new secret in the Standard Webhooks form ("whsec_" + base64 of 24 random bytes). */
export function newWebhookSecret(randomBytes: Uint8Array): string {
  if (randomBytes.length < 24) throw new RangeError("a webhook secret needs at least 24 random bytes");
  return `whsec_${Buffer.from(randomBytes).toString("base64")}`;
}

/** The three headers of a signed message. */
export function signedHeaders(secret: string, messageId: string, timestamp: Date, body: string): Record<string, string> {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, timestamp, body),
  };
}

/**
 * Why a URL cannot be a webhook target, or null. Only the shape is checked here; the address it
 * resolves to is checked when connecting (lib/server/webhooks/deliver.ts), after every DNS answer.
 */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "enter a full URL, e.g. https://hooks.example.com/assay";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "only http and https URLs are allowed";
  if (url.username || url.password) return "put credentials in the receiver's settings, not in the URL";
  if (!url.hostname) return "the URL has no host";
  if (raw.length > 2000) return "the URL is longer than 2,000 characters";
  return null;
}
