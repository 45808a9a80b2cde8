"use client";

// A sortable, searchable, paged table on TanStack Table v9. Pages define their columns in a client
// component and pass rows from the server.
import { useState, type ReactNode } from "react";
import {
  columnFilteringFeature,
  createFilteredRowModel,
  createPaginatedRowModel,
  createSortedRowModel,
  filterFn_includesString,
  globalFilteringFeature,
  rowPaginationFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_datetime,
  tableFeatures,
  type ColumnDef,
  type PaginationState,
  type RowData,
} from "@tanstack/table-core";
import { useTable } from "@tanstack/react-table";

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  rowPaginationFeature,
  sortedRowModel: createSortedRowModel(),
  paginatedRowModel: createPaginatedRowModel(),
  filteredRowModel: createFilteredRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic, datetime: sortFn_datetime },
  filterFns: { includesString: filterFn_includesString },
});

export type DataTableColumn<T extends RowData> = ColumnDef<typeof dataTableFeatures, T>;

export function DataTable<T extends RowData>({
  columns,
  data,
  searchPlaceholder = "Filter…",
  empty = "Nothing here yet.",
  toolbar,
  pageSize = 50,
}: {
  columns: DataTableColumn<T>[];
  data: T[];
  searchPlaceholder?: string;
  empty?: ReactNode;
  toolbar?: ReactNode;
  /** Rows per page; more than that get Previous / Next. */
  pageSize?: number;
}) {
  const [search, setSearch] = useState("");
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize });
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    globalFilterFn: "includesString",
    state: { globalFilter: search, pagination },
    onGlobalFilterChange: (updater) => setSearch((previous) => (typeof updater === "function" ? updater(previous) : updater) ?? ""),
    onPaginationChange: (updater) => setPagination((previous) => (typeof updater === "function" ? updater(previous) : updater)),
  });
  const rows = table.getRowModel().rows;
  const matching = table.getPrePaginatedRowModel().rows.length;
  const pages = table.getPageCount();
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        <input
          type="search"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setPagination((p) => ({ ...p, pageIndex: 0 }));
          }}
          placeholder={searchPlaceholder}
          aria-label="Filter rows"
          className="w-64 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
        />
        <span className="text-xs text-slate-500">{matching} of {data.length}</span>
        <div className="ml-auto">{toolbar}</div>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  return (
                    <th key={header.id} scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                      {header.isPlaceholder ? null : canSort ? (
                        <button type="button" onClick={header.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 hover:text-slate-900">
                          <table.FlexRender header={header} />
                          <span aria-hidden>{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                        </button>
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
              <tr><td colSpan={columns.length} className="px-3 py-6 text-center text-slate-500">{empty}</td></tr>
            ) : (
              rows.map((row) => (
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
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center justify-end gap-2 text-sm">
          <button type="button" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()} className="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-40">Previous</button>
          <span className="text-xs text-slate-600">Page {pagination.pageIndex + 1} of {pages}</span>
          <button type="button" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()} className="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-40">Next</button>
        </nav>
      ) : null}
    </div>
  );
}
