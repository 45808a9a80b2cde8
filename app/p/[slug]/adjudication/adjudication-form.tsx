"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { Button, Field } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import { applicableDimensions, type Dimension, type LabelValue, type LabelValues } from "@/lib/review/rubric";
import type { ActionResult } from "@/lib/forms/types";
import type { AdjudicationCase } from "@/lib/review/workspace-types";
import { GLOBAL_SHORTCUTS } from "@/lib/review/shortcuts";
import { RubricForm } from "../review/rubric-form";
import { useLabelKeyboard } from "../review/use-label-keyboard";
import { useLabelValues } from "../review/use-label-values";
import { useLeaveWarning } from "../review/use-leave-warning";
import { adjudicateAction } from "./actions";

const RATIONALE_STOP: Dimension = { key: "__rationale", label: "Rationale", kind: "text", required: true };

function show(value: LabelValue | undefined): string {
  if (value === undefined) return "—";
  if (Array.isArray(value)) return value.join(", ") || "—";
  return String(value);
}

export function AdjudicationCaseView({ item, dimensions }: { item: AdjudicationCase; dimensions: Dimension[] }) {
  // Start from what the reviewers agreed on; the lead decides the rest.
  const { values, setValue } = useLabelValues(() => {
    const start: LabelValues = {};
    for (const d of dimensions) if (!item.disagreements.includes(d.key) && d.kind !== "text" && item.labels[0]?.values[d.key] !== undefined) start[d.key] = item.labels[0].values[d.key];
    return start;
  });
  const [focusKey, setFocusKey] = useState<string | null>(item.disagreements[0] ?? null);
  const { state, pending, form } = useProjectActionForm<ActionResult | null>(adjudicateAction, null);
  const shown = useMemo(() => applicableDimensions(dimensions, values, { hasContext: item.hasContext }), [dimensions, values, item.hasContext]);
  const onSubmit = useCallback(() => {
    if (!pending) form.ref.current?.requestSubmit();
  }, [pending, form.ref]);
  // The rationale is one more Tab stop after the rubric, so the whole decision needs no mouse.
  const stops = useMemo(() => [...shown, RATIONALE_STOP], [shown]);
  const scope = useRef<HTMLDivElement>(null);
  useLabelKeyboard({ enabled: true, scope, rubricDimensions: dimensions, dimensions: stops, hasContext: item.hasContext, values, focusKey, setFocusKey, setValue, onSubmit, focusRequest: item.sampledItemId });
  // A decision under way (a changed pick or a rationale typed) is not left without asking.
  const [startValues] = useState(() => JSON.stringify(values));
  const [rationaleTyped, setRationaleTyped] = useState(false);
  const caseRef = useRef<HTMLDivElement>(null);
  useLeaveWarning({ dirty: !pending && (rationaleTyped || JSON.stringify(values) !== startValues), message: "Your decision on this item is not recorded yet. Leave it?", inside: caseRef });
  const focusDecision = () => scope.current?.querySelector<HTMLElement>(`[data-dimension="${CSS.escape(focusKey ?? stops[0].key)}"]`)?.focus();
  const rows = dimensions.filter((d) => item.labels.some((l) => l.values[d.key] !== undefined));
  return (
    <div className="space-y-3" data-testid="adjudication-case" ref={caseRef}>
      <a href="#decision" className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">Skip to the decision</a>
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
      <form {...form} className="space-y-2">
        <input type="hidden" name="externalId" value={item.output.externalId} />
        <FormMessage state={state} success="Gold label recorded." />
        <input type="hidden" name="sampledItemId" value={item.sampledItemId} />
        <input type="hidden" name="values" value={JSON.stringify(values)} />
        <div
          id="decision"
          ref={scope}
          tabIndex={-1}
          role="group"
          aria-label="Decision"
          onFocus={(event) => {
            if (event.target === event.currentTarget) focusDecision();
          }}
          className="space-y-2 outline-none"
        >
          <RubricForm
            dimensions={shown}
            values={values}
            focusKey={focusKey}
            onFocus={setFocusKey}
            disagreements={item.disagreements}
            onChange={setValue}
          />
          {/* Each refusal names its dimension by the label the lead sees, not by its stored key. */}
          {state && !state.ok
            ? state.issues.filter((i) => i.field.startsWith("values")).map((i) => {
                const key = i.field.replace(/^values\./, "");
                return <p key={i.field} role="alert" data-testid="decision-issue" className="text-xs text-red-700">{dimensions.find((d) => d.key === key)?.label ?? key}: {i.message}</p>;
              })
            : null}
          <Field label="Rationale" htmlFor={`rationale-${item.sampledItemId}`} error={fieldError(state, "rationale")}>
            <textarea id={`rationale-${item.sampledItemId}`} name="rationale" rows={2} data-dimension={RATIONALE_STOP.key} tabIndex={focusKey === RATIONALE_STOP.key ? 0 : -1} onFocus={() => setFocusKey(RATIONALE_STOP.key)} onChange={(e) => setRationaleTyped(e.target.value.trim() !== "")} className="block w-full rounded border border-slate-300 p-1.5 text-sm" />
          </Field>
        </div>
        <Button type="submit" disabled={pending}>Record gold label <kbd className="ml-1 font-mono text-indigo-200">Enter</kbd></Button>
        <p className="text-xs text-slate-500" aria-label="Keyboard shortcuts">
          {GLOBAL_SHORTCUTS.filter((s) => s.keys !== "Enter").map((s) => `${s.keys}: ${s.action}`).join(" · ")} · Enter: record (Shift+Enter: new line in the rationale)
        </p>
      </form>
    </div>
  );
}
