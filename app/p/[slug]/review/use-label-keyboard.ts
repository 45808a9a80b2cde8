"use client";

// The keyboard of the label forms (workspace, My labels, adjudication); the key table is pure in
// lib/review/shortcuts. Keys act inside the rubric (the `scope` element) or when nothing has
// focus; everywhere else (Submit, links, the navigation, Sign out) the browser's own keys work.
// Each dimension is one Tab stop: a choice dimension's fieldset, a text dimension's text box.
// Tab and Shift+Tab move between them, and past the last (before the first) one focus leaves the
// rubric for the next (previous) focusable element of the page.
import { useEffect, useRef, type RefObject } from "react";
import { applicableDimensions, type Dimension, type LabelValue, type LabelValues } from "@/lib/review/rubric";
import { applyShortcut, tabStop } from "@/lib/review/shortcuts";

/** Marks the Tab stop of a dimension (fieldset or text box) for the hook. */
export const STOP_ATTRIBUTE = "data-dimension";

const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]';

function isTabbable(element: HTMLElement): boolean {
  if (element.tabIndex < 0 || element.closest("[inert], dialog:not([open])")) return false;
  return element.getClientRects().length > 0;
}

/** Focuses the first focusable element after (1) or before (−1) `root` in document order. */
export function focusOutside(root: HTMLElement, direction: 1 | -1): boolean {
  const candidates = Array.from(document.querySelectorAll<HTMLElement>(TABBABLE)).filter((el) => !root.contains(el) && isTabbable(el));
  const after = (el: HTMLElement) => (root.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  const target = direction === 1 ? candidates.find(after) : [...candidates].reverse().find((el) => !after(el));
  target?.focus();
  return target !== undefined;
}

function stopOf(scope: HTMLElement | null, key: string | null): HTMLElement | null {
  if (!scope || key === null) return null;
  return scope.querySelector<HTMLElement>(`[${STOP_ATTRIBUTE}="${CSS.escape(key)}"]`);
}

function nothingFocused(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || active === document.documentElement;
}

export function useLabelKeyboard(options: {
  /** Off while there is nothing to label (or a panel or dialog above it has the keys). */
  enabled: boolean;
  /** The element holding every Tab stop of the form. */
  scope: RefObject<HTMLElement | null>;
  /** Every dimension of the rubric, to work out which follow-up a choice opens. */
  rubricDimensions: Dimension[];
  /** The dimensions shown now (applicable to the current values), in Tab order. */
  dimensions: Dimension[];
  hasContext: boolean;
  values: LabelValues;
  focusKey: string | null;
  setFocusKey: (key: string | null) => void;
  setValue: (key: string, value: LabelValue | undefined) => void;
  onSubmit: () => void;
  /** Changes when a new item is shown: focus then goes to `focusKey` wherever it was. */
  focusRequest?: unknown;
}) {
  const { enabled, scope, rubricDimensions, dimensions, hasContext, values, focusKey, setFocusKey, setValue, onSubmit, focusRequest } = options;

  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const root = scope.current;
      const target = event.target as HTMLElement | null;
      const inScope = !!root && !!target && root.contains(target);
      if (!inScope && !nothingFocused()) return;
      const inText = inScope && (target!.tagName === "TEXTAREA" || target!.tagName === "INPUT");
      const targetKey = inScope ? (target!.closest(`[${STOP_ATTRIBUTE}]`)?.getAttribute(STOP_ATTRIBUTE) ?? null) : null;
      const key = targetKey !== null && dimensions.some((d) => d.key === targetKey) ? targetKey : focusKey;
      const index = Math.max(0, dimensions.findIndex((d) => d.key === key));
      if (event.key === "Tab" && !event.ctrlKey && !event.metaKey && !event.altKey) {
        const next = tabStop(dimensions.length, index, event.shiftKey ? -1 : 1);
        event.preventDefault();
        if (next === null) {
          // Out of the rubric; focusKey stays, so Shift+Tab back in lands where the reviewer was.
          if (root) focusOutside(root, event.shiftKey ? -1 : 1);
          return;
        }
        setFocusKey(dimensions[next].key);
        stopOf(root, dimensions[next].key)?.focus();
        return;
      }
      if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.metaKey && !event.ctrlKey) {
        event.preventDefault();
        onSubmit();
        return;
      }
      if (inText) {
        // Back to the dimension's fieldset: the number keys work again, Tab goes on from here.
        if (event.key === "Escape") (target!.closest("fieldset") ?? target!).focus();
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
  }, [enabled, scope, rubricDimensions, dimensions, hasContext, values, focusKey, setFocusKey, setValue, onSubmit]);

  // The browser's focus follows the focused dimension while the reviewer works in the rubric;
  // it is not pulled back from elsewhere on the page except when a new item is shown. Runs after
  // every render, because the rubric may appear later than the item (while the queue loads).
  const lastRequest = useRef<unknown>(Symbol("never"));
  const lastKey = useRef<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const root = scope.current;
    const stop = stopOf(root, focusKey);
    if (!stop) return;
    const requested = lastRequest.current !== focusRequest;
    const moved = lastKey.current !== focusKey;
    lastRequest.current = focusRequest;
    lastKey.current = focusKey;
    const active = document.activeElement as HTMLElement | null;
    if (requested || (moved && (nothingFocused() || (root!.contains(active) && active !== stop)))) stop.focus({ preventScroll: !requested });
  });
}
