// A label in words, for lists and history: values read through the rubric (option labels, yes/no)
// so that a reviewer recognises their answer, and the changes between two versions of a label.
import type { Dimension, LabelValue, LabelValues } from "./rubric";

const TEXT_PREVIEW = 60;

function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1).trimEnd()}…` : flat;
}

/** One value as the form showed it; a dimension the rubric no longer has shows the raw value. */
export function formatValue(dimension: Dimension | undefined, value: unknown, textLength = TEXT_PREVIEW): string {
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)) return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  const optionLabel = (v: unknown) => (dimension && "options" in dimension ? dimension.options.find((o) => o.value === v)?.label : undefined) ?? String(v);
  if (Array.isArray(value)) return value.map(optionLabel).join(", ");
  if (typeof value === "string") return dimension?.kind === "text" || !dimension ? clip(value, textLength) : optionLabel(value);
  if (typeof value === "number") return String(value);
  return clip(JSON.stringify(value), textLength);
}

/** A short line for a table: the choices in rubric order (free text left out), then "+n more". */
export function summarizeLabel(dimensions: readonly Dimension[], values: LabelValues, max = 4): string {
  const parts = dimensions.filter((d) => d.kind !== "text" && values[d.key] !== undefined).map((d) => `${d.label}: ${formatValue(d, values[d.key])}`);
  const shown = parts.slice(0, max);
  if (parts.length > max) shown.push(`+${parts.length - max} more`);
  return shown.join(" · ") || "—";
}

export type ValueChange = { key: string; label: string; before: string; after: string };

/** What an edit changed, in rubric order, then keys the rubric does not have. */
export function diffLabelValues(dimensions: readonly Dimension[], before: LabelValues | null, after: LabelValues): ValueChange[] {
  const previous = before ?? {};
  const byKey = new Map(dimensions.map((d) => [d.key, d]));
  const keys = [...dimensions.map((d) => d.key), ...[...new Set([...Object.keys(previous), ...Object.keys(after)])].filter((k) => !byKey.has(k))];
  const same = (a: LabelValue | undefined, b: LabelValue | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return keys
    .filter((key) => !same(previous[key], after[key]))
    .map((key) => ({ key, label: byKey.get(key)?.label ?? key, before: formatValue(byKey.get(key), previous[key]), after: formatValue(byKey.get(key), after[key]) }));
}

/**
 * A stored label prepared for editing under the current rubric: values of dimensions the rubric
 * no longer has would be refused as unknown keys, so they are set aside and named.
 */
export function valuesForRubric(dimensions: readonly Dimension[], values: LabelValues): { values: LabelValues; dropped: string[] } {
  const keys = new Set(dimensions.map((d) => d.key));
  const kept: LabelValues = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (keys.has(key)) kept[key] = value;
    else dropped.push(key);
  }
  return { values: kept, dropped };
}
