// The weekly draw. One transaction per draw, serialised per project by an advisory lock and made
// unique by (projectId, week), so two schedulers (or a scheduler and a "draw now") never create
// two audits for a week. The snapshot is REPEATABLE READ, so the population counts and the sample
// are taken from exactly the same rows even while outputs are being ingested.
import { assignAuditItems } from "@/lib/server/review/routing";
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { NotFoundError, ValidationError } from "@/lib/server/errors";
import { isUniqueViolation } from "@/lib/server/db/versioned";
import { isoWeekRange, isWeekClosed, parseIsoWeek } from "@/lib/audits/week";
import { planWeekSample } from "@/lib/audits/allocation";
import { ensureCurrentPlan } from "./plans";
import { loadObservedErrorRates, ratesOnly } from "./observed-rates";
import { countStrata, insertSampledItems, selectSample, type StratumDraw } from "./population";

/** A fresh unpredictable seed: with a guessable seed a producer could craft ids that are never sampled. */
export function newSeed(): string {
  return crypto.randomBytes(12).toString("hex");
}

export type DrawInput = {
  projectId: string;
  /** null = the scheduler (no permission check; it acts for the instance). */
  actor: Actor | null;
  /** ISO week in the project's time zone, e.g. "2026-W47". */
  week: string;
  now?: Date;
  /** A "draw now": allowed before the week (plus grace) has closed; the audit is then marked partial. */
  onDemand?: boolean;
  /** Replays a draw with a known seed (tests, audits of the audit); a new random seed otherwise. */
  seed?: string;
};

export async function drawWeeklySample(input: DrawInput): Promise<{ auditId: string; created: boolean }> {
  const db = await prisma();
  const project = input.actor
    ? (await authorizeProject({ actor: input.actor, project: { id: input.projectId }, permission: "audits:draw" })).project
    : await db.project.findUnique({ where: { id: input.projectId }, select: { id: true, timeZone: true } });
  if (!project) throw new NotFoundError("Project not found");

  let range: { start: Date; end: Date };
  try {
    parseIsoWeek(input.week);
    range = isoWeekRange(input.week, project.timeZone);
  } catch (error) {
    throw new ValidationError([{ field: "week", message: (error as Error).message }]);
  }
  const now = input.now ?? new Date();
  if (range.start.getTime() > now.getTime()) throw new ValidationError([{ field: "week", message: `${input.week} has not started yet` }]);
  if (input.seed !== undefined && !/^[A-Za-z0-9_:.-]{1,100}$/.test(input.seed)) {
    throw new ValidationError([{ field: "seed", message: "a seed is 1–100 letters, digits, '_', ':', '.' or '-'" }]);
  }

  const existing = await db.audit.findUnique({ where: { projectId_week: { projectId: project.id, week: input.week } }, select: { id: true } });
  if (existing) return { auditId: existing.id, created: false };

  try {
    return await db.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended('assay:draw:' || $1::text, 0))::text AS locked`, project.id);
        const again = await tx.audit.findUnique({ where: { projectId_week: { projectId: project.id, week: input.week } }, select: { id: true } });
        if (again) return { auditId: again.id, created: false };

        const plan = await ensureCurrentPlan(tx, project.id, input.actor ? actorUserId(input.actor) : null);
        const closed = isWeekClosed(range, plan.graceHours, now);
        if (!closed && !input.onDemand) {
          throw new ValidationError([{ field: "week", message: `${input.week} closes ${plan.graceHours} h after it ends; use "draw now" for a partial sample` }]);
        }
        // A partial draw covers the week so far; the rest of the week is not in its population.
        const end = closed ? range.end : new Date(Math.min(range.end.getTime(), now.getTime()));
        const timing = process.env.ASSAY_DRAW_TIMING === "1" ? { t0: performance.now(), marks: [] as string[] } : null;
        const mark = (label: string) => timing?.marks.push(`${label} ${(performance.now() - timing.t0).toFixed(0)} ms`);
        mark("plan");
        const populations = await countStrata(tx, { projectId: project.id, stratifyBy: plan.stratifyBy, start: range.start, end });
        const observed = plan.allocation === "neyman" ? ratesOnly(await loadObservedErrorRates(tx, { projectId: project.id, before: range.start })) : undefined;
        const { population, allocation } = planWeekSample(plan, populations, observed);
        const seed = input.seed ?? newSeed();
        const audit = await tx.audit.create({
          data: {
            projectId: project.id,
            week: input.week,
            weekStart: range.start,
            weekEnd: range.end,
            partial: !closed,
            seed,
            planId: plan.id,
            strata: allocation.strata,
            population,
            sampleSize: allocation.total,
            dueAt: new Date(now.getTime() + plan.dueDays * 86_400_000),
            drawnAt: now,
            drawnById: input.actor ? actorUserId(input.actor) : null,
          },
          select: { id: true },
        });
        const draws: StratumDraw[] = allocation.strata.map((s) => ({
          stratum: s.stratum,
          n: s.allocated,
          overlap: s.overlap,
          inclusionProbability: s.inclusionProbability,
          population: s.population,
        }));
        mark("counted");
        const picked = await selectSample(tx, { projectId: project.id, stratifyBy: plan.stratifyBy, start: range.start, end, seed, strata: draws });
        mark("selected");
        const inserted = await insertSampledItems(tx, { projectId: project.id, auditId: audit.id, overlapReviewers: plan.overlapReviewers, strata: draws, picked });
        mark("inserted");
        if (timing) console.log(`draw ${input.week}: ${timing.marks.join(", ")}`);
        // Same snapshot as the counts, so this only fails on a bug; then nothing is kept.
        if (inserted !== allocation.total) throw new Error(`draw inserted ${inserted} items, expected ${allocation.total}`);
        return { auditId: audit.id, created: true };
      },
      { isolationLevel: "RepeatableRead", timeout: 10 * 60_000, maxWait: 60_000 },
    );
  } catch (error) {
    // Another instance drew the week between our check and our insert (its commit is invisible to
    // our snapshot): the unique (projectId, week) stops the second audit; report the first.
    if (isUniqueViolation(error)) {
      const winner = await db.audit.findUnique({ where: { projectId_week: { projectId: project.id, week: input.week } }, select: { id: true } });
      if (winner) return { auditId: winner.id, created: false };
    }
    throw error;
  }
}

/** The "draw now" / "draw week" entry for a signed-in user, by project slug. */
export async function drawWeekForProject(input: { projectSlug: string; actor: Actor; week: string; onDemand: boolean; now?: Date }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "audits:draw" });
  const result = await drawWeeklySample({ projectId: project.id, actor: input.actor, week: input.week, onDemand: input.onDemand, now: input.now });
  // Routing is idempotent: a repeated draw of the same week routes nothing twice.
  await assignAuditItems({ projectId: project.id, auditId: result.auditId });
  return result;
}
