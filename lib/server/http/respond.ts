// The one place typed errors become HTTP responses.
import "server-only";
import { ZodError } from "zod";
import { AppError, TooManyRequestsError, ValidationError, zodIssues } from "@/lib/server/errors";

export function errorResponse(error: unknown): Response {
  if (error instanceof ZodError) error = new ValidationError(zodIssues(error));
  if (error instanceof AppError) {
    const body: Record<string, unknown> = { error: error.code, message: error.message };
    if (error instanceof ValidationError) body.issues = error.issues;
    if ("field" in error && error.field) body.field = error.field;
    const headers: Record<string, string> = error instanceof TooManyRequestsError ? { "retry-after": String(error.retryAfterSeconds) } : {};
    return Response.json(body, { status: error.status, headers });
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
