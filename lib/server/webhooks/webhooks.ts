// A project's webhooks: where its alerts are delivered. Every statement is scoped by the project
// the actor was authorised for.
import "server-only";
import crypto from "node:crypto";
import { prisma } from "@/lib/server/db/client";
import { recordAuditEvent } from "@/lib/server/audit-log/audit-log";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { NotFoundError, ValidationError } from "@/lib/server/errors";
import { newWebhookSecret, testMessage } from "@/lib/webhooks/message";
import { deliverWebhookMessage, resolveWebhookTarget } from "./deliver";

export async function createWebhook(input: { actor: Actor; projectSlug: string; url: string; description: string | null }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "webhooks:manage" });
  const problem = await resolveWebhookTarget(input.url);
  if (problem) throw new ValidationError([{ field: "url", message: problem }]);
  const secret = newWebhookSecret(crypto.randomBytes(24));
  const db = await prisma();
  const webhook = await db.webhook.create({
    data: { projectId: project.id, url: input.url, description: input.description, secret, createdById: actorUserId(input.actor) },
    select: { id: true, url: true },
  });
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: "webhook.created", target: { type: "webhook", id: webhook.id }, summary: `Added a webhook to ${webhook.url}` });
  // The secret leaves the server this once; the list never shows it again.
  return { ...webhook, secret };
}

export async function listWebhooks(input: { actor: Actor; projectSlug: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "webhooks:manage" });
  const db = await prisma();
  const [webhooks, deliveries] = await Promise.all([
    db.webhook.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" }, select: { id: true, url: true, description: true, enabled: true, createdAt: true } }),
    db.webhookDelivery.findMany({
      where: { projectId: project.id },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, webhookId: true, messageId: true, alertId: true, attempt: true, statusCode: true, error: true, durationMs: true, createdAt: true },
    }),
  ]);
  return { webhooks, deliveries };
}

async function findWebhook(projectId: string, webhookId: string) {
  const db = await prisma();
  const webhook = await db.webhook.findFirst({ where: { id: webhookId, projectId } });
  if (!webhook) throw new NotFoundError("Webhook not found");
  return webhook;
}

export async function setWebhookEnabled(input: { actor: Actor; projectSlug: string; webhookId: string; enabled: boolean }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "webhooks:manage" });
  const db = await prisma();
  const { count } = await db.webhook.updateMany({ where: { id: input.webhookId, projectId: project.id }, data: { enabled: input.enabled } });
  if (!count) throw new NotFoundError("Webhook not found");
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: input.enabled ? "webhook.enabled" : "webhook.disabled", target: { type: "webhook", id: input.webhookId }, summary: input.enabled ? "Enabled a webhook" : "Disabled a webhook" });
}

export async function deleteWebhook(input: { actor: Actor; projectSlug: string; webhookId: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "webhooks:manage" });
  const db = await prisma();
  const webhook = await findWebhook(project.id, input.webhookId);
  await db.webhook.deleteMany({ where: { id: webhook.id, projectId: project.id } });
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: "webhook.deleted", target: { type: "webhook", id: webhook.id }, summary: `Deleted the webhook to ${webhook.url}` });
}

/** Sends a signed test message now and logs the attempt, so an admin sees at once whether the receiver works. */
export async function sendTestMessage(input: { actor: Actor; projectSlug: string; webhookId: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "webhooks:manage" });
  const webhook = await findWebhook(project.id, input.webhookId);
  const messageId = `msg_test_${crypto.randomBytes(8).toString("hex")}`;
  const body = JSON.stringify(testMessage({ slug: project.slug, name: project.name }, new Date()));
  const result = await deliverWebhookMessage({ url: webhook.url, secret: webhook.secret, messageId, body });
  const db = await prisma();
  await db.webhookDelivery.create({
    data: { projectId: project.id, webhookId: webhook.id, messageId, attempt: 1, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs },
  });
  return result;
}

/** Delivery jobs still queued or failed for good, so a stuck or dead receiver is visible. */
export async function listPendingDeliveries(input: { actor: Actor; projectSlug: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "webhooks:manage" });
  const db = await prisma();
  return db.job.findMany({
    // Alert deliveries and incident notification deliveries (lib/server/incidents/notifications.ts).
    where: { projectId: project.id, queue: { in: ["webhook-delivery", "incident-message-delivery"] }, status: { in: ["queued", "running", "failed"] } },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, status: true, attempts: true, maxAttempts: true, runAt: true, lastError: true, payload: true, createdAt: true },
  });
}
