// Every queue the job runner serves, and the function that runs its jobs. One list, so a new kind
// of background work is added here and nowhere else.
import "server-only";
import type { JobHandler } from "./runner";
import { runWebhookDeliveryJob } from "@/lib/server/webhooks/delivery-job";
import { WEBHOOK_DELIVERY_QUEUE } from "@/lib/server/alerts/alerts";
import { AUDIT_SNAPSHOT_QUEUE, runAuditSnapshotJob } from "@/lib/server/scorecard/snapshot-job";
import {
  INCIDENT_MESSAGE_DELIVERY_QUEUE,
  INCIDENT_NOTIFICATION_QUEUE,
  runIncidentMessageDeliveryJob,
  runIncidentNotificationJob,
} from "@/lib/server/incidents/notifications";
import { RUNNING_RATE_CHECK_QUEUE, runRunningRateCheckJob } from "@/lib/server/audits/early-alert-handler";

export const JOB_HANDLERS: Record<string, JobHandler> = {
  [WEBHOOK_DELIVERY_QUEUE]: runWebhookDeliveryJob,
  [AUDIT_SNAPSHOT_QUEUE]: runAuditSnapshotJob,
  [INCIDENT_NOTIFICATION_QUEUE]: runIncidentNotificationJob,
  [INCIDENT_MESSAGE_DELIVERY_QUEUE]: runIncidentMessageDeliveryJob,
  [RUNNING_RATE_CHECK_QUEUE]: runRunningRateCheckJob,
};
