"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { adjudicateItem } from "@/lib/server/review/gold";

const adjudicateSchema = z.object({
  projectSlug: z.string(),
  sampledItemId: z.string().min(1),
  values: z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "the decision could not be read" });
      return z.NEVER;
    }
  }),
  rationale: z.string().default(""),
});

export async function adjudicateAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(adjudicateSchema, formToObject(form), (data) => adjudicateItem({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/adjudication`);
  return result;
}
