// The job that freezes a closed audit's results (queued when an audit closes; the results page
// also takes a missing snapshot on first view). Idempotent: one snapshot per closing.
import "server-only";
import { PermanentJobError, type ClaimedJob } from "@/lib/server/jobs/runner";
import { enqueueJob } from "@/lib/server/jobs/queue";
import { snapshotAuditResults } from "./audit-results";

export const AUDIT_SNAPSHOT_QUEUE = "audit-snapshot";

export async function runAuditSnapshotJob(job: ClaimedJob): Promise<void> {
  if (!job.projectId) throw new PermanentJobError("a snapshot job must belong to a project");
  await snapshotAuditResults({ projectId: job.projectId, auditId: String(job.payload.auditId) });
}

export async function queueAuditSnapshot(input: { projectId: string; auditId: string; closedAt: Date }): Promise<void> {
  await enqueueJob({ projectId: input.projectId, queue: AUDIT_SNAPSHOT_QUEUE, payload: { auditId: input.auditId }, uniqueKey: `${input.auditId}:${input.closedAt.toISOString()}` });
}
