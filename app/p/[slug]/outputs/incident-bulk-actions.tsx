"use client";

// Bulk incident actions on the outputs explorer's selection (issue 16): the checked rows become
// near misses, one incident per output, or are linked to an existing incident. The row checkboxes
// live in the explorer's table and belong to this form through their `form` attribute, so the
// explorer only renders them. Both actions ask for a confirmation and are all or nothing.
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Button, Field, Input, Select } from "@/components/ui";
import { fieldError, FormMessage, useActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import { CATEGORY_LABELS, INCIDENT_CATEGORIES, SEVERITIES, SEVERITY_DEFINITIONS, incidentReference, type Severity } from "@/lib/incidents/types";
import { outputsIncidentAction, type BulkIncidentResult } from "./incident-actions";
import { OUTPUT_SELECTION_FORM_ID } from "./selection";


type Linkable = { id: string; number: number; title: string; severity: Severity };

function checkboxes(): HTMLInputElement[] {
  const form = document.getElementById(OUTPUT_SELECTION_FORM_ID) as HTMLFormElement | null;
  if (!form) return [];
  return [...form.elements].filter((e): e is HTMLInputElement => e instanceof HTMLInputElement && e.type === "checkbox" && e.name === "outputId");
}

export function IncidentBulkActions({ projectSlug, pageOutputIds, incidents }: { projectSlug: string; pageOutputIds: string[]; incidents: Linkable[] }) {
  const { state, pending, form } = useActionForm<ActionResult<BulkIncidentResult> | null>(outputsIncidentAction, null);
  const [selected, setSelected] = useState(0);
  const [mode, setMode] = useState<"near_miss" | "link">("near_miss");
  const [confirming, setConfirming] = useState(false);
  const [incidentId, setIncidentId] = useState("");
  const [severity, setSeverity] = useState<Severity>("S3");

  const recount = useCallback(() => setSelected(checkboxes().filter((c) => c.checked).length), []);
  // The rows' checkboxes change outside this component (the table); a change event bubbles to the document.
  useEffect(() => {
    const onChange = (event: Event) => {
      if ((event.target as HTMLInputElement | null)?.getAttribute?.("form") === OUTPUT_SELECTION_FORM_ID) recount();
    };
    document.addEventListener("change", onChange);
    return () => document.removeEventListener("change", onChange);
  }, [recount]);
  // Another page of the table has other rows (none checked), and a success resets the form: the
  // selection is then empty (state derived from a changing value, set during render).
  const pageKey = pageOutputIds.join(",");
  const [seen, setSeen] = useState({ pageKey, state });
  if (seen.pageKey !== pageKey || seen.state !== state) {
    setSeen({ pageKey, state });
    setConfirming(false);
    if (seen.pageKey !== pageKey || state?.ok) setSelected(0);
  }

  const selectPage = (on: boolean) => {
    for (const box of checkboxes()) box.checked = on;
    recount();
    setConfirming(false);
  };
  const allOnPage = selected > 0 && selected === pageOutputIds.length;
  const chosen = incidents.find((i) => i.id === incidentId);
  const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;
  const success = state?.ok ? state.data : null;

  return (
    <section aria-label="Incident actions on the selected outputs" className="rounded-lg border border-amber-200 bg-amber-50/50 p-3 text-sm">
      <form id={OUTPUT_SELECTION_FORM_ID} {...form} className="space-y-3">
        <input type="hidden" name="projectSlug" value={projectSlug} />
        <input type="hidden" name="mode" value={mode} />
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={allOnPage} onChange={(e) => selectPage(e.target.checked)} disabled={pageOutputIds.length === 0} />
            Select all on this page
          </label>
          <span data-testid="selected-count" className="font-medium">{plural(selected, "output")} selected</span>
          <fieldset className="flex items-center gap-3">
            <legend className="sr-only">Action</legend>
            <label className="flex items-center gap-1">
              <input type="radio" name="bulkMode" checked={mode === "near_miss"} onChange={() => { setMode("near_miss"); setConfirming(false); }} />
              Record as near misses
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="bulkMode" checked={mode === "link"} onChange={() => { setMode("link"); setConfirming(false); }} disabled={incidents.length === 0} />
              Link to an incident{incidents.length === 0 ? " (none open)" : ""}
            </label>
          </fieldset>
        </div>
        <p className="text-xs text-slate-600">Outputs a guardrail blocked: filter the table first (e.g. metadata <code>guardrail=blocked</code>, or check result “Refusal”), then select them.</p>

        {mode === "near_miss" ? (
          <div className="grid gap-3 md:grid-cols-3">
            <Field label="Severity" htmlFor="bulk-severity" error={fieldError(state, "severity")} hint={SEVERITY_DEFINITIONS[severity]}>
              <Select id="bulk-severity" name="severity" value={severity} onChange={(e) => { setSeverity(e.target.value as Severity); setConfirming(false); }}>
                {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
              </Select>
            </Field>
            <Field label="Category" htmlFor="bulk-category" error={fieldError(state, "category")}>
              <Select id="bulk-category" name="category" defaultValue="other">
                {INCIDENT_CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
              </Select>
            </Field>
            <Field label="Reported via" htmlFor="bulk-reported-via" error={fieldError(state, "reportedVia")}>
              <Input id="bulk-reported-via" name="reportedVia" defaultValue="guardrail log" maxLength={200} />
            </Field>
          </div>
        ) : (
          <Field label="Incident" htmlFor="bulk-incident" error={fieldError(state, "incidentId")} hint="Open, triaged or mitigated incidents of months not signed off.">
            <Select id="bulk-incident" name="incidentId" value={incidentId} onChange={(e) => { setIncidentId(e.target.value); setConfirming(false); }}>
              <option value="">Choose an incident…</option>
              {incidents.map((i) => <option key={i.id} value={i.id}>{incidentReference(i.number)} ({i.severity}): {i.title}</option>)}
            </Select>
          </Field>
        )}
        {fieldError(state, "outputIds") ? <p className="text-xs text-red-700" role="alert">{fieldError(state, "outputIds")}</p> : null}
        <FormMessage state={state} />
        {success ? (
          <div role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-emerald-900">
            {success.mode === "near_miss" ? (
              <>
                Recorded {plural(success.created, "near miss", "near misses")}
                {success.numbers.length ? <> ({success.numbers.slice(0, 8).map(incidentReference).join(", ")}{success.numbers.length > 8 ? ", …" : ""})</> : null}
                {success.skipped ? `; ${plural(success.skipped, "output")} already in an incident, skipped` : ""}. <Link className="underline" href={`/p/${projectSlug}/incidents?kind=near_miss`}>See them in the register</Link>
              </>
            ) : (
              <>
                Linked {plural(success.outputs, "output")} to the incident{success.outputs === 0 ? " (they were linked already)" : ""}. <Link className="underline" href={`/p/${projectSlug}/incidents/${success.incidentId}`}>Open it</Link>
              </>
            )}
          </div>
        ) : null}

        {!confirming ? (
          <Button type="button" variant="secondary" disabled={selected === 0 || (mode === "link" && !incidentId)} onClick={() => setConfirming(true)}>
            {mode === "near_miss" ? `Record ${plural(selected, "near miss", "near misses")}…` : `Link ${plural(selected, "output")}…`}
          </Button>
        ) : (
          <div className="space-y-2 rounded-md border border-amber-300 bg-white p-3" role="group" aria-label="Confirm">
            <p>
              {mode === "near_miss"
                ? `This records ${plural(selected, "near-miss incident")} at ${severity}, one per selected output, each detected at its output's time. Outputs already in an incident are skipped. If any month concerned is signed off, nothing is recorded.`
                : `This links ${plural(selected, "output")} to ${chosen ? `${incidentReference(chosen.number)}: ${chosen.title}` : "the incident"}, in its timeline.`}
            </p>
            <div className="flex gap-2">
              <Button type="submit" disabled={pending}>{pending ? "Working…" : mode === "near_miss" ? `Confirm: record ${plural(selected, "near miss", "near misses")}` : `Confirm: link ${plural(selected, "output")}`}</Button>
              <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>Cancel</Button>
            </div>
          </div>
        )}
      </form>
    </section>
  );
}
