"use client";

import { Button, Field, Input } from "@/components/ui";
import { fieldError, FormMessage, useActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import { createUserAction, setUserDisabledAction } from "./actions";

export function CreateUserForm() {
  const { state, pending, form: actionForm } = useActionForm<ActionResult | null>(createUserAction, null);
  return (
    <form {...actionForm} className="grid gap-3 md:grid-cols-2">
      <div className="md:col-span-2"><FormMessage state={state} success="User created." /></div>
      <Field label="Email" htmlFor="u-email" error={fieldError(state, "email")}><Input id="u-email" name="email" type="email" required /></Field>
      <Field label="Name" htmlFor="u-name" error={fieldError(state, "name")}><Input id="u-name" name="name" /></Field>
      <Field label="Password" htmlFor="u-password" error={fieldError(state, "password")}><Input id="u-password" name="password" type="password" required autoComplete="new-password" /></Field>
      <label className="flex items-center gap-2 self-end text-sm"><input type="checkbox" name="isInstanceAdmin" /> Instance admin</label>
      <div><Button type="submit" disabled={pending}>Create user</Button></div>
    </form>
  );
}

export function ToggleDisabledButton({ userId, disabled }: { userId: string; disabled: boolean }) {
  const { state, pending, form: actionForm } = useActionForm<ActionResult | null>(setUserDisabledAction, null);
  return (
    <form {...actionForm}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      <Button type="submit" variant={disabled ? "secondary" : "danger"} disabled={pending} className="text-xs">{disabled ? "Enable" : "Disable"}</Button>
      <FormMessage state={state} />
    </form>
  );
}
