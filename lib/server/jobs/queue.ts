// The one job runner's write side: enqueueing. Every kind of background work (alert delivery,
// snapshots, outbox processing) is a job row, so it survives a restart and any app instance may run
// it (decision 026).
import "server-only";
import { getDatabase } from "@/lib/server/db/client";
import type { RetryPolicy } from "@/lib/jobs/backoff";

export type EnqueueOptions = {
  /** null only for instance-wide work. */
  projectId: string | null;
  queue: string;
  payload: Record<string, unknown>;
  /** One job per (queue, uniqueKey), ever: enqueueing the same key again returns the existing job. */
  uniqueKey?: string;
  runAt?: Date;
  retry?: Partial<RetryPolicy>;
};

type Listener = () => void;
const listeners: Set<Listener> = ((globalThis as { __assayJobListeners?: Set<Listener> }).__assayJobListeners ??= new Set());

/** The in-process runner subscribes here, so a job enqueued by a request starts without waiting for the next poll. */
export function onJobEnqueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** For code that inserts job rows in its own statement (e.g. an alert and its deliveries together). */
export function notifyJobsEnqueued(): void {
  for (const listener of listeners) listener();
}

export async function enqueueJob(options: EnqueueOptions): Promise<{ id: string; created: boolean }> {
  const db = await getDatabase();
  const retry = options.retry ?? {};
  const { rows } = await db.query<{ id: string; created: boolean }>(
    `INSERT INTO "Job" (id, "projectId", queue, payload, "uniqueKey", "runAt", "maxAttempts", "backoffMs", "maxBackoffMs")
     VALUES ('job_' || replace(gen_random_uuid()::text, '-', ''), $1, $2, $3::jsonb, $4, COALESCE($5::timestamptz, now()), $6, $7, $8)
     ON CONFLICT (queue, "uniqueKey") DO UPDATE SET queue = EXCLUDED.queue
     RETURNING id, (xmax = 0) AS created`,
    [
      options.projectId,
      options.queue,
      JSON.stringify(options.payload),
      options.uniqueKey ?? null,
      options.runAt?.toISOString() ?? null,
      retry.maxAttempts ?? 5,
      retry.backoffMs ?? 1000,
      retry.maxBackoffMs ?? 3_600_000,
    ],
  );
  notifyJobsEnqueued();
  return rows[0];
}
