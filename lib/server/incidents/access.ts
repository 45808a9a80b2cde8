// Who sees which incidents: incidents:read sees the register; a member with only incidents:view
// (reviewers) sees the incidents their own labels opened, read-only. Everything else 404s.
import "server-only";
import { authorizeProject, type ProjectAccess } from "@/lib/server/auth/authorize";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/server/auth/actor";
import type { Prisma } from "@/generated/prisma/client";

export type IncidentAccess = ProjectAccess & {
  /** Null: every incident of the project; else only those this reviewer's labels opened. */
  ownReviewerId: string | null;
  canManage: boolean;
};

export async function authorizeIncidents(actor: Actor, projectSlug: string, permission: Permission = "incidents:view"): Promise<IncidentAccess> {
  const access = await authorizeProject({ actor, project: { slug: projectSlug }, permission });
  const full = can(access, "incidents:read");
  const canManage = actor.kind === "user" && can(access, "incidents:manage");
  return { ...access, ownReviewerId: full ? null : actor.kind === "user" ? actor.userId : "", canManage };
}

/** The incident filter every read applies: the project, and the reviewer's own when limited. */
export function incidentScope(access: IncidentAccess): Prisma.IncidentWhereInput {
  return access.ownReviewerId === null ? { projectId: access.project.id } : { projectId: access.project.id, openedByReviewerId: access.ownReviewerId };
}

/** Whether the actor may change incidents of the project (for showing incident actions elsewhere, e.g. the outputs explorer). */
export async function canManageIncidents(actor: Actor, projectSlug: string): Promise<boolean> {
  return (await authorizeIncidents(actor, projectSlug)).canManage;
}
