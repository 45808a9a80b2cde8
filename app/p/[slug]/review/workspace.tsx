"use client";

// The labelling workspace: one item at a time, the next one already claimed (prefetched) so that
// Enter shows it at once while the label is saved in the background. Picks not yet sent are kept
// in the tab (sessionStorage) per assignment and come back after a reload; leaving a half-filled
// item asks first. Besides labelling, a reviewer can skip an item with a reason (it goes to a QA
// lead, decision 020), flag it for a QA lead, and go back to the items labelled before to edit
// them in a panel that Esc closes.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui";
import { applicableDimensions, type Dimension, type LabelValues } from "@/lib/review/rubric";
import { GLOBAL_SHORTCUTS, WORKSPACE_SHORTCUTS } from "@/lib/review/shortcuts";
import { clearDraft, pushHistory, readCurrentAssignment, readDraft, readHistory, writeCurrentAssignment, writeDraft, type DraftStorage, type SubmittedEntry } from "@/lib/review/drafts";
import { FLAG_REASON_SUGGESTIONS, SKIP_REASON_SUGGESTIONS } from "@/lib/review/skip-reasons";
import type { ReviewProgress } from "@/lib/review/workspace-types";
import type { MyLabelDetail, ReviewItem } from "@/lib/review/workspace-types";
import { ItemView } from "./item-view";
import { RubricForm } from "./rubric-form";
import { ReasonDialog } from "./reason-dialog";
import { STOP_ATTRIBUTE, useLabelKeyboard } from "./use-label-keyboard";
import { useLabelValues } from "./use-label-values";
import { useLeaveWarning } from "./use-leave-warning";
import { LabelEditor } from "./mine/label-editor";

const NO_DIMENSIONS: Dimension[] = [];
const LEAVE_MESSAGE = "Your picks on this item are not submitted yet. They are kept in this tab and come back when you return to Review. Leave this page?";

type Claim = { item: ReviewItem | null; remaining: number };
type ApiError = { message?: string; issues?: { field: string; message: string }[] };

async function api<T>(url: string, body?: unknown, method = "POST"): Promise<T> {
  const response = await fetch(url, { method, headers: body === undefined ? undefined : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = json as ApiError;
    throw new Error(error.issues?.length ? error.issues.map((i) => `${i.field.replace(/^values\./, "")}: ${i.message}`).join("; ") : (error.message ?? `HTTP ${response.status}`));
  }
  return json as T;
}

/** The tab's sessionStorage, or a stand-in that keeps nothing where the browser refuses it. */
function tabStorage(): DraftStorage {
  try {
    return window.sessionStorage;
  } catch {
    return { getItem: () => null, setItem: () => undefined, removeItem: () => undefined };
  }
}

function isTyping(target: EventTarget | null): boolean {
  const tag = (target as HTMLElement | null)?.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target as HTMLElement | null)?.isContentEditable === true;
}

export function Workspace({ projectSlug }: { projectSlug: string }) {
  const base = `/api/v1/projects/${encodeURIComponent(projectSlug)}/review`;
  const [current, setCurrent] = useState<ReviewItem | null>(null);
  const { values, setValues, setValue } = useLabelValues({});
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [shownCount, setShownCount] = useState(0);
  const [remaining, setRemaining] = useState<number | null>(null);
  const [progress, setProgress] = useState<ReviewProgress[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saved, setSaved] = useState(0);
  const [dialog, setDialog] = useState<"skip" | "flag" | null>(null);
  const [flagged, setFlagged] = useState<Set<string>>(() => new Set());
  // The panel of an item labelled before: which one back (0 = the last submitted) and its label.
  const [editing, setEditing] = useState<{ back: number; entry: SubmittedEntry; label: MyLabelDetail | null; error: string | null } | null>(null);
  const prefetched = useRef<ReviewItem | null>(null);
  const shownAt = useRef(0);
  const held = useRef(new Set<string>());
  const rubricRef = useRef<HTMLDivElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const storage = useRef<DraftStorage | null>(null);
  const store = () => (storage.current ??= tabStorage());

  // An item comes with the picks given, else with those kept in the tab for its assignment.
  const show = useCallback((item: ReviewItem | null, keep?: LabelValues) => {
    const picks = keep ?? (item?.assignmentId ? readDraft(store(), projectSlug, item.assignmentId) : null) ?? {};
    setCurrent(item);
    setValues(picks);
    setFocusKey(item ? (applicableDimensions(item.rubric.dimensions, picks, { hasContext: item.hasContext })[0]?.key ?? null) : null);
    setShownCount((n) => n + 1);
    shownAt.current = performance.now();
  }, [setValues, projectSlug]);

  const loadProgress = useCallback(async () => {
    try {
      setProgress((await api<{ audits: ReviewProgress[] }>(`${base}/progress`, undefined, "GET")).audits);
    } catch {
      // Progress is a convenience; the queue works without it.
    }
  }, [base]);

  // First item (the one on screen before a reload, with its picks, if it is still open) and its successor.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        void loadProgress();
        let first: ReviewItem | null = null;
        let remainingNow: number | null = null;
        const previous = readCurrentAssignment(store(), projectSlug);
        if (previous) {
          try {
            first = (await api<{ item: ReviewItem }>(`${base}/assignments/${encodeURIComponent(previous)}/resume`)).item;
          } catch (e) {
            if (readDraft(store(), projectSlug, previous)) setNotice(`Your unsent picks from before could not be restored: ${(e as Error).message}`);
            clearDraft(store(), projectSlug, previous);
            writeCurrentAssignment(store(), projectSlug, null);
          }
        }
        if (cancelled) return;
        if (!first) {
          const claim = await api<Claim>(`${base}/next`);
          first = claim.item;
          remainingNow = claim.remaining;
        }
        if (cancelled) return;
        if (first) held.current.add(first.assignmentId!);
        if (first && readDraft(store(), projectSlug, first.assignmentId!)) setNotice("Your unsent picks on this item were restored.");
        show(first);
        if (first) {
          const second = await api<Claim>(`${base}/next`);
          if (second.item) held.current.add(second.item.assignmentId!);
          prefetched.current = second.item;
          remainingNow = second.remaining;
        }
        setRemaining(remainingNow);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setLoading(false);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [base, projectSlug, show, loadProgress]);

  // Items left open when the tab closes, or the reviewer goes to another page, go back to the
  // queue instead of waiting out the lease (the one on screen is resumed from its draft).
  useEffect(() => {
    const heldNow = held.current;
    const release = () => {
      for (const id of heldNow) navigator.sendBeacon(`${base}/assignments/${id}/release`);
    };
    window.addEventListener("pagehide", release);
    return () => {
      window.removeEventListener("pagehide", release);
      release();
    };
  }, [base]);

  // The picks of the item on screen, kept per assignment until they are sent.
  useEffect(() => {
    if (!current?.assignmentId) return;
    writeCurrentAssignment(store(), projectSlug, current.assignmentId);
    writeDraft(store(), projectSlug, current.assignmentId, values);
  }, [current, values, projectSlug]);

  // An item of an audit the progress does not know yet (drawn meanwhile): count again.
  useEffect(() => {
    if (current && progress.length && !progress.some((p) => p.auditId === current.auditId)) void loadProgress();
  }, [current, progress, loadProgress]);

  const countProgress = useCallback((auditId: string, change: { done?: number; total?: number }) => {
    setProgress((list) => list.map((p) => (p.auditId === auditId ? { ...p, done: p.done + (change.done ?? 0), total: p.total + (change.total ?? 0) } : p)));
  }, []);

  const dimensions: Dimension[] = useMemo(() => (current ? applicableDimensions(current.rubric.dimensions, values, { hasContext: current.hasContext }) : []), [current, values]);
  const dirty = current !== null && Object.keys(values).length > 0;
  useLeaveWarning({ dirty, message: LEAVE_MESSAGE, inside: rootRef });

  const submit = useCallback(async () => {
    if (!current) return;
    const missing = dimensions.find((d) => d.required && (values[d.key] === undefined || (Array.isArray(values[d.key]) && (values[d.key] as string[]).length === 0)));
    if (missing) {
      setError(`${missing.label} is required.`);
      setFocusKey(missing.key);
      return;
    }
    const submitted = current;
    const submittedValues = values;
    const timeSpentMs = Math.round(performance.now() - shownAt.current);
    const wasPrefetched = prefetched.current;
    prefetched.current = null;
    setError(null);
    setNotice(null);
    // The prefetched item appears at once; the save and the next claim travel together.
    show(wasPrefetched);
    try {
      const result = await api<{ labelId: string; next: ReviewItem | null; remaining: number }>(`${base}/assignments/${submitted.assignmentId}/label`, { values: submittedValues, timeSpentMs, next: true });
      held.current.delete(submitted.assignmentId!);
      clearDraft(store(), projectSlug, submitted.assignmentId!);
      pushHistory(store(), projectSlug, { labelId: result.labelId, externalId: submitted.output.externalId });
      countProgress(submitted.auditId, { done: 1 });
      if (result.next) held.current.add(result.next.assignmentId!);
      setSaved((n) => n + 1);
      setRemaining(result.remaining);
      if (wasPrefetched) prefetched.current = result.next;
      else show(result.next);
    } catch (e) {
      setError(`Not saved: ${(e as Error).message}`);
      // Back to the item that failed, with its values; the other one waits as the next.
      prefetched.current = wasPrefetched;
      show(submitted, submittedValues);
    }
  }, [base, current, dimensions, show, values, projectSlug, countProgress]);

  const skip = useCallback(async (reason: string) => {
    if (!current) return;
    const skipped = current;
    await api(`${base}/assignments/${skipped.assignmentId}/skip`, { reason });
    held.current.delete(skipped.assignmentId!);
    clearDraft(store(), projectSlug, skipped.assignmentId!);
    countProgress(skipped.auditId, { total: -1 });
    setDialog(null);
    setError(null);
    setNotice(`Skipped ${skipped.output.externalId}: a QA lead will give it to someone else.`);
    const wasPrefetched = prefetched.current;
    prefetched.current = null;
    show(wasPrefetched);
    try {
      const claim = await api<Claim>(`${base}/next`);
      if (claim.item) held.current.add(claim.item.assignmentId!);
      setRemaining(claim.remaining);
      if (wasPrefetched) prefetched.current = claim.item;
      else show(claim.item);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [base, current, show, projectSlug, countProgress]);

  const flag = useCallback(async (reason: string) => {
    if (!current) return;
    await api(`${base}/assignments/${current.assignmentId}/flag`, { reason });
    const id = current.assignmentId!;
    setFlagged((set) => new Set(set).add(id));
    setDialog(null);
    setShownCount((n) => n + 1);
  }, [base, current]);

  // The panel of an item labelled before. Its label is read fresh (it may have been edited since).
  const openBack = useCallback(async (back: number) => {
    const history = readHistory(store(), projectSlug);
    const entry = history[back];
    if (!entry) {
      setNotice(back === 0 ? "Nothing labelled in this tab yet: your earlier labels are under My labels." : "That was the first item you labelled in this tab; earlier ones are under My labels.");
      return;
    }
    // The same label again (after a save) stays on screen, with its message, while it is re-read.
    setEditing((open) => (open && open.entry.labelId === entry.labelId ? { ...open, back, error: null } : { back, entry, label: null, error: null }));
    try {
      const label = await api<MyLabelDetail>(`${base}/my-labels/${encodeURIComponent(entry.labelId)}`, undefined, "GET");
      setEditing((e) => (e && e.entry.labelId === entry.labelId ? { ...e, label } : e));
    } catch (err) {
      setEditing((e) => (e && e.entry.labelId === entry.labelId ? { ...e, error: (err as Error).message } : e));
    }
  }, [base, projectSlug]);

  const closeBack = useCallback(() => {
    setEditing(null);
    setShownCount((n) => n + 1); // focus back to the rubric of the item on screen
  }, []);

  // Workspace keys (outside text boxes and dialogs): skip, flag, back.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || document.querySelector("dialog[open]")) return;
      if (event.key === "b") {
        event.preventDefault();
        void openBack(editing ? editing.back + 1 : 0);
      } else if (editing) {
        return;
      } else if (event.key === "x" && current) {
        event.preventDefault();
        setDialog("skip");
      } else if (event.key === "f" && current && !flagged.has(current.assignmentId!)) {
        event.preventDefault();
        setDialog("flag");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, editing, flagged, openBack]);

  const onSubmit = useCallback(() => void submit(), [submit]);
  useLabelKeyboard({
    enabled: current !== null && editing === null && dialog === null,
    scope: rubricRef,
    rubricDimensions: current?.rubric.dimensions ?? NO_DIMENSIONS,
    dimensions,
    hasContext: current?.hasContext ?? false,
    values,
    focusKey,
    setFocusKey,
    setValue,
    onSubmit,
    focusRequest: shownCount,
  });

  const focusRubric = () => {
    const key = focusKey ?? dimensions[0]?.key;
    if (key) rubricRef.current?.querySelector<HTMLElement>(`[${STOP_ATTRIBUTE}="${CSS.escape(key)}"]`)?.focus();
  };

  if (loading) return <p className="text-sm text-slate-500">Opening your queue…</p>;
  const week = current ? progress.find((p) => p.auditId === current.auditId) : undefined;
  const backPanel = editing ? (
    <section aria-label="Item labelled before" className="space-y-2" data-testid="back-panel">
      <p className="text-sm text-slate-600">
        {editing.back === 0 ? "The item you labelled last" : `${editing.back + 1} items back`} · <kbd className="font-mono">b</kbd> goes further back · <kbd className="font-mono">Esc</kbd> returns to {current ? "the item you were on" : "your queue"}.
      </p>
      {editing.error ? <Alert>{`Could not open your label on ${editing.entry.externalId}: ${editing.error}`}</Alert> : null}
      {editing.label ? (
        <LabelEditor
          key={editing.label.id}
          projectSlug={projectSlug}
          label={editing.label}
          onClose={closeBack}
          onSaved={() => void openBack(editing.back)}
        />
      ) : editing.error ? null : (
        <p className="text-sm text-slate-500">Opening your label on {editing.entry.externalId}…</p>
      )}
    </section>
  ) : null;

  if (!current) {
    return (
      <div className="space-y-3" ref={rootRef}>
        {error ? <Alert>{error}</Alert> : null}
        {notice ? <Alert tone="info">{notice}</Alert> : null}
        {backPanel ?? (
          <Alert tone="info">
            <span data-testid="queue-empty">Your queue is empty{saved ? ` — ${saved} labelled in this session` : ""}. Nice work.</span>
            {readHistory(store(), projectSlug).length ? <> Press <kbd className="font-mono">b</kbd> to go back to the item you labelled last.</> : null}
          </Alert>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="workspace" data-assignment={current.assignmentId ?? ""} ref={rootRef}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        <span>
          {week ? (
            <>
              <span className="font-medium text-slate-900" data-testid="review-progress">{week.done} of {week.total}</span> labelled in week {week.week} ·{" "}
            </>
          ) : null}
          <span data-testid="queue-remaining">{remaining ?? "?"}</span> open in your queue{week ? "" : ` · week ${current.week}`} · stratum {current.stratum || "—"} · rubric v{current.rubric.version}
        </span>
        <span className="flex items-center gap-3">
          <a href="#rubric" className="font-medium text-indigo-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">Skip to the rubric</a>
          <span data-testid="saved-count">{saved} saved this session</span>
        </span>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert tone="info">{notice}</Alert> : null}
      {backPanel ?? (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <ItemView output={current.output} />
          <aside className="space-y-3">
            {flagged.has(current.assignmentId!) ? <Alert tone="info">Flagged for a QA lead. You can still label it, or skip it.</Alert> : null}
            <div
              id="rubric"
              ref={rubricRef}
              tabIndex={-1}
              aria-label="Rubric"
              role="group"
              onFocus={(event) => {
                if (event.target === event.currentTarget) focusRubric();
              }}
              className="outline-none"
            >
              <RubricForm dimensions={dimensions} values={values} focusKey={focusKey} onChange={setValue} onFocus={setFocusKey} />
            </div>
            <button type="button" onClick={() => void submit()} className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
              Submit and next <kbd className="ml-1 font-mono text-indigo-200">Enter</kbd>
            </button>
            <div className="flex gap-2">
              <button type="button" onClick={() => setDialog("skip")} className="flex-1 rounded-md px-2 py-1.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                Skip… <kbd className="font-mono text-slate-400">x</kbd>
              </button>
              <button type="button" disabled={flagged.has(current.assignmentId!)} onClick={() => setDialog("flag")} className="flex-1 rounded-md px-2 py-1.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:text-slate-400">
                Flag for a QA lead… <kbd className="font-mono text-slate-400">f</kbd>
              </button>
              <button type="button" onClick={() => void openBack(0)} className="flex-1 rounded-md px-2 py-1.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                Previous item <kbd className="font-mono text-slate-400">b</kbd>
              </button>
            </div>
            <section className="rounded-md border border-slate-200 bg-white p-2 text-xs text-slate-600" aria-label="Keyboard shortcuts">
              <h3 className="mb-1 font-semibold text-slate-700">Keyboard</h3>
              <ul className="space-y-0.5">
                {[...GLOBAL_SHORTCUTS, ...WORKSPACE_SHORTCUTS].map((s) => (
                  <li key={`${s.keys}:${s.action}`}><kbd className="font-mono text-slate-800">{s.keys}</kbd> {s.action}</li>
                ))}
                <li><kbd className="font-mono text-slate-800">Shift+Enter</kbd> new line in a text box</li>
              </ul>
            </section>
            {current.rubric.guidelines ? (
              <details className="rounded-md border border-slate-200 bg-white p-2 text-xs text-slate-700" open>
                <summary className="cursor-pointer font-semibold">Guidelines</summary>
                <p className="mt-1 whitespace-pre-wrap">{current.rubric.guidelines}</p>
              </details>
            ) : null}
          </aside>
        </div>
      )}
      {dialog === "skip" ? (
        <ReasonDialog
          title={`Skip ${current.output.externalId}`}
          description="The item leaves your queue and waits for a QA lead, who gives it to another reviewer (it stays in the sample). Say why, so they can route it well."
          suggestions={SKIP_REASON_SUGGESTIONS}
          confirmLabel="Skip item"
          onConfirm={skip}
          onClose={() => {
            setDialog(null);
            setShownCount((n) => n + 1);
          }}
        />
      ) : null}
      {dialog === "flag" ? (
        <ReasonDialog
          title={`Flag ${current.output.externalId} for a QA lead`}
          description="A QA lead sees the item and your reason in review management. It stays on your queue: label it as usual, or skip it."
          suggestions={FLAG_REASON_SUGGESTIONS}
          confirmLabel="Flag item"
          onConfirm={flag}
          onClose={() => {
            setDialog(null);
            setShownCount((n) => n + 1);
          }}
        />
      ) : null}
    </div>
  );
}
