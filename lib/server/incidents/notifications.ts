// Incident notifications through the job runner (decisions 026, 035). Two queues:
// - "incident-notification": one job per notification, inserted in the same transaction as the
//   change that causes it (nothing is announced that was rolled back, nothing changed goes
//   unannounced); its uniqueKey makes each notification happen once, ever.
// - "incident-message-delivery": when that job runs it fans out one signed delivery per webhook
//   enabled at that moment (retried for a day, logged in WebhookDelivery like alerts), so a
//   webhook added later never receives old notifications and one dead receiver does not make the
//   others receive a message twice.
import { getDatabase, prisma } from "@/lib/server/db/client";
import { WEBHOOK_RETRY_POLICY } from "@/lib/jobs/backoff";
import { notifyJobsEnqueued } from "@/lib/server/jobs/queue";
import { PermanentJobError, type ClaimedJob } from "@/lib/server/jobs/runner";
import { deliverWebhookMessage } from "@/lib/server/webhooks/deliver";
import { userDisplayNames } from "@/lib/server/review/items";
import { readSlaHours, slaAgeing } from "@/lib/incidents/lifecycle";
import { overdueNotification, type IncidentNotification, type IncidentNotificationType } from "@/lib/incidents/notifications";
import { incidentReference } from "@/lib/incidents/types";
import type { Prisma } from "@/generated/prisma/client";

export const INCIDENT_NOTIFICATION_QUEUE = "incident-notification";
export const INCIDENT_MESSAGE_DELIVERY_QUEUE = "incident-message-delivery";

type Queryable = Pick<Prisma.TransactionClient, "$executeRawUnsafe">;

/**
 * Queues notifications inside the caller's transaction. Returns how many were new (a key already
 * queued adds nothing). Call notifyJobsEnqueued() after the commit so the runner starts at once.
 */
export async function queueIncidentNotifications(tx: Queryable, projectId: string, notifications: IncidentNotification[], at: Date = new Date()): Promise<number> {
  let created = 0;
  for (const notification of notifications) {
    created += await tx.$executeRawUnsafe(
      `INSERT INTO "Job" (id, "projectId", queue, payload, "uniqueKey", "maxAttempts", "backoffMs", "maxBackoffMs")
       VALUES ('job_' || replace(gen_random_uuid()::text, '-', ''), $1, $2, $3::jsonb, $4, 5, 1000, 60000)
       ON CONFLICT (queue, "uniqueKey") DO NOTHING`,
      projectId,
      INCIDENT_NOTIFICATION_QUEUE,
      JSON.stringify({ notification, at: at.toISOString() }),
      `${projectId}:${notification.key}`,
    );
  }
  return created;
}

export type IncidentWebhookMessage = {
  type: IncidentNotificationType;
  timestamp: string;
  text: string;
  project: { slug: string; name: string };
  incident: { id: string; reference: string; url: string } | null;
  details: Record<string, unknown>;
};

function appUrl(): string {
  return (process.env.AUTH_URL || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
}

/** Stage one: turns a notification into one delivery job per enabled webhook. */
export async function runIncidentNotificationJob(job: ClaimedJob): Promise<void> {
  if (!job.projectId) throw new PermanentJobError("an incident notification must belong to a project");
  const { notification, at } = job.payload as { notification: IncidentNotification; at: string };
  const db = await prisma();
  const project = await db.project.findUnique({ where: { id: job.projectId }, select: { slug: true, name: true } });
  if (!project) throw new PermanentJobError("the project no longer exists");
  const incident = notification.incidentId ? await db.incident.findFirst({ where: { projectId: job.projectId, id: notification.incidentId }, select: { id: true, number: true } }) : null;
  const projectUrl = `${appUrl()}/p/${project.slug}/incidents`;
  const message: IncidentWebhookMessage = {
    type: notification.type,
    timestamp: at,
    text: `[${project.name}] ${notification.text} ${incident ? `${projectUrl}/${incident.id}` : projectUrl}`,
    project,
    incident: incident ? { id: incident.id, reference: incidentReference(incident.number), url: `${projectUrl}/${incident.id}` } : null,
    details: notification.details,
  };
  const database = await getDatabase();
  const { affectedRows } = await database.query(
    `INSERT INTO "Job" (id, "projectId", queue, payload, "uniqueKey", "maxAttempts", "backoffMs", "maxBackoffMs")
     SELECT 'job_' || replace(gen_random_uuid()::text, '-', ''), w."projectId", $2,
            jsonb_build_object('webhookId', w.id, 'notificationJobId', $3::text, 'messageId', 'msg_' || $3 || '_' || w.id, 'body', $4::text),
            $3 || ':' || w.id, $5, $6, $7
       FROM "Webhook" w WHERE w."projectId" = $1 AND w.enabled
     ON CONFLICT (queue, "uniqueKey") DO NOTHING`,
    [job.projectId, INCIDENT_MESSAGE_DELIVERY_QUEUE, job.id, JSON.stringify(message), WEBHOOK_RETRY_POLICY.maxAttempts, WEBHOOK_RETRY_POLICY.backoffMs, WEBHOOK_RETRY_POLICY.maxBackoffMs],
  );
  if (affectedRows) notifyJobsEnqueued();
}

/** Stage two: one signed delivery to one webhook, logged like an alert's. */
export async function runIncidentMessageDeliveryJob(job: ClaimedJob): Promise<void> {
  if (!job.projectId) throw new PermanentJobError("a delivery job must belong to a project");
  const { webhookId, messageId, body } = job.payload as { webhookId: string; messageId: string; body: string };
  const db = await prisma();
  const webhook = await db.webhook.findFirst({ where: { id: webhookId, projectId: job.projectId } });
  if (!webhook) throw new PermanentJobError("the webhook no longer exists");
  if (!webhook.enabled) throw new PermanentJobError("the webhook was disabled");
  const result = await deliverWebhookMessage({ url: webhook.url, secret: webhook.secret, messageId, body });
  await db.webhookDelivery.create({
    data: { projectId: job.projectId, webhookId, messageId, attempt: job.attempts, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs },
  });
  if (result.error) throw new Error(result.error);
}

/**
 * Queues "past its SLA" for every unclosed incident of every project that has outlived its
 * severity's allowance, once per incident and severity. Runs on the scheduler's tick.
 */
export async function queueOverdueIncidentNotifications(options: { now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const db = await prisma();
  // The shortest allowance any project may set is above 0 h, so every candidate is older than
  // the project's S1 allowance at least; the precise per-severity check is slaAgeing's.
  const candidates = await db.incident.findMany({
    where: { status: { not: "closed" } },
    select: { id: true, projectId: true, number: true, title: true, kind: true, severity: true, category: true, status: true, detectedAt: true, ownerId: true },
  });
  if (candidates.length === 0) return 0;
  const projectIds = [...new Set(candidates.map((c) => c.projectId))];
  const settings = await db.incidentSettings.findMany({ where: { projectId: { in: projectIds } }, select: { projectId: true, slaHours: true } });
  const slaOf = new Map(settings.map((s) => [s.projectId, readSlaHours(s.slaHours)]));
  const overdue = candidates
    .map((incident) => ({ incident, ageing: slaAgeing(incident, slaOf.get(incident.projectId) ?? readSlaHours(null), now) }))
    .filter((c) => c.ageing.overdue);
  if (overdue.length === 0) return 0;
  const already = new Set(
    (
      await db.job.findMany({
        where: { queue: INCIDENT_NOTIFICATION_QUEUE, uniqueKey: { in: overdue.map(({ incident }) => `${incident.projectId}:overdue:${incident.id}:${incident.severity}`) } },
        select: { uniqueKey: true },
      })
    ).map((j) => j.uniqueKey),
  );
  const fresh = overdue.filter(({ incident }) => !already.has(`${incident.projectId}:overdue:${incident.id}:${incident.severity}`));
  if (fresh.length === 0) return 0;
  const names = await userDisplayNames(db, fresh.flatMap(({ incident }) => (incident.ownerId ? [incident.ownerId] : [])));
  let created = 0;
  for (const { incident, ageing } of fresh) {
    const owner = incident.ownerId ? (names.get(incident.ownerId) ?? null) : null;
    created += await queueIncidentNotifications(db, incident.projectId, [overdueNotification(incident, { ageHours: ageing.ageHours, allowedHours: ageing.allowedHours, owner })], now);
  }
  if (created) notifyJobsEnqueued();
  return created;
}

export type IncidentNotificationStatus = {
  id: string;
  type: IncidentNotificationType;
  at: string;
  text: string;
  /** queued: not fanned out yet; none: no webhook was enabled; else the deliveries' state. */
  state: "queued" | "no_webhook" | "delivering" | "delivered" | "failed";
  webhooks: number;
  delivered: number;
  lastError: string | null;
};

/** The notifications an incident caused and how their deliveries went, for the incident page. */
export async function listIncidentNotifications(projectId: string, incidentId: string): Promise<IncidentNotificationStatus[]> {
  const db = await prisma();
  const jobs = await db.job.findMany({
    where: { projectId, queue: INCIDENT_NOTIFICATION_QUEUE, payload: { path: ["notification", "incidentId"], equals: incidentId } },
    orderBy: { createdAt: "asc" },
    select: { id: true, status: true, payload: true, createdAt: true, lastError: true },
  });
  if (jobs.length === 0) return [];
  const deliveries = await db.job.findMany({
    where: { projectId, queue: INCIDENT_MESSAGE_DELIVERY_QUEUE, OR: jobs.map((j) => ({ uniqueKey: { startsWith: `${j.id}:` } })) },
    select: { uniqueKey: true, status: true, lastError: true },
  });
  return jobs.map((job) => {
    const { notification } = job.payload as { notification: IncidentNotification };
    const mine = deliveries.filter((d) => d.uniqueKey?.startsWith(`${job.id}:`));
    const delivered = mine.filter((d) => d.status === "succeeded").length;
    const failed = mine.find((d) => d.status === "failed");
    const state: IncidentNotificationStatus["state"] =
      job.status !== "succeeded" ? (job.status === "failed" ? "failed" : "queued") : mine.length === 0 ? "no_webhook" : failed ? "failed" : delivered === mine.length ? "delivered" : "delivering";
    return {
      id: job.id,
      type: notification.type,
      at: job.createdAt.toISOString(),
      text: notification.text,
      state,
      webhooks: mine.length,
      delivered,
      lastError: failed?.lastError ?? job.lastError ?? mine.find((d) => d.lastError)?.lastError ?? null,
    };
  });
}
