"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { jsonTextSchema } from "@/lib/validation";
import { projectAction } from "@/lib/server/http/project-action";
import { adjudicateItem } from "@/lib/server/review/gold";

const adjudicateSchema = z.object({
  sampledItemId: z.string().min(1),
  externalId: z.string().default(""),
  values: jsonTextSchema("the decision"),
  rationale: z.string().default(""),
});

export const adjudicateAction = projectAction({ permission: "adjudication:decide", input: adjudicateSchema }, async ({ actor, projectSlug, input }) => {
  await adjudicateItem({ actor, projectSlug, sampledItemId: input.sampledItemId, values: input.values, rationale: input.rationale });
  // The decided item has left the queue: the page opens the next one and says what was recorded.
  redirect(`/p/${encodeURIComponent(projectSlug)}/adjudication?decided=${encodeURIComponent(input.externalId)}`);
});
