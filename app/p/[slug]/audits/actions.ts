"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { jsonTextSchema } from "@/lib/validation";
import { projectAction, WithMessage } from "@/lib/server/http/project-action";
import { drawWeekForProject } from "@/lib/server/audits/draw";
import { closeAudit, reopenAudit } from "@/lib/server/audits/audits";
import { savePlan } from "@/lib/server/audits/plans";

const drawSchema = z.object({
  week: z.string().trim().regex(/^\d{4}-W\d{2}$/, "enter an ISO week such as 2026-W47"),
  mode: z.enum(["closed", "now"], "choose what to draw"),
});

export const drawAction = projectAction({ permission: "audits:draw", input: drawSchema }, async ({ actor, projectSlug, input }): Promise<{ auditId: string; created: boolean }> => {
  const drawn = await drawWeekForProject({ actor, projectSlug, week: input.week, onDemand: input.mode === "now" });
  revalidatePath(`/p/${projectSlug}/audits`);
  redirect(`/p/${projectSlug}/audits/${drawn.auditId}`);
});

const planSchema = z.object({ spec: jsonTextSchema("the plan") });

export const savePlanAction = projectAction({ permission: "plan:edit", input: planSchema }, async ({ actor, projectSlug, input }) => {
  const plan = await savePlan({ actor, projectSlug, spec: input.spec });
  revalidatePath(`/p/${projectSlug}/audits`, "layout");
  return new WithMessage({ version: plan.version }, `Saved as version ${plan.version}.`);
});

const closeSchema = z.object({ auditId: z.string().min(1), reason: z.string().trim().max(500, "keep the note under 500 characters").optional() });

export const closeAuditAction = projectAction({ permission: "review:manage", input: closeSchema }, async ({ actor, projectSlug, input }) => {
  const closed = await closeAudit({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/audits`, "layout");
  return closed;
});

const reopenSchema = z.object({
  auditId: z.string().min(1),
  reason: z.string("say why the audit is reopened").trim().min(5, "say why the audit is reopened (at least 5 characters)").max(500, "keep the reason under 500 characters"),
});

export const reopenAuditAction = projectAction({ permission: "review:manage", input: reopenSchema }, async ({ actor, projectSlug, input }) => {
  await reopenAudit({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/audits`, "layout");
});
