"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { addReviewer, reassignAssignment, skipItem } from "@/lib/server/review/manage";
import { resolveReviewFlag } from "@/lib/server/review/skip-flag";

const reassignSchema = z.object({ projectSlug: z.string(), assignmentId: z.string().min(1), reviewerId: z.string().min(1, "choose a reviewer") });
const addSchema = z.object({ projectSlug: z.string(), sampledItemId: z.string().min(1), reviewerId: z.string().min(1, "choose a reviewer") });
const skipSchema = z.object({ projectSlug: z.string(), sampledItemId: z.string().min(1) });

export async function reassignAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(reassignSchema, formToObject(form), (data) => reassignAssignment({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/review`);
  return result;
}

export async function addReviewerAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(addSchema, formToObject(form), (data) => addReviewer({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/review`);
  return result;
}

export async function skipItemAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(skipSchema, formToObject(form), (data) => skipItem({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/review`);
  return result;
}

const resolveFlagSchema = z.object({ projectSlug: z.string(), flagId: z.string().min(1) });

export async function resolveReviewFlagAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(resolveFlagSchema, formToObject(form), (data) => resolveReviewFlag({ actor, ...data }));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/review`);
  return result;
}
