// Who is acting: a signed-in user or a project API key. Domain functions take an Actor and
// never look at sessions or headers themselves.
export type UserActor = { kind: "user"; userId: string; email: string; name: string | null; isInstanceAdmin: boolean };
export type ApiKeyActor = { kind: "apiKey"; apiKeyId: string; projectId: string; scopes: string[] };
export type Actor = UserActor | ApiKeyActor;

/** The user id to record as the author of a change; API keys author nothing by name. */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}
