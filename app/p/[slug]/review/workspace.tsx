"use client";

// The labelling workspace: one item at a time, the next one already claimed (prefetched) so that
// Enter shows it at once while the label is saved in the background.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui";
import { applicableDimensions, type Dimension, type LabelValues } from "@/lib/review/rubric";
import { GLOBAL_SHORTCUTS } from "@/lib/review/shortcuts";
import type { ReviewItem } from "@/lib/server/review/items";
import { ItemView } from "./item-view";
import { RubricForm } from "./rubric-form";
import { useLabelKeyboard } from "./use-label-keyboard";
import { useLabelValues } from "./use-label-values";

const NO_DIMENSIONS: Dimension[] = [];

type Claim = { item: ReviewItem | null; remaining: number };
type ApiError = { message?: string; issues?: { field: string; message: string }[] };

async function api<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = json as ApiError;
    throw new Error(error.issues?.length ? error.issues.map((i) => `${i.field.replace(/^values\./, "")}: ${i.message}`).join("; ") : (error.message ?? `HTTP ${response.status}`));
  }
  return json as T;
}

export function Workspace({ projectSlug }: { projectSlug: string }) {
  const base = `/api/v1/projects/${encodeURIComponent(projectSlug)}/review`;
  const [current, setCurrent] = useState<ReviewItem | null>(null);
  const { values, setValues, setValue } = useLabelValues({});
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [remaining, setRemaining] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(0);
  const prefetched = useRef<ReviewItem | null>(null);
  const shownAt = useRef(0);
  const held = useRef(new Set<string>());

  const show = useCallback((item: ReviewItem | null, keep?: LabelValues) => {
    setCurrent(item);
    setValues(keep ?? {});
    setFocusKey(item ? (applicableDimensions(item.rubric.dimensions, keep ?? {}, { hasContext: item.hasContext })[0]?.key ?? null) : null);
    shownAt.current = performance.now();
  }, [setValues]);

  // First item and its successor.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const first = await api<Claim>(`${base}/next`);
        if (cancelled) return;
        if (first.item) held.current.add(first.item.assignmentId!);
        show(first.item);
        setRemaining(first.remaining);
        if (first.item) {
          const second = await api<Claim>(`${base}/next`);
          if (second.item) held.current.add(second.item.assignmentId!);
          prefetched.current = second.item;
        }
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setLoading(false);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [base, show]);

  // Items left open when the tab closes go back to the queue instead of waiting out the lease.
  useEffect(() => {
    const release = () => {
      for (const id of held.current) navigator.sendBeacon(`${base}/assignments/${id}/release`);
    };
    window.addEventListener("pagehide", release);
    return () => window.removeEventListener("pagehide", release);
  }, [base]);

  const dimensions: Dimension[] = useMemo(() => (current ? applicableDimensions(current.rubric.dimensions, values, { hasContext: current.hasContext }) : []), [current, values]);

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
    // The prefetched item appears at once; the save and the next claim travel together.
    show(wasPrefetched);
    try {
      const result = await api<{ next: ReviewItem | null; remaining: number }>(`${base}/assignments/${submitted.assignmentId}/label`, { values: submittedValues, timeSpentMs, next: true });
      held.current.delete(submitted.assignmentId!);
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
  }, [base, current, dimensions, show, values]);

  const onSubmit = useCallback(() => void submit(), [submit]);
  useLabelKeyboard({
    enabled: current !== null,
    rubricDimensions: current?.rubric.dimensions ?? NO_DIMENSIONS,
    dimensions,
    hasContext: current?.hasContext ?? false,
    values,
    focusKey,
    setFocusKey,
    setValue,
    onSubmit,
  });

  if (loading) return <p className="text-sm text-slate-500">Opening your queue…</p>;
  if (!current) {
    return (
      <div className="space-y-3">
        {error ? <Alert>{error}</Alert> : null}
        <Alert tone="info"><span data-testid="queue-empty">Your queue is empty{saved ? ` — ${saved} labelled in this session` : ""}. Nice work.</span></Alert>
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="workspace" data-assignment={current.assignmentId ?? ""}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        <span>
          <span data-testid="queue-remaining">{remaining ?? "?"}</span> open in your queue · week {current.week} · stratum {current.stratum || "—"} · rubric v{current.rubric.version}
        </span>
        <span data-testid="saved-count">{saved} saved this session</span>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <ItemView output={current.output} />
        <aside className="space-y-3">
          <RubricForm dimensions={dimensions} values={values} focusKey={focusKey} onChange={setValue} onFocus={setFocusKey} />
          <button type="button" onClick={() => void submit()} className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500">
            Submit and next <kbd className="ml-1 font-mono text-indigo-200">Enter</kbd>
          </button>
          <section className="rounded-md border border-slate-200 bg-white p-2 text-xs text-slate-600" aria-label="Keyboard shortcuts">
            <h3 className="mb-1 font-semibold text-slate-700">Keyboard</h3>
            <ul className="space-y-0.5">
              {GLOBAL_SHORTCUTS.map((s) => (
                <li key={s.keys}><kbd className="font-mono text-slate-800">{s.keys}</kbd> {s.action}</li>
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
    </div>
  );
}
