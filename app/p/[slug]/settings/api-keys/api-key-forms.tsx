"use client";

import { Alert, Button, Field, Input } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import { ConfirmSubmit } from "@/components/confirm-submit";
import type { ActionResult } from "@/lib/forms/types";
import { createApiKeyAction, revokeApiKeyAction, type CreatedKey } from "./actions";

export function CreateApiKeyForm() {
  const { state, pending, form: actionForm } = useProjectActionForm<ActionResult<CreatedKey> | null>(createApiKeyAction, null, { keepSuccess: true });
  return (
    <form {...actionForm} className="space-y-3">
      {state?.ok ? (
        <Alert tone="success">
          <p className="font-medium">Key “{state.data.name}” created. Copy it now: it is shown only once.</p>
          <code className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900" data-testid="new-api-key">{state.data.secret}</code>
        </Alert>
      ) : (
        <FormMessage state={state} />
      )}
      <Field label="Name" htmlFor="k-name" error={fieldError(state, "name")}><Input id="k-name" name="name" required /></Field>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Scopes</legend>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="scopes" value="ingest" defaultChecked /> ingest: send logged outputs</label>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="scopes" value="export" /> export: download datasets</label>
        {fieldError(state, "scopes") ? <p className="text-xs text-red-700">{fieldError(state, "scopes")}</p> : null}
      </fieldset>
      <Button type="submit" disabled={pending}>Create key</Button>
    </form>
  );
}

export function RevokeApiKeyButton({ apiKeyId, name, prefix }: { apiKeyId: string; name: string; prefix: string }) {
  const { state, pending, form: actionForm } = useProjectActionForm<ActionResult | null>(revokeApiKeyAction, null);
  return (
    <form {...actionForm}>
      <input type="hidden" name="apiKeyId" value={apiKeyId} />
      <ConfirmSubmit
        label="Revoke"
        className="text-xs"
        title={`Revoke the key “${name}”?`}
        confirmLabel="Revoke key"
        pending={pending}
        result={state}
        description={
          <>
            <p>Every request with the key {prefix}… is refused from now on: services that send logs with it stop ingesting until they get a new key.</p>
            <p>A revoked key cannot be restored.</p>
          </>
        }
      />
      <FormMessage state={state} />
    </form>
  );
}
