"use client";

import { useState } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import { createWebhookAction, deleteWebhookAction, testWebhookAction, toggleWebhookAction, type CreatedWebhook } from "./actions";

export function CreateWebhookForm() {
  const { state, pending, form } = useProjectActionForm<ActionResult<CreatedWebhook> | null>(createWebhookAction, null);
  return (
    <form {...form} className="space-y-3">
      {state?.ok ? (
        <Alert tone="success">
          <p className="font-medium">Webhook to {state.data.url} added. Copy its signing secret now: it is shown only once.</p>
          <code className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900" data-testid="new-webhook-secret">{state.data.secret}</code>
        </Alert>
      ) : (
        <FormMessage state={state} />
      )}
      <Field label="URL" htmlFor="wh-url" error={fieldError(state, "url")} hint="http or https; public addresses only. A Slack or Mattermost incoming-webhook URL works as is.">
        <Input id="wh-url" name="url" type="url" required placeholder="https://hooks.slack.com/services/…" />
      </Field>
      <Field label="Description" htmlFor="wh-description" error={fieldError(state, "description")}>
        <Input id="wh-description" name="description" placeholder="e.g. #ai-quality channel" />
      </Field>
      <Button type="submit" disabled={pending}>Add webhook</Button>
    </form>
  );
}

export function WebhookRowActions({ webhookId, enabled, url }: { webhookId: string; enabled: boolean; url: string }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useProjectActionForm<ActionResult | null>(deleteWebhookAction, null);
  const toggle = useProjectActionForm<ActionResult | null>(toggleWebhookAction, null);
  const test = useProjectActionForm<ActionResult<string> | null>(testWebhookAction, null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form {...test.form}>
        <input type="hidden" name="webhookId" value={webhookId} />
        <Button type="submit" variant="secondary" className="text-xs" disabled={test.pending}>Send test</Button>
      </form>
      <form {...toggle.form}>
        <input type="hidden" name="webhookId" value={webhookId} />
        <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
        <Button type="submit" variant="secondary" className="text-xs" disabled={toggle.pending}>{enabled ? "Disable" : "Enable"}</Button>
      </form>
      {confirming ? (
        <form {...remove.form} className="flex items-center gap-2" role="group" aria-label="Confirm deletion">
          <input type="hidden" name="webhookId" value={webhookId} />
          <span className="text-xs text-slate-700">Delete the webhook to {url}? Alerts stop going there and its delivery log is removed.</span>
          <Button type="submit" variant="danger" className="text-xs" disabled={remove.pending}>Yes, delete</Button>
          <Button type="button" variant="secondary" className="text-xs" onClick={() => setConfirming(false)}>Cancel</Button>
        </form>
      ) : (
        <Button type="button" variant="danger" className="text-xs" onClick={() => setConfirming(true)}>Delete…</Button>
      )}
      {test.state?.ok ? <span className="text-xs text-slate-700" role="status">{test.state.data}</span> : <FormMessage state={test.state} />}
      <FormMessage state={remove.state} />
      <FormMessage state={toggle.state} />
    </div>
  );
}
