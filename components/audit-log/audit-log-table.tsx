"use client";

import { DataTable, type DataTableColumn } from "@/components/data-table";

import type { AuditLogRow } from "@/lib/audit-log/types";

const columns: DataTableColumn<AuditLogRow>[] = [
  { accessorKey: "createdAt", header: "When (UTC)", sortFn: "alphanumeric", cell: (c) => <span className="whitespace-nowrap">{c.getValue() as string}</span> },
  { accessorKey: "actorLabel", header: "Who", sortFn: "alphanumeric" },
  { accessorKey: "action", header: "Action", sortFn: "alphanumeric", cell: (c) => <code className="text-xs">{c.getValue() as string}</code> },
  { accessorKey: "summary", header: "What", enableSorting: false },
  { accessorKey: "target", header: "Object", enableSorting: false, cell: (c) => <span className="font-mono text-xs">{c.getValue() as string}</span> },
  { accessorKey: "address", header: "Address", enableSorting: false },
];

/** Filter matches any column, e.g. an email, "api_key" or "sign_in.failed". */
export function AuditLogTable({ rows }: { rows: AuditLogRow[] }) {
  return <DataTable columns={columns} data={rows} searchPlaceholder="Filter by who, action or what…" empty="No entries yet." />;
}
