// A project's judge mappings and cohort mapping (issues 14 §5 and 18), stored as data in
// ProjectAnalysisSettings. Writes are checked against the rubric in force (lib/judge/mapping) and
// fail whole with the issues at their fields; every read and write is scoped by project.
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { ValidationError } from "@/lib/server/errors";
import { recordAuditEvent } from "@/lib/server/audit-log/audit-log";
import { defaultRubric, parseRubricSpec, type Dimension } from "@/lib/review/rubric";
import { validateJudgeMappings, type JudgeMapping } from "@/lib/judge/mapping";

export type AnalysisSettings = { judgeMappings: JudgeMapping[]; cohort: { key: string; baseline: string } | null };

const METADATA_KEY = /^[A-Za-z0-9_.-]{1,100}$/;

/** The rubric's dimensions now (the default rubric for a project that never stored one). */
export async function currentRubricDimensions(projectId: string): Promise<Dimension[]> {
  const db = await prisma();
  const row = await db.rubric.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select: { dimensions: true, guidelines: true } });
  return (row ? parseRubricSpec({ dimensions: row.dimensions, guidelines: row.guidelines }) : defaultRubric()).dimensions;
}

/** The stored settings without authorization: for server code that already authorized the project. */
export async function readAnalysisSettings(projectId: string): Promise<AnalysisSettings> {
  const db = await prisma();
  const row = await db.projectAnalysisSettings.findUnique({ where: { projectId } });
  if (!row) return { judgeMappings: [], cohort: null };
  return {
    judgeMappings: Array.isArray(row.judgeMappings) ? (row.judgeMappings as unknown as JudgeMapping[]) : [],
    cohort: row.cohortKey && row.cohortBaseline ? { key: row.cohortKey, baseline: row.cohortBaseline } : null,
  };
}

export async function getAnalysisSettings(input: { actor: Actor; projectSlug: string }): Promise<AnalysisSettings & { dimensions: Dimension[] }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "agreement:read" });
  const [settings, dimensions] = await Promise.all([readAnalysisSettings(project.id), currentRubricDimensions(project.id)]);
  return { ...settings, dimensions };
}

/** Replaces the project's judge mappings (QA leads and admins: rubric:edit). Nothing is written when any entry is invalid. */
export async function saveJudgeMappings(input: { actor: Actor; projectSlug: string; mappings: unknown }): Promise<JudgeMapping[]> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "rubric:edit" });
  const checked = validateJudgeMappings(input.mappings, await currentRubricDimensions(project.id));
  if (!checked.ok) throw new ValidationError(checked.issues);
  const db = await prisma();
  await db.projectAnalysisSettings.upsert({
    where: { projectId: project.id },
    create: { projectId: project.id, judgeMappings: checked.mappings as object[] },
    update: { judgeMappings: checked.mappings as object[] },
  });
  await recordAuditEvent({
    projectId: project.id,
    actor: input.actor,
    action: "judge.mappings_saved",
    target: { type: "project", id: project.id },
    summary: checked.mappings.length ? `Mapped ${checked.mappings.map((m) => `${m.signal} → ${m.dimension}`).join(", ")}` : "Removed the judge mappings",
  });
  return checked.mappings;
}

/** Sets (or clears, with an empty key) the metadata key whose values are the project's cohorts, and the baseline cohort. */
export async function saveCohortMapping(input: { actor: Actor; projectSlug: string; key: string; baseline: string }): Promise<AnalysisSettings["cohort"]> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "rubric:edit" });
  const key = input.key.trim();
  const baseline = input.baseline.trim();
  const issues = [];
  if (key && !METADATA_KEY.test(key)) issues.push({ field: "key", message: "a metadata key: letters, digits, _ . - (at most 100)" });
  if (key && !baseline) issues.push({ field: "baseline", message: "name the cohort the others are compared with (a value of the key)" });
  if (baseline.length > 200) issues.push({ field: "baseline", message: "at most 200 characters" });
  if (issues.length) throw new ValidationError(issues);
  const db = await prisma();
  const data = { cohortKey: key || null, cohortBaseline: key ? baseline : null };
  await db.projectAnalysisSettings.upsert({ where: { projectId: project.id }, create: { projectId: project.id, ...data }, update: data });
  await recordAuditEvent({
    projectId: project.id,
    actor: input.actor,
    action: "cohorts.mapping_saved",
    target: { type: "project", id: project.id },
    summary: key ? `Cohorts by metadata "${key}", baseline "${baseline}"` : "Removed the cohort mapping",
  });
  return key ? { key, baseline } : null;
}
