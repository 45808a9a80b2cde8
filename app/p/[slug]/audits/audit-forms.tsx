"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { Button, Field, Input, Select } from "@/components/ui";
import { ConfirmSubmit } from "@/components/confirm-submit";
import { completionText } from "@/lib/audits/progress";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import type { ActionResult } from "@/lib/forms/types";
import { closeAuditAction, drawAction, reopenAuditAction } from "./actions";

export type AuditListRow = {
  id: string;
  week: string;
  weekStart: string;
  partial: boolean;
  population: number;
  sampleSize: number;
  done: number;
  /** null: the audit has no items. */
  completion: number | null;
  dueAt: string;
  /** The due date as the page writes it (lib/format/dates, in the project's zone). */
  dueText: string;
  overdue: boolean;
  status: "open" | "closed";
  planVersion: number;
};



export function AuditsTable({ projectSlug, audits }: { projectSlug: string; audits: AuditListRow[] }) {
  const [show, setShow] = useState<"all" | "open" | "overdue">("all");
  const data = useMemo(() => audits.filter((a) => (show === "all" ? true : show === "open" ? a.status === "open" : a.overdue)), [audits, show]);
  const columns: DataTableColumn<AuditListRow>[] = [
    {
      accessorKey: "week",
      header: "Week",
      cell: ({ row }) => (
        <Link href={`/p/${projectSlug}/audits/${row.original.id}`} className="font-medium text-indigo-700 hover:underline">
          {row.original.week}{row.original.partial ? <span className="ml-2 text-xs text-amber-700">partial</span> : null}
        </Link>
      ),
    },
    { accessorKey: "population", header: "Population", cell: ({ getValue }) => (getValue() as number).toLocaleString("en") },
    { accessorKey: "sampleSize", header: "Sample size", cell: ({ getValue }) => (getValue() as number).toLocaleString("en") },
    { id: "completion", accessorFn: (a) => a.completion ?? -1, header: "Completion", cell: ({ row }) => completionText(row.original.completion, row.original.done, row.original.sampleSize) },
    { accessorKey: "dueAt", header: "Due", cell: ({ row }) => <span className="whitespace-nowrap">{row.original.dueText}</span> },
    { id: "overdue", accessorFn: (a) => (a.overdue ? "overdue" : ""), header: "Overdue", cell: ({ row }) => (row.original.overdue ? <span className="font-medium text-red-700">overdue</span> : "—") },
    { accessorKey: "status", header: "Status" },
    { accessorKey: "planVersion", header: "Plan", cell: ({ getValue }) => `v${getValue() as number}` },
  ];
  return (
    <DataTable
      columns={columns}
      data={data}
      searchPlaceholder="Filter weeks…"
      empty="No audits yet: the first is drawn when a week closes, or use “Draw a week”."
      toolbar={
        <label className="flex items-center gap-2 text-sm">
          Show
          <Select aria-label="Show audits" value={show} onChange={(e) => setShow(e.target.value as typeof show)}>
            <option value="all">all</option>
            <option value="open">open</option>
            <option value="overdue">overdue</option>
          </Select>
        </label>
      }
    />
  );
}

export function DrawForm({ currentWeek, lastClosed }: { currentWeek: string; lastClosed: string }) {
  const { state, pending, form: actionForm } = useProjectActionForm<ActionResult<{ auditId: string; created: boolean }> | null>(drawAction, null);
  const [mode, setMode] = useState<"now" | "closed">("now");
  const [week, setWeek] = useState(currentWeek);
  const chooseMode = (next: "now" | "closed") => {
    setMode(next);
    setWeek(next === "now" ? currentWeek : lastClosed);
  };
  return (
    <form {...actionForm} className="space-y-3">
      <FormMessage state={state} />
      <p className="text-sm text-slate-600">
        “Draw now” samples the week so far and marks the audit partial; when the week closes, the scheduled draw tops it up from the rest of the week. A closed week is drawn whole. Drawing a week that has an audit opens it.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <Field label="What to draw" htmlFor="draw-mode" error={fieldError(state, "mode")}>
          <Select id="draw-mode" name="mode" value={mode} onChange={(e) => chooseMode(e.target.value as "now" | "closed")}>
            <option value="now">Draw now: this week so far ({currentWeek})</option>
            <option value="closed">A closed week</option>
          </Select>
        </Field>
        <Field label="ISO week" htmlFor="draw-week" error={fieldError(state, "week")}>
          <Input id="draw-week" name="week" value={week} onChange={(e) => setWeek(e.target.value)} className="w-32" />
        </Field>
        {mode === "now" ? (
          <ConfirmSubmit
            label={pending ? "Drawing…" : "Draw now"}
            title={`Draw ${week} now?`}
            variant="primary"
            confirmLabel="Draw the week so far"
            pending={pending}
            result={state}
            description={
              <>
                <p>This samples only the outputs logged so far in {week}, by the plan in force, and sends the items to reviewers at once. The audit is marked partial.</p>
                <p>When the week closes, the scheduled draw keeps every item drawn now and adds items from the rest of the week, so the week ends up with the plan&apos;s full sample.</p>
              </>
            }
          />
        ) : (
          <Button type="submit" disabled={pending}>{pending ? "Drawing…" : "Draw week"}</Button>
        )}
      </div>
    </form>
  );
}

export function CloseAuditForm({ auditId, week, openItems }: { auditId: string; week: string; openItems: number }) {
  const { state, pending, form: actionForm } = useProjectActionForm<ActionResult<{ openItems: number }> | null>(closeAuditAction, null);
  return (
    <form {...actionForm} className="flex flex-col items-end gap-2">
      <input type="hidden" name="auditId" value={auditId} />
      <ConfirmSubmit
        label="Close audit"
        title={`Close audit ${week}?`}
        confirmLabel="Close audit"
        variant="secondary"
        pending={pending}
        result={state}
        description={
          <>
            <p>Labels freeze: reviewers can no longer add or edit labels in this audit, and its items leave their queues.</p>
            <p>
              {openItems === 0
                ? "Every item has been reviewed."
                : `${openItems.toLocaleString("en")} item${openItems === 1 ? " is" : "s are"} not yet reviewed and will stay unreviewed; the audit's results say so.`}
            </p>
            <p>A QA lead can reopen the audit later, giving a reason.</p>
          </>
        }
      >
        <Field label="Note (optional)" htmlFor="close-reason">
          <Input id="close-reason" name="reason" maxLength={500} />
        </Field>
      </ConfirmSubmit>
      <FormMessage state={state} success={state?.ok ? `Audit closed${state.data.openItems ? ` with ${state.data.openItems} item(s) unreviewed` : ""}.` : undefined} />
    </form>
  );
}

export function ReopenAuditForm({ auditId, week }: { auditId: string; week: string }) {
  const { state, pending, form: actionForm } = useProjectActionForm<ActionResult | null>(reopenAuditAction, null);
  return (
    <form {...actionForm} className="flex flex-col items-end gap-2">
      <input type="hidden" name="auditId" value={auditId} />
      <ConfirmSubmit
        label="Reopen audit"
        title={`Reopen audit ${week}?`}
        confirmLabel="Reopen audit"
        variant="secondary"
        pending={pending}
        result={state}
        description={<p>Reviewers can label and edit again until the audit is closed again. The reason is recorded in the audit&apos;s history.</p>}
      >
        <Field label="Reason for reopening" htmlFor="reopen-reason" error={fieldError(state, "reason")}>
          <textarea id="reopen-reason" name="reason" required minLength={5} maxLength={500} rows={3} className="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500" />
        </Field>
      </ConfirmSubmit>
      <FormMessage state={state} success="Audit reopened." />
    </form>
  );
}
