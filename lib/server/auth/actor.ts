// Who is acting: a signed-in user or a project API key. Domain functions take an Actor and
// never look at sessions or headers themselves.
import "server-only";
export type UserActor = { kind: "user"; userId: string; email: string; name: string | null; isInstanceAdmin: boolean };
export type ApiKeyActor = { kind: "apiKey"; apiKeyId: string; projectId: string; scopes: string[] };
/**
 * Background work that no person or key started (the weekly scheduler, the job runner, start-up
 * initialisation, the demo seed). It is checked against SYSTEM_PERMISSIONS like any other actor;
 * `job` names the work for logs and audit entries.
 */
export type SystemActor = { kind: "system"; job: string };
export type Actor = UserActor | ApiKeyActor | SystemActor;

export function systemActor(job: string): SystemActor {
  return { kind: "system", job };
}

/** The user id to record as the author of a change; API keys author nothing by name. */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}
