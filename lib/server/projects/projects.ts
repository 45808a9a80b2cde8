import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeInstance, authorizeProject, canInInstance } from "@/lib/server/auth/authorize";
import { ConflictError, ForbiddenError } from "@/lib/server/errors";
import type { Actor } from "@/lib/server/auth/actor";
import type { ProjectRole } from "@/lib/auth/permissions";

export type ProjectSummary = { id: string; slug: string; name: string; description: string | null; role: ProjectRole | null };

export async function listProjectsForActor(input: { actor: Actor }): Promise<ProjectSummary[]> {
  const { actor } = input;
  if (actor.kind !== "user") return [];
  const db = await prisma();
  const projects = await db.project.findMany({
    where: canInInstance(actor, "projects:listAll") ? {} : { memberships: { some: { userId: actor.userId } } },
    orderBy: { name: "asc" },
    include: { memberships: { where: { userId: actor.userId }, select: { role: true } } },
  });
  return projects.map((p) => ({ id: p.id, slug: p.slug, name: p.name, description: p.description, role: p.memberships[0]?.role ?? null }));
}

/** Instance admins create projects; the creator becomes the project's admin. */
export async function createProject(input: {
  actor: Actor;
  slug: string;
  name: string;
  description?: string | null;
  timeZone?: string;
}): Promise<{ id: string; slug: string }> {
  const { actor } = input;
  authorizeInstance(actor, "projects:create");
  if (actor.kind !== "user") throw new ForbiddenError("projects:create");
  const db = await prisma();
  if (await db.project.findUnique({ where: { slug: input.slug } })) {
    throw new ConflictError(`A project with the slug "${input.slug}" exists.`, "slug");
  }
  const project = await db.project.create({
    data: {
      slug: input.slug,
      name: input.name,
      description: input.description ?? null,
      timeZone: input.timeZone ?? "UTC",
      memberships: { create: { userId: actor.userId, role: "admin" } },
    },
  });
  return { id: project.id, slug: project.slug };
}

export async function getProjectSettings(input: { actor: Actor; projectSlug: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "settings:read" });
  const db = await prisma();
  return db.project.findUniqueOrThrow({
    where: { id: project.id },
    select: { id: true, slug: true, name: true, description: true, timeZone: true, blindReview: true, earliestOutputAt: true, createdAt: true },
  });
}

export async function updateProjectSettings(input: {
  actor: Actor;
  projectSlug: string;
  name: string;
  description: string | null;
  timeZone: string;
  blindReview: boolean;
  /** The earliest output timestamp ingest accepts (null: 1970-01-01); unchanged when absent. */
  earliestOutputAt?: Date | null;
}): Promise<void> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "project:update" });
  const db = await prisma();
  await db.project.update({
    where: { id: project.id },
    data: { name: input.name, description: input.description, timeZone: input.timeZone, blindReview: input.blindReview, earliestOutputAt: input.earliestOutputAt },
  });
}
