// Guards for server components: signed-out visitors go to sign-in, and a project page the user
// may not see is a 404 (never a hint that the project or page exists).
import "server-only";
import { notFound, redirect } from "next/navigation";
import { ForbiddenError, NotFoundError } from "@/lib/server/errors";
import type { InstancePermission, Permission } from "@/lib/auth/permissions";
import { authorizeProject, canInInstance, type ProjectAccess } from "./authorize";
import { getCurrentUser } from "./current";
import type { UserActor } from "./actor";

export async function requireUser(): Promise<UserActor> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

export async function requireProjectPage(projectSlug: string, permission: Permission): Promise<ProjectAccess & { actor: UserActor }> {
  const actor = await requireUser();
  try {
    return { actor, ...(await authorizeProject({ actor, project: { slug: projectSlug }, permission })) };
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
}

/** An instance page (users, the instance audit log): a 404 for anyone without the permission. */
export async function requireInstancePage(permission: InstancePermission): Promise<UserActor> {
  const actor = await requireUser();
  if (!canInInstance(actor, permission)) notFound();
  return actor;
}
