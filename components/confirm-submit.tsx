"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "./ui";

/**
 * A destructive or final action behind a confirmation. Put it inside the action's <form>: the
 * trigger opens a modal dialog that says what will happen; its confirm button submits the form
 * (with any fields given as children, e.g. a reason). Esc or Cancel closes it and nothing happens.
 * The dialog closes when the action's result arrives, whose message shows beside the trigger.
 */
export function ConfirmSubmit({
  label,
  title,
  description,
  confirmLabel,
  variant = "danger",
  pending,
  result,
  children,
  className = "",
}: {
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  variant?: "danger" | "secondary" | "primary";
  pending: boolean;
  /** The form's action state: a new one closes the dialog. */
  result: unknown;
  children?: ReactNode;
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    dialog.current?.close();
  }, [result]);
  return (
    <>
      <Button type="button" variant={variant} disabled={pending} className={className} onClick={() => dialog.current?.showModal()}>
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        className="m-auto w-full max-w-md rounded-lg bg-white p-0 text-left text-slate-900 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-base font-semibold">{title}</h2>
          <div id={descriptionId} className="space-y-2 text-sm text-slate-700">{description}</div>
          {children}
          <div className="flex justify-end gap-2 pt-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>Cancel</Button>
            <Button type="submit" variant={variant === "secondary" ? "primary" : variant} disabled={pending}>{pending ? "Working…" : confirmLabel}</Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
