"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { acknowledgeAlert } from "@/lib/server/alerts/alerts";

const schema = z.object({ projectSlug: z.string(), alertId: z.string().min(1) });

export async function acknowledgeAlertAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(schema, formToObject(form), (data) => acknowledgeAlert({ actor, ...data }));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/alerts`);
  return result;
}
