// The one place typed errors become HTTP responses.
import "server-only";
import { ZodError } from "zod";
import { AppError, TooManyRequestsError, ValidationError, zodIssues } from "@/lib/server/errors";
import { isDatabaseUnavailable } from "@/lib/server/db/unavailable";

/** Seconds a client is told to wait when the database cannot be reached (a restart takes a few). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

export function errorResponse(error: unknown): Response {
  if (error instanceof ZodError) error = new ValidationError(zodIssues(error));
  if (error instanceof AppError) {
    const body: Record<string, unknown> = { error: error.code, message: error.message };
    if (error instanceof ValidationError) body.issues = error.issues;
    if ("field" in error && error.field) body.field = error.field;
    const headers: Record<string, string> = error instanceof TooManyRequestsError ? { "retry-after": String(error.retryAfterSeconds) } : {};
    return Response.json(body, { status: error.status, headers });
  }
  if (isDatabaseUnavailable(error)) {
    // Not a bug: one line, not a stack, per failed request while the database is away.
    console.warn(`database unavailable: ${(error as Error).message?.split("\n").filter(Boolean).pop() ?? String(error)}`);
    return Response.json(
      { error: "database_unavailable", message: "The database cannot be reached right now; try again in a few seconds." },
      { status: 503, headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } },
    );
  }
  console.error(error);
  return Response.json({ error: "internal", message: "Something went wrong on the server; it has been logged." }, { status: 500 });
}

/** Wraps a route handler so that any thrown error is answered in the shared JSON shape. */
export function handleRoute<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
