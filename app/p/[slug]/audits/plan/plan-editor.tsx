"use client";

// The plan editor with the live calculator: every change re-runs the sample-size formula and the
// allocation in the browser (lib/audits on top of lib/stats), so the QA lead sees n, the formula
// with the numbers filled in, and what n buys, before saving anything.
import { useMemo, useState } from "react";
import { Alert, Button, Card, Field, Input, Select } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import { ALLOCATIONS, planSpecSchema, RISK_LEVELS, SAMPLE_SIZE_METHODS, type PlanSpec } from "@/lib/audits/plan";
import { requiredSampleSize } from "@/lib/audits/sample-size";
import { allocateStrata } from "@/lib/audits/allocation";
import { plannedAllocationMargin } from "@/lib/audits/design-effect";
import { savePlanAction } from "../actions";

type Draft = {
  stratifyBy: string;
  method: string;
  params: Record<string, string>;
  allocation: string;
  oversampleFactor: string;
  strata: { value: string; risk: string; minimum: string; expectedRate: string; expertise: string }[];
  overlapShare: string;
  overlapReviewers: string;
  dueDays: string;
  graceHours: string;
  autoDraw: boolean;
};

const METHOD_LABELS: Record<string, string> = {
  estimate: "Estimate the error rate within ± a margin",
  discovery: "Discovery: catch at least one error",
  change: "Detect a change from a baseline rate",
  fixed: "A fixed number",
};

const PARAMS_BY_METHOD: Record<string, [string, string][]> = {
  estimate: [["expectedRate", "Expected error rate p"], ["marginOfError", "Margin of error ± e"], ["confidence", "Confidence"]],
  discovery: [["tolerableRate", "Tolerable error rate"], ["confidence", "Confidence of catching one"]],
  change: [["baselineRate", "Baseline rate p₁"], ["changedRate", "Changed rate p₂"], ["alpha", "α (two-sided)"], ["power", "Power"]],
  fixed: [["fixedSize", "Items per week"]],
};
// The assumptions under which "what n buys" is stated, editable whatever the method.
const BUYS_PARAMS: [string, string][] = [["expectedRate", "Expected error rate"], ["confidence", "Confidence"], ["tolerableRate", "Tolerable error rate"]];

function toDraft(spec: PlanSpec): Draft {
  return {
    stratifyBy: spec.stratifyBy,
    method: spec.method,
    params: Object.fromEntries(Object.entries(spec.methodParams).map(([k, v]) => [k, String(v)])),
    allocation: spec.allocation,
    // Oversampling starts at ×2, so choosing it never blocks Save on an empty factor.
    oversampleFactor: spec.oversampleFactor === null ? "2" : String(spec.oversampleFactor),
    strata: spec.strata.map((s) => ({
      value: s.value,
      risk: s.risk,
      minimum: s.minimum === undefined ? "" : String(s.minimum),
      expectedRate: s.expectedRate === undefined ? "" : String(s.expectedRate),
      expertise: (s.expertise ?? []).join(", "),
    })),
    overlapShare: String(spec.overlapShare),
    overlapReviewers: String(spec.overlapReviewers),
    dueDays: String(spec.dueDays),
    graceHours: String(spec.graceHours),
    autoDraw: spec.autoDraw,
  };
}

function fromDraft(d: Draft): unknown {
  const opt = (s: string) => (s.trim() === "" ? undefined : s);
  return {
    stratifyBy: d.stratifyBy,
    method: d.method,
    methodParams: d.params,
    allocation: d.allocation,
    oversampleFactor: d.allocation === "oversample" ? opt(d.oversampleFactor) ?? null : null,
    strata: d.strata.map((s) => {
      const expertise = s.expertise.split(",").map((t) => t.trim()).filter(Boolean);
      return { value: s.value, risk: s.risk, minimum: opt(s.minimum), expectedRate: opt(s.expectedRate), expertise: expertise.length ? expertise : undefined };
    }),
    overlapShare: d.overlapShare,
    overlapReviewers: d.overlapReviewers,
    dueDays: d.dueDays,
    graceHours: d.graceHours,
    autoDraw: d.autoDraw,
  };
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)} %`;

export function PlanEditor({ initial, canEdit, lastWeek }: { initial: PlanSpec; canEdit: boolean; lastWeek: { week: string; populations: Record<string, number>; observedRates: Record<string, { rate: number; items: number }> } }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(initial));
  const lastWeekTotal = Object.values(lastWeek.populations).reduce((a, b) => a + b, 0);
  const [population, setPopulation] = useState(String(lastWeekTotal || 10_000));
  const { state, pending, form: actionForm } = useProjectActionForm<ActionResult<{ version: number }> | null>(savePlanAction, null);

  const parsed = useMemo(() => planSpecSchema.safeParse(fromDraft(draft)), [draft]);
  const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
  const localError = (field: string) => issues.find((i) => i.field === field)?.message ?? fieldError(state, field);
  // A list's issue may name one element ("strata.0.expertise.2"): shown under the list's input.
  const listError = (field: string) => issues.find((i) => i.field === field || i.field.startsWith(`${field}.`))?.message ?? fieldError(state, field);

  const N = Number(population);
  const populationOk = Number.isInteger(N) && N >= 1;
  const calc = useMemo(() => {
    if (!parsed.success) return null;
    try {
      return { size: requiredSampleSize(parsed.data.method, parsed.data.methodParams, populationOk ? N : undefined), error: null };
    } catch (error) {
      return { size: null, error: (error as Error).message };
    }
  }, [parsed, N, populationOk]);
  const preview = useMemo(() => {
    if (!parsed.success) return null;
    try {
      const spec = parsed.data;
      const size = requiredSampleSize(spec.method, spec.methodParams, lastWeekTotal);
      const observedRates = Object.fromEntries(Object.entries(lastWeek.observedRates).map(([stratum, o]) => [stratum, o.rate]));
      return allocateStrata({ planStrata: spec.strata, populations: lastWeek.populations, total: size.n, allocation: spec.allocation, oversampleFactor: spec.oversampleFactor, expectedRate: spec.methodParams.expectedRate, observedRates, overlapShare: spec.overlapShare });
    } catch {
      return null;
    }
  }, [parsed, lastWeek.populations, lastWeek.observedRates, lastWeekTotal]);

  // What the allocation buys on last week's strata, next to a simple random sample of the same n.
  const allocationMargin = useMemo(() => {
    if (!preview || !parsed.success || preview.total === 0) return null;
    const spec = parsed.data;
    const rateOf = new Map(spec.strata.map((s) => [s.value, s.expectedRate]));
    try {
      const result = plannedAllocationMargin(
        preview.strata.map((s) => ({ population: s.population, allocated: s.allocated, expectedRate: rateOf.get(s.stratum) ?? spec.methodParams.expectedRate })),
        spec.methodParams.confidence,
      );
      const target = spec.methodParams.marginOfError;
      return { ...result, target, sized: result.sampleSizeForMargin(target) };
    } catch {
      return null;
    }
  }, [preview, parsed]);

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setParam = (key: string, value: string) => setDraft((d) => ({ ...d, params: { ...d.params, [key]: value } }));
  const setStratum = (i: number, patch: Partial<Draft["strata"][number]>) => setDraft((d) => ({ ...d, strata: d.strata.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const paramFields = [...PARAMS_BY_METHOD[draft.method] ?? [], ...BUYS_PARAMS.filter(([k]) => !(PARAMS_BY_METHOD[draft.method] ?? []).some(([m]) => m === k))];
  const observed = Object.keys(lastWeek.populations).filter((v) => v && !draft.strata.some((s) => s.value === v)).sort();

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="Sample size">
        <div className="space-y-3">
          <Field label="Method" htmlFor="plan-method" error={localError("method")}>
            <Select id="plan-method" value={draft.method} onChange={(e) => set({ method: e.target.value })} disabled={!canEdit}>
              {SAMPLE_SIZE_METHODS.map((m) => <option key={m} value={m}>{METHOD_LABELS[m]}</option>)}
            </Select>
          </Field>
          <div className="grid grid-cols-2 gap-3">
            {paramFields.map(([key, label]) => (
              <Field key={key} label={label} htmlFor={`param-${key}`} error={localError(`methodParams.${key}`)}>
                <Input id={`param-${key}`} inputMode="decimal" value={draft.params[key] ?? ""} onChange={(e) => setParam(key, e.target.value)} disabled={!canEdit} />
              </Field>
            ))}
          </div>
          <Field label="Weekly outputs N (for the calculator)" htmlFor="calc-population" hint={`Last week (${lastWeek.week}) had ${lastWeekTotal.toLocaleString("en")}.`} error={populationOk ? undefined : "enter a whole number of outputs, at least 1"}>
            <Input id="calc-population" inputMode="numeric" value={population} onChange={(e) => setPopulation(e.target.value)} />
          </Field>
        </div>
      </Card>

      <Card title="Calculator">
        {calc?.size ? (
          <div className="space-y-3 text-sm" aria-live="polite">
            <p className="text-3xl font-semibold" data-testid="calc-n">n = {calc.size.n.toLocaleString("en")}</p>
            <p className="text-slate-600">{calc.size.formula}</p>
            <ul className="space-y-1 font-mono text-xs" data-testid="calc-steps">{calc.size.steps.map((s) => <li key={s}>{s}</li>)}</ul>
            <div className="rounded-md bg-slate-50 p-3">
              <p className="font-medium">What {calc.size.n.toLocaleString("en")} reviews buy{populationOk ? ` out of ${N.toLocaleString("en")}` : ""}:</p>
              <ul className="mt-1 list-disc pl-5" data-testid="calc-buys">
                <li>the error rate within ± {pct(calc.size.buys.margin, 2)} at {pct(calc.size.buys.confidence, 0)} confidence, if it is near {pct(calc.size.buys.expectedRate)}</li>
                <li>a {pct(calc.size.buys.detectionProbability)} chance of catching at least one error if the true rate is {pct(calc.size.buys.tolerableRate, 2)}</li>
              </ul>
              <p className="mt-1 text-xs text-slate-500">These assume a simple random sample; the allocation changes them (below).</p>
            </div>
            {allocationMargin ? (
              <div className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-200" data-testid="calc-allocation">
                <p className="font-medium">With this allocation, on last week ({lastWeek.week}, {preview!.population.toLocaleString("en")} outputs, n = {preview!.total.toLocaleString("en")}):</p>
                <ul className="mt-1 list-disc pl-5">
                  <li data-testid="calc-allocation-margin">
                    the weighted estimate is within ±{" "}
                    {Number.isFinite(allocationMargin.margin) ? pct(allocationMargin.margin, 2) : "∞ (a stratum gets no items)"} at {pct(parsed.success ? parsed.data.methodParams.confidence : 0, 0)} confidence, against ± {pct(allocationMargin.simpleRandomMargin, 2)} for a simple random sample of the same n
                  </li>
                  {Number.isFinite(allocationMargin.designEffect) ? <li>design effect {allocationMargin.designEffect.toFixed(2)} (each stratum at its expected error rate, else the plan&apos;s)</li> : null}
                </ul>
                {Number.isFinite(allocationMargin.sized) && Number.isFinite(allocationMargin.margin) && allocationMargin.margin > allocationMargin.target + 1e-9 ? (
                  <div className="mt-2 flex flex-wrap items-center gap-2">
                    <span>For ± {pct(allocationMargin.target, 2)} with this allocation the week needs n = {allocationMargin.sized.toLocaleString("en")}.</span>
                    {canEdit ? (
                      <Button type="button" variant="secondary" onClick={() => setDraft((d) => ({ ...d, method: "fixed", params: { ...d.params, fixedSize: String(allocationMargin.sized) } }))}>
                        Use n = {allocationMargin.sized.toLocaleString("en")} (a fixed size)
                      </Button>
                    ) : null}
                  </div>
                ) : null}
              </div>
            ) : null}
          </div>
        ) : calc?.error ? (
          <Alert>{calc.error}</Alert>
        ) : (
          <Alert tone="info">Fix the highlighted inputs to see the sample size.</Alert>
        )}
      </Card>

      <div className="lg:col-span-2">
      <Card title="Strata and allocation">
        <div className="space-y-3">
          <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
            <Field label="Stratify by" htmlFor="plan-stratify" hint="taskType, or a metadata key" error={localError("stratifyBy")}>
              <Input id="plan-stratify" value={draft.stratifyBy} onChange={(e) => set({ stratifyBy: e.target.value })} disabled={!canEdit} />
            </Field>
            <Field label="Allocation" htmlFor="plan-allocation" error={localError("allocation")}>
              <Select id="plan-allocation" value={draft.allocation} onChange={(e) => set({ allocation: e.target.value })} disabled={!canEdit}>
                {ALLOCATIONS.map((a) => <option key={a} value={a}>{a === "oversample" ? "proportional, high risk oversampled" : a === "neyman" ? "Neyman (by observed, else expected, error rates)" : "proportional"}</option>)}
              </Select>
            </Field>
            {draft.allocation === "oversample" ? (
              <Field label="Oversampling factor" htmlFor="plan-factor" error={localError("oversampleFactor")}>
                <Input id="plan-factor" inputMode="decimal" value={draft.oversampleFactor} onChange={(e) => set({ oversampleFactor: e.target.value })} disabled={!canEdit} />
              </Field>
            ) : null}
          </div>
          {draft.stratifyBy !== initial.stratifyBy ? <Alert tone="info">The preview shows last week by “{initial.stratifyBy}”; save to preview by “{draft.stratifyBy}”.</Alert> : null}
          <div className="overflow-x-auto">
          <table className="w-full min-w-[48rem] text-sm">
            <thead className="text-left text-xs uppercase text-slate-500"><tr><th className="w-[26%]">Value</th><th className="w-28">Risk</th><th className="w-24">Minimum</th><th className="w-28">Expected rate</th><th title="Reviewers need every tag listed; empty: the stratum's value is the tag">Expertise needed</th><th /></tr></thead>
            <tbody>
              {draft.strata.map((s, i) => (
                <tr key={i}>
                  <td className="pr-2"><Input aria-label={`Stratum ${i + 1} value`} value={s.value} onChange={(e) => setStratum(i, { value: e.target.value })} disabled={!canEdit} />{localError(`strata.${i}.value`) ? <p className="text-xs text-red-700">{localError(`strata.${i}.value`)}</p> : null}</td>
                  <td className="pr-2"><Select aria-label={`Stratum ${i + 1} risk`} className="min-w-[6.5rem]" value={s.risk} onChange={(e) => setStratum(i, { risk: e.target.value })} disabled={!canEdit}>{RISK_LEVELS.map((r) => <option key={r}>{r}</option>)}</Select></td>
                  <td className="pr-2"><Input aria-label={`Stratum ${i + 1} minimum`} inputMode="numeric" value={s.minimum} onChange={(e) => setStratum(i, { minimum: e.target.value })} disabled={!canEdit} />{localError(`strata.${i}.minimum`) ? <p className="text-xs text-red-700">{localError(`strata.${i}.minimum`)}</p> : null}</td>
                  <td className="pr-2"><Input aria-label={`Stratum ${i + 1} expected rate`} inputMode="decimal" value={s.expectedRate} onChange={(e) => setStratum(i, { expectedRate: e.target.value })} disabled={!canEdit} /></td>
                  <td className="pr-2"><Input aria-label={`Stratum ${i + 1} expertise needed`} placeholder={s.value || "the value"} value={s.expertise} onChange={(e) => setStratum(i, { expertise: e.target.value })} disabled={!canEdit} />{listError(`strata.${i}.expertise`) ? <p className="text-xs text-red-700">{listError(`strata.${i}.expertise`)}</p> : null}</td>
                  <td>{canEdit ? <Button type="button" variant="secondary" onClick={() => setDraft((d) => ({ ...d, strata: d.strata.filter((_, j) => j !== i) }))}>Remove</Button> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          {canEdit ? (
            <div className="flex flex-wrap gap-2">
              <Button type="button" variant="secondary" onClick={() => setDraft((d) => ({ ...d, strata: [...d.strata, { value: "", risk: "low", minimum: "", expectedRate: "", expertise: "" }] }))}>Add stratum</Button>
              {observed.length ? <Button type="button" variant="secondary" onClick={() => setDraft((d) => ({ ...d, strata: [...d.strata, ...observed.map((v) => ({ value: v, risk: "low", minimum: "", expectedRate: "", expertise: "" }))] }))}>Add last week’s values ({observed.length})</Button> : null}
            </div>
          ) : null}
        </div>
      </Card>
      </div>

      <Card title={`Preview: last week (${lastWeek.week})`}>
        {preview ? (
          <table className="w-full text-sm" data-testid="allocation-preview">
            <thead className="text-left text-xs uppercase text-slate-500"><tr><th>Stratum</th><th>Risk</th><th>Population</th><th>Sampled</th><th>Overlap</th><th /></tr></thead>
            <tbody>
              {preview.strata.map((s) => (
                <tr key={s.stratum}>
                  <td>{s.stratum || "(none)"}</td><td>{s.risk}</td><td>{s.population.toLocaleString("en")}</td><td>{s.allocated}</td><td>{s.overlap}</td>
                  <td className="text-xs text-slate-600">
                    {[
                      s.empty ? "empty" : null,
                      s.unplanned ? "not in plan" : null,
                      s.minimumShortfall ? `minimum short by ${s.minimumShortfall}` : null,
                      s.neymanRateSource
                        ? `weight from ${s.neymanRateSource === "observed" ? `observed error rate ${(100 * s.neymanRate!).toFixed(1)} % (${lastWeek.observedRates[s.stratum]?.items} gold labels)` : `${s.neymanRateSource === "stratum" ? "the stratum's" : "the plan's"} expected rate ${(100 * s.neymanRate!).toFixed(1)} %`}`
                        : null,
                    ].filter(Boolean).join(" · ")}
                  </td>
                </tr>
              ))}
              <tr className="font-medium"><td>Total</td><td /><td>{preview.population.toLocaleString("en")}</td><td data-testid="preview-total">{preview.total}</td><td>{preview.strata.reduce((a, s) => a + s.overlap, 0)}</td><td /></tr>
            </tbody>
          </table>
        ) : (
          <Alert tone="info">No preview until the inputs are valid.</Alert>
        )}
      </Card>

      <Card title="Overlap, schedule and due date">
        <div className="grid grid-cols-2 gap-3">
          <Field label="Share reviewed by several reviewers" htmlFor="plan-overlap" error={localError("overlapShare")}><Input id="plan-overlap" inputMode="decimal" value={draft.overlapShare} onChange={(e) => set({ overlapShare: e.target.value })} disabled={!canEdit} /></Field>
          <Field label="Reviewers per overlapping item (K)" htmlFor="plan-k" error={localError("overlapReviewers")}><Input id="plan-k" inputMode="numeric" value={draft.overlapReviewers} onChange={(e) => set({ overlapReviewers: e.target.value })} disabled={!canEdit} /></Field>
          <Field label="Due (days after the draw)" htmlFor="plan-due" error={localError("dueDays")}><Input id="plan-due" inputMode="numeric" value={draft.dueDays} onChange={(e) => set({ dueDays: e.target.value })} disabled={!canEdit} /></Field>
          <Field label="Grace for late logs (hours)" htmlFor="plan-grace" error={localError("graceHours")}><Input id="plan-grace" inputMode="numeric" value={draft.graceHours} onChange={(e) => set({ graceHours: e.target.value })} disabled={!canEdit} /></Field>
        </div>
        <label className="mt-3 flex items-center gap-2 text-sm"><input type="checkbox" checked={draft.autoDraw} onChange={(e) => set({ autoDraw: e.target.checked })} disabled={!canEdit} /> Draw automatically when a week closes</label>
      </Card>

      {canEdit ? (
        <form {...actionForm} className="space-y-3 lg:col-span-2">
          <FormMessage state={state} success={state?.ok ? state.message : undefined} />
          <input type="hidden" name="spec" value={JSON.stringify(fromDraft(draft))} />
          <Button type="submit" disabled={pending || !parsed.success}>{pending ? "Saving…" : "Save as a new version"}</Button>
        </form>
      ) : (
        <p className="text-sm text-slate-600 lg:col-span-2">Your role can read the plan; QA leads and admins edit it.</p>
      )}
    </div>
  );
}
