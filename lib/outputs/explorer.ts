// The outputs explorer's filter, sort and cursor, and their URL form (the URL holds the whole
// view so it can be shared). Pure: used by the page, the client table and the store.

export const CHECK_FILTERS = {
  format_invalid: { label: "Format invalid", column: "formatValid", value: false },
  format_valid: { label: "Format valid", column: "formatValid", value: true },
  refusal: { label: "Refusal", column: "refusal", value: true },
  escalated: { label: "Escalated", column: "escalated", value: true },
  overridden: { label: "Human override", column: "overridden", value: true },
  intervened: { label: "Intervention", column: "intervened", value: true },
  approved: { label: "Approved", column: "approved", value: true },
  over_sla: { label: "Over latency SLA", column: "overLatencySla", value: true },
  over_budget: { label: "Over cost budget", column: "overCostBudget", value: true },
} as const;
export type CheckFilter = keyof typeof CHECK_FILTERS;

export const SORTS = { timestamp: "Time", latencyMs: "Latency", costUsd: "Cost" } as const;
export type SortKey = keyof typeof SORTS;

export type MetadataEquals = { key: string; value: string | number | boolean };
export type Range = { min: number | null; max: number | null };

export type OutputFilter = {
  from: string | null; // ISO instant, inclusive
  to: string | null; // ISO instant, exclusive
  taskType: string | null;
  model: string | null;
  metadata: MetadataEquals[];
  signal: ({ name: string } & Range) | null;
  latencyMs: Range;
  costUsd: Range;
  check: CheckFilter | null;
  sampled: "yes" | "no" | null;
  text: string | null;
};

export type OutputSort = { key: SortKey; direction: "asc" | "desc" };

export const PAGE_SIZE = 50;
/** Past this, the explorer shows "10,000+" instead of counting. */
export const COUNT_CAP = 10_000;

export function emptyFilter(): OutputFilter {
  return { from: null, to: null, taskType: null, model: null, metadata: [], signal: null, latencyMs: { min: null, max: null }, costUsd: { min: null, max: null }, check: null, sampled: null, text: null };
}

export type FilterError = { field: string; message: string };

const num = (raw: string | null, field: string, errors: FilterError[]): number | null => {
  if (raw === null || raw.trim() === "") return null;
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    errors.push({ field, message: `"${raw}" is not a number` });
    return null;
  }
  return value;
};

const instant = (raw: string | null, field: string, errors: FilterError[]): string | null => {
  if (raw === null || raw.trim() === "") return null;
  // A date alone (from a date input) means midnight UTC.
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(date.getTime())) {
    errors.push({ field, message: `"${raw}" is not a date` });
    return null;
  }
  return date.toISOString();
};

/** "true"/"false" and numbers mean JSON values (metadata.escalated = true); anything else is text. */
export function metadataValue(raw: string): string | number | boolean {
  const v = raw.trim();
  if (v === "true") return true;
  if (v === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(v) && Number.isFinite(Number(v))) return Number(v);
  return raw;
}

type Params = { get(name: string): string | null; getAll(name: string): string[] };

/** Reads a view from URL search params; unreadable parts are reported, not silently dropped. */
export function parseExplorerParams(params: Params): { filter: OutputFilter; sort: OutputSort; cursor: string | null; errors: FilterError[] } {
  const errors: FilterError[] = [];
  const filter = emptyFilter();
  filter.from = instant(params.get("from"), "from", errors);
  filter.to = instant(params.get("to"), "to", errors);
  filter.taskType = params.get("task")?.trim() || null;
  filter.model = params.get("model")?.trim() || null;
  for (const pair of params.getAll("meta")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      errors.push({ field: "meta", message: `"${pair}" must look like key=value` });
      continue;
    }
    filter.metadata.push({ key: pair.slice(0, eq).trim(), value: metadataValue(pair.slice(eq + 1)) });
  }
  const signalName = params.get("signal")?.trim();
  if (signalName) filter.signal = { name: signalName, min: num(params.get("signalMin"), "signalMin", errors), max: num(params.get("signalMax"), "signalMax", errors) };
  filter.latencyMs = { min: num(params.get("latencyMin"), "latencyMin", errors), max: num(params.get("latencyMax"), "latencyMax", errors) };
  filter.costUsd = { min: num(params.get("costMin"), "costMin", errors), max: num(params.get("costMax"), "costMax", errors) };
  const check = params.get("check");
  if (check) {
    if (check in CHECK_FILTERS) filter.check = check as CheckFilter;
    else errors.push({ field: "check", message: `unknown check "${check}"` });
  }
  const sampled = params.get("sampled");
  if (sampled === "yes" || sampled === "no") filter.sampled = sampled;
  else if (sampled) errors.push({ field: "sampled", message: "must be yes or no" });
  const text = params.get("q")?.trim();
  if (text) filter.text = text.slice(0, 200);
  const sortKey = params.get("sort") ?? "timestamp";
  const sort: OutputSort = { key: sortKey in SORTS ? (sortKey as SortKey) : "timestamp", direction: params.get("dir") === "asc" ? "asc" : "desc" };
  if (!(sortKey in SORTS)) errors.push({ field: "sort", message: `cannot sort by "${sortKey}"` });
  return { filter, sort, cursor: params.get("after"), errors };
}

/** The URL search string of a view (without the cursor unless given). */
export function explorerSearch(filter: OutputFilter, sort: OutputSort, cursor: string | null = null): string {
  const p = new URLSearchParams();
  if (filter.from) p.set("from", filter.from);
  if (filter.to) p.set("to", filter.to);
  if (filter.taskType) p.set("task", filter.taskType);
  if (filter.model) p.set("model", filter.model);
  for (const m of filter.metadata) p.append("meta", `${m.key}=${String(m.value)}`);
  if (filter.signal) {
    p.set("signal", filter.signal.name);
    if (filter.signal.min !== null) p.set("signalMin", String(filter.signal.min));
    if (filter.signal.max !== null) p.set("signalMax", String(filter.signal.max));
  }
  if (filter.latencyMs.min !== null) p.set("latencyMin", String(filter.latencyMs.min));
  if (filter.latencyMs.max !== null) p.set("latencyMax", String(filter.latencyMs.max));
  if (filter.costUsd.min !== null) p.set("costMin", String(filter.costUsd.min));
  if (filter.costUsd.max !== null) p.set("costMax", String(filter.costUsd.max));
  if (filter.check) p.set("check", filter.check);
  if (filter.sampled) p.set("sampled", filter.sampled);
  if (filter.text) p.set("q", filter.text);
  if (sort.key !== "timestamp") p.set("sort", sort.key);
  if (sort.direction !== "desc") p.set("dir", sort.direction);
  if (cursor) p.set("after", cursor);
  const s = p.toString();
  return s ? `?${s}` : "";
}

// ------------------------------------------------------------------ keyset cursor

/** The last row of a page: its sort value and id. Opaque in the URL (base64url JSON). */
export type Cursor = { value: string | number; id: string };

export function encodeCursor(cursor: Cursor): string {
  const json = JSON.stringify([cursor.value, cursor.id]);
  return typeof Buffer !== "undefined" ? Buffer.from(json).toString("base64url") : btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(raw: string | null, sort: OutputSort): Cursor | null {
  if (!raw) return null;
  try {
    const json = typeof Buffer !== "undefined" ? Buffer.from(raw, "base64url").toString("utf8") : atob(raw.replace(/-/g, "+").replace(/_/g, "/"));
    const [value, id] = JSON.parse(json) as [unknown, unknown];
    if (typeof id !== "string" || !UUID.test(id)) return null;
    if (sort.key === "timestamp" && typeof value === "string" && !Number.isNaN(new Date(value).getTime())) return { value, id };
    if (sort.key !== "timestamp" && typeof value === "number" && Number.isFinite(value)) return { value, id };
    return null;
  } catch {
    return null;
  }
}

export function isOutputId(value: string): boolean {
  return UUID.test(value);
}

/** Count shown above the table: exact under the cap, "10,000+" beyond. */
export function formatCount(count: number, capped: boolean): string {
  return capped ? `${COUNT_CAP.toLocaleString("en")}+` : count.toLocaleString("en");
}

// ------------------------------------------------------------------ rows

export type OutputListRow = {
  id: string;
  externalId: string;
  timestamp: string;
  taskType: string | null;
  model: string | null;
  latencyMs: number | null;
  costUsd: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  inputPreview: string;
  outputPreview: string;
  formatValid: boolean | null;
  refusal: boolean | null;
  escalated: boolean | null;
  sampled: boolean;
};

export type OutputPage = { rows: OutputListRow[]; nextCursor: string | null };
