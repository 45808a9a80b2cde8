"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { Button, Field, Input, Select } from "@/components/ui";
import { fieldError, FormMessage, useActionForm } from "@/components/form-state";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import type { ActionResult } from "@/lib/server/http/action";
import { closeAuditAction, drawAction } from "./actions";

export type AuditListRow = {
  id: string;
  week: string;
  weekStart: string;
  partial: boolean;
  population: number;
  sampleSize: number;
  done: number;
  completion: number;
  dueAt: string;
  overdue: boolean;
  status: "open" | "closed";
  planVersion: number;
};

const day = (iso: string) => iso.slice(0, 10);
const percent = (x: number) => `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 1)} %`;

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
    { accessorKey: "completion", header: "Completion", cell: ({ row }) => `${percent(row.original.completion)} (${row.original.done}/${row.original.sampleSize})` },
    { accessorKey: "dueAt", header: "Due", cell: ({ getValue }) => day(getValue() as string) },
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

export function DrawForm({ projectSlug, currentWeek, lastClosed }: { projectSlug: string; currentWeek: string; lastClosed: string }) {
  const { state, pending, form: actionForm } = useActionForm<ActionResult<{ auditId: string; created: boolean }> | null>(drawAction, null);
  const [mode, setMode] = useState<"now" | "closed">("now");
  return (
    <form {...actionForm} className="space-y-3">
      <FormMessage state={state} />
      <input type="hidden" name="projectSlug" value={projectSlug} />
      <p className="text-sm text-slate-600">
        “Draw now” samples the week so far and marks the audit partial; a closed week is drawn whole. A week is drawn once: drawing it again opens the existing audit.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <Field label="What to draw" htmlFor="draw-mode" error={fieldError(state, "mode")}>
          <Select id="draw-mode" name="mode" value={mode} onChange={(e) => setMode(e.target.value as "now" | "closed")}>
            <option value="now">Draw now: this week so far ({currentWeek})</option>
            <option value="closed">A closed week</option>
          </Select>
        </Field>
        <Field label="ISO week" htmlFor="draw-week" error={fieldError(state, "week")}>
          <Input id="draw-week" name="week" key={mode} defaultValue={mode === "now" ? currentWeek : lastClosed} className="w-32" />
        </Field>
        <Button type="submit" disabled={pending}>{pending ? "Drawing…" : mode === "now" ? "Draw now" : "Draw week"}</Button>
      </div>
    </form>
  );
}

export function CloseAuditForm({ projectSlug, auditId }: { projectSlug: string; auditId: string }) {
  const { state, pending, form: actionForm } = useActionForm<ActionResult | null>(closeAuditAction, null);
  return (
    <form {...actionForm} className="flex items-center gap-3">
      <input type="hidden" name="projectSlug" value={projectSlug} />
      <input type="hidden" name="auditId" value={auditId} />
      <Button type="submit" variant="secondary" disabled={pending}>Close audit</Button>
      <FormMessage state={state} success="Audit closed." />
    </form>
  );
}
