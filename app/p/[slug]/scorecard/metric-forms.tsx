"use client";

import { useState } from "react";
import { Button, Field, Input, Select } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import { addMetricAction, removeMetricAction, updateMetricAction } from "./actions";

export type EditableMetric = {
  id: string;
  label: string;
  unit: string;
  threshold: number | null;
  baseline: { kind: "fixed"; value: number } | { kind: "weeks"; from: string; to: string } | null;
  guardrailMetricId: string | null;
};

const shown = (value: number | null, unit: string) => (value === null ? "" : unit === "fraction" ? String(+(value * 100).toPrecision(6)) : String(value));

export function MetricSettingsForm({ metric, others }: { metric: EditableMetric; others: { id: string; label: string }[] }) {
  const { state, pending, form } = useProjectActionForm<ActionResult<string> | null>(updateMetricAction, null);
  const [kind, setKind] = useState(metric.baseline?.kind ?? "none");
  const suffix = metric.unit === "fraction" ? " (%)" : metric.unit && metric.unit !== "points" ? ` (${metric.unit})` : "";
  const id = (name: string) => `${metric.id}-${name}`;
  return (
    <form {...form} className="space-y-3" aria-label={`Settings of ${metric.label}`}>
      <input type="hidden" name="metricId" value={metric.id} />
      <input type="hidden" name="unit" value={metric.unit} />
      <div className="grid grid-cols-2 gap-3">
        <Field label={`Threshold${suffix}`} htmlFor={id("threshold")} error={fieldError(state, "threshold")} hint="The guardrail it must not cross; empty for none.">
          <Input id={id("threshold")} name="threshold" inputMode="decimal" defaultValue={shown(metric.threshold, metric.unit)} />
        </Field>
        <Field label="Baseline" htmlFor={id("baselineKind")} error={fieldError(state, "baselineKind")}>
          <Select id={id("baselineKind")} name="baselineKind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="none">None</option>
            <option value="fixed">A fixed value</option>
            <option value="weeks">Weeks pooled</option>
          </Select>
        </Field>
      </div>
      {kind === "fixed" ? (
        <Field label={`Baseline value${suffix}`} htmlFor={id("baselineValue")} error={fieldError(state, "baselineValue")}>
          <Input id={id("baselineValue")} name="baselineValue" inputMode="decimal" defaultValue={metric.baseline?.kind === "fixed" ? shown(metric.baseline.value, metric.unit) : ""} />
        </Field>
      ) : null}
      {kind === "weeks" ? (
        <div className="grid grid-cols-2 gap-3">
          <Field label="From week" htmlFor={id("baselineFrom")} error={fieldError(state, "baselineFrom")}>
            <Input id={id("baselineFrom")} name="baselineFrom" placeholder="2026-W40" defaultValue={metric.baseline?.kind === "weeks" ? metric.baseline.from : ""} />
          </Field>
          <Field label="To week" htmlFor={id("baselineTo")} error={fieldError(state, "baselineTo")}>
            <Input id={id("baselineTo")} name="baselineTo" placeholder="2026-W44" defaultValue={metric.baseline?.kind === "weeks" ? metric.baseline.to : ""} />
          </Field>
        </div>
      ) : null}
      <Field label="Guardrail metric" htmlFor={id("guardrail")} error={fieldError(state, "guardrailMetricId")} hint="Watch this metric together with a guardrail (e.g. partial success down while the policy rate stays within its threshold).">
        <Select id={id("guardrail")} name="guardrailMetricId" defaultValue={metric.guardrailMetricId ?? ""}>
          <option value="">None</option>
          {others.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
        </Select>
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>Save</Button>
        {state?.ok ? <span role="status" className="text-sm text-emerald-700">{state.data}</span> : <FormMessage state={state} />}
      </div>
    </form>
  );
}

export function RemoveMetricButton({ metricId, label }: { metricId: string; label: string }) {
  const [confirming, setConfirming] = useState(false);
  const { state, pending, form } = useProjectActionForm<ActionResult | null>(removeMetricAction, null);
  if (!confirming) return <Button type="button" variant="danger" className="text-xs" onClick={() => setConfirming(true)}>Remove…</Button>;
  return (
    <form {...form} className="flex flex-wrap items-center gap-2" role="group" aria-label={`Confirm removing ${label}`}>
      <input type="hidden" name="metricId" value={metricId} />
      <span className="text-xs text-slate-700">Remove {label} from the scorecard? Its threshold and baseline are forgotten; alerts already sent stay.</span>
      <Button type="submit" variant="danger" className="text-xs" disabled={pending}>Yes, remove</Button>
      <Button type="button" variant="secondary" className="text-xs" onClick={() => setConfirming(false)}>Cancel</Button>
      <FormMessage state={state} />
    </form>
  );
}

export function AddMetricForm({ available }: { available: { key: string; label: string; description: string }[] }) {
  const { state, pending, form } = useProjectActionForm<ActionResult | null>(addMetricAction, null);
  if (available.length === 0) return <p className="text-sm text-slate-500">Every metric of the catalogue is on the scorecard.</p>;
  return (
    <form {...form} className="flex flex-wrap items-end gap-3">
      <div className="min-w-[18rem]">
        <Field label="Metric" htmlFor="add-metric" error={fieldError(state, "key")}>
          <Select id="add-metric" name="key" defaultValue="">
            <option value="" disabled>Choose from the catalogue…</option>
            {available.map((m) => <option key={m.key} value={m.key} title={m.description}>{m.label}</option>)}
          </Select>
        </Field>
      </div>
      <Button type="submit" disabled={pending}>Add to scorecard</Button>
      <FormMessage state={state} />
    </form>
  );
}

export function PrintButton() {
  return <Button type="button" variant="secondary" className="print:hidden" onClick={() => window.print()}>Print / save as PDF</Button>;
}
