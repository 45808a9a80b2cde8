"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { jsonTextSchema } from "@/lib/validation";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { editLabel } from "@/lib/server/review/labels";

// The values are checked against the rubric by editLabel; here only that they are an object.
const editSchema = z.object({
  projectSlug: z.string(),
  labelId: z.string().min(1, "choose a label"),
  values: jsonTextSchema("the label", { object: true }),
});

export async function editMyLabelAction(_previous: ActionResult<{ itemStatus: string }> | null, form: FormData): Promise<ActionResult<{ itemStatus: string }>> {
  const actor = await requireUser();
  const result = await runAction(editSchema, formToObject(form), async (data) => {
    const edited = await editLabel({ actor, projectSlug: data.projectSlug, labelId: data.labelId, values: data.values });
    return { itemStatus: edited.itemStatus };
  });
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/review/mine`);
  return result;
}
