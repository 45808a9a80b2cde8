"use client";

import { Button, Field } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import type { RedactionSettings } from "@/lib/ingest/redaction";
import { updateRedactionAction } from "./actions";

export function RedactionForm({ settings }: { settings: RedactionSettings }) {
  const { state, pending, form: actionForm } = useProjectActionForm<ActionResult | null>(updateRedactionAction, null);
  const customText = settings.custom.map((c) => `${c.name} = ${c.pattern}`).join("\n");
  return (
    <form {...actionForm} className="space-y-4">
      <FormMessage state={state} success="Redaction settings saved. They apply to outputs ingested from now on." />
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" name="enabled" defaultChecked={settings.enabled} /> Redact PII before storing ingested outputs
      </label>
      <fieldset className="space-y-1 pl-6">
        <legend className="text-sm text-slate-700">Built-in detectors</legend>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="emails" defaultChecked={settings.emails} /> Email addresses → [REDACTED:email]</label>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="phones" defaultChecked={settings.phones} /> Phone numbers (9–15 digits) → [REDACTED:phone]</label>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="cards" defaultChecked={settings.cards} /> Card numbers (13–19 digits, Luhn-valid) → [REDACTED:card]</label>
      </fieldset>
      <Field label="Custom patterns" htmlFor="r-custom" error={fieldError(state, "custom")} hint="One per line: name = JavaScript regular expression, e.g. order_id = ORD-\d{6}. Matches become [REDACTED:name].">
        <textarea id="r-custom" name="custom" rows={5} defaultValue={customText} className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm" />
      </Field>
      <Button type="submit" disabled={pending}>Save</Button>
    </form>
  );
}
