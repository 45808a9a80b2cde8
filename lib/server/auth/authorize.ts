import "server-only";
import { getDatabase } from "@/lib/server/db/client";
import { preparedStatement } from "@/lib/server/db/prepared";
import { ForbiddenError, NotFoundError } from "@/lib/server/errors";
import { can, type Access, type InstancePermission, type Permission, type ProjectRole } from "@/lib/auth/permissions";
import type { Actor, UserActor } from "./actor";

/**
 * A checked access to one project: the project, and who holds it as `can` reads it (`role` is the
 * member's role; null for an instance admin who is not a member, an API key or the system).
 */
export type ProjectAccess = Access & {
  project: { id: string; slug: string; name: string; timeZone: string; blindReview: boolean };
};

type AccessRow = ProjectAccess["project"] & { role: ProjectRole | null };

const USER_WITH_PROJECT_ACCESS_SQL = preparedStatement(
  "assay_user_with_project_access",
`SELECT u.email, u.name, u."isInstanceAdmin", u."disabledAt" IS NOT NULL AS disabled, u."sessionVersion",
            p.id AS "projectId", p.slug, p.name AS "projectName", p."timeZone", p."blindReview", m.role::text AS role
       FROM "User" u
       LEFT JOIN "Project" p ON p.slug = $2
       LEFT JOIN "Membership" m ON m."projectId" = p.id AND m."userId" = u.id
      WHERE u.id = $1`,
);

const ACCESS_SQL = (column: string) => `SELECT p.id, p.slug, p.name, p."timeZone", p."blindReview", m.role::text AS role
       FROM "Project" p LEFT JOIN "Membership" m ON m."projectId" = p.id AND m."userId" = $2
      WHERE ${column} = $1`;
const ACCESS_BY_SLUG_SQL = preparedStatement("assay_access_by_slug", ACCESS_SQL("p.slug"));
const ACCESS_BY_ID_SQL = preparedStatement("assay_access_by_id", ACCESS_SQL("p.id"));

// A route handler that knows its project up front reads the user and the project access in one
// statement (loadUserWithProjectAccess); the row is kept for that request's actor object only, so
// the authorizeProject call that follows skips its own read. The permission check itself always runs.
const accessReadWithActor = new WeakMap<Actor, { slug: string; row: AccessRow | null }>();

/**
 * The active user behind a session (null when gone, disabled, or signed out since the session was
 * issued: `sessionVersion` is the token's, decision 012) together with their access to one project,
 * in one round trip. The access is only remembered for authorizeProject; it grants nothing.
 */
export async function loadUserWithProjectAccess(userId: string, projectSlug: string, sessionVersion = 0): Promise<UserActor | null> {
  // Straight to the driver, as every statement of the review request: see Database.query.
  const db = await getDatabase();
  const {
    rows: [row],
  } = await db.query<{ email: string; name: string | null; isInstanceAdmin: boolean; disabled: boolean; sessionVersion: number; projectId: string | null; slug: string; projectName: string; timeZone: string; blindReview: boolean; role: ProjectRole | null }>(
    USER_WITH_PROJECT_ACCESS_SQL,
    [userId, projectSlug],
  );
  if (!row || row.disabled || row.sessionVersion !== sessionVersion) return null;
  const actor: UserActor = { kind: "user", userId, email: row.email, name: row.name, isInstanceAdmin: row.isInstanceAdmin };
  accessReadWithActor.set(actor, {
    slug: projectSlug,
    row: row.projectId ? { id: row.projectId, slug: row.slug, name: row.projectName, timeZone: row.timeZone, blindReview: row.blindReview, role: row.role } : null,
  });
  return actor;
}

async function readAccess(actor: Actor, project: { slug: string } | { id: string }): Promise<AccessRow | null> {
  const known = accessReadWithActor.get(actor);
  if (known && "slug" in project && known.slug === project.slug) return known.row;
  const db = await getDatabase();
  // The project and the actor's membership in one round trip: this runs on every request.
  const {
    rows: [row],
  } = await db.query<AccessRow>("slug" in project ? ACCESS_BY_SLUG_SQL : ACCESS_BY_ID_SQL, ["slug" in project ? project.slug : project.id, actor.kind === "user" ? actor.userId : null]);
  return row ?? null;
}

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
  const row = await readAccess(actor, options.project);
  if (!row) throw new NotFoundError("Project not found");
  const { role: membershipRole, ...project } = row;
  const access = accessOf(actor, membershipRole);
  // Another project's key, or a user who is neither a member nor an instance admin, cannot tell
  // the project exists.
  if (actor.kind === "apiKey" && actor.projectId !== project.id) throw new NotFoundError("Project not found");
  if (access.principal === "user" && !access.instanceAdmin && access.role === null) throw new NotFoundError("Project not found");
  if (!can(access, permission)) throw new ForbiddenError(permission);
  return { ...access, project };
}

function accessOf(actor: Actor, role: ProjectRole | null): Access {
  switch (actor.kind) {
    case "system":
      return { principal: "system", role: null };
    case "apiKey":
      return { principal: "apiKey", role: null, scopes: actor.scopes };
    case "user":
      return { principal: "user", role, instanceAdmin: actor.isInstanceAdmin };
  }
}

/** The check for what is not about one project (users, creating projects, the instance's log). */
export function authorizeInstance(actor: Actor, permission: InstancePermission): void {
  if (!can(accessOf(actor, null), permission)) throw new ForbiddenError(permission);
}

/** Whether the actor holds an instance permission, for showing or hiding navigation. */
export function canInInstance(actor: Actor, permission: InstancePermission): boolean {
  return can(accessOf(actor, null), permission);
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
