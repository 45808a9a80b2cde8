// Keys and option values are the identity labels store their values under: once any label uses
// one, it is frozen. A QA lead may rename what reviewers read (labels, descriptions) freely; a new
// key is a new dimension. This is the one rule, used by the server on save and by the form to show
// what is frozen.
import type { Dimension } from "./rubric";

/** What the project's labels use: labels per dimension key, and per key the labels per stored option value. */
export type RubricUsage = { labelsByKey: Record<string, number>; labelsByValue: Record<string, Record<string, number>> };

export type FreezeIssue = { field: string; message: string };

const CHOICE = new Set(["categorical", "ordinal"]);
const sameFamily = (a: string, b: string) => a === b || (CHOICE.has(a) && CHOICE.has(b));
const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

/** Option values of a dimension that labels use (only for dimensions with options). */
export function frozenValues(dimension: Pick<Dimension, "key" | "kind">, usage: RubricUsage): string[] {
  if (dimension.kind !== "categorical" && dimension.kind !== "ordinal" && dimension.kind !== "multiselect") return [];
  return Object.entries(usage.labelsByValue[dimension.key] ?? {})
    .filter(([, n]) => n > 0)
    .map(([value]) => value);
}

/**
 * What a new version would break: a used key that is gone (renamed or removed), whose kind changed
 * to one its values cannot mean, or a used option value that is gone. `previous` (the version in
 * force) only places each issue on the field the lead most likely changed.
 */
export function frozenKeyIssues(previous: Dimension[], next: Dimension[], usage: RubricUsage): FreezeIssue[] {
  const issues: FreezeIssue[] = [];
  const nextByKey = new Map(next.map((d, i) => [d.key, { d, i }]));
  const previousKeys = new Set(previous.map((d) => d.key));
  for (const [key, labels] of Object.entries(usage.labelsByKey)) {
    if (labels <= 0) continue;
    const found = nextByKey.get(key);
    const before = previous.find((d) => d.key === key);
    if (!found) {
      // The dimension now where this key was, carrying a key the version in force did not have, is the rename.
      const at = before ? previous.indexOf(before) : -1;
      const renamed = at >= 0 && next[at] && !previousKeys.has(next[at].key);
      issues.push({
        field: renamed ? `dimensions.${at}.key` : "dimensions",
        message: `the key “${key}” is used by ${plural(labels, "label")}, so it is frozen: it cannot be renamed or removed (change its label text instead; a new key is a new dimension)`,
      });
      continue;
    }
    if (before && !sameFamily(before.kind, found.d.kind)) {
      issues.push({ field: `dimensions.${found.i}.kind`, message: `“${key}” is used by ${plural(labels, "label")} as ${before.kind}: its kind can change only between categorical and ordinal` });
      continue;
    }
    if (!("options" in found.d)) continue;
    const nextValues = found.d.options.map((o) => o.value);
    const beforeValues = before && "options" in before ? before.options.map((o) => o.value) : [];
    for (const value of frozenValues(found.d, usage)) {
      if (nextValues.includes(value)) continue;
      const j = beforeValues.indexOf(value);
      const renamed = j >= 0 && j < nextValues.length && !beforeValues.includes(nextValues[j]);
      issues.push({
        field: renamed ? `dimensions.${found.i}.options.${j}.value` : `dimensions.${found.i}.options`,
        message: `the option value “${value}” is used by ${plural(usage.labelsByValue[key][value], "label")}, so it is frozen: it cannot be renamed or removed (change its label text instead)`,
      });
    }
  }
  return issues;
}
