"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { jsonTextSchema } from "@/lib/validation";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { adjudicateItem } from "@/lib/server/review/gold";

const adjudicateSchema = z.object({
  projectSlug: z.string(),
  sampledItemId: z.string().min(1),
  externalId: z.string().default(""),
  values: jsonTextSchema("the decision"),
  rationale: z.string().default(""),
});

export async function adjudicateAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(adjudicateSchema, formToObject(form), (data) => adjudicateItem({ actor, projectSlug: data.projectSlug, sampledItemId: data.sampledItemId, values: data.values, rationale: data.rationale }).then(() => undefined));
  if (!result.ok) return result;
  // The decided item has left the queue: the page opens the next one and says what was recorded.
  const slug = String(form.get("projectSlug"));
  redirect(`/p/${encodeURIComponent(slug)}/adjudication?decided=${encodeURIComponent(String(form.get("externalId") ?? ""))}`);
}
