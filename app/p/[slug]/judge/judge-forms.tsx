"use client";

import { useState } from "react";
import { Button, Field, Input, Select } from "@/components/ui";
import { fieldError, FormMessage, useActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import type { JudgeMapping } from "@/lib/judge/mapping";
import { saveCohortMappingAction, saveJudgeMappingAction } from "./actions";

export type MappableDimension = { key: string; label: string; options: { value: string; label: string; failure: boolean }[] };

/** Edits one judge mapping (index "new" adds one). Issues come back at their fields. */
export function JudgeMappingForm({ projectSlug, index, mapping, dimensions }: { projectSlug: string; index: number | "new"; mapping: JudgeMapping | null; dimensions: MappableDimension[] }) {
  const { state, pending, form } = useActionForm<ActionResult<string> | null>(saveJudgeMappingAction, null);
  const [kind, setKind] = useState<JudgeMapping["kind"]>(mapping?.kind ?? "numeric");
  const id = (name: string) => `judge-${index}-${name}`;
  const label = index === "new" ? "New judge mapping" : `Judge mapping ${mapping?.signal} to ${mapping?.dimension}`;
  return (
    <form {...form} className="space-y-3" aria-label={label}>
      <input type="hidden" name="projectSlug" value={projectSlug} />
      <input type="hidden" name="index" value={String(index)} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field label="Signal" htmlFor={id("signal")} error={fieldError(state, "signal")} hint="The name in the outputs' signals, e.g. llm_judge_score.">
          <Input id={id("signal")} name="signal" defaultValue={mapping?.signal ?? ""} />
        </Field>
        <Field label="Rubric dimension" htmlFor={id("dimension")} error={fieldError(state, "dimension")}>
          <Select id={id("dimension")} name="dimension" defaultValue={mapping?.dimension ?? ""}>
            <option value="">Choose…</option>
            {dimensions.map((d) => <option key={d.key} value={d.key}>{d.label}</option>)}
          </Select>
        </Field>
        <Field label="Signal kind" htmlFor={id("kind")} error={fieldError(state, "kind")}>
          <Select id={id("kind")} name="kind" value={kind} onChange={(e) => setKind(e.target.value as JudgeMapping["kind"])}>
            <option value="numeric">Numeric score (a threshold)</option>
            <option value="categorical">Categorical verdict (values → options)</option>
          </Select>
        </Field>
      </div>
      {kind === "numeric" ? (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <Field label="Failure when the score is" htmlFor={id("failureWhen")} error={fieldError(state, "failureWhen")}>
            <Select id={id("failureWhen")} name="failureWhen" defaultValue={mapping?.kind === "numeric" ? mapping.failureWhen : "below"}>
              <option value="below">below the threshold</option>
              <option value="above">above the threshold</option>
            </Select>
          </Field>
          <Field label="Threshold" htmlFor={id("threshold")} error={fieldError(state, "threshold")} hint="From 0 to 1; e.g. 0.5: a score below 0.5 means a failure of the dimension.">
            <Input id={id("threshold")} name="threshold" inputMode="decimal" defaultValue={mapping?.kind === "numeric" ? String(mapping.threshold) : ""} />
          </Field>
        </div>
      ) : (
        <Field label="Values" htmlFor={id("values")} error={fieldError(state, "values")} hint="One per line: signal value = option value of the dimension, e.g. wrong = major_error.">
          <textarea id={id("values")} name="values" rows={4} className="w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-sm" defaultValue={mapping?.kind === "categorical" ? Object.entries(mapping.values).map(([v, o]) => `${v} = ${o}`).join("\n") : ""} />
        </Field>
      )}
      <FormMessage state={state} success={state?.ok ? state.data : undefined} />
      <div className="flex gap-2">
        <Button type="submit" name="intent" value="save" disabled={pending}>{index === "new" ? "Add mapping" : "Save mapping"}</Button>
        {index !== "new" ? <Button type="submit" name="intent" value="remove" variant="secondary" disabled={pending}>Remove</Button> : null}
      </div>
    </form>
  );
}

export function CohortMappingForm({ projectSlug, cohort }: { projectSlug: string; cohort: { key: string; baseline: string } | null }) {
  const { state, pending, form } = useActionForm<ActionResult<string> | null>(saveCohortMappingAction, null);
  return (
    <form {...form} className="space-y-3" aria-label="Cohort mapping">
      <input type="hidden" name="projectSlug" value={projectSlug} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field label="Cohort metadata key" htmlFor="cohort-key" error={fieldError(state, "key")} hint="Each value of this metadata key is a cohort (e.g. modelVersion, or cohort = control / ai). Empty: no cohorts.">
          <Input id="cohort-key" name="key" defaultValue={cohort?.key ?? ""} />
        </Field>
        <Field label="Baseline cohort" htmlFor="cohort-baseline" error={fieldError(state, "baseline")} hint="The value every other cohort is compared with (the stable version, the control group).">
          <Input id="cohort-baseline" name="baseline" defaultValue={cohort?.baseline ?? ""} />
        </Field>
      </div>
      <FormMessage state={state} success={state?.ok ? state.data : undefined} />
      <Button type="submit" disabled={pending}>Save cohorts</Button>
    </form>
  );
}
