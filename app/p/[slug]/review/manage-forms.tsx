"use client";

import Link from "next/link";
import { Button, Select } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import type { ActionResult } from "@/lib/forms/types";
import type { ReviewerLoad, ShortItem } from "@/lib/review/workspace-types";
import { addReviewerAction, reassignAction, skipItemAction } from "./actions";

export function ReviewerLoadTable({ reviewers }: { reviewers: ReviewerLoad[] }) {
  const columns: DataTableColumn<ReviewerLoad>[] = [
    { accessorKey: "name", header: "Reviewer" },
    { id: "expertise", accessorFn: (r) => r.expertise.join(", "), header: "Expertise" },
    { accessorKey: "open", header: "Open" },
    { accessorKey: "active", header: "Open now (leased)" },
    { accessorKey: "submitted", header: "Submitted" },
  ];
  return <DataTable columns={columns} data={reviewers} searchPlaceholder="Filter reviewers…" />;
}

function ReviewerSelect({ reviewers, exclude, id }: { reviewers: ReviewerLoad[]; exclude: string[]; id: string }) {
  return (
    <Select id={id} name="reviewerId" defaultValue="" aria-label="Reviewer">
      <option value="">Choose…</option>
      {reviewers.filter((r) => !exclude.includes(r.userId)).map((r) => (
        <option key={r.userId} value={r.userId}>{r.name} ({r.expertise.join(", ") || r.role})</option>
      ))}
    </Select>
  );
}

function ItemActions({ item, reviewers }: { item: ShortItem; reviewers: ReviewerLoad[] }) {
  const { state: addState, pending: adding, form: addForm } = useProjectActionForm<ActionResult | null>(addReviewerAction, null);
  const { state: skipState, pending: skipping, form: skipForm } = useProjectActionForm<ActionResult | null>(skipItemAction, null);
  const { state: moveState, pending: moving, form: moveForm } = useProjectActionForm<ActionResult | null>(reassignAction, null);
  const exclude = item.reviewers.map((r) => r.userId);
  const open = item.reviewers.filter((r) => r.status === "assigned");
  const outcome = [addState, moveState, skipState].find((state) => state !== null);
  return (
    <div className="space-y-1">
      {/* Folded: three forms on each of a hundred rows would bury the table. */}
      <details open={outcome !== undefined && !outcome.ok}>
        <summary className="cursor-pointer select-none text-xs font-medium text-indigo-700">Change…</summary>
        <div className="mt-1 space-y-1">
          <form {...addForm} className="flex items-center gap-1">
            <input type="hidden" name="sampledItemId" value={item.sampledItemId} />
            <div className="w-44"><ReviewerSelect reviewers={reviewers} exclude={exclude} id={`add-${item.sampledItemId}`} /></div>
            <Button type="submit" variant="secondary" disabled={adding} className="text-xs">Add reviewer</Button>
          </form>
          {open.length ? (
            <form {...moveForm} className="flex items-center gap-1">
              <Select name="assignmentId" aria-label="Assignment to move" className="w-32">
                {open.map((r) => <option key={r.assignmentId} value={r.assignmentId}>{r.name}</option>)}
              </Select>
              <div className="w-44"><ReviewerSelect reviewers={reviewers} exclude={exclude} id={`move-${item.sampledItemId}`} /></div>
              <Button type="submit" variant="secondary" disabled={moving} className="text-xs">Reassign</Button>
            </form>
          ) : null}
          <form {...skipForm}>
            <input type="hidden" name="sampledItemId" value={item.sampledItemId} />
            <Button type="submit" variant="danger" disabled={skipping} className="text-xs">Skip item</Button>
          </form>
        </div>
      </details>
      {fieldError(addState, "reviewerId") || fieldError(moveState, "reviewerId") ? <p className="text-xs text-red-700">{fieldError(addState, "reviewerId") ?? fieldError(moveState, "reviewerId")}</p> : null}
      <FormMessage state={addState} success="Reviewer added." />
      <FormMessage state={moveState} success="Reassigned." />
      <FormMessage state={skipState} success="Skipped." />
    </div>
  );
}

export function PendingItemsTable({ projectSlug, items, reviewers }: { projectSlug: string; items: ShortItem[]; reviewers: ReviewerLoad[] }) {
  const columns: DataTableColumn<ShortItem>[] = [
    { accessorKey: "externalId", header: "Output", cell: ({ row, getValue }) => <Link className="font-mono text-xs text-indigo-700 underline" href={`/p/${projectSlug}/outputs/${row.original.outputId}`}>{getValue() as string}</Link> },
    { accessorKey: "week", header: "Week" },
    { accessorKey: "stratum", header: "Stratum", cell: ({ getValue }) => (getValue() as string) || "—" },
    { id: "reviewers", header: "Reviewers", accessorFn: (i) => i.reviewers.map((r) => `${r.name} (${r.status}${r.leased ? ", open now" : ""})`).join("; "), cell: ({ getValue }) => (getValue() as string) || <span className="text-red-700">nobody qualified</span> },
    { id: "wanted", header: "Wanted", accessorFn: (i) => `${i.active}/${i.wanted}` },
    { id: "actions", header: "Change", enableSorting: false, cell: ({ row }) => <ItemActions item={row.original} reviewers={reviewers} /> },
  ];
  return <DataTable columns={columns} data={items} searchPlaceholder="Filter items…" empty="No pending items." />;
}
