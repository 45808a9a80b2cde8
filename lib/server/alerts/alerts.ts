// Alerts: one row per status transition of a metric or of agreement, delivered to every enabled
// webhook of the project through the job runner. Recording and enqueueing happen in one statement,
// so an alert is never left without its deliveries, and recording the same transition again (a
// second evaluation, another instance) changes nothing.
import "server-only";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { recordAuditEvent } from "@/lib/server/audit-log/audit-log";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { NotFoundError } from "@/lib/server/errors";
import { WEBHOOK_RETRY_POLICY } from "@/lib/jobs/backoff";
import { notifyJobsEnqueued } from "@/lib/server/jobs/queue";

export const WEBHOOK_DELIVERY_QUEUE = "webhook-delivery";

export type AlertTransition = {
  projectId: string;
  kind: "metric" | "agreement";
  subject: string;
  subjectLabel: string;
  week: string | null;
  fromStatus: string | null;
  toStatus: string;
  reason: string;
};

/** The identity of a transition: the same subject entering the same status in the same week is one alert. */
export function transitionKey(t: Pick<AlertTransition, "kind" | "subject" | "week" | "fromStatus" | "toStatus">): string {
  return [t.kind, t.subject, t.week ?? "-", t.fromStatus ?? "-", t.toStatus].join(":");
}

/** Records the alert unless it exists; returns its id and the deliveries queued (0 when it existed). */
export async function recordAlert(transition: AlertTransition): Promise<{ alertId: string | null; deliveries: number }> {
  const db = await getDatabase();
  const { rows } = await db.query<{ id: string; deliveries: number }>(
    `WITH alert AS (
       INSERT INTO "Alert" (id, "projectId", kind, subject, "subjectLabel", week, "fromStatus", "toStatus", reason, "transitionKey")
       VALUES ('alr_' || replace(gen_random_uuid()::text, '-', ''), $1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT ("projectId", "transitionKey") DO NOTHING
       RETURNING id, "projectId"),
     jobs AS (
       INSERT INTO "Job" (id, "projectId", queue, payload, "uniqueKey", "maxAttempts", "backoffMs", "maxBackoffMs")
       SELECT 'job_' || replace(gen_random_uuid()::text, '-', ''), alert."projectId", $10,
              jsonb_build_object('webhookId', w.id, 'alertId', alert.id, 'messageId', 'msg_' || alert.id || '_' || w.id),
              'alert:' || alert.id || ':' || w.id, $11, $12, $13
         FROM alert JOIN "Webhook" w ON w."projectId" = alert."projectId" AND w.enabled
       RETURNING 1)
     SELECT alert.id, (SELECT count(*)::int FROM jobs) AS deliveries FROM alert`,
    [
      transition.projectId,
      transition.kind,
      transition.subject,
      transition.subjectLabel,
      transition.week,
      transition.fromStatus,
      transition.toStatus,
      transition.reason,
      transitionKey(transition),
      WEBHOOK_DELIVERY_QUEUE,
      WEBHOOK_RETRY_POLICY.maxAttempts,
      WEBHOOK_RETRY_POLICY.backoffMs,
      WEBHOOK_RETRY_POLICY.maxBackoffMs,
    ],
  );
  if (!rows[0]) return { alertId: null, deliveries: 0 };
  if (rows[0].deliveries > 0) notifyJobsEnqueued();
  return { alertId: rows[0].id, deliveries: rows[0].deliveries };
}

export async function listAlerts(input: { actor: Actor; projectSlug: string; limit?: number }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "alerts:read" });
  const db = await prisma();
  const alerts = await db.alert.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "desc" }, take: input.limit ?? 200 });
  const ackers = [...new Set(alerts.map((a) => a.acknowledgedById).filter((id): id is string => !!id))];
  const users = ackers.length ? await db.user.findMany({ where: { id: { in: ackers }, memberships: { some: { projectId: project.id } } }, select: { id: true, name: true, email: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name ?? u.email]));
  return alerts.map((a) => ({ ...a, acknowledgedBy: a.acknowledgedById ? (names.get(a.acknowledgedById) ?? "a former member") : null }));
}

export async function acknowledgeAlert(input: { actor: Actor; projectSlug: string; alertId: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "alerts:acknowledge" });
  const db = await prisma();
  const { count } = await db.alert.updateMany({
    where: { id: input.alertId, projectId: project.id, acknowledgedAt: null },
    data: { acknowledgedAt: new Date(), acknowledgedById: actorUserId(input.actor) },
  });
  if (!count) {
    const exists = await db.alert.findFirst({ where: { id: input.alertId, projectId: project.id }, select: { id: true } });
    if (!exists) throw new NotFoundError("Alert not found");
    return;
  }
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: "alert.acknowledged", target: { type: "alert", id: input.alertId }, summary: "Acknowledged an alert" });
}
