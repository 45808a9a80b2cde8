// Server actions report failures as values the form can show, never as thrown errors.
import "server-only";
import { ZodError, type ZodType } from "zod";
import { AppError, ValidationError, zodIssues } from "@/lib/server/errors";
import type { ActionResult } from "@/lib/forms/types";

export type { ActionResult };

export function formToObject(form: FormData): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((v): v is string => typeof v === "string");
    object[key] = values.length > 1 || key.endsWith("[]") ? values : values[0];
  }
  return object;
}

export async function runAction<S extends ZodType, T>(
  schema: S,
  input: unknown,
  perform: (parsed: S["_output"]) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    const parsed = schema.parse(input);
    return { ok: true, data: await perform(parsed) };
  } catch (error) {
    if (error instanceof ZodError) error = new ValidationError(zodIssues(error));
    if (error instanceof ValidationError) return { ok: false, message: error.message, issues: error.issues };
    if (error instanceof AppError) return { ok: false, message: error.message, issues: [] };
    // Next's redirect/notFound are thrown and must pass through.
    throw error;
  }
}
