// Drains the ReviewEvent outbox off the request path. A drain leases a batch of unprocessed events
// in one statement (`FOR UPDATE SKIP LOCKED` in its subquery, as the review claim does: two
// drainers, in one process or two app instances, take different rows and never wait on each
// other), calls every handler for each event outside any transaction, then marks the batch done.
// Nothing is held while handlers run: on the embedded database (one session) a transaction held
// across a handler's own queries would stall every request. A drainer that dies leaves its lease
// to expire; the events are then handed out again, which is why handlers are idempotent per event.
import "server-only";
import { getDatabase, type Database } from "@/lib/server/db/client";
import { findRubricById } from "@/lib/server/review/rubrics";
import { reviewEventHandlers, type ReviewEvent, type ReviewEventHandler } from "./handlers";

export const REVIEW_EVENT_LEASE_MS = 60_000;
const BATCH = 200;

type EventRow = Omit<ReviewEvent, "createdAt"> & { createdAt: Date | string; attempts: number };
const EVENT_FIELDS = `id, "projectId", kind, "auditId", "sampledItemId", "outputId", "labelId", "reviewerId", "goldLabelId", "goldSource", "rubricId", "values",
                  "actorId", rationale, "createdAt"`;

/** After the nth failed attempt an event waits 2^n seconds (at most ten minutes) before the next. */
export function retryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(attempts, 1), 10 * 60_000);
}

export type DrainResult = { processed: number; failed: number };

/**
 * Processes unprocessed events, oldest first, batch after batch until none is left or `maxBatches`
 * ran. A handler's error is recorded on the event (lastError), which is retried later; the other
 * events of the batch go on.
 */
export async function processReviewEvents(options: ProcessOptions = {}): Promise<DrainResult> {
  const database = await getDatabase();
  if (database.kind === "server") return processBatches(database, options);
  // Unleased (below): calls in this process, however they came, run one after another.
  const turn = drain.unleasedTurn.then(() => processBatches(database, options));
  drain.unleasedTurn = turn.catch(() => {});
  return turn;
}

type ProcessOptions = { handlers?: ReviewEventHandler[]; now?: () => Date; maxBatches?: number; log?: (m: string) => void };

async function processBatches(database: Database, options: ProcessOptions): Promise<DrainResult> {
  const handlers = options.handlers ?? reviewEventHandlers;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((m: string) => console.error(m));
  const db = database.prisma;
  // On a PostgreSQL server several app instances may drain at once: each leases its batch. The
  // embedded database has one owner process (the data folder's lock), whose drains take turns
  // (processReviewEvents queues them), so a plain read is enough; the lease's UPDATE was the drain's costliest
  // statement there, ~20 ms during which every review request waited.
  const leased = database.kind === "server";
  const result: DrainResult = { processed: 0, failed: 0 };
  for (let batch = 0; batch < (options.maxBatches ?? 50); batch++) {
    const at = now();
    if (handlers.length === 0) {
      // Nothing to call: mark a batch done in the one statement.
      const done = await db.$executeRawUnsafe(
        `UPDATE "ReviewEvent" SET "processedAt" = $1::timestamptz, "lockedUntil" = NULL
          WHERE id IN (SELECT id FROM "ReviewEvent" WHERE "processedAt" IS NULL AND ("lockedUntil" IS NULL OR "lockedUntil" <= $1::timestamptz)
                        ORDER BY "createdAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)`,
        at.toISOString(),
      );
      result.processed += done;
      if (done < BATCH) break;
      continue;
    }
    const events = leased
      ? await db.$queryRawUnsafe<EventRow[]>(
          `UPDATE "ReviewEvent" SET "lockedUntil" = $2::timestamptz, attempts = attempts + 1
            WHERE id IN (SELECT id FROM "ReviewEvent" WHERE "processedAt" IS NULL AND ("lockedUntil" IS NULL OR "lockedUntil" <= $1::timestamptz)
                          ORDER BY "createdAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
            RETURNING ${EVENT_FIELDS}, attempts`,
          at.toISOString(),
          new Date(at.getTime() + REVIEW_EVENT_LEASE_MS).toISOString(),
        )
      : // attempts + 1: the attempt this drain makes, as the lease would have counted it.
        await db.$queryRawUnsafe<EventRow[]>(
          `SELECT ${EVENT_FIELDS}, attempts + 1 AS attempts FROM "ReviewEvent"
            WHERE "processedAt" IS NULL AND ("lockedUntil" IS NULL OR "lockedUntil" <= $1::timestamptz)
            ORDER BY "createdAt" LIMIT ${BATCH}`,
          at.toISOString(),
        );
    if (events.length === 0) break;
    // A label and the gold decision it completed share one timestamp: the label comes first.
    events.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || Number(a.kind === "gold_decided") - Number(b.kind === "gold_decided"));
    const done: string[] = [];
    const batch: ReviewEvent[] = events.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
    for (const [index, row] of events.entries()) {
      const event = batch[index];
      try {
        const rubric = await findRubricById(db, event.projectId, event.rubricId);
        for (const handler of handlers) await handler.handle?.(event, { dimensions: rubric?.dimensions ?? [], batch });
        done.push(event.id);
      } catch (error) {
        result.failed++;
        const message = `${(error as Error).message ?? error}`.slice(0, 2000);
        log(`[review-events] event ${event.id} (${event.kind}) failed, attempt ${row.attempts}: ${message}`);
        await db.$executeRawUnsafe(
          `UPDATE "ReviewEvent" SET "lastError" = $2, "lockedUntil" = $3::timestamptz, attempts = $4 WHERE id = $1`,
          event.id,
          message,
          new Date(now().getTime() + retryDelayMs(Number(row.attempts))).toISOString(),
          Number(row.attempts),
        );
      }
    }
    if (done.length) {
      const handled = new Set(done);
      const batchError = await runAfterBatch(handlers, batch.filter((e) => handled.has(e.id)));
      if (batchError) {
        // The events stay unprocessed and come back after the delay; every handler is idempotent.
        result.failed += done.length;
        log(`[review-events] a batch of ${done.length} events failed after handling: ${batchError}`);
        await db.$executeRawUnsafe(
          `UPDATE "ReviewEvent" SET "lastError" = $2, "lockedUntil" = $3::timestamptz, attempts = attempts + $4 WHERE id = ANY($1::text[])`,
          done,
          batchError,
          new Date(now().getTime() + retryDelayMs(Math.max(...events.filter((e) => handled.has(e.id)).map((e) => Number(e.attempts))))).toISOString(),
          leased ? 0 : 1,
        );
        if (events.length < BATCH) break;
        continue;
      }
      await db.$executeRawUnsafe(`UPDATE "ReviewEvent" SET "processedAt" = $2::timestamptz, "lockedUntil" = NULL, "lastError" = NULL WHERE id = ANY($1::text[])`, done, now().toISOString());
      result.processed += done.length;
    }
    if (events.length < BATCH) break;
  }
  return result;
}

async function runAfterBatch(handlers: ReviewEventHandler[], events: ReviewEvent[]): Promise<string | null> {
  for (const handler of handlers) {
    if (!handler.afterBatch) continue;
    try {
      await handler.afterBatch(events);
    } catch (error) {
      return `${handler.name}: ${(error as Error).message ?? error}`.slice(0, 2000);
    }
  }
  return null;
}

// One drain at a time per process, started a second after a write so that a burst of submits
// shares one drain; writes during a drain ask for another after it. A drain is a few statements
// whatever its size (lease, one incident lookup, mark done), and on the embedded database they
// queue with the reviewers' requests on its one session: a longer wait means fewer, fuller drains
// (at 35 submits a second: ~4 drain statements a second instead of ~50), for incidents that
// appear a second after the label.
const KICK_DELAY_MS = 1000;
// Process-wide: the custom server (the scheduler's sweep) and the Next.js bundle (kicked drains)
// load their own copies of this module, and their drains must still take turns.
type DrainState = { scheduled: ReturnType<typeof setTimeout> | null; running: Promise<unknown> | null; again: boolean; unleasedTurn: Promise<unknown> };
const drain: DrainState = ((globalThis as { __assayReviewEventDrain?: DrainState }).__assayReviewEventDrain ??= { scheduled: null, running: null, again: false, unleasedTurn: Promise.resolve() });

/** Asks for a drain soon, after the current request; never waits and never throws. */
export function kickReviewEvents(): void {
  if (process.env.ASSAY_REVIEW_EVENTS === "0") return;
  if (drain.running) {
    drain.again = true;
    return;
  }
  if (drain.scheduled) return;
  drain.scheduled = setTimeout(() => {
    drain.scheduled = null;
    void drainReviewEvents();
  }, KICK_DELAY_MS);
  drain.scheduled.unref?.();
}

/**
 * Drains now unless this process is already draining (then waits for that drain): the scheduler's
 * sweep and the kicked drains share it, so one process never has two drains leasing at once.
 */
export function drainReviewEvents(options: { log?: (m: string) => void } = {}): Promise<unknown> {
  const log = options.log ?? ((m: string) => console.error(m));
  drain.running ??= processReviewEvents({ log })
    .catch((error) => log(`[review-events] drain failed: ${(error as Error).message}`))
    .finally(() => {
      drain.running = null;
      if (drain.again) {
        drain.again = false;
        kickReviewEvents();
      }
    });
  return drain.running;
}

/** Waits for a kicked drain to finish (tests, shutdown). */
export async function settleReviewEvents(): Promise<void> {
  while (drain.scheduled || drain.running) await (drain.running ?? new Promise((r) => setTimeout(r, KICK_DELAY_MS)));
}
