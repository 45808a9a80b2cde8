import "server-only";
import { auth } from "@/lib/server/auth/auth";
import { findActiveUser } from "@/lib/server/users/users";
import type { Actor, UserActor } from "./actor";
import { requestSession } from "./session-token";
import { loadUserWithProjectAccess } from "./authorize";
import { authenticateBearer } from "./bearer";

/** The signed-in user of this request, or null (signed out, deleted or disabled). */
export async function getCurrentUser(): Promise<UserActor | null> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const sessionVersion = (session.user as { sessionVersion?: unknown }).sessionVersion;
  return findActiveUser(userId, typeof sessionVersion === "number" ? sessionVersion : 0);
}

/**
 * A route handler's actor: a bearer API key when one is sent, else the session's user. A handler
 * that names its project lets the user and their access to it be read in one round trip.
 */
export async function getRequestActor(request: Request, scope?: { projectSlug: string }): Promise<Actor | null> {
  const header = request.headers.get("authorization");
  if (header) return authenticateBearer(request, header);
  const session = await requestSession(request);
  if (!session) return null;
  return scope ? loadUserWithProjectAccess(session.userId, scope.projectSlug, session.sessionVersion) : findActiveUser(session.userId, session.sessionVersion);
}
