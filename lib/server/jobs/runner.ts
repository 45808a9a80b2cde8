// The one job runner (decision 026): claims due jobs with FOR UPDATE SKIP LOCKED, so several app
// instances never run the same job twice at once; a claim is a lease, so the jobs of an instance
// that died are taken up again once it expires. Failed attempts are retried with the job's backoff
// and, after the last one, kept as failed with the error shown to admins.
import "server-only";
import os from "node:os";
import crypto from "node:crypto";
import { getDatabase } from "@/lib/server/db/client";
import { retryDelayMs } from "@/lib/jobs/backoff";
import { onJobEnqueued } from "./queue";

export type ClaimedJob = {
  id: string;
  projectId: string | null;
  queue: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
};

export type JobHandler = (job: ClaimedJob) => Promise<void>;

/** A failure that retrying cannot fix (e.g. the webhook was deleted): the job fails at once. */
export class PermanentJobError extends Error {}

const runnerId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;

/** Claims up to `limit` due jobs of the given queues and runs them; returns how each ended. */
export async function runDueJobs(options: {
  handlers: Record<string, JobHandler>;
  limit?: number;
  leaseMs?: number;
  log?: (message: string) => void;
}): Promise<{ id: string; queue: string; outcome: "succeeded" | "retrying" | "failed" }[]> {
  const db = await getDatabase();
  const queues = Object.keys(options.handlers);
  if (!queues.length) return [];
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const { rows: claimed } = await db.query<ClaimedJob>(
    `UPDATE "Job" j
        SET status = 'running', attempts = j.attempts + 1, "lockedUntil" = now() + make_interval(secs => $3::double precision / 1000), "lockedBy" = $4
      WHERE j.id IN (
        SELECT id FROM "Job"
         WHERE queue = ANY($1::text[])
           AND ((status = 'queued' AND "runAt" <= now()) OR (status = 'running' AND "lockedUntil" < now()))
         ORDER BY "runAt"
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
      RETURNING j.id, j."projectId", j.queue, j.payload, j.attempts, j."maxAttempts", j."backoffMs", j."maxBackoffMs"`,
    [queues, options.limit ?? 5, leaseMs, runnerId],
  );
  return Promise.all(
    claimed.map(async (job) => {
      try {
        // A job whose previous runner died mid-attempt has used that attempt.
        if (job.attempts > job.maxAttempts) throw new PermanentJobError("The instance running the last attempt stopped before it finished.");
        await options.handlers[job.queue](job);
        await db.query(`UPDATE "Job" SET status = 'succeeded', "finishedAt" = now(), "lockedUntil" = NULL, "lastError" = NULL WHERE id = $1 AND "lockedBy" = $2`, [job.id, runnerId]);
        return { id: job.id, queue: job.queue, outcome: "succeeded" as const };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const final = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
        if (final) {
          await db.query(`UPDATE "Job" SET status = 'failed', "finishedAt" = now(), "lockedUntil" = NULL, "lastError" = $3 WHERE id = $1 AND "lockedBy" = $2`, [job.id, runnerId, message]);
          options.log?.(`[jobs] ${job.queue} ${job.id} failed after ${job.attempts} attempt(s): ${message}`);
          return { id: job.id, queue: job.queue, outcome: "failed" as const };
        }
        const delay = retryDelayMs(job, job.attempts);
        await db.query(
          `UPDATE "Job" SET status = 'queued', "runAt" = now() + make_interval(secs => $3::double precision / 1000), "lockedUntil" = NULL, "lastError" = $4 WHERE id = $1 AND "lockedBy" = $2`,
          [job.id, runnerId, delay, message],
        );
        return { id: job.id, queue: job.queue, outcome: "retrying" as const };
      }
    }),
  );
}

/**
 * Runs jobs in this process: polls (ASSAY_JOBS_INTERVAL_MS, default 2 s) and starts at once when
 * this process enqueues one. ASSAY_JOBS=0 turns it off (another instance runs them). Returns stop().
 */
export function startJobRunner(options: { handlers: Record<string, JobHandler>; log?: (message: string) => void }): () => Promise<void> {
  if (process.env.ASSAY_JOBS === "0") return async () => {};
  const configured = Number(process.env.ASSAY_JOBS_INTERVAL_MS ?? 2000);
  const period = Number.isFinite(configured) && configured >= 100 ? configured : 2000;
  const log = options.log ?? ((m: string) => console.log(m));
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      // Keep going while full batches come back: a backlog drains without waiting for the timer.
      for (;;) {
        again = false;
        const done = await runDueJobs({ handlers: options.handlers, log });
        if (stopped || (done.length < 5 && !again)) break;
      }
    })()
      .catch((error) => log(`[jobs] runner tick failed: ${(error as Error).message}`))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, period);
  timer.unref();
  const unsubscribe = onJobEnqueued(() => setImmediate(tick));
  return async () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
    await running;
  };
}
