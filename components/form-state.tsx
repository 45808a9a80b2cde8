"use client";

import type { ActionResult } from "@/lib/server/http/action";
import { Alert } from "./ui";

/** The error for one field of a failed action, for <Field error=…>. */
export function fieldError(state: ActionResult<unknown> | null, field: string): string | undefined {
  return state && !state.ok ? state.issues.find((issue) => issue.field === field)?.message : undefined;
}

/** A failure that names no field, or a success message. */
export function FormMessage({ state, success }: { state: ActionResult<unknown> | null; success?: string }) {
  if (!state) return null;
  if (state.ok) return success ? <Alert tone="success">{success}</Alert> : null;
  return state.issues.length === 0 ? <Alert>{state.message}</Alert> : <Alert>Check the highlighted fields: {state.message}</Alert>;
}
