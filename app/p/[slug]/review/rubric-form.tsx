"use client";

// The rubric as a keyboard-first form: one dimension has focus; number keys pick its options.
// Each dimension is one Tab stop (see use-label-keyboard): the fieldset of a choice, the text box
// of a text dimension; only the focused one is in the page's Tab order, so Tab from outside
// enters the rubric where the reviewer left it.
import { STOP_ATTRIBUTE } from "./use-label-keyboard";
import type { Dimension, LabelValue, LabelValues } from "@/lib/review/rubric";
import { shortcutChoices } from "@/lib/review/shortcuts";

export function RubricForm({
  dimensions,
  values,
  focusKey,
  onChange,
  onFocus,
  disagreements,
}: {
  dimensions: Dimension[];
  values: LabelValues;
  focusKey: string | null;
  onChange: (key: string, value: LabelValue | undefined) => void;
  onFocus: (key: string) => void;
  disagreements?: string[];
}) {
  return (
    <div className="space-y-2">
      {dimensions.map((d) => {
        const focused = d.key === focusKey;
        const value = values[d.key];
        return (
          <fieldset
            key={d.key}
            data-testid={`dimension-${d.key}`}
            data-focused={focused ? "true" : "false"}
            data-disagrees={disagreements?.includes(d.key) ? "true" : undefined}
            {...(d.kind === "text" ? {} : { [STOP_ATTRIBUTE]: d.key })}
            tabIndex={d.kind !== "text" && focused ? 0 : -1}
            onFocus={() => onFocus(d.key)}
            onClick={() => onFocus(d.key)}
            className={`rounded-md border p-2 outline-none ${focused ? "border-indigo-500 ring-2 ring-indigo-200 focus:ring-indigo-400" : "border-slate-200"} ${disagreements?.includes(d.key) ? "bg-amber-50" : "bg-white"}`}
          >
            <legend className="px-1 text-sm font-medium text-slate-800">
              {d.label}
              {d.required ? <span className="text-red-600"> *</span> : null}
              {/* Said in words, not only by the amber background (and part of the group's name). */}
              {disagreements?.includes(d.key) ? <span className="ml-1 text-xs font-normal text-amber-800">· reviewers disagree</span> : null}
            </legend>
            {d.description ? <p className="mb-1 text-xs text-slate-500">{d.description}</p> : null}
            {d.kind === "text" ? (
              <textarea
                {...{ [STOP_ATTRIBUTE]: d.key }}
                aria-label={d.label}
                tabIndex={focused ? 0 : -1}
                rows={d.key === "notes" ? 2 : 3}
                value={typeof value === "string" ? value : ""}
                onChange={(e) => onChange(d.key, e.target.value)}
                className="block w-full rounded border border-slate-300 p-1.5 text-sm"
              />
            ) : (
              <div className="flex flex-wrap gap-1.5">
                {shortcutChoices(d).map((c) => {
                  const selected = Array.isArray(value) ? value.includes(c.value as string) : value === c.value;
                  return (
                    <button
                      key={c.key}
                      type="button"
                      tabIndex={-1}
                      aria-pressed={selected}
                      onClick={() => {
                        onFocus(d.key);
                        if (d.kind === "multiselect") {
                          const list = Array.isArray(value) ? value : [];
                          onChange(d.key, selected ? list.filter((v) => v !== c.value) : [...list, c.value as string]);
                        } else onChange(d.key, c.value);
                      }}
                      className={`rounded px-2 py-1 text-xs ring-1 ${selected ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
                      title={d.kind === "scale" ? c.label : undefined}
                    >
                      <kbd className={`mr-1 font-mono ${selected ? "text-indigo-100" : "text-slate-400"}`}>{c.key}</kbd>
                      {d.kind === "scale" ? String(c.value) : c.label}
                    </button>
                  );
                })}
              </div>
            )}
            {d.kind === "scale" && d.anchors ? (
              <p className="mt-1 text-[11px] text-slate-500">{Object.entries(d.anchors).map(([k, v]) => `${k} = ${v}`).join(" · ")}</p>
            ) : null}
          </fieldset>
        );
      })}
    </div>
  );
}
