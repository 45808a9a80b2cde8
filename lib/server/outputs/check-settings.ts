// A project's population check definitions (OutputCheckSettings) and the resumable backfill that
// recomputes every output's check results after a definition changes.
import "server-only";
import { getDatabase, type Database } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { ValidationError } from "@/lib/server/errors";
import type { Actor } from "@/lib/server/auth/actor";
import { compileChecks, defaultCheckSettings, type CheckSettings, type CompiledChecks } from "@/lib/outputs/checks";
import { promoteTypedColumns } from "@/lib/outputs/typed-columns";

type Compiled = { version: number; checks: CompiledChecks };

// Compiled per (project, version): Ajv compiles each schema once, not per batch or per output.
const compiledCache = new Map<string, Compiled>();
const DEFAULTS_VERSION = 0;

function compileOrDefault(projectId: string, version: number, raw: unknown): Compiled {
  const key = `${projectId}:${version}`;
  const cached = compiledCache.get(key);
  if (cached) return cached;
  const compiled = compileChecks(raw);
  // Stored settings were validated on save; should they no longer compile, the defaults apply
  // rather than failing ingest.
  const checks = compiled.ok ? compiled.checks : (compileChecks(defaultCheckSettings()) as { ok: true; checks: CompiledChecks }).checks;
  if (compiledCache.size > 500) compiledCache.clear();
  const entry = { version, checks };
  compiledCache.set(key, entry);
  return entry;
}

/** The checks in force for a project (one small indexed read per ingest batch). */
export async function readCompiledChecks(db: Database, projectId: string): Promise<Compiled> {
  const { rows } = await db.query<{ version: number; settings: unknown }>(`SELECT "version", "settings" FROM "OutputCheckSettings" WHERE "projectId" = $1`, [projectId]);
  if (rows.length === 0) return compileOrDefault(projectId, DEFAULTS_VERSION, defaultCheckSettings());
  return compileOrDefault(projectId, rows[0].version, rows[0].settings);
}

export type CheckSettingsView = {
  version: number;
  settings: CheckSettings;
  backfill: { done: boolean; doneAt: string | null; remaining: number | null };
};

export async function readCheckSettings(input: { actor: Actor; projectSlug: string }): Promise<CheckSettingsView> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "outputs:read" });
  const db = await getDatabase();
  const { rows } = await db.query<{ version: number; settings: unknown; backfillDoneAt: Date | null }>(
    `SELECT "version", "settings", "backfillDoneAt" FROM "OutputCheckSettings" WHERE "projectId" = $1`,
    [project.id],
  );
  if (rows.length === 0) return { version: DEFAULTS_VERSION, settings: defaultCheckSettings(), backfill: { done: true, doneAt: null, remaining: 0 } };
  const compiled = compileChecks(rows[0].settings);
  const done = rows[0].backfillDoneAt !== null;
  return {
    version: rows[0].version,
    settings: compiled.ok ? compiled.checks.settings : defaultCheckSettings(),
    backfill: { done, doneAt: rows[0].backfillDoneAt ? new Date(rows[0].backfillDoneAt).toISOString() : null, remaining: done ? 0 : null },
  };
}

/**
 * Saves new definitions as the next version and restarts the backfill from the first output.
 * Invalid settings (a schema Ajv cannot compile, a bad limit) write nothing and name the field.
 */
export async function saveCheckSettings(input: { actor: Actor; projectSlug: string; settings: unknown }): Promise<{ version: number }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "checks:edit" });
  const compiled = compileChecks(input.settings);
  if (!compiled.ok) throw new ValidationError(compiled.errors);
  const db = await getDatabase();
  const { rows } = await db.query<{ version: number }>(
    `INSERT INTO "OutputCheckSettings" ("projectId", "version", "settings", "backfillCursor", "backfillDoneAt", "updatedAt")
     VALUES ($1, 1, $2::jsonb, NULL, NULL, now())
     ON CONFLICT ("projectId") DO UPDATE SET "version" = "OutputCheckSettings"."version" + 1, "settings" = excluded."settings",
       "backfillCursor" = NULL, "backfillDoneAt" = NULL, "updatedAt" = now()
     RETURNING "version"`,
    [project.id, JSON.stringify(compiled.checks.settings)],
  );
  return { version: rows[0].version };
}

type BackfillRow = { id: string; taskType: string | null; output: unknown; metadata: Record<string, unknown>; signals: unknown };

/**
 * Recomputes check results (and the typed columns) of outputs computed with an older version, in
 * batches by id. The cursor is saved after each batch in the same transaction as the batch's
 * updates, so a crash or restart resumes where it stopped; a settings save meanwhile restarts it
 * (the version check makes a stale run stop). The rollups follow through the update triggers.
 */
export async function runCheckBackfill(input: { projectId: string; batchSize?: number; maxBatches?: number }): Promise<{ updated: number; done: boolean }> {
  const db = await getDatabase();
  const batchSize = input.batchSize ?? 2000;
  let updated = 0;
  for (let batch = 0; input.maxBatches === undefined || batch < input.maxBatches; batch++) {
    const step = await db.prisma.$transaction(async (tx) => {
      const [state] = await tx.$queryRawUnsafe<{ version: number; settings: unknown; backfillCursor: string | null; backfillDoneAt: Date | null }[]>(
        `SELECT "version", "settings", "backfillCursor"::text AS "backfillCursor", "backfillDoneAt" FROM "OutputCheckSettings" WHERE "projectId" = $1 FOR UPDATE`,
        input.projectId,
      );
      if (!state || state.backfillDoneAt) return { updated: 0, done: true };
      const compiled = compileOrDefault(input.projectId, state.version, state.settings);
      const rows = await tx.$queryRawUnsafe<BackfillRow[]>(
        `SELECT id::text AS id, "taskType", "output", "metadata", "signals" FROM "LoggedOutput"
          WHERE "projectId" = $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
        input.projectId,
        state.backfillCursor,
        batchSize,
      );
      if (rows.length === 0) {
        await tx.$executeRawUnsafe(`UPDATE "OutputCheckSettings" SET "backfillDoneAt" = now() WHERE "projectId" = $1`, input.projectId);
        return { updated: 0, done: true };
      }
      const payload = rows.map((r) => {
        const typed = promoteTypedColumns(r.metadata ?? {});
        const c = compiled.checks.evaluate({ taskType: r.taskType, output: r.output, metadata: r.metadata ?? {}, signals: r.signals, latencyMs: typed.latencyMs, costUsd: typed.costUsd });
        return { id: r.id, fv: c.formatValid, rf: c.refusal, es: c.escalated, ov: c.overridden, iv: c.intervened, ap: c.approved, sl: c.overLatencySla, bu: c.overCostBudget };
      });
      // Only rows whose results change are written: an unchanged definition costs reads, not writes.
      const changed = await tx.$executeRawUnsafe(
        `UPDATE "LoggedOutput" o SET "formatValid" = r.fv, "refusal" = r.rf, "escalated" = r.es, "overridden" = r.ov, "intervened" = r.iv,
                "approved" = r.ap, "overLatencySla" = r.sl, "overCostBudget" = r.bu, "checksVersion" = $3
           FROM json_to_recordset($2::json) AS r(id uuid, fv boolean, rf boolean, es boolean, ov boolean, iv boolean, ap boolean, sl boolean, bu boolean)
          WHERE o."projectId" = $1 AND o.id = r.id
            AND (o."checksVersion" IS DISTINCT FROM $3 OR (o."formatValid", o."refusal", o."escalated", o."overridden", o."intervened", o."approved", o."overLatencySla", o."overCostBudget")
                 IS DISTINCT FROM (r.fv, r.rf, r.es, r.ov, r.iv, r.ap, r.sl, r.bu))`,
        input.projectId,
        JSON.stringify(payload),
        state.version,
      );
      await tx.$executeRawUnsafe(`UPDATE "OutputCheckSettings" SET "backfillCursor" = $2::uuid WHERE "projectId" = $1`, input.projectId, rows[rows.length - 1].id);
      return { updated: changed, done: false };
    });
    updated += step.updated;
    if (step.done) return { updated, done: true };
  }
  return { updated, done: false };
}

// One backfill per project at a time in this process; another instance racing it is harmless
// (the cursor row is locked per batch and rows are recomputed idempotently).
const running = new Set<string>();

/** Starts (or resumes after a restart) the project's backfill in the background. */
export async function resumeCheckBackfill(input: { actor: Actor; projectSlug: string }): Promise<void> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "checks:edit" });
  if (running.has(project.id)) return;
  running.add(project.id);
  void runCheckBackfill({ projectId: project.id })
    .catch((error) => console.error(`check backfill of project ${project.slug} stopped; resume it from the Checks settings page:`, error))
    .finally(() => running.delete(project.id));
}
