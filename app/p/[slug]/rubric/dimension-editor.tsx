"use client";

// One dimension of the rubric form. Every change goes through the pure edits of
// lib/review/rubric-draft, which keep conditions pointing at renamed keys and option values.
import { Button, Field, Input, Select } from "@/components/ui";
import { DIMENSION_KINDS, type DimensionKind } from "@/lib/review/rubric";
import {
  changeKind,
  CHOICE_KINDS,
  describeIssueField,
  emptyOption,
  moveItem,
  renameDimension,
  scalePoints,
  setOptions,
  updateDimension,
  updateOption,
  type DimensionDraft,
  type MappedIssue,
  type RubricDraft,
} from "@/lib/review/rubric-draft";

const KIND_LABELS: Record<DimensionKind, string> = {
  categorical: "Categorical: pick one",
  ordinal: "Ordinal: pick one of ordered levels",
  scale: "Scale: a whole number",
  boolean: "Yes / no",
  multiselect: "Multiselect: pick several",
  text: "Free text",
};

type Update = (edit: (draft: RubricDraft) => RubricDraft) => void;

/** Replaces a dimension's options from the draft being edited (not from this render's copy). */
const editOptions = (index: number, edit: (options: DimensionDraft["options"]) => DimensionDraft["options"]) => (draft: RubricDraft) =>
  setOptions(draft, index, edit(draft.dimensions[index]?.options ?? []));

function SmallButton({ label, children, onClick, disabled }: { label: string; children: React.ReactNode; onClick: () => void; disabled?: boolean }) {
  return (
    <button type="button" aria-label={label} title={label} onClick={onClick} disabled={disabled}
      className="rounded px-1.5 py-0.5 text-xs text-slate-600 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-40">
      {children}
    </button>
  );
}

function OptionsEditor({ dimension, index, update }: { dimension: DimensionDraft; index: number; update: Update }) {
  const ordinal = dimension.kind === "ordinal";
  const options = dimension.options;
  return (
    <div className="space-y-1">
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-slate-500">
          <tr><th className="font-medium">Value (stored)</th><th className="font-medium">Label (shown)</th><th className="font-medium">Description</th>{ordinal ? <th className="font-medium" title="Not part of the order, e.g. “not verifiable”">Unordered</th> : null}<th /></tr>
        </thead>
        <tbody>
          {options.map((o, j) => (
            <tr key={j}>
              <td className="pr-1"><Input aria-label={`Option ${j + 1} value`} value={o.value} onChange={(e) => update((d) => updateOption(d, index, j, { value: e.target.value }))} className="font-mono" /></td>
              <td className="pr-1"><Input aria-label={`Option ${j + 1} label`} value={o.label} onChange={(e) => update((d) => updateOption(d, index, j, { label: e.target.value }))} /></td>
              <td className="pr-1"><Input aria-label={`Option ${j + 1} description`} value={o.description} onChange={(e) => update((d) => updateOption(d, index, j, { description: e.target.value }))} /></td>
              {ordinal ? (
                <td className="text-center"><input type="checkbox" aria-label={`Option ${j + 1} outside the order`} checked={o.unordered} onChange={(e) => update((d) => updateOption(d, index, j, { unordered: e.target.checked }))} /></td>
              ) : null}
              <td className="whitespace-nowrap">
                <span className="inline-flex gap-1">
                  <SmallButton label={`Move option ${j + 1} up`} disabled={j === 0} onClick={() => update(editOptions(index, (list) => moveItem(list, j, -1)))}>↑</SmallButton>
                  <SmallButton label={`Move option ${j + 1} down`} disabled={j === options.length - 1} onClick={() => update(editOptions(index, (list) => moveItem(list, j, 1)))}>↓</SmallButton>
                  <SmallButton label={`Remove option ${j + 1}`} onClick={() => update(editOptions(index, (list) => list.filter((_, k) => k !== j)))}>✕</SmallButton>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button type="button" variant="secondary" className="text-xs" onClick={() => update(editOptions(index, (list) => [...list, emptyOption()]))}>Add option</Button>
    </div>
  );
}

function ScaleEditor({ dimension, index, update }: { dimension: DimensionDraft; index: number; update: Update }) {
  const id = dimension.id;
  const points = scalePoints(dimension);
  return (
    <div className="space-y-2">
      <div className="grid max-w-xs grid-cols-2 gap-2">
        <Field label="From" htmlFor={`${id}-min`}><Input id={`${id}-min`} inputMode="numeric" value={dimension.min} onChange={(e) => update((d) => updateDimension(d, index, { min: e.target.value }))} /></Field>
        <Field label="To" htmlFor={`${id}-max`}><Input id={`${id}-max`} inputMode="numeric" value={dimension.max} onChange={(e) => update((d) => updateDimension(d, index, { max: e.target.value }))} /></Field>
      </div>
      {points.length ? (
        <div className="grid gap-1 sm:grid-cols-2">
          {points.map((p) => (
            <label key={p} className="flex items-center gap-2 text-xs text-slate-600">
              <span className="w-6 text-right font-mono">{p}</span>
              <Input aria-label={`Anchor for ${p}`} placeholder="what this point means (optional)" value={dimension.anchors[String(p)] ?? ""}
                onChange={(e) => update((d) => updateDimension(d, index, { anchors: { ...dimension.anchors, [String(p)]: e.target.value } }))} />
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function TextEditor({ dimension, index, update }: { dimension: DimensionDraft; index: number; update: Update }) {
  const id = dimension.id;
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      <Field label="When reviewers agree, the gold label keeps" htmlFor={`${id}-merge`}>
        <Select id={`${id}-merge`} value={dimension.merge || "first"} onChange={(e) => update((d) => updateDimension(d, index, { merge: e.target.value as DimensionDraft["merge"] }))}>
          <option value="first">the earliest text (one answer, e.g. a corrected output)</option>
          <option value="join">every distinct text (e.g. notes)</option>
        </Select>
      </Field>
      <Field label="Maximum length (optional)" htmlFor={`${id}-maxlength`}>
        <Input id={`${id}-maxlength`} inputMode="numeric" value={dimension.maxLength} onChange={(e) => update((d) => updateDimension(d, index, { maxLength: e.target.value }))} />
      </Field>
    </div>
  );
}

export function DimensionEditor({
  dimension,
  index,
  total,
  parents,
  labels,
  issues,
  update,
}: {
  dimension: DimensionDraft;
  index: number;
  total: number;
  /** Earlier categorical / ordinal dimensions a condition may name. */
  parents: DimensionDraft[];
  /** Labels holding a value under the saved key. */
  labels: number;
  issues: MappedIssue[];
  update: Update;
}) {
  const id = dimension.id;
  const name = dimension.label || dimension.key || `dimension ${index + 1}`;
  const renamed = dimension.savedKey !== null && dimension.key !== dimension.savedKey;
  const parent = parents.find((p) => p.key === dimension.whenKey);
  return (
    <section data-testid="dimension-editor" data-key={dimension.key} aria-label={`Dimension ${index + 1}: ${name}`}
      className={`space-y-3 rounded-lg border bg-white p-3 shadow-sm ${issues.length ? "border-red-300" : "border-slate-200"}`}>
      <header className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-slate-400">{index + 1}</span>
        <h3 className="text-sm font-semibold text-slate-900">{name}</h3>
        {dimension.savedKey === null ? <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-700">new</span> : null}
        {dimension.savedKey !== null && labels > 0 ? (
          <span data-testid="key-in-use" className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 ring-1 ring-amber-200"
            title="Labels store their values under this key; renaming or removing it leaves them behind.">
            key “{dimension.savedKey}” used by {labels.toLocaleString("en")} label{labels === 1 ? "" : "s"}
          </span>
        ) : null}
        <span className="ml-auto inline-flex gap-1">
          <SmallButton label={`Move ${name} up`} disabled={index === 0} onClick={() => update((d) => ({ ...d, dimensions: moveItem(d.dimensions, index, -1) }))}>↑ Up</SmallButton>
          <SmallButton label={`Move ${name} down`} disabled={index === total - 1} onClick={() => update((d) => ({ ...d, dimensions: moveItem(d.dimensions, index, 1) }))}>↓ Down</SmallButton>
          <SmallButton label={`Remove ${name}`} onClick={() => update((d) => ({ ...d, dimensions: d.dimensions.filter((_, i) => i !== index) }))}>Remove</SmallButton>
        </span>
      </header>

      {issues.length ? (
        <ul className="list-disc pl-5 text-xs text-red-700" role="alert">
          {issues.map((issue, n) => <li key={n}><span className="font-medium">{describeIssueField(issue.field)}</span>: {issue.message}</li>)}
        </ul>
      ) : null}

      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Key" htmlFor={`${id}-key`} hint="lower-case letters, digits and _; labels store values under it">
          <Input id={`${id}-key`} value={dimension.key} onChange={(e) => update((d) => renameDimension(d, index, e.target.value))} className="font-mono" />
        </Field>
        <Field label="Label" htmlFor={`${id}-label`}>
          <Input id={`${id}-label`} value={dimension.label} onChange={(e) => update((d) => updateDimension(d, index, { label: e.target.value }))} />
        </Field>
        <Field label="Kind" htmlFor={`${id}-kind`}>
          <Select id={`${id}-kind`} value={dimension.kind} onChange={(e) => update((d) => changeKind(d, index, e.target.value as DimensionKind))}>
            {DIMENSION_KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </Select>
        </Field>
      </div>
      {renamed ? (
        <p className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-800" role="status">
          Renamed from “{dimension.savedKey}”{labels > 0 ? `: ${labels.toLocaleString("en")} existing label${labels === 1 ? "" : "s"} keep their values under the old key and will no longer match this dimension` : ""}.
        </p>
      ) : null}

      <Field label="Description (optional, shown to reviewers)" htmlFor={`${id}-description`}>
        <Input id={`${id}-description`} value={dimension.description} onChange={(e) => update((d) => updateDimension(d, index, { description: e.target.value }))} />
      </Field>

      <div className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <label className="flex items-center gap-2"><input type="checkbox" checked={dimension.required} onChange={(e) => update((d) => updateDimension(d, index, { required: e.target.checked }))} /> Required</label>
        <label className="flex items-center gap-2"><input type="checkbox" checked={dimension.requiresContext} onChange={(e) => update((d) => updateDimension(d, index, { requiresContext: e.target.checked }))} /> Only for outputs with retrieved sources</label>
      </div>

      <div className="grid gap-2 sm:grid-cols-[16rem_minmax(0,1fr)]">
        <Field label="Shown" htmlFor={`${id}-when`} hint={parents.length ? undefined : "A condition can name an earlier categorical or ordinal dimension."}>
          <Select id={`${id}-when`} value={dimension.whenKey} onChange={(e) => update((d) => updateDimension(d, index, { whenKey: e.target.value, whenIn: [] }))}>
            <option value="">always</option>
            {parents.map((p) => <option key={p.id} value={p.key}>when {p.label || p.key} is…</option>)}
            {dimension.whenKey && !parent ? <option value={dimension.whenKey}>when {dimension.whenKey} is… (not an earlier choice dimension)</option> : null}
          </Select>
        </Field>
        {dimension.whenKey ? (
          <fieldset className="text-sm">
            <legend className="mb-1 text-sm font-medium text-slate-700">…one of</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              {(parent?.options.filter((o) => o.value) ?? []).map((o) => (
                <label key={o.value} className="flex items-center gap-1.5">
                  <input type="checkbox" checked={dimension.whenIn.includes(o.value)}
                    onChange={(e) => update((d) => updateDimension(d, index, { whenIn: e.target.checked ? [...dimension.whenIn, o.value] : dimension.whenIn.filter((v) => v !== o.value) }))} />
                  {o.label || o.value}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
      </div>

      {CHOICE_KINDS.includes(dimension.kind) ? <OptionsEditor dimension={dimension} index={index} update={update} /> : null}
      {dimension.kind === "scale" ? <ScaleEditor dimension={dimension} index={index} update={update} /> : null}
      {dimension.kind === "text" ? <TextEditor dimension={dimension} index={index} update={update} /> : null}
    </section>
  );
}
