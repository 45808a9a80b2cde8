import { prisma } from "@/lib/server/db/client";
import { ForbiddenError, NotFoundError } from "@/lib/server/errors";
import { roleHasPermission, scopesGrantPermission, type Permission, type ProjectRole } from "@/lib/auth/permissions";
import type { Actor } from "./actor";

export type ProjectAccess = {
  project: { id: string; slug: string; name: string; timeZone: string; blindReview: boolean };
  /** The member's role; null for an instance admin who is not a member, or for an API key. */
  role: ProjectRole | null;
};

const projectColumns = { id: true, slug: true, name: true, timeZone: true, blindReview: true } as const;

/**
 * The single permission check. A project the actor cannot see at all is a NotFoundError (404),
 * so that another project's existence is never revealed; a member lacking the permission gets
 * a ForbiddenError (403).
 */
export async function authorizeProject(options: {
  actor: Actor;
  project: { slug: string } | { id: string };
  permission: Permission;
}): Promise<ProjectAccess> {
  const { actor, permission } = options;
  const db = await prisma();
  const where = "slug" in options.project ? { slug: options.project.slug } : { id: options.project.id };
  const project = await db.project.findUnique({ where, select: projectColumns });
  if (!project) throw new NotFoundError("Project not found");

  if (actor.kind === "apiKey") {
    if (actor.projectId !== project.id) throw new NotFoundError("Project not found");
    if (!scopesGrantPermission(actor.scopes, permission)) throw new ForbiddenError(permission);
    return { project, role: null };
  }

  const membership = await db.membership.findUnique({
    where: { projectId_userId: { projectId: project.id, userId: actor.userId } },
    select: { role: true },
  });
  if (actor.isInstanceAdmin) return { project, role: membership?.role ?? null };
  if (!membership) throw new NotFoundError("Project not found");
  if (!roleHasPermission(membership.role, permission)) throw new ForbiddenError(permission);
  return { project, role: membership.role };
}

/** Whether the actor may do something, for showing or hiding navigation; never throws. */
export async function canInProject(actor: Actor, projectSlug: string, permission: Permission): Promise<boolean> {
  try {
    await authorizeProject({ actor, project: { slug: projectSlug }, permission });
    return true;
  } catch {
    return false;
  }
}
