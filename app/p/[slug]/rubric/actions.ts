"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { jsonTextSchema } from "@/lib/validation";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { saveRubric } from "@/lib/server/review/rubrics";

const rubricFormSchema = z.object({
  projectSlug: z.string(),
  dimensions: jsonTextSchema("the dimensions"),
  guidelines: z.string().optional().transform((v) => v?.trim() || null),
});

export async function saveRubricAction(_previous: ActionResult<{ version: number }> | null, form: FormData): Promise<ActionResult<{ version: number }>> {
  const actor = await requireUser();
  const result = await runAction(rubricFormSchema, formToObject(form), async (data) => {
    const saved = await saveRubric({ actor, projectSlug: data.projectSlug, spec: { dimensions: data.dimensions, guidelines: data.guidelines } });
    return { version: saved.version };
  });
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/rubric`);
  return result;
}
