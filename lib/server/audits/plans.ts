// Audit plans: every save is a new version; the highest version is in force. Drawn audits point at
// the version they used, so editing a plan never changes a drawn week.
import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { ValidationError, zodIssues } from "@/lib/server/errors";
import { insertNextVersion } from "@/lib/server/db/versioned";
import { defaultPlanSpec, planSpecSchema, type PlanSpec } from "@/lib/audits/plan";
import { isoWeekAt, isoWeekRange, shiftIsoWeek } from "@/lib/audits/week";
import { countStrata } from "./population";
import { loadObservedErrorRates } from "./observed-rates";

export type StoredPlan = PlanSpec & { id: string; version: number; createdAt: Date; createdById: string | null };

type Tx = Prisma.TransactionClient | PrismaClient;

type PlanRow = Awaited<ReturnType<PrismaClient["auditPlan"]["findFirstOrThrow"]>>;

export function planFromRow(row: PlanRow): StoredPlan {
  // Rows were validated when saved; parsing again fills defaults added to the schema since.
  const spec = planSpecSchema.parse({
    stratifyBy: row.stratifyBy,
    method: row.method,
    methodParams: row.methodParams ?? {},
    allocation: row.allocation,
    oversampleFactor: row.oversampleFactor,
    strata: row.strata ?? [],
    overlapShare: row.overlapShare,
    overlapReviewers: row.overlapReviewers,
    dueDays: row.dueDays,
    graceHours: row.graceHours,
    autoDraw: row.autoDraw,
  });
  return { ...spec, id: row.id, version: row.version, createdAt: row.createdAt, createdById: row.createdById };
}

function planData(spec: PlanSpec) {
  return {
    stratifyBy: spec.stratifyBy,
    method: spec.method,
    methodParams: spec.methodParams,
    allocation: spec.allocation,
    oversampleFactor: spec.oversampleFactor,
    strata: spec.strata,
    overlapShare: spec.overlapShare,
    overlapReviewers: spec.overlapReviewers,
    dueDays: spec.dueDays,
    graceHours: spec.graceHours,
    autoDraw: spec.autoDraw,
  };
}

export async function findCurrentPlan(db: Tx, projectId: string): Promise<StoredPlan | null> {
  const row = await db.auditPlan.findFirst({ where: { projectId }, orderBy: { version: "desc" } });
  return row ? planFromRow(row) : null;
}

/** The plan in force, creating the default plan as version 1 if the project has none. */
export async function ensureCurrentPlan(db: Tx, projectId: string, createdById: string | null): Promise<StoredPlan> {
  const existing = await findCurrentPlan(db, projectId);
  if (existing) return existing;
  const row = await db.auditPlan.create({ data: { projectId, version: 1, createdById, ...planData(defaultPlanSpec()) } });
  return planFromRow(row);
}

/** The plan in force, or the default (not saved) with version 0 when there is none yet. */
export async function getCurrentPlan(input: { projectSlug: string; actor: Actor }): Promise<{ plan: StoredPlan | null; spec: PlanSpec; projectId: string; timeZone: string }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "plan:read" });
  const db = await prisma();
  const plan = await findCurrentPlan(db, project.id);
  return { plan, spec: plan ?? defaultPlanSpec(), projectId: project.id, timeZone: project.timeZone };
}

export async function listPlanVersions(input: { projectSlug: string; actor: Actor }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "plan:read" });
  const db = await prisma();
  return db.auditPlan.findMany({
    where: { projectId: project.id },
    orderBy: { version: "desc" },
    take: 20,
    select: { id: true, version: true, method: true, allocation: true, createdAt: true, createdById: true },
  });
}

/** Saves a new version of the plan (never edits one in place). */
export async function savePlan(input: { projectSlug: string; actor: Actor; spec: unknown }): Promise<StoredPlan> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "plan:edit" });
  const parsed = planSpecSchema.safeParse(input.spec);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, "plan"));
  const db = await prisma();
  const row = await insertNextVersion(
    async () => (await db.auditPlan.findFirst({ where: { projectId: project.id }, orderBy: { version: "desc" }, select: { version: true } }))?.version ?? null,
    (version) => db.auditPlan.create({ data: { projectId: project.id, version, createdById: actorUserId(input.actor), ...planData(parsed.data) } }),
  );
  return planFromRow(row);
}

/** Last week's population per stratum and the observed error rates, for the plan editor's live allocation preview. */
export async function getLastWeekPopulations(input: { projectSlug: string; actor: Actor; stratifyBy: string; now?: Date }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "plan:read" });
  const week = shiftIsoWeek(isoWeekAt(input.now ?? new Date(), project.timeZone), -1);
  const range = isoWeekRange(week, project.timeZone);
  const db = await prisma();
  const populations = await countStrata(db, { projectId: project.id, stratifyBy: input.stratifyBy, start: range.start, end: range.end });
  // The rates the draw of the current week would use: audits before this week.
  const observedRates = await loadObservedErrorRates(db, { projectId: project.id, before: isoWeekRange(isoWeekAt(input.now ?? new Date(), project.timeZone), project.timeZone).start });
  return { week, populations, observedRates };
}
