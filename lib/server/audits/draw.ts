// The weekly draw. One transaction per draw, serialised per project by an advisory lock and made
// unique by (projectId, week), so two schedulers (or a scheduler and a "draw now") never create
// two audits for a week. The snapshot is REPEATABLE READ, so the population counts and the sample
// are taken from exactly the same rows even while outputs are being ingested.
import "server-only";
import { assignAuditItems } from "@/lib/server/review/routing";
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { ValidationError } from "@/lib/server/errors";
import { isUniqueViolation } from "@/lib/server/db/versioned";
import { isoWeekRange, isWeekClosed, parseIsoWeek } from "@/lib/audits/week";
import { planWeekSample, type StratumAllocation } from "@/lib/audits/allocation";
import { planTopUp } from "@/lib/audits/top-up";
import type { Prisma } from "@/generated/prisma/client";
import { ensureCurrentPlan, planFromRow } from "./plans";
import { loadObservedErrorRates, ratesOnly } from "./observed-rates";
import { countStrata, insertSampledItems, selectSample, type StratumDraw } from "./population";

/** A fresh unpredictable seed: with a guessable seed a producer could craft ids that are never sampled. */
export function newSeed(): string {
  return crypto.randomBytes(12).toString("hex");
}

export type DrawInput = {
  projectId: string;
  /** A person or key, or the system (the scheduler, the CLI, the demo seed): always checked. */
  actor: Actor;
  /** ISO week in the project's time zone, e.g. "2026-W47". */
  week: string;
  now?: Date;
  /** A "draw now": allowed before the week (plus grace) has closed; the audit is then marked partial. */
  onDemand?: boolean;
  /** Replays a draw with a known seed (tests, audits of the audit); a new random seed otherwise. */
  seed?: string;
};

export type DrawResult = {
  auditId: string;
  created: boolean;
  /** Items added to a partial audit by the full-week draw (a top-up); absent otherwise. */
  toppedUp?: number;
};

/** A week with nothing logged is refused: an audit of nothing would read as "complete". */
function emptyWeekError(week: string, partial: boolean, timeZone: string): ValidationError {
  return new ValidationError([
    { field: "week", message: partial ? `no outputs logged in ${week} so far (weeks in ${timeZone}): nothing to draw yet` : `${week} has no logged outputs (weeks in ${timeZone}): nothing to draw` },
  ]);
}

export async function drawWeeklySample(input: DrawInput): Promise<DrawResult> {
  const db = await prisma();
  const { project } = await authorizeProject({ actor: input.actor, project: { id: input.projectId }, permission: "audits:draw" });

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

  const existing = await db.audit.findUnique({ where: { projectId_week: { projectId: project.id, week: input.week } }, select: { id: true, partial: true } });
  // A week is drawn once; only a partial audit can still be completed, by a full-week draw.
  if (existing && (!existing.partial || input.onDemand)) return { auditId: existing.id, created: false };

  try {
    return await db.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended('assay:draw:' || $1::text, 0))::text AS locked`, project.id);
        const again = await tx.audit.findUnique({ where: { projectId_week: { projectId: project.id, week: input.week } } });
        if (again) {
          if (!again.partial || input.onDemand) return { auditId: again.id, created: false };
          return topUpPartialAudit(tx, { audit: again, range, now });
        }

        const plan = await ensureCurrentPlan(tx, project.id, actorUserId(input.actor));
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
        if (population === 0) throw emptyWeekError(input.week, !closed, project.timeZone);
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
            drawnById: actorUserId(input.actor),
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

type AuditRow = Awaited<ReturnType<Prisma.TransactionClient["audit"]["findUniqueOrThrow"]>>;

/**
 * Completes a partial audit once its week has closed (decision 021): the items drawn early stay,
 * the plan's allocation is recomputed over the whole week with the audit's own plan version, and
 * each stratum's missing items come from the rest of the week (after the partial draw's cutoff) by
 * the same seed. Runs inside the draw's transaction and lock. A week that has not closed yet keeps
 * its partial audit unchanged.
 */
async function topUpPartialAudit(tx: Prisma.TransactionClient, o: { audit: AuditRow; range: { start: Date; end: Date }; now: Date }): Promise<DrawResult> {
  const { audit, range, now } = o;
  const plan = planFromRow(await tx.auditPlan.findUniqueOrThrow({ where: { id: audit.planId } }));
  if (!isWeekClosed(range, plan.graceHours, now)) return { auditId: audit.id, created: false };
  // The partial draw's population ended at its moment (or the week's end, if drawn in the grace period).
  const cutoff = new Date(Math.min(audit.drawnAt.getTime(), range.end.getTime()));
  const frozenStrata = audit.strata as StratumAllocation[];
  const held = await tx.$queryRawUnsafe<{ stratum: string; items: number; overlap: number }[]>(
    `SELECT s."stratum", count(*)::int AS items, count(*) FILTER (WHERE s."reviewersWanted" > 1)::int AS overlap
       FROM "SampledItem" s WHERE s."projectId" = $1 AND s."auditId" = $2 GROUP BY s."stratum"`,
    audit.projectId,
    audit.id,
  );
  const heldBy = new Map(held.map((h) => [h.stratum, h]));
  const frozen = frozenStrata.map((s) => ({ stratum: s.stratum, population: s.population, items: Number(heldBy.get(s.stratum)?.items ?? 0), overlapItems: Number(heldBy.get(s.stratum)?.overlap ?? 0) }));
  const rest = cutoff < range.end ? await countStrata(tx, { projectId: audit.projectId, stratifyBy: plan.stratifyBy, start: cutoff, end: range.end }) : {};
  const populations: Record<string, number> = { ...rest };
  for (const f of frozen) populations[f.stratum] = (populations[f.stratum] ?? 0) + f.population;
  const observed = plan.allocation === "neyman" ? ratesOnly(await loadObservedErrorRates(tx, { projectId: audit.projectId, before: range.start })) : undefined;
  const { allocation } = planWeekSample(plan, populations, observed);
  const topUp = planTopUp({ full: allocation.strata, frozen, rest, partialFrom: range.start, cutoff, weekEnd: range.end });
  if (topUp.added > 0) {
    const draws: StratumDraw[] = topUp.draws.filter((d) => d.n > 0);
    const picked = await selectSample(tx, { projectId: audit.projectId, stratifyBy: plan.stratifyBy, start: cutoff, end: range.end, seed: audit.seed, strata: draws });
    const inserted = await insertSampledItems(tx, { projectId: audit.projectId, auditId: audit.id, overlapReviewers: plan.overlapReviewers, strata: draws, picked });
    if (inserted !== topUp.added) throw new Error(`top-up inserted ${inserted} items, expected ${topUp.added}`);
  }
  const dueAt = new Date(Math.max(audit.dueAt.getTime(), now.getTime() + plan.dueDays * 86_400_000));
  const updated = await tx.audit.updateMany({
    where: { id: audit.id, projectId: audit.projectId, partial: true },
    data: { partial: false, toppedUpAt: now, strata: topUp.strata, population: topUp.population, sampleSize: topUp.sampleSize, dueAt },
  });
  if (updated.count !== 1) throw new Error("the partial audit changed during its top-up");
  return { auditId: audit.id, created: false, toppedUp: topUp.added };
}

/** The "draw now" / "draw week" entry for a signed-in user, by project slug. */
export async function drawWeekForProject(input: { projectSlug: string; actor: Actor; week: string; onDemand: boolean; now?: Date }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "audits:draw" });
  const result = await drawWeeklySample({ projectId: project.id, actor: input.actor, week: input.week, onDemand: input.onDemand, now: input.now });
  // Routing is idempotent: a repeated draw of the same week routes nothing twice.
  await assignAuditItems({ projectId: project.id, auditId: result.auditId });
  return result;
}
