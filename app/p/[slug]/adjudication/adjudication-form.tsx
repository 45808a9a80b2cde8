"use client";

import { useActionState, useState } from "react";
import { Button, Field } from "@/components/ui";
import { fieldError, FormMessage } from "@/components/form-state";
import { applicableDimensions, type Dimension, type LabelValue, type LabelValues } from "@/lib/review/rubric";
import type { ActionResult } from "@/lib/server/http/action";
import type { AdjudicationCase } from "@/lib/server/review/gold";
import { RubricForm } from "../review/rubric-form";
import { adjudicateAction } from "./actions";

function show(value: LabelValue | undefined): string {
  if (value === undefined) return "—";
  if (Array.isArray(value)) return value.join(", ") || "—";
  return String(value);
}

export function AdjudicationCaseView({ projectSlug, item, dimensions }: { projectSlug: string; item: AdjudicationCase; dimensions: Dimension[] }) {
  // Start from what the reviewers agreed on; the lead decides the rest.
  const [values, setValues] = useState<LabelValues>(() => {
    const start: LabelValues = {};
    for (const d of dimensions) if (!item.disagreements.includes(d.key) && d.kind !== "text" && item.labels[0]?.values[d.key] !== undefined) start[d.key] = item.labels[0].values[d.key];
    return start;
  });
  const [focusKey, setFocusKey] = useState<string | null>(item.disagreements[0] ?? null);
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(adjudicateAction, null);
  const shown = applicableDimensions(dimensions, values, { hasContext: item.hasContext });
  const rows = dimensions.filter((d) => item.labels.some((l) => l.values[d.key] !== undefined));
  return (
    <div className="space-y-3" data-testid="adjudication-case">
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th className="py-1 pr-3">Dimension</th>
              {item.labels.map((l) => <th key={l.id} className="py-1 pr-3">{l.reviewerName}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.key} className={item.disagreements.includes(d.key) ? "bg-amber-50 font-medium" : ""} data-disagrees={item.disagreements.includes(d.key) ? "true" : "false"}>
                <td className="py-1 pr-3 text-slate-600">{d.label}</td>
                {item.labels.map((l) => <td key={l.id} className="whitespace-pre-wrap py-1 pr-3">{show(l.values[d.key])}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form action={action} className="space-y-2">
        <FormMessage state={state} success="Gold label recorded." />
        <input type="hidden" name="projectSlug" value={projectSlug} />
        <input type="hidden" name="sampledItemId" value={item.sampledItemId} />
        <input type="hidden" name="values" value={JSON.stringify(values)} />
        <RubricForm
          dimensions={shown}
          values={values}
          focusKey={focusKey}
          onFocus={setFocusKey}
          disagreements={item.disagreements}
          onChange={(key, value) => setValues((v) => {
            const next = { ...v };
            if (value === undefined || value === "") delete next[key];
            else next[key] = value;
            return next;
          })}
        />
        {state && !state.ok ? state.issues.filter((i) => i.field.startsWith("values")).map((i) => <p key={i.field} className="text-xs text-red-700">{i.field.replace(/^values\./, "")}: {i.message}</p>) : null}
        <Field label="Rationale" htmlFor={`rationale-${item.sampledItemId}`} error={fieldError(state, "rationale")}>
          <textarea id={`rationale-${item.sampledItemId}`} name="rationale" rows={2} className="block w-full rounded border border-slate-300 p-1.5 text-sm" />
        </Field>
        <Button type="submit" disabled={pending}>Record gold label</Button>
      </form>
    </div>
  );
}
