"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { ActionResult } from "@/lib/server/http/action";
import { Alert } from "./ui";

/**
 * useActionState for a form that keeps what the user typed when the action refuses it. A form
 * whose `action` prop is a function is reset by React after every submission, which would wipe a
 * rationale or a name the server just rejected; submitting through `onSubmit` avoids that, and the
 * fields are reset only after a success, as before. Spread `form` onto the <form>.
 */
export function useActionForm<S>(action: (state: Awaited<S>, data: FormData) => S | Promise<S>, initial: Awaited<S>) {
  const [state, dispatch, pending] = useActionState(action, initial);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if ((state as { ok?: unknown } | null)?.ok === true) ref.current?.reset();
  }, [state]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(data));
  };
  return { state, pending, form: { ref, onSubmit } };
}

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
