"use client";

// The register as a TanStack table whose filtering, sorting and paging happen on the server:
// every control writes the URL, so a filtered view can be shared and survives a reload.
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { tableFeatures, type ColumnDef } from "@tanstack/table-core";
import { useTable } from "@tanstack/react-table";
import { Select } from "@/components/ui";
import { CATEGORY_LABELS, INCIDENT_CATEGORIES, INCIDENT_KINDS, INCIDENT_STATUSES, KIND_LABELS, SEVERITIES, STATUS_LABELS, incidentReference, type IncidentCategory, type IncidentKind, type IncidentStatus } from "@/lib/incidents/types";
import { formatHours } from "@/lib/incidents/lifecycle";

export type IncidentRow = {
  id: string;
  number: number;
  title: string;
  kind: IncidentKind;
  severity: string;
  category: string;
  status: IncidentStatus;
  owner: string | null;
  source: string;
  detected: string;
  locked: boolean;
  outputs: number;
  closeProposed: boolean;
  overdue: boolean;
  timeToRecoveryHours: number | null;
};

const features = tableFeatures({});
const SORTABLE: Record<string, string> = { number: "number", severity: "severity", detected: "detected" };

const severityTone: Record<string, string> = { S1: "bg-red-100 text-red-800", S2: "bg-orange-100 text-orange-800", S3: "bg-amber-50 text-amber-800", S4: "bg-slate-100 text-slate-700" };

export function IncidentsTable({ projectSlug, rows, owners, months, nextCursor, sort }: {
  projectSlug: string;
  rows: IncidentRow[];
  owners: { userId: string; name: string }[];
  months: string[];
  nextCursor: string | null;
  sort: { field: string; direction: "asc" | "desc" };
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const hrefWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    return query ? `${pathname}?${query}` : pathname;
  };
  // A new filter or order starts again at the first page.
  const setFilter = (key: string, value: string) => router.push(hrefWith({ [key]: value || null, cursor: null }));
  const sortHref = (field: string) => hrefWith({ sort: field, dir: sort.field === field && sort.direction === "desc" ? "asc" : "desc", cursor: null });

  const columns: ColumnDef<typeof features, IncidentRow>[] = [
    {
      id: "number",
      header: "Incident",
      cell: ({ row }) => (
        <Link href={`/p/${projectSlug}/incidents/${row.original.id}`} className="font-medium text-indigo-700 hover:underline">
          {incidentReference(row.original.number)}
        </Link>
      ),
    },
    {
      id: "title",
      header: "Title",
      cell: ({ row }) => (
        <span>
          {row.original.title}
          {row.original.closeProposed ? <span className="ml-2 rounded bg-sky-50 px-1.5 text-xs text-sky-800">close proposed</span> : null}
          {row.original.locked ? <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600">signed off</span> : null}
        </span>
      ),
    },
    { id: "kind", header: "Kind", cell: ({ row }) => KIND_LABELS[row.original.kind] },
    { id: "severity", header: "Severity", cell: ({ row }) => <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${severityTone[row.original.severity]}`}>{row.original.severity}</span> },
    { id: "category", header: "Category", cell: ({ row }) => CATEGORY_LABELS[row.original.category as IncidentCategory] ?? row.original.category },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => (
        <span>
          {STATUS_LABELS[row.original.status]}
          {row.original.overdue ? <span className="ml-2 text-xs font-medium text-red-700">overdue</span> : null}
        </span>
      ),
    },
    { id: "owner", header: "Owner", cell: ({ row }) => row.original.owner ?? <span className="text-slate-400">unassigned</span> },
    { id: "detected", header: "Detected", cell: ({ row }) => row.original.detected },
    { id: "recovery", header: "Time to recovery", cell: ({ row }) => formatHours(row.original.timeToRecoveryHours) },
    { id: "outputs", header: "Outputs", cell: ({ row }) => row.original.outputs },
  ];
  const table = useTable({ features, columns, data: rows, getRowId: (row) => row.id });

  const filter = (key: string, label: string, options: [string, string][]) => (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
      {label}
      <Select aria-label={`Filter by ${label.toLowerCase()}`} value={params.get(key) ?? ""} onChange={(e) => setFilter(key, e.target.value)} className="w-40">
        <option value="">any</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>{text}</option>
        ))}
      </Select>
    </label>
  );

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3" role="group" aria-label="Filters">
        {filter("status", "Status", INCIDENT_STATUSES.map((s) => [s, STATUS_LABELS[s]]))}
        {filter("severity", "Severity", SEVERITIES.map((s) => [s, s]))}
        {filter("kind", "Kind", INCIDENT_KINDS.map((k) => [k, KIND_LABELS[k]]))}
        {filter("category", "Category", INCIDENT_CATEGORIES.map((c) => [c, CATEGORY_LABELS[c]]))}
        {filter("owner", "Owner", [["none", "unassigned"], ...owners.map((o): [string, string] => [o.userId, o.name])])}
        {filter("month", "Month", months.map((m) => [m, m]))}
        <label className="flex items-center gap-2 pb-1.5 text-sm">
          <input type="checkbox" checked={params.get("overdue") === "1"} onChange={(e) => setFilter("overdue", e.target.checked ? "1" : "")} />
          Overdue only
        </label>
        {params.toString() ? <Link href={pathname} className="pb-1.5 text-sm text-indigo-700 hover:underline">Clear</Link> : null}
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const field = SORTABLE[header.column.id];
                  const active = field && sort.field === field;
                  return (
                    <th key={header.id} scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600"
                      aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}>
                      {field ? (
                        <Link href={sortHref(field)} className="inline-flex items-center gap-1 hover:text-slate-900">
                          <table.FlexRender header={header} />
                          <span aria-hidden>{active ? (sort.direction === "asc" ? "▲" : "▼") : "↕"}</span>
                        </Link>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr><td colSpan={columns.length} className="px-3 py-6 text-center text-slate-500">No incidents match.</td></tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id} className="hover:bg-slate-50">
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id} className="px-3 py-2 align-top"><table.FlexRender cell={cell} /></td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="flex items-center justify-end gap-3 text-sm">
        {params.get("cursor") ? <Link href={hrefWith({ cursor: null })} className="rounded-md border border-slate-300 px-2 py-1">First page</Link> : null}
        {nextCursor ? <Link href={hrefWith({ cursor: nextCursor })} className="rounded-md border border-slate-300 px-2 py-1">Next page</Link> : null}
      </nav>
    </div>
  );
}
