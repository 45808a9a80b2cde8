// Early alerts without anyone looking (issue 18). After each drained batch of review events, every
// audit that received a gold decision gets a running-rate check queued on the job runner; the job
// recomputes the confidence-sequence band and records an alert the first time it lies above a
// threshold (recordAlert is idempotent per week and metric, so a replay records nothing twice).
//
// Why a job at the end of a one-minute window rather than a computation per batch: the check reads
// every gold decision of the audit, and on the embedded database every statement of the drain waits
// its turn with the reviewers' requests; during a busy hour the drain runs about every second. The
// band is a function of the whole ordered gold sequence, so one check after the window's writes
// finds any crossing inside it: an alert comes at most a minute late and costs one read of the
// audit's gold per minute of reviewing (only stratum, order and values: no outputs).
import "server-only";
import type { ReviewEventHandler } from "@/lib/server/events/handlers";
import { PermanentJobError, type ClaimedJob } from "@/lib/server/jobs/runner";
import { enqueueJob } from "@/lib/server/jobs/queue";
import { computeRunningRates } from "./running-rate";

export const RUNNING_RATE_CHECK_QUEUE = "running-rate-check";
export const RUNNING_RATE_CHECK_WINDOW_MS = 60_000;

export async function runRunningRateCheckJob(job: ClaimedJob): Promise<void> {
  if (!job.projectId) throw new PermanentJobError("a running-rate check must belong to a project");
  await computeRunningRates({ projectId: job.projectId, auditId: String(job.payload.auditId), recordAlerts: true });
}

/** Checks this process queued, by unique key, with their window (earlier windows are forgotten). */
const queuedChecks = new Map<string, number>();

export const earlyAlertReviewEventHandler: ReviewEventHandler = {
  name: "early-alerts",
  async afterBatch(events) {
    const audits = new Map<string, { projectId: string; auditId: string }>();
    for (const e of events) if (e.kind === "gold_decided") audits.set(e.auditId, { projectId: e.projectId, auditId: e.auditId });
    if (audits.size === 0) return;
    // One job per audit and window; it runs when the window ends, after every write drained in it.
    const window = Math.floor(Date.now() / RUNNING_RATE_CHECK_WINDOW_MS);
    const runAt = new Date((window + 1) * RUNNING_RATE_CHECK_WINDOW_MS);
    for (const { projectId, auditId } of audits.values()) {
      const uniqueKey = `${auditId}:${window}`;
      // A drain runs about every second while reviewers work: once this process has queued the
      // window's check, the next drains need not ask the database again.
      if (queuedChecks.get(uniqueKey) === window) continue;
      await enqueueJob({ projectId, queue: RUNNING_RATE_CHECK_QUEUE, payload: { auditId }, uniqueKey, runAt });
      queuedChecks.set(uniqueKey, window);
    }
    for (const [key, at] of queuedChecks) if (at < window) queuedChecks.delete(key);
  },
};
