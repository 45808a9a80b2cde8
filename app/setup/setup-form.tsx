"use client";

import { Alert, Button, Field, Input } from "@/components/ui";
import type { ActionResult } from "@/lib/forms/types";
import { createInstanceAdmin } from "./actions";
import { useActionForm } from "@/components/form-state";

export function SetupForm() {
  const { state, pending, form: actionForm } = useActionForm<ActionResult | null>(createInstanceAdmin, null);
  const issue = (field: string) => (state && !state.ok ? state.issues.find((i) => i.field === field)?.message : undefined);
  return (
    <form {...actionForm} className="space-y-4">
      {state && !state.ok && state.issues.length === 0 ? <Alert>{state.message}</Alert> : null}
      <Field label="Your name" htmlFor="name" error={issue("name")}>
        <Input id="name" name="name" required autoFocus />
      </Field>
      <Field label="Email" htmlFor="email" error={issue("email")}>
        <Input id="email" name="email" type="email" required autoComplete="username" />
      </Field>
      <Field label="Password" htmlFor="password" error={issue("password")} hint="At least 10 characters.">
        <Input id="password" name="password" type="password" required autoComplete="new-password" />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>Create administrator</Button>
    </form>
  );
}
