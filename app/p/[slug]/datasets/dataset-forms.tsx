"use client";

import { useState } from "react";
import { Button, Field, Input, Select } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import { ITEM_SELECTIONS } from "@/lib/datasets/types";
import { createDatasetAction, createVersionAction } from "./actions";

export type FormChoices = {
  audits: { id: string; week: string }[];
  strata: string[];
  taskTypes: string[];
  dimensions: { key: string; label: string; kind: string }[];
};

const ITEM_LABELS: Record<(typeof ITEM_SELECTIONS)[number], string> = {
  gold: "Gold labels (consensus or adjudicated)",
  consensus: "Consensus only",
  adjudicated: "Adjudicated only",
  all_labels: "All labelled items (with or without gold)",
};

function CheckboxGroup({ legend, name, options, error, hint }: { legend: string; name: string; options: { value: string; label: string }[]; error?: string; hint?: string }) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {options.length === 0 ? <p className="text-xs text-slate-500">None yet.</p> : null}
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-1.5 text-sm"><input type="checkbox" name={name} value={o.value} /> {o.label}</label>
        ))}
      </div>
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? <p className="text-xs text-red-700" role="alert">{error}</p> : null}
    </fieldset>
  );
}

export function CreateDatasetForm({ choices }: { choices: FormChoices }) {
  const { state, pending, form } = useProjectActionForm<ActionResult<{ id: string }> | null>(createDatasetAction, null);
  const [split, setSplit] = useState("hash");
  const textDimensions = choices.dimensions.filter((d) => d.kind === "text");
  const err = (field: string) => fieldError(state, field) ?? fieldError(state, `definition.${field}`);
  return (
    <form {...form} className="space-y-4">
      <FormMessage state={state} />
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Name" htmlFor="ds-name" error={err("name")} hint="Lower-case, e.g. billing-regression; used in file names and the CLI.">
          <Input id="ds-name" name="name" required />
        </Field>
        <Field label="Description" htmlFor="ds-description" error={err("description")}><Input id="ds-description" name="description" /></Field>
        <Field label="Which items" htmlFor="ds-items" error={err("items")}>
          <Select id="ds-items" name="items" defaultValue="gold">
            {ITEM_SELECTIONS.map((s) => <option key={s} value={s}>{ITEM_LABELS[s]}</option>)}
          </Select>
        </Field>
        <Field label="Minimum agreement (0 to 1)" htmlFor="ds-agreement" error={err("minAgreement")} hint="Leaves out items whose reviewers agreed on fewer label pairs; empty for none.">
          <Input id="ds-agreement" name="minAgreement" inputMode="decimal" />
        </Field>
        <Field label="Outputs from (date)" htmlFor="ds-from" error={err("from")}><Input id="ds-from" name="from" type="date" /></Field>
        <Field label="Outputs before (date)" htmlFor="ds-to" error={err("to")}><Input id="ds-to" name="to" type="date" /></Field>
      </div>
      <CheckboxGroup legend="Audits" name="auditIds" options={choices.audits.map((a) => ({ value: a.id, label: a.week }))} error={err("auditIds")} hint="None ticked: every audit (within the dates)." />
      <CheckboxGroup legend="Strata" name="strata" options={choices.strata.map((s) => ({ value: s, label: s }))} error={err("strata")} hint="None ticked: all strata." />
      <CheckboxGroup legend="Task types" name="taskTypes" options={choices.taskTypes.map((s) => ({ value: s, label: s }))} error={err("filters.taskTypes")} hint="None ticked: all task types." />
      <CheckboxGroup legend="Dimensions" name="dimensions" options={choices.dimensions.map((d) => ({ value: d.key, label: d.label }))} error={err("dimensions")} hint="None ticked: every rubric dimension." />
      <div className="grid gap-4 md:grid-cols-3">
        <Field label="Expected output from" htmlFor="ds-expected" error={err("expectedDimension")} hint="The text dimension holding the corrected output.">
          <Select id="ds-expected" name="expectedDimension" defaultValue={textDimensions[0]?.key ?? ""}>
            <option value="">(none)</option>
            {textDimensions.map((d) => <option key={d.key} value={d.key}>{d.label}</option>)}
          </Select>
        </Field>
        <Field label="Split" htmlFor="ds-split" error={err("split")}>
          <Select id="ds-split" name="split" value={split} onChange={(e) => setSplit(e.target.value)}>
            <option value="hash">Train / test by hash of output id</option>
            <option value="none">No split (all test)</option>
          </Select>
        </Field>
        {split === "hash" ? (
          <Field label="Test share (%)" htmlFor="ds-test" error={err("split.testShare")}><Input id="ds-test" name="testPercent" defaultValue="20" inputMode="decimal" /></Field>
        ) : null}
        <Field label="Reviewers appear as" htmlFor="ds-identity" error={err("reviewerIdentity")}>
          <Select id="ds-identity" name="reviewerIdentity" defaultValue="pseudonymous">
            <option value="pseudonymous">Pseudonymous ids</option>
            <option value="names">Names</option>
          </Select>
        </Field>
        <Field label="Language(s)" htmlFor="ds-language" error={err("language")} hint="For the Hugging Face card, e.g. en or en, de."><Input id="ds-language" name="language" defaultValue="en" /></Field>
      </div>
      <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="onlyFailures" /> Only failures (gold values the rubric flags as failures)</label>
      <Button type="submit" disabled={pending}>Create dataset</Button>
    </form>
  );
}

export function CreateVersionForm({ datasetId }: { datasetId: string }) {
  const { state, pending, form } = useProjectActionForm<ActionResult<{ version: number; rowCount: number; sha256: string }> | null>(createVersionAction, null);
  return (
    <form {...form} className="space-y-3">
      <FormMessage state={state} success={state?.ok ? `Version ${state.data.version} frozen: ${state.data.rowCount} rows, sha256 ${state.data.sha256}.` : undefined} />
      <input type="hidden" name="datasetId" value={datasetId} />
      <Field label="Why this version (note)" htmlFor="v-note" error={fieldError(state, "note")}><Input id="v-note" name="note" placeholder="e.g. after the November adjudications" /></Field>
      <Button type="submit" disabled={pending}>{pending ? "Freezing…" : "Make a version"}</Button>
    </form>
  );
}
