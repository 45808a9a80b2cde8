"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { projectAction } from "@/lib/server/http/project-action";
import { addScorecardMetric, removeScorecardMetric, updateScorecardMetric } from "@/lib/server/scorecard/scorecard";

const page = (projectSlug: string) => `/p/${projectSlug}/scorecard`;
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

export const updateMetricAction = projectAction({ permission: "scorecard:edit", input: updateSchema }, async ({ actor, projectSlug, input: data }) => {
  const scale = data.unit === "fraction" ? 0.01 : 1;
  const baseline =
    data.baselineKind === "fixed" ? { kind: "fixed" as const, value: data.baselineValue! * scale } : data.baselineKind === "weeks" ? { kind: "weeks" as const, from: data.baselineFrom!, to: data.baselineTo! } : null;
  await updateScorecardMetric({ actor, projectSlug, metricId: data.metricId, threshold: data.threshold === null ? null : data.threshold * scale, baseline, guardrailMetricId: data.guardrailMetricId });
  revalidatePath(page(projectSlug));
  return "Saved: the status below is recomputed with it.";
});

const addSchema = z.object({ key: z.string().min(1, "choose a metric") });

export const addMetricAction = projectAction({ permission: "scorecard:edit", input: addSchema }, async ({ actor, projectSlug, input }) => {
  await addScorecardMetric({ actor, projectSlug, ...input });
  revalidatePath(page(projectSlug));
});

const removeSchema = z.object({ metricId: z.string().min(1) });

export const removeMetricAction = projectAction({ permission: "scorecard:edit", input: removeSchema }, async ({ actor, projectSlug, input }) => {
  const removed = await removeScorecardMetric({ actor, projectSlug, ...input });
  revalidatePath(page(projectSlug));
  return removed;
});
