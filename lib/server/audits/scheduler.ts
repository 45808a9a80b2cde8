// The in-process weekly draw for the single-machine default. It keeps no state of its own: each
// tick asks the database which projects lack an audit for their last closed week, so a restart
// picks up where it left off, and drawWeeklySample's lock and unique week make a second app
// instance (or the CLI from a cron job) harmless. Only the most recent closed week is drawn:
// history before the scheduler ran is not backfilled. A week that ended before the project existed,
// or in which nothing was logged, is not drawn (an empty audit would read as complete); a week
// drawn early ("draw now", partial) is topped up from the rest of the week once it closes.
import "server-only";
import { assignAuditItems } from "@/lib/server/review/routing";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { maintainEmbeddedTables } from "@/lib/server/db/maintenance";
import { isoWeekRange, lastClosedWeek } from "@/lib/audits/week";
import { defaultPlanSpec } from "@/lib/audits/plan";
import { drawWeeklySample } from "./draw";
import { drainReviewEvents } from "@/lib/server/events/process";
import { queueOverdueIncidentNotifications } from "@/lib/server/incidents/notifications";
import { systemActor } from "@/lib/server/auth/actor";

export type SchedulerLog = (message: string) => void;

/** One pass over all projects; returns the weeks drawn. */
export async function runScheduledDraws(options: { now?: Date; log?: SchedulerLog } = {}): Promise<{ projectId: string; week: string; auditId: string }[]> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((m) => console.log(m));
  const db = await prisma();
  const projects = await db.project.findMany({
    select: { id: true, slug: true, timeZone: true, createdAt: true, auditPlans: { orderBy: { version: "desc" }, take: 1, select: { autoDraw: true, graceHours: true } } },
  });
  const drawn: { projectId: string; week: string; auditId: string }[] = [];
  for (const project of projects) {
    // A project without a plan is drawn with the default plan (which has autoDraw on).
    const plan = project.auditPlans[0] ?? defaultPlanSpec();
    if (!plan.autoDraw) continue;
    const week = lastClosedWeek(now, project.timeZone, plan.graceHours);
    const existing = await db.audit.findUnique({ where: { projectId_week: { projectId: project.id, week } }, select: { id: true, partial: true } });
    if (existing && !existing.partial) continue;
    const range = isoWeekRange(week, project.timeZone);
    if (!existing) {
      if (range.end.getTime() <= project.createdAt.getTime()) continue;
      const any = await db.loggedOutput.findFirst({ where: { projectId: project.id, timestamp: { gte: range.start, lt: range.end } }, select: { id: true } });
      if (!any) continue;
    }
    try {
      const result = await drawWeeklySample({ projectId: project.id, actor: systemActor("scheduler"), week, now });
      if (result.toppedUp !== undefined) {
        await assignAuditItems({ projectId: project.id, auditId: result.auditId });
        log(`[scheduler] ${project.slug} ${week}: topped up the partial audit with ${result.toppedUp} items from the rest of the week (audit ${result.auditId})`);
        drawn.push({ projectId: project.id, week, auditId: result.auditId });
      } else if (result.created) {
        await assignAuditItems({ projectId: project.id, auditId: result.auditId });
        const audit = await db.audit.findUniqueOrThrow({ where: { id: result.auditId }, select: { population: true, sampleSize: true } });
        log(`[scheduler] ${project.slug} ${week}: drew ${audit.sampleSize} of ${audit.population} outputs (audit ${result.auditId})`);
        drawn.push({ projectId: project.id, week, auditId: result.auditId });
      }
    } catch (error) {
      // One project's failure must not stop the others; the next tick retries.
      log(`[scheduler] ${project.slug} ${week}: draw failed: ${(error as Error).message}`);
    }
  }
  return drawn;
}

/** Starts the timer (ASSAY_SCHEDULER=0 disables it; ASSAY_SCHEDULER_INTERVAL_MS sets the period, default 60 s). Returns stop(). */
export function startScheduler(options: { log?: SchedulerLog } = {}): () => Promise<void> {
  if (process.env.ASSAY_SCHEDULER === "0") return async () => {};
  const interval = Number(process.env.ASSAY_SCHEDULER_INTERVAL_MS ?? 60_000);
  const period = Number.isFinite(interval) && interval >= 1000 ? interval : 60_000;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    // Each tick also drains review events a kicked drain left (an app restart, a handler's retry) …
    running = Promise.all([
      runScheduledDraws({ log: options.log }),
      drainReviewEvents({ log: options.log }),
      // … and announces incidents that have just outlived their severity's SLA (once each) …
      queueOverdueIncidentNotifications().catch((error) => (options.log ?? console.error)(`[incidents] overdue check failed: ${(error as Error).message}`)),
      // … and, on the embedded database, runs the VACUUM and ANALYZE its missing autovacuum would.
      getDatabase()
        .then((db) => maintainEmbeddedTables(db))
        .then((done) => {
          const slow = done.filter((d) => d.ms >= 100);
          if (slow.length) (options.log ?? console.error)(`[maintenance] ${slow.map((d) => `${d.statement} ${d.table} ${d.ms} ms`).join(", ")}`);
        })
        .catch((error) => (options.log ?? console.error)(`[maintenance] failed: ${(error as Error).message}`)),
    ])
      .catch((error) => (options.log ?? console.error)(`[scheduler] tick failed: ${(error as Error).message}`))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, period);
  timer.unref();
  setTimeout(tick, 1000).unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
