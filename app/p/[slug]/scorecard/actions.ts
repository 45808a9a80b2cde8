"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { addScorecardMetric, removeScorecardMetric, updateScorecardMetric } from "@/lib/server/scorecard/scorecard";

const page = (slug: FormDataEntryValue | null) => `/p/${slug}/scorecard`;
const WEEK = /^\d{4}-W\d{2}$/;

// Rates are typed in percent; other units as they are shown.
const optionalNumber = (field: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v.replace(",", "."));
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: `${field} is a number`, path: [] });
        return z.NEVER;
      }
      return n;
    });

const updateSchema = z
  .object({
    projectSlug: z.string(),
    metricId: z.string().min(1),
    unit: z.string(),
    threshold: optionalNumber("the threshold"),
    baselineKind: z.enum(["none", "fixed", "weeks"], "choose how the baseline is set"),
    baselineValue: optionalNumber("the baseline"),
    baselineFrom: z.string().trim().optional(),
    baselineTo: z.string().trim().optional(),
    guardrailMetricId: z.string().optional().transform((v) => v || null),
  })
  .superRefine((v, ctx) => {
    if (v.baselineKind === "fixed" && v.baselineValue === null) ctx.addIssue({ code: "custom", path: ["baselineValue"], message: "enter the baseline value" });
    if (v.baselineKind === "weeks") {
      if (!v.baselineFrom || !WEEK.test(v.baselineFrom)) ctx.addIssue({ code: "custom", path: ["baselineFrom"], message: "a week like 2026-W40" });
      if (!v.baselineTo || !WEEK.test(v.baselineTo)) ctx.addIssue({ code: "custom", path: ["baselineTo"], message: "a week like 2026-W44" });
      if (v.baselineFrom && v.baselineTo && v.baselineFrom > v.baselineTo) ctx.addIssue({ code: "custom", path: ["baselineTo"], message: "the last week comes after the first" });
    }
  });

export async function updateMetricAction(_previous: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const actor = await requireUser();
  const result = await runAction(updateSchema, formToObject(form), async (data) => {
    const scale = data.unit === "fraction" ? 0.01 : 1;
    const baseline =
      data.baselineKind === "fixed" ? { kind: "fixed" as const, value: data.baselineValue! * scale } : data.baselineKind === "weeks" ? { kind: "weeks" as const, from: data.baselineFrom!, to: data.baselineTo! } : null;
    await updateScorecardMetric({ actor, projectSlug: data.projectSlug, metricId: data.metricId, threshold: data.threshold === null ? null : data.threshold * scale, baseline, guardrailMetricId: data.guardrailMetricId });
    return "Saved: the status below is recomputed with it.";
  });
  if (result.ok) revalidatePath(page(form.get("projectSlug")));
  return result;
}

const addSchema = z.object({ projectSlug: z.string(), key: z.string().min(1, "choose a metric") });

export async function addMetricAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(addSchema, formToObject(form), (data) => addScorecardMetric({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(page(form.get("projectSlug")));
  return result;
}

const removeSchema = z.object({ projectSlug: z.string(), metricId: z.string().min(1) });

export async function removeMetricAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(removeSchema, formToObject(form), (data) => removeScorecardMetric({ actor, ...data }));
  if (result.ok) revalidatePath(page(form.get("projectSlug")));
  return result;
}
