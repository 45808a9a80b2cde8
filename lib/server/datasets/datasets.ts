// Dataset definitions: create, list, read. Every statement is scoped by the project.
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { ConflictError, NotFoundError, ValidationError, zodIssues } from "@/lib/server/errors";
import { isUniqueViolation } from "@/lib/server/db/versioned";
import { datasetDefinitionSchema, datasetNameSchema } from "@/lib/datasets/definition";
import type { DatasetDefinition } from "@/lib/datasets/types";
import { z } from "zod";
import { ensureCurrentRubric } from "@/lib/server/review/rubrics";

export type DatasetSummary = {
  id: string;
  name: string;
  description: string | null;
  definition: DatasetDefinition;
  createdAt: Date;
  latestVersion: { version: number; rowCount: number; sha256: string; createdAt: Date } | null;
};

const createSchema = z.object({ name: datasetNameSchema, description: z.string().trim().max(2000).nullable().default(null), definition: datasetDefinitionSchema });

export async function createDataset(input: { projectSlug: string; actor: Actor; name: unknown; description?: unknown; definition: unknown }): Promise<{ id: string; name: string }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "datasets:manage" });
  const parsed = createSchema.safeParse({ name: input.name, description: input.description ?? null, definition: input.definition });
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
  const { name, description, definition } = parsed.data;
  const db = await prisma();
  if (definition.auditIds.length > 0) {
    const found = await db.audit.count({ where: { projectId: project.id, id: { in: definition.auditIds } } });
    if (found !== new Set(definition.auditIds).size) throw new ValidationError([{ field: "definition.auditIds", message: "an audit is not one of this project's" }]);
  }
  try {
    return await db.dataset.create({
      data: { projectId: project.id, name, description: description || null, definition: definition as Prisma.InputJsonValue, createdById: actorUserId(input.actor) },
      select: { id: true, name: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A dataset named "${name}" already exists in this project.`);
    throw error;
  }
}

export async function listDatasets(input: { projectSlug: string; actor: Actor }): Promise<DatasetSummary[]> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "datasets:read" });
  const db = await prisma();
  const rows = await db.dataset.findMany({
    where: { projectId: project.id },
    orderBy: { name: "asc" },
    select: {
      id: true, name: true, description: true, definition: true, createdAt: true,
      versions: { where: { projectId: project.id, sha256: { not: "" } }, orderBy: { version: "desc" }, take: 1, select: { version: true, rowCount: true, sha256: true, createdAt: true } },
    },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, definition: r.definition as DatasetDefinition, createdAt: r.createdAt, latestVersion: r.versions[0] ?? null }));
}

export type DatasetVersionSummary = { id: string; version: number; rowCount: number; sha256: string; note: string | null; createdAt: Date; createdBy: string | null; splits: { name: string; rows: number }[]; exports: number };

export async function getDataset(input: { projectSlug: string; actor: Actor; datasetId: string }): Promise<DatasetSummary & { versions: DatasetVersionSummary[] }> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "datasets:read" });
  const db = await prisma();
  const row = await db.dataset.findFirst({
    where: { id: input.datasetId, projectId: project.id },
    select: {
      id: true, name: true, description: true, definition: true, createdAt: true,
      versions: {
        where: { projectId: project.id, sha256: { not: "" } },
        orderBy: { version: "desc" },
        select: { id: true, version: true, rowCount: true, sha256: true, note: true, createdAt: true, createdById: true, splits: true, _count: { select: { exports: true } } },
      },
    },
  });
  if (!row) throw new NotFoundError("Dataset not found");
  const creatorIds = [...new Set(row.versions.map((v) => v.createdById).filter((id): id is string => !!id))];
  const users = creatorIds.length ? await db.user.findMany({ where: { id: { in: creatorIds }, memberships: { some: { projectId: project.id } } }, select: { id: true, name: true, email: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name ?? u.email]));
  const versions = row.versions.map((v) => ({
    id: v.id, version: v.version, rowCount: v.rowCount, sha256: v.sha256, note: v.note, createdAt: v.createdAt,
    createdBy: v.createdById ? (names.get(v.createdById) ?? "a former member") : null,
    splits: v.splits as { name: string; rows: number }[], exports: v._count.exports,
  }));
  return { id: row.id, name: row.name, description: row.description, definition: row.definition as DatasetDefinition, createdAt: row.createdAt, latestVersion: versions[0] ?? null, versions };
}

export type DatasetFormChoices = {
  audits: { id: string; week: string }[];
  strata: string[];
  taskTypes: string[];
  dimensions: { key: string; label: string; kind: string }[];
};

/** What the create form offers: the project's audits, strata, task types and rubric dimensions. */
export async function getDatasetFormChoices(input: { projectSlug: string; actor: Actor }): Promise<DatasetFormChoices> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "datasets:manage" });
  const db = await prisma();
  const [audits, strata, taskTypes, rubric] = await Promise.all([
    db.audit.findMany({ where: { projectId: project.id }, orderBy: { weekStart: "desc" }, select: { id: true, week: true } }),
    db.$queryRawUnsafe<{ stratum: string }[]>(`SELECT DISTINCT stratum FROM "SampledItem" WHERE "projectId" = $1 ORDER BY stratum`, project.id),
    db.$queryRawUnsafe<{ taskType: string }[]>(
      `SELECT DISTINCT o."taskType" FROM "SampledItem" s JOIN "LoggedOutput" o ON o.id = s."outputId" AND o."projectId" = s."projectId" WHERE s."projectId" = $1 AND o."taskType" IS NOT NULL ORDER BY 1`,
      project.id,
    ),
    ensureCurrentRubric(db, project.id),
  ]);
  return {
    audits,
    strata: strata.map((s) => s.stratum),
    taskTypes: taskTypes.map((t) => t.taskType),
    dimensions: rubric.dimensions.map((d) => ({ key: d.key, label: d.label, kind: d.kind })),
  };
}
