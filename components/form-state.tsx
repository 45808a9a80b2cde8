"use client";

import { startTransition, useActionState, useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { useParams } from "next/navigation";
import type { ActionResult } from "@/lib/forms/types";
import { describeIssues, fieldLabelsOfForm, type FieldLabels } from "@/lib/forms/field-labels";
import { Alert } from "./ui";

/** Fired when any form's action starts: other forms' success messages are then out of date. */
const ACTION_START = "assay:action-start";

/**
 * useActionState for a form that keeps what the user typed when the action refuses it. A form
 * whose `action` prop is a function is reset by React after every submission, which would wipe a
 * rationale or a name the server just rejected; submitting through `onSubmit` avoids that, and the
 * fields are reset only after a success, as before. Spread `form` onto the <form>.
 *
 * The returned state speaks the form's language: a failure's message names the fields by their
 * labels as the user sees them ("Initial password: …", not "initialPassword: …"). A success
 * message lasts until the next action starts, here or in another form on the page
 * (`keepSuccess` keeps it through other forms' actions, e.g. a secret shown once).
 */
export function useActionForm<S>(action: (state: Awaited<S>, data: FormData) => S | Promise<S>, initial: Awaited<S>, options: { keepSuccess?: boolean } = {}) {
  const [state, dispatch, pending] = useActionState(action, initial);
  const ref = useRef<HTMLFormElement>(null);
  const formId = useId();
  const [labels, setLabels] = useState<FieldLabels>({});
  const [hidden, setHidden] = useState<"none" | "success" | "all">("none");
  // A new result is shown (the React pattern for state derived from a changing value).
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    setHidden("none");
  }
  useEffect(() => {
    if ((state as { ok?: unknown } | null)?.ok === true) ref.current?.reset();
  }, [state]);
  const keepSuccess = options.keepSuccess === true;
  useEffect(() => {
    const onStart = (event: Event) => {
      if ((event as CustomEvent<string>).detail !== formId && !keepSuccess) setHidden((h) => (h === "all" ? h : "success"));
    };
    window.addEventListener(ACTION_START, onStart);
    return () => window.removeEventListener(ACTION_START, onStart);
  }, [formId, keepSuccess]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form, (event.nativeEvent as SubmitEvent).submitter);
    setLabels(fieldLabelsOfForm(form));
    setHidden("all");
    window.dispatchEvent(new CustomEvent(ACTION_START, { detail: formId }));
    startTransition(() => dispatch(data));
  };
  // Only ActionResult states are relabelled and hidden; forms with a state of their own shape
  // (sign-in, the label forms) get it unchanged.
  const result = isActionResult(state) ? state : null;
  let visible = state;
  if (result && (hidden === "all" || (hidden === "success" && result.ok))) visible = null as Awaited<S>;
  else if (result && !result.ok && result.issues.length > 0) visible = { ...result, message: describeIssues(result.issues, labels) } as Awaited<S>;
  return { state: visible, pending, form: { ref, onSubmit } };
}

/**
 * useActionForm for a project action (lib/server/http/project-action.ts): the project is bound from
 * this page's route, the `[slug]` segment, so no form carries it as a field.
 */
export function useProjectActionForm<S>(
  action: (projectSlug: string, state: Awaited<S>, data: FormData) => S | Promise<S>,
  initial: Awaited<S>,
  options: { keepSuccess?: boolean } = {},
) {
  const { slug } = useParams<{ slug: string }>();
  const bound = useMemo(() => action.bind(null, slug), [action, slug]);
  return useActionForm<S>(bound, initial, options);
}

function isActionResult(value: unknown): value is ActionResult<unknown> {
  if (typeof value !== "object" || value === null || typeof (value as { ok?: unknown }).ok !== "boolean") return false;
  return (value as { ok: boolean }).ok || Array.isArray((value as { issues?: unknown }).issues);
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
