"use client";

import { Alert, Button, Field, Input } from "@/components/ui";
import { signInWithPassword, type SignInState } from "./actions";
import { useActionForm } from "@/components/form-state";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const { state, pending, form: actionForm } = useActionForm<SignInState>(signInWithPassword, {});
  return (
    <form {...actionForm} className="space-y-4">
      {state.message ? <Alert>{state.message}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
      <Field label="Email" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="username" required defaultValue={state.email} autoFocus />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
