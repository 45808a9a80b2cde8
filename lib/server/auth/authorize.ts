import { prisma } from "@/lib/server/db/client";
import { ForbiddenError, NotFoundError } from "@/lib/server/errors";
import { roleHasPermission, scopesGrantPermission, type Permission, type ProjectRole } from "@/lib/auth/permissions";
import type { Actor } from "./actor";

export type ProjectAccess = {
  project: { id: string; slug: string; name: string; timeZone: string; blindReview: boolean };
  /** The member's role; null for an instance admin who is not a member, or for an API key. */
  role: ProjectRole | null;
};

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
  // The project and the actor's membership in one round trip: this runs on every request.
  const byslug = "slug" in options.project;
  const [row] = await db.$queryRawUnsafe<(ProjectAccess["project"] & { role: ProjectRole | null })[]>(
    `SELECT p.id, p.slug, p.name, p."timeZone", p."blindReview", m.role::text AS role
       FROM "Project" p LEFT JOIN "Membership" m ON m."projectId" = p.id AND m."userId" = $2
      WHERE ${byslug ? "p.slug" : "p.id"} = $1`,
    "slug" in options.project ? options.project.slug : options.project.id,
    actor.kind === "user" ? actor.userId : null,
  );
  if (!row) throw new NotFoundError("Project not found");
  const { role: membershipRole, ...project } = row;

  if (actor.kind === "apiKey") {
    if (actor.projectId !== project.id) throw new NotFoundError("Project not found");
    if (!scopesGrantPermission(actor.scopes, permission)) throw new ForbiddenError(permission);
    return { project, role: null };
  }

  if (actor.isInstanceAdmin) return { project, role: membershipRole };
  if (!membershipRole) throw new NotFoundError("Project not found");
  if (!roleHasPermission(membershipRole, permission)) throw new ForbiddenError(permission);
  return { project, role: membershipRole };
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
