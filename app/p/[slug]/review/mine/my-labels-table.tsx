"use client";

import Link from "next/link";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { formatDateTimeWithZone } from "@/lib/format/dates";

export type MyLabelRow = {
  id: string;
  externalId: string;
  week: string;
  stratum: string;
  submittedAt: string;
  /** Null until the label is first edited. */
  lastEditedAt: string | null;
  edits: number;
  summary: string;
};

/** In the project's zone, named: the same text on the server and in the browser, whatever the browser's zone. */
export function formatTime(iso: string, timeZone: string): string {
  return formatDateTimeWithZone(new Date(iso), timeZone);
}

export function MyLabelsTable({ projectSlug, rows, selectedId, timeZone }: { projectSlug: string; rows: MyLabelRow[]; selectedId: string | null; timeZone: string }) {
  const columns: DataTableColumn<MyLabelRow>[] = [
    { accessorKey: "week", header: "Audit week", cell: ({ getValue }) => <span className="whitespace-nowrap">{getValue() as string}</span> },
    { accessorKey: "stratum", header: "Stratum", cell: ({ getValue }) => (getValue() as string) || "—" },
    { accessorKey: "externalId", header: "Output", cell: ({ getValue }) => <span className="whitespace-nowrap font-mono text-xs">{getValue() as string}</span> },
    { accessorKey: "submittedAt", header: "Submitted", cell: ({ getValue }) => <span className="whitespace-nowrap">{formatTime(getValue() as string, timeZone)}</span> },
    {
      id: "lastEdited",
      header: "Last edited",
      accessorFn: (r) => r.lastEditedAt ?? "",
      cell: ({ row }) =>
        row.original.lastEditedAt ? (
          <span className="whitespace-nowrap">{formatTime(row.original.lastEditedAt, timeZone)} <span className="text-slate-500">({row.original.edits} edit{row.original.edits === 1 ? "" : "s"})</span></span>
        ) : (
          "—"
        ),
    },
    { accessorKey: "summary", header: "Values", enableSorting: false, cell: ({ getValue }) => <span className="text-xs text-slate-700">{getValue() as string}</span> },
    {
      id: "open",
      header: "",
      enableSorting: false,
      cell: ({ row }) =>
        row.original.id === selectedId ? (
          <span className="text-xs text-slate-500">editing</span>
        ) : (
          <Link href={`/p/${projectSlug}/review/mine?label=${encodeURIComponent(row.original.id)}`} className="text-sm font-medium text-indigo-700 hover:underline" aria-label={`Edit label on ${row.original.externalId}`}>
            Edit
          </Link>
        ),
    },
  ];
  return <DataTable columns={columns} data={rows} searchPlaceholder="Filter by week, stratum, output, value…" empty="You have no labels in open audits." />;
}
