"use client";

// The explorer's filter form, column chooser and table. Filtering, sorting and paging happen on
// the server: the form is a GET form, so the URL holds the whole view and can be shared.
import Link from "next/link";
import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { columnVisibilityFeature, rowSortingFeature, tableFeatures, type ColumnDef, type ColumnVisibilityState, type SortingState } from "@tanstack/table-core";
import { useTable } from "@tanstack/react-table";
import { CHECK_FILTERS, explorerSearch, formatCount, SORTS, type OutputFilter, type OutputListRow, type OutputSort, type SortKey } from "@/lib/outputs/explorer";

const features = tableFeatures({ rowSortingFeature, columnVisibilityFeature });
type Column = ColumnDef<typeof features, OutputListRow>;

const DEFAULT_HIDDEN = ["tokens", "model", "input"];

function CheckBadges({ row }: { row: OutputListRow }) {
  const badges: { label: string; tone: string }[] = [];
  if (row.formatValid === false) badges.push({ label: "format invalid", tone: "bg-red-100 text-red-800" });
  if (row.refusal) badges.push({ label: "refusal", tone: "bg-amber-100 text-amber-800" });
  if (row.escalated) badges.push({ label: "escalated", tone: "bg-sky-100 text-sky-800" });
  if (row.sampled) badges.push({ label: "sampled", tone: "bg-indigo-100 text-indigo-800" });
  return (
    <span className="flex flex-wrap gap-1">
      {badges.map((b) => (
        <span key={b.label} className={`rounded px-1.5 py-0.5 text-[11px] ${b.tone}`}>{b.label}</span>
      ))}
    </span>
  );
}

export function OutputsExplorer({
  projectSlug,
  filter,
  sort,
  rows,
  count,
  onFirstPage,
  nextHref,
  firstHref,
  columns: columnsParam,
  taskTypes,
  models,
  selectionFormId,
}: {
  projectSlug: string;
  filter: OutputFilter;
  sort: OutputSort;
  rows: OutputListRow[];
  count: { count: number; capped: boolean } | null;
  onFirstPage: boolean;
  nextHref: string | null;
  firstHref: string;
  columns: string | null;
  taskTypes: string[];
  models: string[];
  /** Set when the viewer may act on a selection (incidents, issue 16): each row gets a checkbox belonging to that form. */
  selectionFormId?: string;
}) {
  const router = useRouter();
  const columns = useMemo<Column[]>(
    () => [
      ...(selectionFormId
        ? [
            {
              id: "select",
              header: "Select",
              enableSorting: false,
              enableHiding: false,
              accessorFn: (r: OutputListRow) => r.id,
              cell: ({ row }: { row: { original: OutputListRow } }) => (
                <input type="checkbox" name="outputId" value={row.original.id} form={selectionFormId} aria-label={`Select ${row.original.externalId}`} />
              ),
            } as Column,
          ]
        : []),
      {
        id: "timestamp",
        header: "Time (UTC)",
        accessorFn: (r) => r.timestamp,
        cell: ({ row }) => (
          <Link className="whitespace-nowrap font-mono text-xs text-indigo-700 underline" href={`/p/${projectSlug}/outputs/${row.original.id}`}>
            {row.original.timestamp.slice(0, 19).replace("T", " ")}
          </Link>
        ),
      },
      { id: "externalId", header: "Id", enableSorting: false, accessorFn: (r) => r.externalId, cell: ({ getValue }) => <span className="block max-w-40 truncate font-mono text-xs">{getValue() as string}</span> },
      { id: "taskType", header: "Task type", enableSorting: false, accessorFn: (r) => r.taskType ?? "—" },
      { id: "model", header: "Model", enableSorting: false, accessorFn: (r) => r.model ?? "—" },
      { id: "input", header: "Input", enableSorting: false, accessorFn: (r) => r.inputPreview, cell: ({ getValue }) => <span className="line-clamp-2 max-w-sm text-xs text-slate-700">{getValue() as string}</span> },
      { id: "output", header: "Output", enableSorting: false, accessorFn: (r) => r.outputPreview, cell: ({ getValue }) => <span className="line-clamp-2 max-w-md text-xs text-slate-700">{getValue() as string}</span> },
      { id: "latencyMs", header: "Latency", accessorFn: (r) => r.latencyMs, cell: ({ getValue }) => (getValue() === null ? "—" : `${Math.round(getValue() as number).toLocaleString("en")} ms`) },
      { id: "costUsd", header: "Cost", accessorFn: (r) => r.costUsd, cell: ({ getValue }) => (getValue() === null ? "—" : `$${(getValue() as number).toFixed(5)}`) },
      { id: "tokens", header: "Tokens in/out", enableSorting: false, accessorFn: (r) => `${r.tokensIn ?? "—"} / ${r.tokensOut ?? "—"}` },
      { id: "checks", header: "Checks", enableSorting: false, accessorFn: (r) => r.formatValid, cell: ({ row }) => <CheckBadges row={row.original} /> },
    ],
    [projectSlug, selectionFormId],
  );
  const [visibility, setVisibility] = useState<ColumnVisibilityState>(() => {
    const shown = columnsParam ? new Set(columnsParam.split(",")) : null;
    return Object.fromEntries(columns.map((c) => [c.id!, shown ? shown.has(c.id!) || c.id === "timestamp" || c.id === "select" : !DEFAULT_HIDDEN.includes(c.id!)]));
  });
  const sorting: SortingState = [{ id: sort.key, desc: sort.direction === "desc" }];
  const table = useTable({
    features,
    columns,
    data: rows,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting, columnVisibility: visibility },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (!first || !(first.id in SORTS)) return;
      router.push(`/p/${projectSlug}/outputs${explorerSearch(filter, { key: first.id as SortKey, direction: first.desc ? "desc" : "asc" })}`);
    },
    onColumnVisibilityChange: (updater) => {
      setVisibility((previous) => {
        const next = typeof updater === "function" ? updater(previous) : updater;
        // Kept in the URL with the filter, without reloading the page.
        const url = new URL(window.location.href);
        url.searchParams.set("cols", Object.entries(next).filter(([, on]) => on).map(([id]) => id).join(","));
        window.history.replaceState(null, "", url.toString());
        return next;
      });
    },
  });

  return (
    <div className="space-y-3">
      <form method="get" action={`/p/${projectSlug}/outputs`} className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm md:grid-cols-4" aria-label="Filter outputs">
        <label className="flex flex-col gap-1 md:col-span-2">
          <span className="text-xs font-medium text-slate-600">Search input and output</span>
          <input name="q" type="search" defaultValue={filter.text ?? ""} placeholder='words, "a phrase", -excluded' className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">From (UTC)</span>
          <input name="from" type="date" defaultValue={filter.from?.slice(0, 10) ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">To (UTC, exclusive)</span>
          <input name="to" type="date" defaultValue={filter.to?.slice(0, 10) ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Task type</span>
          <select name="task" defaultValue={filter.taskType ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">Any</option>
            {taskTypes.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Model</span>
          <select name="model" defaultValue={filter.model ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">Any</option>
            {models.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Check result</span>
          <select name="check" defaultValue={filter.check ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">Any</option>
            {Object.entries(CHECK_FILTERS).map(([key, c]) => <option key={key} value={key}>{c.label}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Sampled for review</span>
          <select name="sampled" defaultValue={filter.sampled ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">Either</option>
            <option value="yes">Sampled</option>
            <option value="no">Not sampled</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Metadata key=value</span>
          <input name="meta" defaultValue={filter.metadata[0] ? `${filter.metadata[0].key}=${String(filter.metadata[0].value)}` : ""} placeholder="userSegment=pro" className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-xs font-medium text-slate-600">Latency (ms)</legend>
          <span className="flex gap-1">
            <input name="latencyMin" aria-label="Latency at least (ms)" inputMode="decimal" defaultValue={filter.latencyMs.min ?? ""} placeholder="min" className="w-full rounded-md border border-slate-300 px-2 py-1.5" />
            <input name="latencyMax" aria-label="Latency at most (ms)" inputMode="decimal" defaultValue={filter.latencyMs.max ?? ""} placeholder="max" className="w-full rounded-md border border-slate-300 px-2 py-1.5" />
          </span>
        </fieldset>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-xs font-medium text-slate-600">Cost (USD)</legend>
          <span className="flex gap-1">
            <input name="costMin" aria-label="Cost at least (USD)" inputMode="decimal" defaultValue={filter.costUsd.min ?? ""} placeholder="min" className="w-full rounded-md border border-slate-300 px-2 py-1.5" />
            <input name="costMax" aria-label="Cost at most (USD)" inputMode="decimal" defaultValue={filter.costUsd.max ?? ""} placeholder="max" className="w-full rounded-md border border-slate-300 px-2 py-1.5" />
          </span>
        </fieldset>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-xs font-medium text-slate-600">Signal range</legend>
          <span className="flex gap-1">
            <input name="signal" aria-label="Signal name" defaultValue={filter.signal?.name ?? ""} placeholder="name" className="w-full rounded-md border border-slate-300 px-2 py-1.5" />
            <input name="signalMin" aria-label="Signal at least" inputMode="decimal" defaultValue={filter.signal?.min ?? ""} placeholder="min" className="w-20 rounded-md border border-slate-300 px-2 py-1.5" />
            <input name="signalMax" aria-label="Signal at most" inputMode="decimal" defaultValue={filter.signal?.max ?? ""} placeholder="max" className="w-20 rounded-md border border-slate-300 px-2 py-1.5" />
          </span>
        </fieldset>
        {sort.key !== "timestamp" ? <input type="hidden" name="sort" value={sort.key} /> : null}
        {sort.direction !== "desc" ? <input type="hidden" name="dir" value={sort.direction} /> : null}
        <div className="flex items-end gap-2">
          <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700">Apply filters</button>
          <Link href={`/p/${projectSlug}/outputs`} className="px-2 py-1.5 text-slate-600 underline">Clear</Link>
        </div>
      </form>

      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid="outputs-count" className="text-slate-700">
          {count ? `${formatCount(count.count, count.capped)} matching output${count.count === 1 && !count.capped ? "" : "s"}` : "Later page"}
          {sort.key !== "timestamp" ? ` · sorted by ${SORTS[sort.key].toLowerCase()} (outputs without one are not listed)` : ""}
        </span>
        <details className="relative ml-auto">
          <summary className="cursor-pointer rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs">Columns</summary>
          <fieldset className="absolute right-0 z-10 mt-1 w-48 space-y-1 rounded-md border border-slate-200 bg-white p-2 text-xs shadow">
            <legend className="sr-only">Columns shown</legend>
            {table.getAllLeafColumns().filter((column) => column.id !== "select").map((column) => (
              <label key={column.id} className="flex items-center gap-2">
                <input type="checkbox" checked={column.getIsVisible()} disabled={column.id === "timestamp"} onChange={column.getToggleVisibilityHandler()} />
                {typeof column.columnDef.header === "string" ? column.columnDef.header : column.id}
              </label>
            ))}
          </fieldset>
        </details>
      </div>

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Logged outputs">
          <thead className="bg-slate-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th key={header.id} scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                      {header.column.getCanSort() ? (
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
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <td colSpan={table.getVisibleLeafColumns().length} className="px-3 py-6 text-center text-slate-500">No outputs match this view.</td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id} className="hover:bg-slate-50">
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="px-3 py-2 align-top"><table.FlexRender cell={cell} /></td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
        {!onFirstPage ? <Link href={firstHref} className="text-indigo-700 underline">First page</Link> : null}
        {nextHref ? <Link href={nextHref} className="text-indigo-700 underline">Next page</Link> : <span className="text-slate-500">End of the list</span>}
      </nav>
    </div>
  );
}
