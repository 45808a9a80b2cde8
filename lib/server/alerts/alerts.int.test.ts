import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { makeProject } from "@/tests/fixtures";
import { runDueJobs } from "@/lib/server/jobs/runner";
import { JOB_HANDLERS } from "@/lib/server/jobs/handlers";
import { createWebhook, deleteWebhook, listWebhooks } from "@/lib/server/webhooks/webhooks";
import { addressProblem, deliverWebhookMessage, resolveWebhookTarget } from "@/lib/server/webhooks/deliver";
import { acknowledgeAlert, listAlerts, recordAlert, type AlertTransition } from "./alerts";
import { NotFoundError } from "@/lib/server/errors";

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A local receiver answering with the given status codes in turn (then 200). */
function receiver(statuses: number[], redirectTo?: string) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, redirectTo && status >= 300 && status < 400 ? { location: redirectTo } : {});
      res.end("ok");
    });
  });
  return {
    received,
    server,
    async start() {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    },
  };
}

const makeDue = async () => (await getDatabase()).query(`UPDATE "Job" SET "runAt" = now() - interval '1 second' WHERE status = 'queued'`);

describe("alerts delivered to webhooks", () => {
  const previousAllow = process.env.ASSAY_WEBHOOK_ALLOW_ADDRESSES;
  beforeAll(() => {
    // The test receiver listens on loopback, which webhooks otherwise refuse.
    process.env.ASSAY_WEBHOOK_ALLOW_ADDRESSES = "127.0.0.1";
  });
  afterAll(() => {
    process.env.ASSAY_WEBHOOK_ALLOW_ADDRESSES = previousAllow ?? "";
  });

  it("fires once per transition, is retried after a 500 and delivered after recovery with a valid signature", async () => {
    const { project, members } = await makeProject();
    const target = receiver([500]);
    const url = await target.start();
    try {
      const { secret, id: webhookId } = await createWebhook({ actor: members.admin, projectSlug: project.slug, url, description: "test" });
      const transition: AlertTransition = { projectId: project.id, kind: "metric", subject: "policy", subjectLabel: "Policy violation rate", week: "2026-W47", fromStatus: "within", toStatus: "critical", reason: "lower bound 1.4 % > threshold 1.0 %" };
      const first = await recordAlert(transition);
      expect(first.deliveries).toBe(1);
      // The same transition again (a second page view, another instance) records nothing.
      expect(await recordAlert(transition)).toEqual({ alertId: null, deliveries: 0 });
      expect(await listAlerts({ actor: members.qa_lead, projectSlug: project.slug })).toHaveLength(1);

      const handlers = JOB_HANDLERS;
      expect((await runDueJobs({ handlers }))[0].outcome).toBe("retrying");
      await makeDue();
      expect((await runDueJobs({ handlers }))[0].outcome).toBe("succeeded");

      expect(target.received).toHaveLength(2);
      const [failed, delivered] = target.received;
      expect(failed.headers["webhook-id"]).toBe(delivered.headers["webhook-id"]);
      const payload = new Webhook(secret).verify(delivered.body, delivered.headers as Record<string, string>) as { text: string; alert: { toStatus: string } };
      expect(payload.alert.toStatus).toBe("critical");
      expect(payload.text).toContain("Policy violation rate (2026-W47): within → critical");

      const { deliveries } = await listWebhooks({ actor: members.admin, projectSlug: project.slug });
      expect(deliveries.map((d) => [d.webhookId, d.attempt, d.statusCode]).sort()).toEqual([[webhookId, 1, 500], [webhookId, 2, 200]]);
    } finally {
      target.server.close();
    }
  });

  it("does not follow redirects", async () => {
    const inner = receiver([]);
    const innerUrl = await inner.start();
    const outer = receiver([302], innerUrl);
    const outerUrl = await outer.start();
    try {
      const result = await deliverWebhookMessage({ url: outerUrl, secret: "whsec_" + Buffer.alloc(24, 1).toString("base64"), messageId: "m", body: "{}" });
      expect(result).toMatchObject({ statusCode: 302, error: "redirects are not followed" });
      expect(inner.received).toHaveLength(0);
    } finally {
      inner.server.close();
      outer.server.close();
    }
  });

  it("acknowledging names who did it; another project's alert is a 404", async () => {
    const { project, members } = await makeProject();
    const other = await makeProject();
    const { alertId } = await recordAlert({ projectId: project.id, kind: "agreement", subject: "tone", subjectLabel: "Tone α", week: "2026-W46", fromStatus: "reliable", toStatus: "unreliable", reason: "α 0.61 < 0.667" });
    await expect(acknowledgeAlert({ actor: other.members.qa_lead, projectSlug: other.project.slug, alertId: alertId! })).rejects.toBeInstanceOf(NotFoundError);
    await acknowledgeAlert({ actor: members.qa_lead, projectSlug: project.slug, alertId: alertId! });
    const [alert] = await listAlerts({ actor: members.ml_engineer, projectSlug: project.slug });
    expect(alert.acknowledgedBy).toBe("Test User");
    await expect(acknowledgeAlert({ actor: members.reviewer, projectSlug: project.slug, alertId: alertId! })).rejects.toThrow(/alerts:acknowledge/);
  });

  it("a deleted webhook's queued delivery fails without sending", async () => {
    const { project, members } = await makeProject();
    const target = receiver([]);
    const url = await target.start();
    try {
      const { id } = await createWebhook({ actor: members.admin, projectSlug: project.slug, url, description: null });
      await recordAlert({ projectId: project.id, kind: "metric", subject: "x", subjectLabel: "X", week: null, fromStatus: null, toStatus: "rising", reason: "r" });
      await deleteWebhook({ actor: members.admin, projectSlug: project.slug, webhookId: id });
      // Its job went with it (cascade is not on jobs; the job finds no webhook and fails for good).
      const results = await runDueJobs({ handlers: JOB_HANDLERS });
      expect(results.every((r) => r.outcome === "failed")).toBe(true);
      expect(target.received).toHaveLength(0);
    } finally {
      target.server.close();
    }
  });
});

describe("webhook targets: server-side request forgery is refused", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.5.4", "private"],
    ["192.168.0.10", "private"],
    ["169.254.169.254", "linkLocal"],
    ["fe80::1", "linkLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["100.64.0.7", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["::ffff:127.0.0.1", "loopback"],
  ])("%s (%s)", async (address, range) => {
    expect(addressProblem(address)).toContain(range);
    const host = address.includes(":") ? `[${address}]` : address;
    expect(await resolveWebhookTarget(`http://${host}/hook`)).toContain(range);
  });

  it("a public address is allowed", () => {
    expect(addressProblem("93.184.216.34")).toBeNull();
  });

  it("refuses at connect time: a name that resolves to loopback, and a literal loopback URL, never reach the receiver", async () => {
    const target = receiver([]);
    const url = await target.start();
    const port = new URL(url).port;
    try {
      const secret = "whsec_" + Buffer.alloc(24, 2).toString("base64");
      const byName = await deliverWebhookMessage({ url: `http://localhost:${port}/hook`, secret, messageId: "m1", body: "{}" });
      expect(byName.statusCode).toBeNull();
      expect(byName.error).toMatch(/not allowed|loopback/);
      const literal = await deliverWebhookMessage({ url, secret, messageId: "m2", body: "{}" });
      expect(literal.error).toContain("loopback");
      expect(target.received).toHaveLength(0);
    } finally {
      target.server.close();
    }
  });

  it("creating a webhook to an internal address is a field error and saves nothing", async () => {
    const { project, members } = await makeProject();
    await expect(createWebhook({ actor: members.admin, projectSlug: project.slug, url: "http://169.254.169.254/latest/meta-data", description: null })).rejects.toMatchObject({ issues: [{ field: "url" }] });
    expect(await (await prisma()).webhook.count({ where: { projectId: project.id } })).toBe(0);
  });
});
