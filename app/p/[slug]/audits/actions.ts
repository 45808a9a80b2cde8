"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { jsonTextSchema } from "@/lib/validation";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { drawWeekForProject } from "@/lib/server/audits/draw";
import { closeAudit, reopenAudit } from "@/lib/server/audits/audits";
import { savePlan } from "@/lib/server/audits/plans";

const drawSchema = z.object({
  projectSlug: z.string(),
  week: z.string().trim().regex(/^\d{4}-W\d{2}$/, "enter an ISO week such as 2026-W47"),
  mode: z.enum(["closed", "now"], "choose what to draw"),
});

export async function drawAction(_previous: ActionResult<{ auditId: string; created: boolean }> | null, form: FormData): Promise<ActionResult<{ auditId: string; created: boolean }>> {
  const actor = await requireUser();
  const result = await runAction(drawSchema, formToObject(form), (data) =>
    drawWeekForProject({ actor, projectSlug: data.projectSlug, week: data.week, onDemand: data.mode === "now" }),
  );
  if (result.ok) {
    revalidatePath(`/p/${form.get("projectSlug")}/audits`);
    redirect(`/p/${form.get("projectSlug")}/audits/${result.data.auditId}`);
  }
  return result;
}

const planSchema = z.object({ projectSlug: z.string(), spec: jsonTextSchema("the plan") });

export async function savePlanAction(_previous: ActionResult<{ version: number }> | null, form: FormData): Promise<ActionResult<{ version: number }>> {
  const actor = await requireUser();
  const result = await runAction(planSchema, formToObject(form), async (data) => {
    const plan = await savePlan({ actor, projectSlug: data.projectSlug, spec: data.spec });
    return { version: plan.version };
  });
  if (result.ok) {
    revalidatePath(`/p/${form.get("projectSlug")}/audits`, "layout");
    return { ...result, message: `Saved as version ${result.data.version}.` };
  }
  return result;
}

const closeSchema = z.object({ projectSlug: z.string(), auditId: z.string().min(1), reason: z.string().trim().max(500, "keep the note under 500 characters").optional() });

export async function closeAuditAction(_previous: ActionResult<{ openItems: number }> | null, form: FormData): Promise<ActionResult<{ openItems: number }>> {
  const actor = await requireUser();
  const result = await runAction(closeSchema, formToObject(form), (data) => closeAudit({ actor, ...data }));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/audits`, "layout");
  return result;
}

const reopenSchema = z.object({
  projectSlug: z.string(),
  auditId: z.string().min(1),
  reason: z.string("say why the audit is reopened").trim().min(5, "say why the audit is reopened (at least 5 characters)").max(500, "keep the reason under 500 characters"),
});

export async function reopenAuditAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(reopenSchema, formToObject(form), (data) => reopenAudit({ actor, ...data }));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/audits`, "layout");
  return result;
}
