"use client";

// The rubric as a form, with the raw JSON one toggle away. Both submit the same fields to
// saveRubricAction; the server's validation is the only one, and its issues are shown on the
// dimension they name.
import { useEffect, useMemo, useRef, useState, type FormEvent, type RefObject } from "react";
import { Alert, Button, Card, Field } from "@/components/ui";
import { FormMessage, useProjectActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import type { RubricSpec } from "@/lib/review/rubric";
import type { RubricUsage } from "@/lib/review/rubric-freeze";
import {
  conditionParents,
  carrySavedKeys,
  dimensionToDraft,
  draftToSpec,
  issuesByDimension,
  keyWarnings,
  newDimension,
  specToDraft,
  type MappedIssue,
  type RubricDraft,
} from "@/lib/review/rubric-draft";
import { saveRubricAction } from "./actions";
import { DimensionEditor } from "./dimension-editor";

type SaveState = ActionResult<{ version: number }> | null;

export function RubricEditor({ version, spec, usage }: { version: number; spec: RubricSpec; usage: RubricUsage }) {
  const { state, pending, form } = useProjectActionForm<SaveState>(saveRubricAction, null);
  // A save brings a new version: the form starts again from it (its keys are now the saved ones),
  // while the result message, held here, stays.
  return <DraftEditor key={version} spec={spec} usage={usage} state={state} form={form} pending={pending} />;
}

function parseJsonDimensions(text: string, savedKeys: ReadonlySet<string>): { draft: RubricDraft["dimensions"] } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(value)) return { error: "The JSON must be a list of dimensions: [ {…}, {…} ]." };
  return { draft: value.map((d) => dimensionToDraft(d, savedKeys)) };
}

function DraftEditor({

  spec,
  usage,
  state,
  form,
  pending,
}: {
  spec: RubricSpec;
  usage: RubricUsage;
  state: SaveState;
  form: { ref: RefObject<HTMLFormElement | null>; onSubmit: (event: FormEvent<HTMLFormElement>) => void };
  pending: boolean;
}) {
  const savedKeys = useMemo(() => spec.dimensions.map((d) => d.key), [spec]);
  const labelsByKey = usage.labelsByKey;
  const summaryRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<RubricDraft>(() => specToDraft(spec));
  const [mode, setMode] = useState<"form" | "json">("form");
  const [jsonText, setJsonText] = useState("");
  const [jsonError, setJsonError] = useState<string | null>(null);
  // Issues name dimensions by position at the time of the save; remembering which dimension was
  // where keeps each issue on its dimension when the lead then reorders or removes some.
  const [submittedIds, setSubmittedIds] = useState<string[]>([]);

  const update = (edit: (draft: RubricDraft) => RubricDraft) => setDraft(edit);

  const issues = state && !state.ok ? state.issues : [];
  const { general: others, byIndex } = issuesByDimension(issues);
  // In the JSON editor the server's own paths ("dimensions.3.options") are what the lead reads.
  const general = (mode === "json" ? issues : others).filter((i) => i.field !== "guidelines");
  const byId = new Map<string, MappedIssue[]>();
  if (mode === "form") {
    byIndex.forEach((list, i) => {
      const id = submittedIds[i];
      if (id) byId.set(id, list);
      else general.push(...list.map((issue) => ({ field: `dimensions.${i}${issue.field ? `.${issue.field}` : ""}`, message: issue.message })));
    });
  }

  // In JSON mode the warnings follow the text as long as it parses.
  const current = useMemo(() => {
    if (mode === "form") return draft;
    const parsed = parseJsonDimensions(jsonText, new Set(savedKeys));
    return "draft" in parsed ? { ...draft, dimensions: carrySavedKeys(draft.dimensions, parsed.draft) } : null;
  }, [mode, draft, jsonText, savedKeys]);
  const warnings = current ? keyWarnings(savedKeys, current, labelsByKey) : [];

  const toJson = () => {
    setJsonText(JSON.stringify(draftToSpec(draft).dimensions, null, 2));
    setJsonError(null);
    setMode("json");
  };
  const toForm = () => {
    const parsed = parseJsonDimensions(jsonText, new Set(savedKeys));
    if ("error" in parsed) {
      setJsonError(`${parsed.error} Fix it to go back to the form.`);
      return;
    }
    setDraft((d) => ({ ...d, dimensions: carrySavedKeys(d.dimensions, parsed.draft) }));
    setSubmittedIds([]);
    setJsonError(null);
    setMode("form");
  };

  // After a refused save, the first field with a problem takes the focus (else the summary).
  useEffect(() => {
    if (!state || state.ok) return;
    const form = summaryRef.current?.closest("form");
    const first = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (first ?? summaryRef.current)?.focus();
  }, [state]);

  const dimensionsField = mode === "json" ? jsonText : JSON.stringify(draftToSpec(draft).dimensions);

  return (
    <form
      {...form}
      onSubmit={(event) => {
        setSubmittedIds(mode === "form" ? draft.dimensions.map((d) => d.id) : []);
        form.onSubmit(event);
      }}
      className="space-y-4"
    >
      {mode === "form" ? <input type="hidden" name="dimensions" value={dimensionsField} /> : null}

      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600">{current ? `${current.dimensions.length} dimension(s).` : "The JSON does not parse yet."} Reviewers see them in this order.</p>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={mode === "json"} onChange={(e) => (e.target.checked ? toJson() : toForm())} />
          Advanced: edit as JSON
        </label>
      </div>

      {warnings.length ? (
        <div role="alert" data-testid="key-warnings" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          <p className="font-medium">Saving changes keys of the version in force. Labels store values by key, so existing labels will no longer match:</p>
          <ul className="mt-1 list-disc pl-5">
            {warnings.map((w) => (
              <li key={w.type === "renamed" ? `r-${w.from}` : `x-${w.key}`}>
                {w.type === "renamed" ? <>“{w.from}” renamed to “{w.to || "(empty)"}”</> : <>“{w.key}” removed</>}
                {w.labels > 0 ? ` — ${w.labels.toLocaleString("en")} label${w.labels === 1 ? "" : "s"} use it` : " — no label uses it yet"}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {mode === "form" ? (
        <div className="space-y-3">
          {draft.dimensions.map((d, i) => (
            <DimensionEditor
              key={d.id}
              dimension={d}
              index={i}
              total={draft.dimensions.length}
              parents={conditionParents(draft, i)}
              labels={d.savedKey ? labelsByKey[d.savedKey] ?? 0 : 0}
              frozenValues={new Set(d.savedKey ? Object.keys(usage.labelsByValue[d.savedKey] ?? {}) : [])}
              issues={byId.get(d.id) ?? []}
              update={update}
            />
          ))}
          <Button type="button" variant="secondary" onClick={() => setDraft((d) => ({ ...d, dimensions: [...d.dimensions, newDimension()] }))}>Add dimension</Button>
        </div>
      ) : (
        <Card>
          <Field label="Dimensions (JSON)" htmlFor="r-dimensions" error={jsonError ?? undefined}
            hint='kinds: categorical, ordinal (options [{value,label}], unordered), scale (min, max, anchors), boolean, multiselect (options), text (merge "first"|"join"). "required": true|false; "when": {"key","in":[…]} shows a dimension only for some values of an earlier one; "requiresContext": true for outputs with sources.'>
            <textarea id="r-dimensions" name="dimensions" value={jsonText} onChange={(e) => setJsonText(e.target.value)} rows={28} spellCheck={false}
              className="block w-full rounded border border-slate-300 p-2 font-mono text-xs" />
          </Field>
        </Card>
      )}

      <Card title="Guidelines">
        <Field label="Guidelines (shown beside every item)" htmlFor="r-guidelines" error={issues.find((i) => i.field === "guidelines")?.message}>
          <textarea id="r-guidelines" name="guidelines" value={draft.guidelines} onChange={(e) => setDraft((d) => ({ ...d, guidelines: e.target.value }))} rows={8}
            className="block w-full rounded border border-slate-300 p-2 text-sm" />
        </Field>
      </Card>

      {/* The outcome of a save is shown here, beside the button, and each problem also at its field. */}
      <div ref={summaryRef} tabIndex={-1} className="space-y-2 outline-none">
        {issues.length ? (
          <Alert>Not saved: {issues.length} problem{issues.length === 1 ? "" : "s"}{mode === "form" ? ", each shown at its field above (the first one has the focus)" : ""}.</Alert>
        ) : (
          <FormMessage state={state} success={state?.ok ? `Saved as version ${state.data.version}. New labels use it; existing labels keep theirs.` : undefined} />
        )}
        {general.length ? (
          <ul className="list-disc pl-5 text-xs text-red-700" role="alert" data-testid="rubric-issues">
            {general.map((i, n) => <li key={n}><code>{i.field}</code>: {i.message}</li>)}
          </ul>
        ) : null}
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save as a new version"}</Button>
      </div>
    </form>
  );
}
