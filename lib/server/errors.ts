// Typed domain errors. Domain functions throw these; entry points map them to HTTP in one place
// (lib/server/http/respond.ts) or to a message in the UI.
import "server-only";
import type { ZodError } from "zod";
import type { FieldIssue } from "@/lib/forms/types";

export type { FieldIssue };

/** A zod error's issues by field path; an issue about the whole input is named `root`. */
export function zodIssues(error: ZodError, root = "(body)"): FieldIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.join(".") || root, message: issue.message }));
}

export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "Sign in or send a valid API key.") {
    super(message, 401, "unauthenticated");
  }
}

// Another project's object, or one that does not exist: the caller cannot tell which.
export class NotFoundError extends AppError {
  constructor(what = "Not found") {
    super(what, 404, "not_found");
  }
}

export class ForbiddenError extends AppError {
  constructor(readonly permission: string) {
    super(`Your role does not allow this (needs ${permission}).`, 403, "forbidden");
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly issues: FieldIssue[],
    message = issues.map((issue) => `${issue.field}: ${issue.message}`).join("; "),
  ) {
    super(message, 400, "invalid_input");
  }
}

export class ConflictError extends AppError {
  constructor(message: string, readonly field?: string) {
    super(message, 409, "conflict");
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(message, 413, "payload_too_large");
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    what: string,
  ) {
    super(`Too many ${what}. Try again in ${retryAfterSeconds >= 120 ? `${Math.ceil(retryAfterSeconds / 60)} minutes` : `${retryAfterSeconds} seconds`}.`, 429, "rate_limited");
  }
}
