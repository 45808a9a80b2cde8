// The one shape of a project's JSON route handler (after Dub's withWorkspace): the project comes
// from the route (the `[slug]` segment, or `?project=` for the ingest endpoints), the caller is
// authenticated (API key or session), the permission is checked, the body parsed with zod, and
// every typed error becomes the shared JSON answer (respond.ts). A handler cannot skip a step.
import "server-only";
import type { z, ZodType } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { authorizeProject, type ProjectAccess } from "@/lib/server/auth/authorize";
import { getRequestActor } from "@/lib/server/auth/current";
import type { Actor } from "@/lib/server/auth/actor";
import { UnauthenticatedError } from "@/lib/server/errors";
import { handleRoute } from "./respond";

type RouteParams = Record<string, string>;

export type ProjectRouteContext<P extends RouteParams, B> = {
  request: Request;
  params: P;
  actor: Actor;
  access: ProjectAccess;
  /** The parsed body (undefined when the route declares no body schema). */
  body: B;
};

export type ProjectRouteOptions<P extends RouteParams, S extends ZodType | undefined> = {
  permission: Permission;
  /** zod schema of the JSON body; a body that is not JSON parses as `undefined`. */
  body?: S;
  /** Where the project's slug is in the route: the `slug` segment unless told otherwise. */
  projectSlug?: (request: Request, params: P) => string;
  /** Message of the 401 for a request with no valid API key or session. */
  unauthenticated?: string;
};

export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

/** `?project=<slug>`, for endpoints whose URL a producer configures once (ingest, OTLP). */
export function projectFromQuery(request: Request): string {
  return new URL(request.url).searchParams.get("project") ?? "";
}

/**
 * Wraps a project route handler. The handler gets the checked access and returns a Response, or a
 * value to be sent as JSON.
 */
export function withProjectRoute<P extends RouteParams, S extends ZodType | undefined = undefined>(
  options: ProjectRouteOptions<P, S>,
  handler: (context: ProjectRouteContext<P, S extends ZodType ? z.output<S> : undefined>) => Promise<unknown>,
) {
  return handleRoute(async (request: Request, context: { params: Promise<P> }) => {
    const params = await context.params;
    const projectSlug = options.projectSlug ? options.projectSlug(request, params) : params.slug;
    // A user's session and their access to the named project are read in one round trip.
    const actor = await getRequestActor(request, { projectSlug });
    if (!actor) throw new UnauthenticatedError(options.unauthenticated);
    const access = await authorizeProject({ actor, project: { slug: projectSlug }, permission: options.permission });
    const body = (options.body ? options.body.parse(await readJsonBody(request)) : undefined) as S extends ZodType ? z.output<S> : undefined;
    const result = await handler({ request, params, actor, access, body });
    return result instanceof Response ? result : Response.json(result);
  });
}
