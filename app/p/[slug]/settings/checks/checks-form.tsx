"use client";

import { Button, Field } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import { CHECK_FLAGS, type CheckSettings } from "@/lib/outputs/checks";
import { resumeBackfillAction, saveChecksAction } from "./actions";

const FLAG_LABELS: Record<(typeof CHECK_FLAGS)[number], string> = { escalated: "Escalation", overridden: "Human override", intervened: "Human intervention", approved: "Approval" };
const input = "w-full rounded border border-slate-300 px-2 py-1 text-sm";

export function ChecksForm({ settings }: { settings: CheckSettings }) {
  const { state, pending, form } = useProjectActionForm<ActionResult<{ version: number }> | null>(saveChecksAction, null);
  // The saved format checks plus one empty row to add another.
  const formats = [...settings.format, { taskType: "", format: "json" as const, schema: null }];
  const lines = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} = ${v}`).join("\n");
  return (
    <form {...form} className="space-y-6">
      <FormMessage state={state} success="Saved as a new version. Stored outputs are being recomputed." />
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Format compliance (per task type)</legend>
        <p className="text-xs text-slate-500">The output must parse as JSON and, with a schema, validate against it (JSON Schema draft 2020-12). Leave a task type empty to remove its row.</p>
        {formats.map((f, i) => (
          <div key={i} className="grid gap-2 md:grid-cols-[12rem_minmax(0,1fr)]">
            <Field label="Task type" htmlFor={`f-${i}-task`} error={fieldError(state, `format.${i}.taskType`)}>
              <input id={`f-${i}-task`} name={`format.${i}.taskType`} defaultValue={f.taskType} className={input} />
            </Field>
            <Field label="JSON Schema (optional)" htmlFor={`f-${i}-schema`} error={fieldError(state, `format.${i}.schema`)}>
              <textarea id={`f-${i}-schema`} name={`format.${i}.schema`} rows={f.schema ? 6 : 2} defaultValue={f.schema ? JSON.stringify(f.schema, null, 2) : ""} className={`${input} font-mono text-xs`} />
            </Field>
          </div>
        ))}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Refusal</legend>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="refusal.enabled" defaultChecked={settings.refusal.enabled} /> Detect refusals (counted apart from policy violations)</label>
        <Field label="Signal that decides when present" htmlFor="r-signal" error={fieldError(state, "refusal.signal")} hint="An ingested signal of this name: true, or a number ≥ 0.5, means a refusal.">
          <input id="r-signal" name="refusal.signal" defaultValue={settings.refusal.signal ?? ""} className={input} />
        </Field>
        <Field label="Otherwise, phrases in the output (one per line, case-insensitive)" htmlFor="r-phrases" error={fieldError(state, "refusal.phrases")}>
          <textarea id="r-phrases" name="refusal.phrases" rows={4} defaultValue={settings.refusal.phrases.join("\n")} className={input} />
        </Field>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Human override, escalation, intervention, approval (from metadata)</legend>
        <p className="text-xs text-slate-500">Which metadata key (and value) means it, e.g. escalated = true or human_action = override. Empty: not tracked.</p>
        {CHECK_FLAGS.map((flag) => (
          <div key={flag} className="grid gap-2 md:grid-cols-[10rem_1fr_1fr] md:items-end">
            <span className="text-sm text-slate-700">{FLAG_LABELS[flag]}</span>
            <Field label="Metadata key" htmlFor={`${flag}-key`} error={fieldError(state, `${flag}.key`)}>
              <input id={`${flag}-key`} name={`${flag}.key`} defaultValue={settings[flag]?.key ?? ""} className={input} />
            </Field>
            <Field label="Value (default true)" htmlFor={`${flag}-equals`} error={fieldError(state, `${flag}.equals`)}>
              <input id={`${flag}-equals`} name={`${flag}.equals`} defaultValue={settings[flag] ? String(settings[flag]!.equals) : ""} className={input} />
            </Field>
          </div>
        ))}
      </fieldset>
      <fieldset className="grid gap-3 md:grid-cols-2">
        <legend className="text-sm font-semibold">Latency SLA and cost budget</legend>
        <Field label="Latency SLA (ms)" htmlFor="sla" error={fieldError(state, "latencySlaMs.default")}>
          <input id="sla" name="latencySlaMs.default" inputMode="decimal" defaultValue={settings.latencySlaMs.default ?? ""} className={input} />
        </Field>
        <Field label="Cost budget per request (USD)" htmlFor="budget" error={fieldError(state, "costBudgetUsd.default")}>
          <input id="budget" name="costBudgetUsd.default" inputMode="decimal" defaultValue={settings.costBudgetUsd.default ?? ""} className={input} />
        </Field>
        <Field label="Per task type (task_type = ms)" htmlFor="sla-task" error={fieldError(state, "latencySlaMs.byTaskType")}>
          <textarea id="sla-task" name="latencySlaMs.byTaskType" rows={3} defaultValue={lines(settings.latencySlaMs.byTaskType)} className={`${input} font-mono text-xs`} />
        </Field>
        <Field label="Per task type (task_type = USD)" htmlFor="budget-task" error={fieldError(state, "costBudgetUsd.byTaskType")}>
          <textarea id="budget-task" name="costBudgetUsd.byTaskType" rows={3} defaultValue={lines(settings.costBudgetUsd.byTaskType)} className={`${input} font-mono text-xs`} />
        </Field>
      </fieldset>
      <Button type="submit" disabled={pending}>Save and recompute</Button>
    </form>
  );
}

export function ResumeBackfillForm() {
  const { state, pending, form } = useProjectActionForm<ActionResult | null>(resumeBackfillAction, null);
  return (
    <form {...form} className="mt-2">
      <FormMessage state={state} success="Recomputing in the background." />
      <Button type="submit" variant="secondary" disabled={pending}>Resume recomputing</Button>
    </form>
  );
}
