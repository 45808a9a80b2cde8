import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { runDueJobs } from "@/lib/server/jobs/runner";
import { JOB_HANDLERS } from "@/lib/server/jobs/handlers";
import { createWebhook } from "@/lib/server/webhooks/webhooks";
import { incidentReviewEventHandler } from "./review-event-handler";
import { commentOnIncident, createIncident, recordNearMissesFromOutputs, updateIncident } from "./incidents";
import { signOffMonth } from "./monthly-review";
import { INCIDENT_MESSAGE_DELIVERY_QUEUE, INCIDENT_NOTIFICATION_QUEUE, listIncidentNotifications, queueOverdueIncidentNotifications } from "./notifications";
import { flaggedDimensions, HARMFUL, labelEvent, makeIncidentProject, NEAR_MISS } from "@/tests/fixtures/incidents";

const ctx = { dimensions: flaggedDimensions() };
const march = (day: number, hour = 9) => new Date(Date.UTC(2026, 2, day, hour));

type Received = { headers: http.IncomingHttpHeaders; body: string };

function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200);
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

const QUEUES = { [INCIDENT_NOTIFICATION_QUEUE]: JOB_HANDLERS[INCIDENT_NOTIFICATION_QUEUE], [INCIDENT_MESSAGE_DELIVERY_QUEUE]: JOB_HANDLERS[INCIDENT_MESSAGE_DELIVERY_QUEUE] };

/** Runs the incident queues until nothing is due (retries made due at once). */
async function drainJobs() {
  for (let round = 0; round < 10; round++) {
    const done = await runDueJobs({ handlers: QUEUES, limit: 50 });
    await (await getDatabase()).query(`UPDATE "Job" SET "runAt" = now() - interval '1 second' WHERE status = 'queued' AND queue = ANY($1::text[])`, [Object.keys(QUEUES)]);
    if (done.length === 0) return;
  }
}

async function notificationTypes(projectId: string) {
  const db = await prisma();
  const jobs = await db.job.findMany({ where: { projectId, queue: INCIDENT_NOTIFICATION_QUEUE }, orderBy: { createdAt: "asc" } });
  return jobs.map((j) => (j.payload as { notification: { type: string } }).notification.type);
}

const messagesOf = (target: ReturnType<typeof receiver>, secret: string) =>
  target.received.map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { type: string; text: string; incident: { reference: string } | null });

describe("incident notifications", () => {
  const previousAllow = process.env.ASSAY_WEBHOOK_ALLOW_ADDRESSES;
  beforeAll(() => {
    process.env.ASSAY_WEBHOOK_ALLOW_ADDRESSES = "127.0.0.1";
  });
  afterAll(() => {
    process.env.ASSAY_WEBHOOK_ALLOW_ADDRESSES = previousAllow ?? "";
  });

  it("a label opening an S2 incident is announced once, signed, and retried after a 500; an S3 is not", async () => {
    const { project, reviewers, items, rubric, members } = await makeIncidentProject();
    const target = receiver([500]);
    const url = await target.start();
    try {
      const { secret } = await createWebhook({ actor: members.admin, projectSlug: project.slug, url, description: "incidents channel" });
      const harmful = await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], reviewer: reviewers[0], values: HARMFUL, at: march(3) });
      await incidentReviewEventHandler.handle(harmful, ctx);
      await incidentReviewEventHandler.handle(harmful, ctx); // a replayed event announces nothing twice
      // Another label on the same output attaches: no new announcement.
      await incidentReviewEventHandler.handle(await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], reviewer: reviewers[1], values: HARMFUL, at: march(3, 10) }), ctx);
      await incidentReviewEventHandler.handle(await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[1], reviewer: reviewers[0], values: NEAR_MISS, at: march(3) }), ctx);
      expect(await notificationTypes(project.id)).toEqual(["incident.opened"]);

      await drainJobs();
      expect(target.received).toHaveLength(2);
      expect(target.received[0].headers["webhook-id"]).toBe(target.received[1].headers["webhook-id"]);
      const [message] = messagesOf(target, secret).slice(-1);
      expect(message.type).toBe("incident.opened");
      expect(message.incident?.reference).toBe("INC-1");
      expect(message.text).toMatch(/^\[.+\] New INC-1 \(S2 harm, Unsafe advice\): Harm flagged in review: .+ Opened by a review label\. http.+\/incidents\/.+/);

      const db = await prisma();
      const incident = await db.incident.findFirstOrThrow({ where: { projectId: project.id, number: 1 } });
      expect(await listIncidentNotifications(project.id, incident.id)).toMatchObject([{ type: "incident.opened", state: "delivered", webhooks: 1, delivered: 1 }]);
      expect((await db.webhookDelivery.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" } })).map((d) => [d.attempt, d.statusCode])).toEqual([[1, 500], [2, 200]]);
    } finally {
      target.server.close();
    }
  });

  it("announces an owner assigned, a rise into S1/S2 and @mentions, each once, and nothing for refused changes", async () => {
    const { project, members, reviewers, items } = await makeIncidentProject();
    const target = receiver();
    const url = await target.start();
    try {
      const { secret } = await createWebhook({ actor: members.admin, projectSlug: project.slug, url, description: null });
      const { id } = await createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { title: "Refund promised by the bot", kind: "harm", severity: "S3", category: "misleading_content", detectedAt: march(2).toISOString() }, now: march(2, 10) });
      expect(await notificationTypes(project.id)).toEqual([]);
      await updateIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, fields: { ownerId: members.admin.userId } });
      await updateIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, fields: { severity: "S2" } });
      // S2 → S1 stays within the urgent band: already announced as urgent, not again.
      await updateIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, fields: { severity: "S1" } });
      // Saving the same owner again changes nothing and announces nothing.
      await updateIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, fields: { ownerId: members.admin.userId } });
      const handle = reviewers[0].email.split("@")[0];
      await commentOnIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, comment: `@${handle} did you see this one?` });
      await commentOnIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, comment: "No mention here." });
      // A refused change (a bad owner) queues nothing.
      await expect(updateIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, fields: { ownerId: "not-a-member" } })).rejects.toMatchObject({ status: 400 });
      expect(await notificationTypes(project.id)).toEqual(["incident.assigned", "incident.escalated", "incident.mentioned"]);

      // A hand-recorded S1 with an owner: both at once.
      await createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { title: "Card number echoed", kind: "boundary_violation", severity: "S1", category: "sensitive_data_exposure", ownerId: members.qa_lead.userId, detectedAt: march(4).toISOString() }, now: march(4, 10) });
      // Bulk near misses at S2: one message for the batch.
      await recordNearMissesFromOutputs({ actor: members.qa_lead, projectSlug: project.slug, request: { outputIds: items.map((i) => i.outputId), severity: "S2" }, now: march(5) });
      await drainJobs();
      const texts = messagesOf(target, secret).map((m) => `${m.type}: ${m.text}`);
      expect(texts).toHaveLength(6);
      expect(texts).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^incident\.assigned: .+ Test User now owns INC-1 .+ \(assigned by Test User\)/),
          expect.stringMatching(/^incident\.escalated: .+ INC-1 raised from S3 to S2 by Test User/),
          expect.stringMatching(/^incident\.mentioned: .+ Test User mentioned Test User on INC-1: "@.+ did you see this one\?"/),
          expect.stringMatching(/^incident\.opened: .+ New INC-2 \(S1 boundary violation, Sensitive data exposure\): Card number echoed/),
          expect.stringMatching(/^incident\.assigned: .+ now owns INC-2/),
          expect.stringMatching(/^incident\.opened: .+ 3 new S2 near miss incidents recorded from the outputs explorer by Test User: INC-3, INC-4, INC-5\./),
        ]),
      );
    } finally {
      target.server.close();
    }
  });

  it("warns once per incident and severity when an incident outlives its SLA; without a webhook it is shown as not sent, and a webhook added later gets no old ones", async () => {
    const { project, members } = await makeIncidentProject();
    const make = (title: string, severity: "S1" | "S2" | "S3", day: number) =>
      createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { title, kind: "harm", severity, category: "other", detectedAt: march(day).toISOString() }, now: march(day, 10) });
    const s3 = await make("Slow S3", "S3", 1);
    await make("Fresh S3", "S3", 6);
    const before = (await notificationTypes(project.id)).length;
    // 6 March 10:00: the S3 of 1 March is 5 days old (SLA 7 days): not overdue yet.
    // The check covers every project; other tests' incidents in this file's database are counted apart.
    const db = await prisma();
    const overdueQueued = () => db.job.count({ where: { projectId: project.id, queue: INCIDENT_NOTIFICATION_QUEUE, uniqueKey: { contains: ":overdue:" } } });
    await queueOverdueIncidentNotifications({ now: march(6, 10) });
    expect(await overdueQueued()).toBe(0);
    // 9 March: 8 days old, past 7 days; the fresh one is 3 days old.
    const now = march(9, 10);
    await queueOverdueIncidentNotifications({ now });
    expect(await overdueQueued()).toBe(1);
    expect(await queueOverdueIncidentNotifications({ now })).toBe(0);
    const [job] = await db.job.findMany({ where: { projectId: project.id, queue: INCIDENT_NOTIFICATION_QUEUE, uniqueKey: { contains: ":overdue:" } } });
    expect((job.payload as { notification: { text: string } }).notification.text).toMatch(/^INC-1 \(S3 harm, Other\): Slow S3 is still not closed after 8 days, past its S3 SLA of 7 days\. Owner: nobody yet\.$/);
    // Raised to S2, it is overdue against a shorter allowance: warned again, once.
    await updateIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: s3.id, fields: { severity: "S2" }, now });
    expect(await queueOverdueIncidentNotifications({ now })).toBe(1);
    expect(await overdueQueued()).toBe(2);
    expect((await notificationTypes(project.id)).length - before).toBe(3); // overdue S3, escalated, overdue S2

    // No webhook: the notification is recorded and shown as not sent.
    await drainJobs();
    expect((await listIncidentNotifications(project.id, s3.id)).map((n) => [n.type, n.state])).toEqual([
      ["incident.overdue", "no_webhook"],
      ["incident.escalated", "no_webhook"],
      ["incident.overdue", "no_webhook"],
    ]);
    // A webhook added afterwards does not receive old notifications.
    const target = receiver();
    const url = await target.start();
    try {
      await createWebhook({ actor: members.admin, projectSlug: project.slug, url, description: null });
      await drainJobs();
      expect(target.received).toHaveLength(0);
    } finally {
      target.server.close();
    }
  });

  it("a change refused by a signed-off month queues no notification", async () => {
    const { project, members } = await makeIncidentProject();
    const { id } = await createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { title: "March case", kind: "harm", severity: "S3", category: "other", detectedAt: march(3).toISOString() }, now: march(3, 10) });
    await signOffMonth({ actor: members.qa_lead, projectSlug: project.slug, month: "2026-03", signOff: { notes: "", actionItems: [] }, now: new Date(Date.UTC(2026, 3, 2)) });
    await expect(updateIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, fields: { severity: "S1", ownerId: members.qa_lead.userId } })).rejects.toMatchObject({ status: 409 });
    expect(await notificationTypes(project.id)).toEqual([]);
  });
});
