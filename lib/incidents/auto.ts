// What a label's or a gold decision's values say about incidents, read from the rubric's option
// flags (`incident`, `severity`: see lib/review/rubric.ts), never from dimension key names. Pure.
import { isIncidentCategory, isIncidentKind, isSeverity, type IncidentCategory, type IncidentKind, type Severity } from "./types";

/** The part of a rubric dimension this module reads; the rubric's Dimension is assignable to it. */
export type FlaggedDimension = {
  key: string;
  kind: string;
  options?: { value: string; incident?: string; severity?: string }[];
};

export type IncidentSignal = {
  kind: IncidentKind;
  /** From a selected option's S1..S4 `severity`; null when the label gives none. */
  severity: Severity | null;
  /** A selected option whose value names an incident category, else "other". */
  category: IncidentCategory;
  /** The dimension and option that raised it, for the incident's title. */
  dimensionKey: string;
  optionValue: string;
};

// When one label flags several kinds, the gravest opens the incident.
const KIND_ORDER: IncidentKind[] = ["harm", "boundary_violation", "near_miss"];
const SEVERITY_ORDER: Severity[] = ["S1", "S2", "S3", "S4"];

function selectedOptions(dimensions: FlaggedDimension[], values: Record<string, unknown>) {
  const selected: { dimension: FlaggedDimension; option: NonNullable<FlaggedDimension["options"]>[number] }[] = [];
  for (const dimension of dimensions) {
    if (!dimension.options) continue;
    const value = values[dimension.key];
    const chosen = Array.isArray(value) ? value : [value];
    for (const option of dimension.options) if (chosen.includes(option.value)) selected.push({ dimension, option });
  }
  return selected;
}

/**
 * Whether the values open (or confirm) an incident, and which. Null when no selected option
 * carries an `incident` flag: for a gold decision that is the "no harm" verdict.
 */
export function incidentSignal(dimensions: FlaggedDimension[], values: Record<string, unknown>): IncidentSignal | null {
  const selected = selectedOptions(dimensions, values);
  const flagged = selected.filter((s) => isIncidentKind(s.option.incident));
  if (flagged.length === 0) return null;
  flagged.sort((a, b) => KIND_ORDER.indexOf(a.option.incident as IncidentKind) - KIND_ORDER.indexOf(b.option.incident as IncidentKind));
  const severities = selected.map((s) => s.option.severity).filter(isSeverity);
  severities.sort((a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b));
  const category = selected.map((s) => s.option.value).find(isIncidentCategory) ?? "other";
  const [first] = flagged;
  return { kind: first.option.incident as IncidentKind, severity: severities[0] ?? null, category, dimensionKey: first.dimension.key, optionValue: first.option.value };
}
