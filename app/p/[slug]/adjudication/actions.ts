"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { jsonTextSchema } from "@/lib/validation";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { adjudicateItem } from "@/lib/server/review/gold";

const adjudicateSchema = z.object({
  projectSlug: z.string(),
  sampledItemId: z.string().min(1),
  values: jsonTextSchema("the decision"),
  rationale: z.string().default(""),
});

export async function adjudicateAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(adjudicateSchema, formToObject(form), (data) => adjudicateItem({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/adjudication`);
  return result;
}
