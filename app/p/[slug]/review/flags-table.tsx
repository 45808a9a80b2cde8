"use client";

// QA leads: what reviewers handed over. A skipped item waits for another reviewer (Add reviewer in
// Pending items below) or to be taken out of the audit; a flagged one for a look. "Mark handled"
// takes the entry off this list; the reason stays on record.
import { Button } from "@/components/ui";
import { FormMessage, useProjectActionForm } from "@/components/form-state";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import type { ActionResult } from "@/lib/forms/types";
import type { ReviewFlagEntry } from "@/lib/review/workspace-types";
import { resolveReviewFlagAction } from "./actions";
import { formatTime } from "./mine/my-labels-table";

const KIND_WORDS: Record<ReviewFlagEntry["kind"], string> = { skip: "Skipped", flag: "Flagged" };

function ResolveButton({ flag }: { flag: ReviewFlagEntry }) {
  const { state, pending, form } = useProjectActionForm<ActionResult | null>(resolveReviewFlagAction, null);
  return (
    <form {...form} className="space-y-1">
      <input type="hidden" name="flagId" value={flag.id} />
      <Button type="submit" variant="secondary" disabled={pending} className="whitespace-nowrap text-xs" aria-label={`Mark the ${flag.kind} of ${flag.externalId} handled`}>
        Mark handled
      </Button>
      <FormMessage state={state} />
    </form>
  );
}

export function ReviewFlagsTable({ flags, timeZone }: { flags: ReviewFlagEntry[]; timeZone: string }) {
  const columns: DataTableColumn<ReviewFlagEntry>[] = [
    { accessorKey: "kind", header: "What", cell: ({ getValue }) => <span className="font-medium">{KIND_WORDS[getValue() as ReviewFlagEntry["kind"]]}</span> },
    { accessorKey: "externalId", header: "Output", cell: ({ getValue }) => <span className="whitespace-nowrap font-mono text-xs">{getValue() as string}</span> },
    { accessorKey: "week", header: "Week", cell: ({ getValue }) => <span className="whitespace-nowrap">{getValue() as string}</span> },
    { accessorKey: "stratum", header: "Stratum", cell: ({ getValue }) => (getValue() as string) || "—" },
    { accessorKey: "reviewerName", header: "By" },
    { accessorKey: "reason", header: "Reason", cell: ({ getValue }) => <span className="block min-w-56 max-w-md whitespace-pre-wrap">{getValue() as string}</span> },
    { accessorKey: "itemStatus", header: "Item now", cell: ({ getValue }) => (getValue() as string).replace("_", " ") },
    { accessorKey: "createdAt", header: "When", cell: ({ getValue }) => <span className="whitespace-nowrap">{formatTime(getValue() as string, timeZone)}</span> },
    { id: "actions", header: "", enableSorting: false, cell: ({ row }) => <ResolveButton flag={row.original} /> },
  ];
  return <DataTable columns={columns} data={flags} searchPlaceholder="Filter skips and flags…" empty="Nothing handed over by reviewers." />;
}
