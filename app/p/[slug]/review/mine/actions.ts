"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { jsonTextSchema } from "@/lib/validation";
import { projectAction } from "@/lib/server/http/project-action";
import { editLabel } from "@/lib/server/review/labels";

// The values are checked against the rubric by editLabel; here only that they are an object.
const editSchema = z.object({
  labelId: z.string().min(1, "choose a label"),
  values: jsonTextSchema("the label", { object: true }),
});

export const editMyLabelAction = projectAction({ permission: "review:label", input: editSchema }, async ({ actor, projectSlug, input }) => {
  const edited = await editLabel({ actor, projectSlug, labelId: input.labelId, values: input.values });
  revalidatePath(`/p/${projectSlug}/review/mine`);
  return { itemStatus: edited.itemStatus };
});
