// Keyboard-first labelling: number keys pick an option of the focused dimension, Tab and
// Shift-Tab move between dimensions (and out of the rubric at its ends), Enter submits. Pure,
// so the mapping is tested without a browser and the on-screen legend is generated from the
// same table.
import type { Dimension, LabelValue } from "./rubric";

export type ShortcutChoice = { key: string; value: LabelValue; label: string };

/** The number key → value table of a dimension (up to 9 choices; text has none). */
export function shortcutChoices(dimension: Dimension): ShortcutChoice[] {
  switch (dimension.kind) {
    case "categorical":
    case "ordinal":
    case "multiselect":
      return dimension.options.slice(0, 9).map((o, i) => ({ key: String(i + 1), value: o.value, label: o.label }));
    case "scale": {
      const out: ShortcutChoice[] = [];
      // A 0–9 scale maps digit to value directly; wider scales cannot be typed with one key.
      for (let v = dimension.min; v <= dimension.max; v++) {
        if (v < 0 || v > 9) return [];
        out.push({ key: String(v), value: v, label: dimension.anchors?.[String(v)] ?? String(v) });
      }
      return out;
    }
    case "boolean":
      return [
        { key: "1", value: true, label: "Yes" },
        { key: "2", value: false, label: "No" },
      ];
    case "text":
      return [];
  }
}

/**
 * The new value of a dimension after a key press, or undefined when the key means nothing here.
 * Multiselect keys toggle an option; others replace the value.
 */
export function applyShortcut(dimension: Dimension, current: LabelValue | undefined, key: string): LabelValue | undefined {
  const choice = shortcutChoices(dimension).find((c) => c.key === key);
  if (!choice) return undefined;
  if (dimension.kind === "multiselect") {
    const list = Array.isArray(current) ? current : [];
    const value = choice.value as string;
    return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  }
  return choice.value;
}

/**
 * Where Tab (+1) or Shift+Tab (−1) goes from the dimension at `index`: the index of the next
 * dimension, or null when it runs past the last (or before the first) one, where focus leaves
 * the rubric for the rest of the page (Submit, the source-text toggle, the navigation…).
 */
export function tabStop(count: number, index: number, direction: 1 | -1): number | null {
  const next = index + direction;
  return next < 0 || next >= count ? null : next;
}

export const GLOBAL_SHORTCUTS: { keys: string; action: string }[] = [
  { keys: "1–9", action: "pick an option of the focused dimension (toggle for multi-select)" },
  { keys: "Tab / Shift+Tab", action: "next / previous dimension; past the last one, on to the rest of the page" },
  { keys: "Enter", action: "submit and open the next item" },
  { keys: "Esc", action: "leave a text box (back to shortcuts)" },
  { keys: "s", action: "show the output's source text / formatted" },
];

/** Keys of the review workspace only (outside text boxes). */
export const WORKSPACE_SHORTCUTS: { keys: string; action: string }[] = [
  { keys: "x", action: "skip this item, with a reason (it goes to a QA lead)" },
  { keys: "f", action: "flag this item for a QA lead (you can still label it)" },
  { keys: "b", action: "back to the item before (edit your label there; b again goes further back)" },
  { keys: "Esc", action: "close the edit panel or a dialog" },
];
