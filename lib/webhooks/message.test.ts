import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { alertMessage, newWebhookSecret, signedHeaders, webhookUrlProblem } from "./message";

const secret = newWebhookSecret(new Uint8Array(24).fill(7));

describe("webhook signatures (Standard Webhooks)", () => {
  it("verify with an independent HMAC-SHA256 over id.timestamp.body", () => {
    const at = new Date("2026-11-30T12:00:00Z");
    const body = JSON.stringify({ hello: "world" });
    const headers = signedHeaders(secret, "msg_1", at, body);
    expect(headers["webhook-timestamp"]).toBe("1796040000");
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const expected = crypto.createHmac("sha256", key).update(`msg_1.1796040000.${body}`).digest("base64");
    expect(headers["webhook-signature"]).toBe(`v1,${expected}`);
  });

  it("a receiver using the reference verifier accepts it, and rejects a changed body", () => {
    const now = new Date();
    const body = '{"a":1}';
    const headers = signedHeaders(secret, "msg_2", now, body);
    expect(new Webhook(secret).verify(body, headers)).toEqual({ a: 1 });
    expect(() => new Webhook(secret).verify('{"a":2}', headers)).toThrow();
  });

  it("refuses short secrets", () => {
    expect(() => newWebhookSecret(new Uint8Array(8))).toThrow(RangeError);
  });
});

describe("alert message", () => {
  it("carries a Slack-compatible text naming the metric, the change and the reason", () => {
    const message = alertMessage(
      { id: "a1", kind: "metric", subject: "policy_violation", subjectLabel: "Policy violation rate", week: "2026-W47", fromStatus: "within", toStatus: "critical", reason: "lower bound 1.4 % > threshold 1.0 %", createdAt: new Date("2026-11-24T08:00:00Z") },
      { slug: "support", name: "Support assistant" },
      "https://assay.example.com/",
    );
    expect(message.text).toBe("[Support assistant] Policy violation rate (2026-W47): within → critical. lower bound 1.4 % > threshold 1.0 % https://assay.example.com/p/support/alerts");
    expect(message.alert?.url).toBe("https://assay.example.com/p/support/alerts");
  });
});

describe("webhook URL shape", () => {
  it.each([
    ["ftp://example.com/x", "only http and https"],
    ["file:///etc/passwd", "only http and https"],
    ["javascript:alert(1)", "only http and https"],
    ["https://user:pw@example.com/", "credentials"],
    ["not a url", "full URL"],
  ])("%s is refused", (url, problem) => {
    expect(webhookUrlProblem(url)).toContain(problem);
  });
  it("accepts http and https", () => {
    expect(webhookUrlProblem("https://hooks.slack.com/services/T/B/X")).toBeNull();
    expect(webhookUrlProblem("http://receiver.internal.example:8080/hook")).toBeNull();
  });
});
