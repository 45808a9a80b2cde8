"use client";

// One of the reviewer's labels, opened for editing with the workspace's rubric form, under the
// rubric in force (the one the server validates edits against), and its history. The same panel
// opens on My labels and in the workspace ("back to the item before"); Esc closes it, asking
// first when there are unsaved changes.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type RefObject } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Alert, Button, Card } from "@/components/ui";
import { FormMessage, useProjectActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import type { MyLabelDetail } from "@/lib/review/workspace-types";
import { applicableDimensions, type Dimension, type LabelValues } from "@/lib/review/rubric";
import { diffLabelValues, summarizeLabel, valuesForRubric } from "@/lib/review/label-summary";
import { GLOBAL_SHORTCUTS } from "@/lib/review/shortcuts";
import { ItemView } from "../item-view";
import { RubricForm } from "../rubric-form";
import { useLabelKeyboard } from "../use-label-keyboard";
import { useLabelValues } from "../use-label-values";
import { useLeaveWarning } from "../use-leave-warning";
import { editMyLabelAction } from "./actions";
import { formatTime } from "./my-labels-table";

type EditState = ActionResult<{ itemStatus: string }> | null;

const STATUS_WORDS: Record<string, string> = {
  gold: "it has a gold label again",
  needs_adjudication: "the reviewers now disagree: it goes to a QA lead",
  pending: "it still waits for other reviewers",
};

const DISCARD_MESSAGE = "Your changes to this label are not saved. Discard them?";

export function LabelEditor({ projectSlug, label, timeZone = "UTC", onClose, onSaved }: { projectSlug: string; label: MyLabelDetail; timeZone?: string; onClose?: () => void; onSaved?: () => void }) {
  // Held above the form, which starts again from the saved values after each save.
  const { state, pending, form } = useProjectActionForm<EditState>(editMyLabelAction, null);
  const router = useRouter();
  const [dirty, setDirty] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  useLeaveWarning({ dirty, message: DISCARD_MESSAGE, inside: panel });
  const close = useCallback(() => {
    if (dirty && !window.confirm(DISCARD_MESSAGE)) return;
    if (onClose) onClose();
    else router.push(`/p/${projectSlug}/review/mine`);
  }, [dirty, onClose, router, projectSlug]);
  // Esc outside a text box closes the panel (in a text box it first leaves the box).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const tag = (event.target as HTMLElement | null)?.tagName;
      if (event.key !== "Escape" || event.defaultPrevented || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || document.querySelector("dialog[open]")) return;
      event.preventDefault();
      close();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [close]);
  // Once per save (the callback may be a new function on every render).
  const savedCallback = useRef(onSaved);
  useEffect(() => {
    savedCallback.current = onSaved;
  });
  useEffect(() => {
    if (state?.ok) savedCallback.current?.();
  }, [state]);
  return (
    <Card
      title={<>Your label on <span className="font-mono" data-testid="editing-output">{label.output.externalId}</span> · week {label.week} · stratum {label.stratum || "—"}</>}
      actions={
        onClose ? (
          <button type="button" onClick={close} className="text-sm text-indigo-700 hover:underline">Close <kbd className="font-mono text-slate-400">Esc</kbd></button>
        ) : (
          <Link href={`/p/${projectSlug}/review/mine`} onClick={(event) => { if (dirty && !window.confirm(DISCARD_MESSAGE)) event.preventDefault(); }} className="text-sm text-indigo-700 hover:underline">Close <kbd className="font-mono text-slate-400">Esc</kbd></Link>
        )
      }
    >
      <div className="space-y-4" data-testid="label-editor" ref={panel}>
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <ItemView output={label.output} />
          <aside className="space-y-3">
            {label.auditOpen ? (
              <LabelForm key={`${label.id}:${label.updatedAt}`} label={label} state={state} form={form} pending={pending} onDirtyChange={setDirty} />
            ) : (
              <>
                <Alert tone="info">The audit is closed: this label can no longer be edited.</Alert>
                <p className="text-sm text-slate-700">{summarizeLabel(label.labelRubric.dimensions, label.values, 20)}</p>
              </>
            )}
            {label.rubric.guidelines ? (
              <details className="rounded-md border border-slate-200 bg-white p-2 text-xs text-slate-700">
                <summary className="cursor-pointer font-semibold">Guidelines</summary>
                <p className="mt-1 whitespace-pre-wrap">{label.rubric.guidelines}</p>
              </details>
            ) : null}
          </aside>
        </div>
        <LabelHistory label={label} timeZone={timeZone} />
      </div>
    </Card>
  );
}

type FormProps = { ref: RefObject<HTMLFormElement | null>; onSubmit: (event: FormEvent<HTMLFormElement>) => void };

function LabelForm({ label, state, form, pending, onDirtyChange }: { label: MyLabelDetail; state: EditState; form: FormProps; pending: boolean; onDirtyChange: (dirty: boolean) => void }) {
  const prepared = useMemo(() => valuesForRubric(label.rubric.dimensions, label.values), [label.rubric.dimensions, label.values]);
  const { values, setValue } = useLabelValues(prepared.values);
  const dimensions = useMemo(() => applicableDimensions(label.rubric.dimensions, values, { hasContext: label.hasContext }), [label.rubric.dimensions, label.hasContext, values]);
  const [focusKey, setFocusKey] = useState<string | null>(() => dimensions[0]?.key ?? null);
  // Only what the form shows is sent: a follow-up hidden by a changed answer is not kept.
  const toSend: LabelValues = Object.fromEntries(dimensions.filter((d) => values[d.key] !== undefined).map((d) => [d.key, values[d.key]]));
  const changes = diffLabelValues(label.rubric.dimensions, label.values, toSend);
  const byKey = new Map(label.rubric.dimensions.map((d) => [d.key, d]));
  const issues = state && !state.ok ? state.issues : [];

  const canSave = !pending && changes.length > 0;
  useEffect(() => onDirtyChange(changes.length > 0), [changes.length, onDirtyChange]);
  const onSubmit = useCallback(() => {
    if (canSave) form.ref.current?.requestSubmit();
  }, [canSave, form.ref]);
  const scope = useRef<HTMLDivElement>(null);
  useLabelKeyboard({ enabled: true, scope, rubricDimensions: label.rubric.dimensions, dimensions, hasContext: label.hasContext, values, focusKey, setFocusKey, setValue, onSubmit, focusRequest: label.id });

  return (
    <form {...form} className="space-y-3">
      <input type="hidden" name="labelId" value={label.id} />
      <input type="hidden" name="values" value={JSON.stringify(toSend)} />
      {label.labelRubric.version !== label.rubric.version ? (
        <Alert tone="info">
          Made with rubric v{label.labelRubric.version}; saving checks it against v{label.rubric.version}, the rubric in force.
          {prepared.dropped.length ? ` Values of dimensions it no longer has are dropped: ${prepared.dropped.join(", ")}.` : ""}
        </Alert>
      ) : null}
      <div ref={scope} aria-label="Rubric" role="group">
        <RubricForm dimensions={dimensions} values={values} focusKey={focusKey} onChange={setValue} onFocus={setFocusKey} />
      </div>
      {issues.length ? (
        <ul className="list-disc pl-5 text-xs text-red-700" role="alert">
          {issues.map((i, n) => {
            const key = i.field.replace(/^values\./, "");
            return <li key={n}><span className="font-medium">{byKey.get(key)?.label ?? key}</span>: {i.message}</li>;
          })}
        </ul>
      ) : (
        <FormMessage state={state} success={state?.ok ? `Saved; ${STATUS_WORDS[state.data.itemStatus] ?? `the item is ${state.data.itemStatus}`}. The change is in the history below.` : undefined} />
      )}
      <Button type="submit" disabled={!canSave} className="w-full">
        {pending ? "Saving…" : changes.length ? `Save ${changes.length} change${changes.length === 1 ? "" : "s"}` : "No changes"}
        {canSave ? <kbd className="ml-1 font-mono text-indigo-200">Enter</kbd> : null}
      </Button>
      <p className="text-xs text-slate-500" aria-label="Keyboard shortcuts">
        {GLOBAL_SHORTCUTS.filter((s) => s.keys !== "Enter").map((s) => `${s.keys}: ${s.action}`).join(" · ")} · Enter: save · Esc (outside a text box): close
      </p>
    </form>
  );
}

function LabelHistory({ label, timeZone }: { label: MyLabelDetail; timeZone: string }) {
  // Values read through the rubric in force, then the one the label was made with for keys it lost.
  const dimensions: Dimension[] = useMemo(() => {
    const keys = new Set(label.rubric.dimensions.map((d) => d.key));
    return [...label.rubric.dimensions, ...label.labelRubric.dimensions.filter((d) => !keys.has(d.key))];
  }, [label.rubric.dimensions, label.labelRubric.dimensions]);
  return (
    <section aria-label="History">
      <h3 className="mb-2 text-sm font-semibold text-slate-900">History</h3>
      <ol className="space-y-2" data-testid="label-history">
        {[...label.history].reverse().map((revision) => {
          const changes = diffLabelValues(dimensions, revision.before, revision.after);
          return (
            <li key={revision.id} data-testid="history-entry" className="rounded-md border border-slate-200 p-2 text-sm">
              <p className="text-xs text-slate-500">
                <span className="font-medium text-slate-700">{revision.editorName}</span> · {formatTime(revision.createdAt, timeZone)} · {revision.before ? "edited" : "submitted"}
              </p>
              {revision.before ? (
                changes.length ? (
                  <ul className="mt-1 space-y-0.5">
                    {changes.map((c) => (
                      <li key={c.key}>
                        <span className="text-slate-600">{c.label}:</span> <span className="text-slate-500 line-through decoration-slate-400">{c.before}</span> → <span className="font-medium">{c.after}</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-1 text-slate-500">No change in values.</p>
                )
              ) : (
                <p className="mt-1 text-slate-700">{summarizeLabel(dimensions, revision.after, 20)}</p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
