"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { jsonTextSchema } from "@/lib/validation";
import { projectAction } from "@/lib/server/http/project-action";
import { saveRubric } from "@/lib/server/review/rubrics";

const rubricFormSchema = z.object({
  dimensions: jsonTextSchema("the dimensions"),
  guidelines: z.string().optional().transform((v) => v?.trim() || null),
});

export const saveRubricAction = projectAction({ permission: "rubric:edit", input: rubricFormSchema }, async ({ actor, projectSlug, input }) => {
  const saved = await saveRubric({ actor, projectSlug, spec: { dimensions: input.dimensions, guidelines: input.guidelines } });
  revalidatePath(`/p/${projectSlug}/rubric`);
  return { version: saved.version };
});
