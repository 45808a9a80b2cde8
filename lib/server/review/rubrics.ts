// Rubrics: per project and versioned. Every save is a new row with the next version; labels keep
// the id of the version they were made with, so editing the rubric never changes a past label.
import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { ValidationError, zodIssues } from "@/lib/server/errors";
import { insertNextVersion, isUniqueViolation } from "@/lib/server/db/versioned";
import { defaultRubric, parseRubricSpec, rubricSpecSchema, type RubricSpec } from "@/lib/review/rubric";
import { frozenKeyIssues, type RubricUsage } from "@/lib/review/rubric-freeze";

type Tx = Prisma.TransactionClient | PrismaClient;
export type StoredRubric = RubricSpec & { id: string; version: number; createdAt: Date };

// Rubric rows never change once written, so their parsed form can be kept. The key carries the
// project: a lookup of another project's rubric id must miss the cache and then the scoped read
// (issue 19: caches keyed by project), never return that project's rubric.
const parsedRubrics = new Map<string, StoredRubric>();
const cacheKey = (projectId: string, rubricId: string) => `${projectId}:${rubricId}`;

function fromRow(projectId: string, row: { id: string; version: number; dimensions: unknown; guidelines: string | null; createdAt: Date }): StoredRubric {
  const cached = parsedRubrics.get(cacheKey(projectId, row.id));
  if (cached) return cached;
  const spec = parseRubricSpec({ dimensions: row.dimensions, guidelines: row.guidelines });
  const stored = { ...spec, id: row.id, version: row.version, createdAt: row.createdAt };
  if (parsedRubrics.size > 500) parsedRubrics.clear();
  parsedRubrics.set(cacheKey(projectId, row.id), stored);
  return stored;
}

const columns = { id: true, version: true, dimensions: true, guidelines: true, createdAt: true } as const;

export async function findRubricById(db: Tx, projectId: string, rubricId: string): Promise<StoredRubric | null> {
  const cached = parsedRubrics.get(cacheKey(projectId, rubricId));
  if (cached) return cached;
  const row = await db.rubric.findFirst({ where: { id: rubricId, projectId }, select: columns });
  return row ? fromRow(projectId, row) : null;
}

/** The rubric in force, creating the default rubric as version 1 when the project has none. */
export async function ensureCurrentRubric(db: Tx, projectId: string, createdById: string | null = null): Promise<StoredRubric> {
  const latest = await db.rubric.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select: columns });
  if (latest) return fromRow(projectId, latest);
  const spec = defaultRubric();
  try {
    return fromRow(projectId, await db.rubric.create({ data: { projectId, version: 1, dimensions: spec.dimensions, guidelines: spec.guidelines, createdById }, select: columns }));
  } catch (error) {
    // Two first uses at once: the other one created version 1.
    if (!isUniqueViolation(error)) throw error;
    return fromRow(projectId, await db.rubric.findFirstOrThrow({ where: { projectId }, orderBy: { version: "desc" }, select: columns }));
  }
}

export async function getCurrentRubric(input: { projectSlug: string; actor: Actor }): Promise<StoredRubric> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "project:read" });
  return ensureCurrentRubric(await prisma(), project.id);
}

export async function listRubricVersions(input: { projectSlug: string; actor: Actor }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "rubric:edit" });
  const db = await prisma();
  return db.rubric.findMany({
    where: { projectId: project.id },
    orderBy: { version: "desc" },
    take: 20,
    select: { id: true, version: true, createdAt: true, createdById: true, _count: { select: { labels: true } } },
  });
}

/** Saves a new version (never edits one in place). */
export async function saveRubric(input: { projectSlug: string; actor: Actor; spec: unknown }): Promise<StoredRubric> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "rubric:edit" });
  const parsed = rubricSpecSchema.safeParse(input.spec);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, "rubric"));
  const spec = parsed.data as RubricSpec;
  const db = await prisma();
  // Keys and option values labels use are frozen: refused here, by field, before anything is written.
  const [current, usage] = await Promise.all([ensureCurrentRubric(db, project.id), readRubricUsage(db, project.id)]);
  const frozen = frozenKeyIssues(current.dimensions, spec.dimensions, usage);
  if (frozen.length) throw new ValidationError(frozen);
  const row = await insertNextVersion(
    async () => (await db.rubric.findFirst({ where: { projectId: project.id }, orderBy: { version: "desc" }, select: { version: true } }))?.version ?? null,
    (version) => db.rubric.create({ data: { projectId: project.id, version, dimensions: spec.dimensions, guidelines: spec.guidelines, createdById: actorUserId(input.actor) }, select: columns }),
  );
  return fromRow(project.id, row);
}

/**
 * Labels per dimension key, and per key the labels per short string value (option values are at
 * most 60 characters; longer strings are free text) or element of a list (multiselect).
 */
export async function readRubricUsage(db: Tx, projectId: string): Promise<RubricUsage> {
  const rows = await db.$queryRawUnsafe<{ key: string; value: string | null; labels: number; whole: number }[]>(
    `SELECT k.key, v.value, count(DISTINCT l.id)::int AS labels, GROUPING(v.value)::int AS whole
       FROM "Label" l
       CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(l."values") = 'object' THEN l."values" ELSE '{}'::jsonb END) AS k(key, val)
       CROSS JOIN LATERAL (
         SELECT k.val #>> '{}' WHERE jsonb_typeof(k.val) = 'string' AND length(k.val #>> '{}') <= 60
         UNION ALL SELECT e FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(k.val) = 'array' THEN k.val ELSE '[]'::jsonb END) AS e
         UNION ALL SELECT NULL WHERE jsonb_typeof(k.val) NOT IN ('string', 'array') OR length(k.val #>> '{}') > 60) AS v(value)
      WHERE l."projectId" = $1
      GROUP BY GROUPING SETS ((k.key), (k.key, v.value))`,
    projectId,
  );
  const usage: RubricUsage = { labelsByKey: {}, labelsByValue: {} };
  for (const row of rows) {
    if (Number(row.whole) === 1) usage.labelsByKey[row.key] = Number(row.labels);
    else if (row.value !== null) (usage.labelsByValue[row.key] ??= {})[row.value] = Number(row.labels);
  }
  return usage;
}

/** What the project's labels use, for the form to show which keys and values are frozen. */
export async function getRubricUsage(input: { projectSlug: string; actor: Actor }): Promise<RubricUsage> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "rubric:edit" });
  return readRubricUsage(await prisma(), project.id);
}

/**
 * How many of the project's labels hold a value under each dimension key. Labels store values by
 * key, so this is what renaming or removing a key would leave behind.
 */
export async function countLabelsByDimensionKey(input: { projectSlug: string; actor: Actor }): Promise<Record<string, number>> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "rubric:edit" });
  const db = await prisma();
  const rows = await db.$queryRawUnsafe<{ key: string; labels: number }[]>(
    `SELECT k.key, count(*)::int AS labels
       FROM "Label" l
       CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(l."values") = 'object' THEN l."values" ELSE '{}'::jsonb END) AS k(key)
      WHERE l."projectId" = $1
      GROUP BY k.key`,
    project.id,
  );
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.labels)]));
}
