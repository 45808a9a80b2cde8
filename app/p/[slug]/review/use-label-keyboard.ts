"use client";

// The rubric's keyboard, shared by the labelling workspace and the edit form of My labels: number
// keys pick an option of the focused dimension (then focus moves on), Tab / Shift+Tab move between
// dimensions, Enter submits, Esc leaves a text box. The key → value mapping is lib/review/shortcuts.
import { useEffect } from "react";
import { applicableDimensions, type Dimension, type LabelValue, type LabelValues } from "@/lib/review/rubric";
import { applyShortcut, moveFocus } from "@/lib/review/shortcuts";

export function useLabelKeyboard(options: {
  /** Off while there is nothing to label. */
  enabled: boolean;
  /** Every dimension of the rubric, to work out which follow-up a choice opens. */
  rubricDimensions: Dimension[];
  /** The dimensions shown now (applicable to the current values). */
  dimensions: Dimension[];
  hasContext: boolean;
  values: LabelValues;
  focusKey: string | null;
  setFocusKey: (key: string | null) => void;
  setValue: (key: string, value: LabelValue | undefined) => void;
  onSubmit: () => void;
}) {
  const { enabled, rubricDimensions, dimensions, hasContext, values, focusKey, setFocusKey, setValue, onSubmit } = options;

  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const inText = target?.tagName === "TEXTAREA" || target?.tagName === "INPUT";
      const index = Math.max(0, dimensions.findIndex((d) => d.key === focusKey));
      if (event.key === "Tab") {
        event.preventDefault();
        if (inText) target!.blur();
        setFocusKey(dimensions[moveFocus(dimensions.length, index, event.shiftKey ? -1 : 1)]?.key ?? null);
        return;
      }
      if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.metaKey) {
        event.preventDefault();
        if (inText) target!.blur();
        onSubmit();
        return;
      }
      if (inText) {
        if (event.key === "Escape") target!.blur();
        return;
      }
      if (/^[0-9]$/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
        const dimension = dimensions[index];
        if (!dimension) return;
        const value = applyShortcut(dimension, values[dimension.key], event.key);
        if (value === undefined) return;
        event.preventDefault();
        setValue(dimension.key, value);
        // A single choice is made: move on, counting the follow-up the choice may have opened.
        if (dimension.kind !== "multiselect") {
          const after = applicableDimensions(rubricDimensions, { ...values, [dimension.key]: value }, { hasContext });
          const position = after.findIndex((d) => d.key === dimension.key);
          setFocusKey(after[position + 1]?.key ?? dimension.key);
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled, rubricDimensions, dimensions, hasContext, values, focusKey, setFocusKey, setValue, onSubmit]);

  // A focused text dimension takes the keyboard; choices keep it on the page.
  useEffect(() => {
    const focused = dimensions.find((d) => d.key === focusKey);
    if (focused?.kind === "text") document.querySelector<HTMLTextAreaElement>(`textarea[data-dimension="${focused.key}"]`)?.focus();
  }, [focusKey, dimensions]);
}
