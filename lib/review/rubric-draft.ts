// The rubric as the form edits it. Inputs hold strings and every field of every kind, so that
// switching a dimension's kind back and forth loses nothing; only `draftToSpec` decides what a
// kind sends. The result is not validated here: the server's rubricSpecSchema is the one judge,
// and its issues are mapped back onto the form by `issuesByDimension`.
import { DIMENSION_KINDS, type Dimension, type DimensionKind, type RubricSpec } from "./rubric";

export type OptionDraft = {
  value: string;
  label: string;
  description: string;
  unordered: boolean;
  /** Option flags the form does not edit yet (incident, severity), carried through unchanged. */
  flags?: { severity?: string; incident?: string };
};

export type DimensionDraft = {
  /** Stable identity for React while keys are being edited. */
  id: string;
  /** The key this dimension has in the saved version (null for a new one): renaming it orphans labels. */
  savedKey: string | null;
  key: string;
  label: string;
  description: string;
  kind: DimensionKind;
  required: boolean;
  requiresContext: boolean;
  options: OptionDraft[];
  min: string;
  max: string;
  anchors: Record<string, string>;
  whenKey: string;
  whenIn: string[];
  merge: "" | "first" | "join";
  maxLength: string;
};

export type RubricDraft = { dimensions: DimensionDraft[]; guidelines: string };

export const CHOICE_KINDS: readonly DimensionKind[] = ["categorical", "ordinal", "multiselect"];
/** Kinds a `when` condition may point at (the schema's rule). */
export const CONDITION_KINDS: readonly DimensionKind[] = ["categorical", "ordinal"];

let nextId = 0;
const newId = () => `d${++nextId}`;

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/**
 * Tolerant on purpose: it also reads what a QA lead typed in the JSON editor, so unknown shapes
 * become empty fields that the server will then name, instead of an error here.
 */
export function dimensionToDraft(input: unknown, savedKeys: ReadonlySet<string>): DimensionDraft {
  const d = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const key = str(d.key);
  const unordered = Array.isArray(d.unordered) ? d.unordered.map(str) : [];
  const options = Array.isArray(d.options)
    ? d.options.map((o) => {
        const option = (o && typeof o === "object" ? o : {}) as Record<string, unknown>;
        const flags = {
          ...(typeof option.severity === "string" ? { severity: option.severity } : {}),
          ...(typeof option.incident === "string" ? { incident: option.incident } : {}),
        };
        return {
          value: str(option.value),
          label: str(option.label),
          description: str(option.description),
          unordered: unordered.includes(str(option.value)),
          ...(Object.keys(flags).length ? { flags } : {}),
        };
      })
    : [];
  const when = (d.when && typeof d.when === "object" ? d.when : null) as { key?: unknown; in?: unknown } | null;
  const anchors: Record<string, string> = {};
  if (d.anchors && typeof d.anchors === "object") for (const [k, v] of Object.entries(d.anchors)) anchors[k] = str(v);
  return {
    id: newId(),
    savedKey: savedKeys.has(key) ? key : null,
    key,
    label: str(d.label),
    description: str(d.description),
    kind: (DIMENSION_KINDS as readonly string[]).includes(str(d.kind)) ? (d.kind as DimensionKind) : "categorical",
    required: d.required === true,
    requiresContext: d.requiresContext === true,
    options,
    min: str(d.min),
    max: str(d.max),
    anchors,
    whenKey: when ? str(when.key) : "",
    whenIn: when && Array.isArray(when.in) ? when.in.map(str) : [],
    merge: d.merge === "first" || d.merge === "join" ? d.merge : "",
    maxLength: str(d.maxLength),
  };
}

export function specToDraft(spec: RubricSpec): RubricDraft {
  const saved = new Set(spec.dimensions.map((d) => d.key));
  return { dimensions: spec.dimensions.map((d) => dimensionToDraft(d, saved)), guidelines: spec.guidelines ?? "" };
}

/** A number when the field holds one; otherwise the text as typed, for the server to refuse by name. */
function numberOrText(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

function optionToSpec(o: OptionDraft) {
  return { ...(o.description.trim() ? { value: o.value, label: o.label, description: o.description } : { value: o.value, label: o.label }), ...o.flags };
}

/** The dimension as the rubric stores it: only the fields of its kind, optional ones left out when empty. */
export function draftToDimension(d: DimensionDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { key: d.key, label: d.label, kind: d.kind, required: d.required };
  if (d.description.trim()) out.description = d.description;
  if (d.whenKey) out.when = { key: d.whenKey, in: d.whenIn };
  if (d.requiresContext) out.requiresContext = true;
  switch (d.kind) {
    case "categorical":
    case "ordinal": {
      out.options = d.options.map(optionToSpec);
      const unordered = d.kind === "ordinal" ? d.options.filter((o) => o.unordered).map((o) => o.value) : [];
      if (unordered.length) out.unordered = unordered;
      break;
    }
    case "multiselect":
      out.options = d.options.map(optionToSpec);
      break;
    case "scale": {
      out.min = numberOrText(d.min);
      out.max = numberOrText(d.max);
      const points = new Set(scalePoints(d).map(String));
      const anchors = Object.fromEntries(Object.entries(d.anchors).filter(([k, v]) => points.has(k) && v.trim() !== ""));
      if (Object.keys(anchors).length) out.anchors = anchors;
      break;
    }
    case "text":
      if (d.merge) out.merge = d.merge;
      if (d.maxLength.trim()) out.maxLength = numberOrText(d.maxLength);
      break;
    case "boolean":
      break;
  }
  return out;
}

export function draftToSpec(draft: RubricDraft): { dimensions: Record<string, unknown>[]; guidelines: string | null } {
  return { dimensions: draft.dimensions.map(draftToDimension), guidelines: draft.guidelines.trim() ? draft.guidelines : null };
}

/** The points of a scale whose ends are whole numbers at most 21 points apart, else none (no anchors to edit). */
export function scalePoints(d: Pick<DimensionDraft, "min" | "max">): number[] {
  const min = Number(d.min);
  const max = Number(d.max);
  if (d.min.trim() === "" || d.max.trim() === "" || !Number.isInteger(min) || !Number.isInteger(max) || max < min || max - min > 20) return [];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

// ---------------------------------------------------------------------------------------------
// Edits. Each returns a new draft; references by key (conditions) follow renames.

export function emptyOption(): OptionDraft {
  return { value: "", label: "", description: "", unordered: false };
}

export function newDimension(): DimensionDraft {
  return {
    id: newId(),
    savedKey: null,
    key: "",
    label: "",
    description: "",
    kind: "categorical",
    required: false,
    requiresContext: false,
    options: [emptyOption(), emptyOption()],
    min: "1",
    max: "5",
    anchors: {},
    whenKey: "",
    whenIn: [],
    merge: "",
    maxLength: "",
  };
}

export function moveItem<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const out = [...list];
  [out[index], out[target]] = [out[target], out[index]];
  return out;
}

export function updateDimension(draft: RubricDraft, index: number, patch: Partial<DimensionDraft>): RubricDraft {
  return { ...draft, dimensions: draft.dimensions.map((d, i) => (i === index ? { ...d, ...patch } : d)) };
}

/** Renames a key; conditions that named the old key follow it, so a rename cannot break them. */
export function renameDimension(draft: RubricDraft, index: number, key: string): RubricDraft {
  const old = draft.dimensions[index]?.key;
  return {
    ...draft,
    dimensions: draft.dimensions.map((d, i) => (i === index ? { ...d, key } : old && d.whenKey === old ? { ...d, whenKey: key } : d)),
  };
}

/** A choice kind keeps its options; one that had none starts with two empty rows to fill. */
export function changeKind(draft: RubricDraft, index: number, kind: DimensionKind): RubricDraft {
  const d = draft.dimensions[index];
  if (!d) return draft;
  const options = CHOICE_KINDS.includes(kind) && d.options.length === 0 ? [emptyOption(), emptyOption()] : d.options;
  return updateDimension(draft, index, { kind, options });
}

export function updateOption(draft: RubricDraft, index: number, optionIndex: number, patch: Partial<OptionDraft>): RubricDraft {
  const d = draft.dimensions[index];
  if (!d) return draft;
  const old = d.options[optionIndex]?.value;
  const renamed = patch.value !== undefined && old !== undefined && patch.value !== old ? { from: old, to: patch.value } : null;
  return {
    ...draft,
    dimensions: draft.dimensions.map((x, i) => {
      if (i === index) return { ...x, options: x.options.map((o, j) => (j === optionIndex ? { ...o, ...patch } : o)) };
      // A condition on this option follows its new value.
      if (renamed && d.key && x.whenKey === d.key) return { ...x, whenIn: x.whenIn.map((v) => (v === renamed.from ? renamed.to : v)) };
      return x;
    }),
  };
}

export function setOptions(draft: RubricDraft, index: number, options: OptionDraft[]): RubricDraft {
  return updateDimension(draft, index, { options });
}

/** Earlier categorical or ordinal dimensions with a key: what a condition may point at. */
export function conditionParents(draft: RubricDraft, index: number): DimensionDraft[] {
  return draft.dimensions.slice(0, index).filter((d) => d.key.trim() !== "" && CONDITION_KINDS.includes(d.kind));
}

// ---------------------------------------------------------------------------------------------
// What the save would do to existing labels, and where the server's issues belong.

export type KeyWarning =
  | { type: "renamed"; from: string; to: string; labels: number }
  | { type: "removed"; key: string; labels: number };

/**
 * Labels store values by dimension key, so a saved key that is renamed or removed no longer
 * matches the labels made with it (they keep their rubric version, but new gold labels, agreement
 * and scorecards read the current key).
 */
export function keyWarnings(savedKeys: readonly string[], draft: RubricDraft, labelsByKey: Readonly<Record<string, number>>): KeyWarning[] {
  const warnings: KeyWarning[] = [];
  const kept = new Set<string>();
  for (const d of draft.dimensions) {
    if (!d.savedKey) continue;
    kept.add(d.savedKey);
    if (d.key !== d.savedKey) warnings.push({ type: "renamed", from: d.savedKey, to: d.key, labels: labelsByKey[d.savedKey] ?? 0 });
  }
  // A dimension removed and another given its key (e.g. through the JSON editor) still matches.
  const current = new Set(draft.dimensions.map((d) => d.key));
  for (const key of savedKeys) if (!kept.has(key) && !current.has(key)) warnings.push({ type: "removed", key, labels: labelsByKey[key] ?? 0 });
  return warnings;
}

export type MappedIssue = { field: string; message: string };

/**
 * Splits the server's issues ("dimensions.3.options.1.value") into those of one dimension
 * (by index, with the rest of the path: "options.1.value") and the others (guidelines, the
 * dimension list as a whole, JSON that did not parse).
 */
export function issuesByDimension(issues: readonly MappedIssue[]): { general: MappedIssue[]; byIndex: Map<number, MappedIssue[]> } {
  const general: MappedIssue[] = [];
  const byIndex = new Map<number, MappedIssue[]>();
  for (const issue of issues) {
    const match = /^dimensions\.(\d+)(?:\.(.*))?$/.exec(issue.field);
    if (!match) {
      general.push(issue);
      continue;
    }
    const index = Number(match[1]);
    byIndex.set(index, [...(byIndex.get(index) ?? []), { field: match[2] ?? "", message: issue.message }]);
  }
  return { general, byIndex };
}

const FIELD_WORDS: Record<string, string> = { when: "condition", in: "values", unordered: "outside the order", requiresContext: "only with context", maxLength: "maximum length" };

/** Words for an issue's path inside a dimension: "options.1.value" → "option 2 value". */
export function describeIssueField(field: string): string {
  if (!field) return "dimension";
  const words: string[] = [];
  for (const part of field.split(".")) {
    if (/^\d+$/.test(part)) {
      const list = words.pop() ?? "item";
      words.push(`${list === "options" ? "option" : list} ${Number(part) + 1}`);
    } else words.push(FIELD_WORDS[part] ?? part);
  }
  return words.join(" ");
}

/** Type guard for the parts of a spec the form reads back (the saved rubric is already valid). */
export function isDimensionList(value: unknown): value is Dimension[] {
  return Array.isArray(value) && value.every((d) => d !== null && typeof d === "object" && !Array.isArray(d));
}

/**
 * JSON has no memory of renames: its keys are the dimensions' identity. Coming back from the JSON
 * editor, a dimension at the same position as before whose saved key no longer appears anywhere
 * keeps that saved key, so a rename made in either editor is still shown as a rename (and its
 * labels counted) rather than as a removal plus a new dimension.
 */
export function carrySavedKeys(before: readonly DimensionDraft[], after: readonly DimensionDraft[]): DimensionDraft[] {
  const claimed = new Set(after.flatMap((d) => (d.savedKey ? [d.savedKey] : [])));
  const keys = new Set(after.map((d) => d.key));
  return after.map((d, i) => {
    const previous = before[i]?.savedKey;
    if (d.savedKey || !previous || claimed.has(previous) || keys.has(previous)) return d;
    claimed.add(previous);
    return { ...d, savedKey: previous };
  });
}
