"use client";

// Asks for a reason (skip an item, flag it for a QA lead) in a modal <dialog>: the browser keeps
// focus inside it and Esc closes it. The reason box has focus; a suggestion fills it and moves on
// to the confirm button, so Enter sends either way. A refusal is shown in the dialog and the
// reason typed stays.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui";
import { MAX_REASON_LENGTH, checkReason } from "@/lib/review/skip-reasons";

export function ReasonDialog({
  title,
  description,
  suggestions,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  description: string;
  suggestions: readonly string[];
  confirmLabel: string;
  /** Sends the reason; a thrown error's message is shown in the dialog. */
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    input.current?.focus();
    return () => element?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const checked = checkReason(reason);
    if (!checked.ok) {
      setError(`Reason: ${checked.message}.`);
      input.current?.focus();
      return;
    }
    setSending(true);
    setError(null);
    try {
      await onConfirm(checked.reason);
    } catch (e) {
      setError((e as Error).message);
      setSending(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-description`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto w-[32rem] max-w-[90vw] rounded-lg border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/30"
    >
      <form onSubmit={(e) => void submit(e)} className="space-y-3 p-4" onKeyDown={(e) => e.stopPropagation()}>
        <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">{title}</h2>
        <p id={`${id}-description`} className="text-sm text-slate-600">{description}</p>
        <div className="space-y-1">
          <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-700">Reason</label>
          <input
            ref={input}
            id={`${id}-reason`}
            value={reason}
            maxLength={MAX_REASON_LENGTH + 1}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={error ? true : undefined}
            className="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
          />
          {error ? <p className="text-xs text-red-700" role="alert">{error}</p> : null}
        </div>
        <div>
          <p className="mb-1 text-xs text-slate-500">Or pick one:</p>
          <ul className="flex flex-wrap gap-1.5">
            {suggestions.map((s) => (
              <li key={s}>
                <button
                  type="button"
                  onClick={() => {
                    setReason(s);
                    setError(null);
                    confirm.current?.focus();
                  }}
                  className="rounded px-2 py-1 text-left text-xs text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                >
                  {s}
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>Cancel <kbd className="ml-1 font-mono text-slate-400">Esc</kbd></Button>
          <Button ref={confirm} type="submit" disabled={sending}>{sending ? "Sending…" : confirmLabel}</Button>
        </div>
      </form>
    </dialog>
  );
}
