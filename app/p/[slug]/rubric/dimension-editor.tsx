"use client";

// One dimension of the rubric form. Every change goes through the pure edits of
// lib/review/rubric-draft, which keep conditions pointing at renamed keys and option values.
import { useId } from "react";
import { Button, Field, Input, Select } from "@/components/ui";
import { DIMENSION_KINDS, INCIDENT_KINDS, MEASUREMENT_LEVELS, type DimensionKind } from "@/lib/review/rubric";
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

/** The server's messages for one field of this dimension ("key", "options.1.value"), joined. */
type FieldErrors = (field: string) => string | undefined;

const INCIDENT_LABELS: Record<(typeof INCIDENT_KINDS)[number], string> = { harm: "harm", near_miss: "near miss", boundary_violation: "boundary violation" };

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

function OptionsEditor({ dimension, index, update, frozen, errorAt }: { dimension: DimensionDraft; index: number; update: Update; frozen: ReadonlySet<string>; errorAt: FieldErrors }) {
  const ordinal = dimension.kind === "ordinal";
  const options = dimension.options;
  const optionErrors = (j: number) => ["value", "label", "description", "failure", "severity", "weight", "incident", "partial"].map((f) => errorAt(`options.${j}.${f}`)).filter(Boolean).join("; ");
  return (
    <div className="space-y-1">
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-slate-500">
          <tr><th className="font-medium">Value (stored)</th><th className="font-medium">Label (shown)</th><th className="font-medium">Description</th>{ordinal ? <th className="font-medium" title="Not part of the order, e.g. “not verifiable”">Unordered</th> : null}<th className="font-medium" title="What this answer means for error rates and incidents">Meaning</th><th /></tr>
        </thead>
        <tbody>
          {options.map((o, j) => {
            const isFrozen = dimension.savedKey !== null && dimension.key === dimension.savedKey && frozen.has(o.value);
            const error = optionErrors(j);
            return (
            <tr key={j} className="align-top">
              <td className="pr-1">
                <Input aria-label={`Option ${j + 1} value`} value={o.value} readOnly={isFrozen} aria-invalid={errorAt(`options.${j}.value`) ? true : undefined}
                  title={isFrozen ? "Frozen: labels store this value. Change the label instead." : undefined}
                  onChange={(e) => update((d) => updateOption(d, index, j, { value: e.target.value }))} className={`font-mono ${isFrozen ? "bg-slate-100 text-slate-600" : ""}`} />
                {isFrozen ? <span className="text-[11px] text-slate-500">frozen: in use</span> : null}
                {error ? <p className="text-xs text-red-700" role="alert">{error}</p> : null}
              </td>
              <td className="pr-1"><Input aria-label={`Option ${j + 1} label`} value={o.label} onChange={(e) => update((d) => updateOption(d, index, j, { label: e.target.value }))} /></td>
              <td className="pr-1"><Input aria-label={`Option ${j + 1} description`} value={o.description} onChange={(e) => update((d) => updateOption(d, index, j, { description: e.target.value }))} /></td>
              {ordinal ? (
                <td className="text-center"><input type="checkbox" aria-label={`Option ${j + 1} outside the order`} checked={o.unordered} onChange={(e) => update((d) => updateOption(d, index, j, { unordered: e.target.checked }))} /></td>
              ) : null}
              <td className="pr-1">
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-700">
                  <label className="flex items-center gap-1"><input type="checkbox" checked={o.failure} onChange={(e) => update((d) => updateOption(d, index, j, { failure: e.target.checked }))} aria-label={`Option ${j + 1} is a failure`} /> failure</label>
                  <label className="flex items-center gap-1"><input type="checkbox" checked={o.partial} onChange={(e) => update((d) => updateOption(d, index, j, { partial: e.target.checked }))} aria-label={`Option ${j + 1} is a partial outcome`} /> partial</label>
                  <Input aria-label={`Option ${j + 1} severity`} placeholder="severity" value={o.severity} className="!w-20 !py-0.5 text-xs" aria-invalid={errorAt(`options.${j}.severity`) ? true : undefined}
                    onChange={(e) => update((d) => updateOption(d, index, j, { severity: e.target.value }))} />
                  <Input aria-label={`Option ${j + 1} weight`} placeholder="weight 1" inputMode="decimal" value={o.weight} className="!w-16 !py-0.5 text-xs" aria-invalid={errorAt(`options.${j}.weight`) ? true : undefined}
                    onChange={(e) => update((d) => updateOption(d, index, j, { weight: e.target.value }))} />
                  <Select aria-label={`Option ${j + 1} opens an incident`} value={o.incident} className="!w-32 !py-0.5 text-xs" onChange={(e) => update((d) => updateOption(d, index, j, { incident: e.target.value as typeof o.incident }))}>
                    <option value="">no incident</option>
                    {INCIDENT_KINDS.map((k) => <option key={k} value={k}>incident: {INCIDENT_LABELS[k]}</option>)}
                  </Select>
                </div>
              </td>
              <td className="whitespace-nowrap">
                <span className="inline-flex gap-1">
                  <SmallButton label={`Move option ${j + 1} up`} disabled={j === 0} onClick={() => update(editOptions(index, (list) => moveItem(list, j, -1)))}>↑</SmallButton>
                  <SmallButton label={`Move option ${j + 1} down`} disabled={j === options.length - 1} onClick={() => update(editOptions(index, (list) => moveItem(list, j, 1)))}>↓</SmallButton>
                  <SmallButton label={`Remove option ${j + 1}`} disabled={isFrozen} onClick={() => update(editOptions(index, (list) => list.filter((_, k) => k !== j)))}>✕</SmallButton>
                </span>
              </td>
            </tr>
            );
          })}
        </tbody>
      </table>
      <Button type="button" variant="secondary" className="text-xs" onClick={() => update(editOptions(index, (list) => [...list, emptyOption()]))}>Add option</Button>
    </div>
  );
}

function ScaleEditor({ dimension, index, update, errorAt }: { dimension: DimensionDraft; index: number; update: Update; errorAt: FieldErrors }) {
  const id = useId();
  const points = scalePoints(dimension);
  return (
    <div className="space-y-2">
      <div className="grid max-w-xl grid-cols-2 gap-2 sm:grid-cols-4">
        <Field label="From" htmlFor={`${id}-min`} error={errorAt("min")}><Input id={`${id}-min`} inputMode="numeric" value={dimension.min} aria-invalid={errorAt("min") ? true : undefined} onChange={(e) => update((d) => updateDimension(d, index, { min: e.target.value }))} /></Field>
        <Field label="To" htmlFor={`${id}-max`} error={errorAt("max")}><Input id={`${id}-max`} inputMode="numeric" value={dimension.max} aria-invalid={errorAt("max") ? true : undefined} onChange={(e) => update((d) => updateDimension(d, index, { max: e.target.value }))} /></Field>
        <Field label="Failure below (optional)" htmlFor={`${id}-failure-below`} error={errorAt("failureBelow")} hint="values under it count as errors">
          <Input id={`${id}-failure-below`} inputMode="numeric" value={dimension.failureBelow} aria-invalid={errorAt("failureBelow") ? true : undefined} onChange={(e) => update((d) => updateDimension(d, index, { failureBelow: e.target.value }))} />
        </Field>
        <ToleranceField dimension={dimension} index={index} update={update} errorAt={errorAt} />
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

function ToleranceField({ dimension, index, update, errorAt }: { dimension: DimensionDraft; index: number; update: Update; errorAt: FieldErrors }) {
  const id = useId();
  return (
    <Field label="Disagreement tolerance (optional)" htmlFor={`${id}-tolerance`} error={errorAt("tolerance")}
      hint={dimension.kind === "scale" ? "e.g. 1: 4 vs 5 agree (gold = median, ties to the lower)" : "steps of the order that still agree (gold = median)"}>
      <Input id={`${id}-tolerance`} inputMode="decimal" value={dimension.tolerance} aria-invalid={errorAt("tolerance") ? true : undefined} onChange={(e) => update((d) => updateDimension(d, index, { tolerance: e.target.value }))} />
    </Field>
  );
}

function TextEditor({ dimension, index, update }: { dimension: DimensionDraft; index: number; update: Update }) {
  const id = useId();
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
  frozenValues,
  issues,
  update,
}: {
  dimension: DimensionDraft;
  index: number;
  total: number;
  /** Earlier categorical / ordinal dimensions a condition may name. */
  parents: DimensionDraft[];
  /** Labels holding a value under the saved key: when any, the key is frozen. */
  labels: number;
  /** Option values labels use (frozen). */
  frozenValues: ReadonlySet<string>;
  issues: MappedIssue[];
  update: Update;
}) {
  // Element ids (here and in the editors above) come from useId, not from the draft's id: the
  // browser builds the draft again with a module counter that differs from the server's render, so
  // the hydrated markup kept the server's ids while an added dimension got a client id that could
  // equal one of them, and its "Kind" label then pointed at another dimension's select.
  const id = useId();
  const name = dimension.label || dimension.key || `dimension ${index + 1}`;
  const renamed = dimension.savedKey !== null && dimension.key !== dimension.savedKey;
  const parent = parents.find((p) => p.key === dimension.whenKey);
  const keyFrozen = dimension.savedKey !== null && labels > 0;
  // Each message goes to its field; what no field of this kind shows stays in the list at the top.
  const errorAt: FieldErrors = (field) => {
    const mine = issues.filter((i) => i.field === field || (field === "when" && i.field.startsWith("when")));
    return mine.length ? mine.map((i) => i.message).join("; ") : undefined;
  };
  const shownAtField = (field: string) =>
    ["key", "label", "kind", "description", "level"].includes(field) ||
    field.startsWith("when") ||
    (dimension.kind === "boolean" && field === "failureWhen") ||
    (dimension.kind === "scale" && ["min", "max", "failureBelow", "tolerance"].includes(field)) ||
    (dimension.kind === "ordinal" && field === "tolerance") ||
    (CHOICE_KINDS.includes(dimension.kind) && /^options\.\d+\.(value|label|description|failure|severity|weight|incident|partial)$/.test(field));
  const fieldErrors = {
    key: errorAt("key"),
    label: errorAt("label"),
    kind: errorAt("kind"),
    description: errorAt("description"),
    when: errorAt("when"),
    level: errorAt("level"),
    failureWhen: errorAt("failureWhen"),
  };
  const optionsBody = CHOICE_KINDS.includes(dimension.kind) ? <OptionsEditor dimension={dimension} index={index} update={update} frozen={frozenValues} errorAt={errorAt} /> : null;
  const scaleBody = dimension.kind === "scale" ? <ScaleEditor dimension={dimension} index={index} update={update} errorAt={errorAt} /> : null;
  const unplaced = issues.filter((i) => !shownAtField(i.field));
  return (
    <section data-testid="dimension-editor" data-key={dimension.key} aria-label={`Dimension ${index + 1}: ${name}`}
      className={`space-y-3 rounded-lg border bg-white p-3 shadow-sm ${issues.length ? "border-red-300" : "border-slate-200"}`}>
      <header className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-slate-400">{index + 1}</span>
        <h3 className="text-sm font-semibold text-slate-900">{name}</h3>
        {dimension.savedKey === null ? <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-700">new</span> : null}
        {keyFrozen ? (
          <span data-testid="key-in-use" className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 ring-1 ring-slate-300"
            title="Labels store their values under this key, so it is frozen: change the label text freely; a new key is a new dimension.">
            key “{dimension.savedKey}” frozen: used by {labels.toLocaleString("en")} label{labels === 1 ? "" : "s"}
          </span>
        ) : null}
        <span className="ml-auto inline-flex gap-1">
          <SmallButton label={`Move ${name} up`} disabled={index === 0} onClick={() => update((d) => ({ ...d, dimensions: moveItem(d.dimensions, index, -1) }))}>↑ Up</SmallButton>
          <SmallButton label={`Move ${name} down`} disabled={index === total - 1} onClick={() => update((d) => ({ ...d, dimensions: moveItem(d.dimensions, index, 1) }))}>↓ Down</SmallButton>
          <SmallButton label={`Remove ${name}`} disabled={keyFrozen} onClick={() => update((d) => ({ ...d, dimensions: d.dimensions.filter((_, i) => i !== index) }))}>Remove</SmallButton>
        </span>
      </header>

      {unplaced.length ? (
        <ul className="list-disc pl-5 text-xs text-red-700" role="alert">
          {unplaced.map((issue, n) => <li key={n}><span className="font-medium">{describeIssueField(issue.field)}</span>: {issue.message}</li>)}
        </ul>
      ) : null}

      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Key" htmlFor={`${id}-key`} error={fieldErrors.key} hint={keyFrozen ? "frozen: labels store values under it" : "lower-case letters, digits and _; labels store values under it"}>
          <Input id={`${id}-key`} value={dimension.key} readOnly={keyFrozen && dimension.key === dimension.savedKey} aria-invalid={fieldErrors.key ? true : undefined}
            onChange={(e) => update((d) => renameDimension(d, index, e.target.value))} className={`font-mono ${keyFrozen ? "bg-slate-100 text-slate-600" : ""}`} />
        </Field>
        <Field label="Label" htmlFor={`${id}-label`} error={fieldErrors.label}>
          <Input id={`${id}-label`} value={dimension.label} aria-invalid={fieldErrors.label ? true : undefined} onChange={(e) => update((d) => updateDimension(d, index, { label: e.target.value }))} />
        </Field>
        <Field label="Kind" htmlFor={`${id}-kind`} error={fieldErrors.kind}>
          <Select id={`${id}-kind`} value={dimension.kind} aria-invalid={fieldErrors.kind ? true : undefined} onChange={(e) => update((d) => changeKind(d, index, e.target.value as DimensionKind))}>
            {DIMENSION_KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </Select>
        </Field>
      </div>
      {renamed ? (
        <p className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-800" role="status">
          Renamed from “{dimension.savedKey}”{labels > 0 ? `: ${labels.toLocaleString("en")} existing label${labels === 1 ? "" : "s"} keep their values under the old key and will no longer match this dimension` : ""}.
        </p>
      ) : null}

      <Field label="Description (optional, shown to reviewers)" htmlFor={`${id}-description`} error={fieldErrors.description}>
        <Input id={`${id}-description`} value={dimension.description} aria-invalid={fieldErrors.description ? true : undefined} onChange={(e) => update((d) => updateDimension(d, index, { description: e.target.value }))} />
      </Field>

      <div className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <label className="flex items-center gap-2"><input type="checkbox" checked={dimension.required} onChange={(e) => update((d) => updateDimension(d, index, { required: e.target.checked }))} /> Required</label>
        <label className="flex items-center gap-2"><input type="checkbox" checked={dimension.requiresContext} onChange={(e) => update((d) => updateDimension(d, index, { requiresContext: e.target.checked }))} /> Only for outputs with retrieved sources</label>
      </div>

      <div className="grid gap-2 sm:grid-cols-[16rem_minmax(0,1fr)]">
        <Field label="Shown" htmlFor={`${id}-when`} error={fieldErrors.when} hint={parents.length ? undefined : "A condition can name an earlier categorical or ordinal dimension."}>
          <Select id={`${id}-when`} value={dimension.whenKey} aria-invalid={fieldErrors.when ? true : undefined} onChange={(e) => update((d) => updateDimension(d, index, { whenKey: e.target.value, whenIn: [] }))}>
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

      {dimension.kind !== "text" ? (
        <div className="grid gap-2 sm:grid-cols-3">
          <Field label="Level of measurement (agreement)" htmlFor={`${id}-level`} error={fieldErrors.level}>
            <Select id={`${id}-level`} value={dimension.level} aria-invalid={fieldErrors.level ? true : undefined} onChange={(e) => update((d) => updateDimension(d, index, { level: e.target.value as DimensionDraft["level"] }))}>
              <option value="">default for its kind</option>
              {MEASUREMENT_LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
            </Select>
          </Field>
          {dimension.kind === "ordinal" ? <ToleranceField dimension={dimension} index={index} update={update} errorAt={errorAt} /> : null}
          {dimension.kind === "boolean" ? (
            <Field label="Counts as a failure" htmlFor={`${id}-failure-when`} error={fieldErrors.failureWhen}>
              <Select id={`${id}-failure-when`} value={dimension.failureWhen} onChange={(e) => update((d) => updateDimension(d, index, { failureWhen: e.target.value as DimensionDraft["failureWhen"] }))}>
                <option value="">neither answer</option>
                <option value="yes">the answer yes</option>
                <option value="no">the answer no</option>
              </Select>
            </Field>
          ) : null}
        </div>
      ) : null}

      {optionsBody}
      {scaleBody}
      {dimension.kind === "text" ? <TextEditor dimension={dimension} index={index} update={update} /> : null}
    </section>
  );
}
