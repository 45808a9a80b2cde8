// The job that delivers one alert to one webhook. Each attempt is logged with its status code; a
// non-2xx answer or a connection failure throws, so the runner retries it with the webhook policy
// (about 24 h). The webhook-id stays the same across attempts, so the receiver can drop repeats.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { alertMessage } from "@/lib/webhooks/message";
import { PermanentJobError, type ClaimedJob } from "@/lib/server/jobs/runner";
import { deliverWebhookMessage } from "./deliver";

function appUrl(): string {
  return process.env.AUTH_URL || `http://localhost:${process.env.PORT ?? 3000}`;
}

export async function runWebhookDeliveryJob(job: ClaimedJob): Promise<void> {
  const { webhookId, alertId, messageId } = job.payload as { webhookId: string; alertId: string; messageId: string };
  if (!job.projectId) throw new PermanentJobError("a delivery job must belong to a project");
  const db = await prisma();
  const [webhook, alert, project] = await Promise.all([
    db.webhook.findFirst({ where: { id: webhookId, projectId: job.projectId } }),
    db.alert.findFirst({ where: { id: alertId, projectId: job.projectId } }),
    db.project.findUnique({ where: { id: job.projectId }, select: { slug: true, name: true } }),
  ]);
  if (!webhook || !alert || !project) throw new PermanentJobError("the webhook or the alert no longer exists");
  if (!webhook.enabled) throw new PermanentJobError("the webhook was disabled");
  const body = JSON.stringify(alertMessage(alert, project, appUrl()));
  const result = await deliverWebhookMessage({ url: webhook.url, secret: webhook.secret, messageId, body });
  await db.webhookDelivery.create({
    data: { projectId: job.projectId, webhookId, messageId, alertId, attempt: job.attempts, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs },
  });
  if (result.error) throw new Error(result.error);
}
