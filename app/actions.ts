"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { createProject } from "@/lib/server/projects/projects";
import { projectSlugSchema, timeZoneSchema } from "@/lib/validation";

const createProjectSchema = z.object({
  name: z.string().trim().min(1, "enter a name").max(120),
  slug: projectSlugSchema,
  description: z.string().trim().max(500).optional().transform((v) => v || null),
  timeZone: timeZoneSchema,
});

export async function createProjectAction(_previous: ActionResult<{ slug: string }> | null, form: FormData) {
  const actor = await requireUser();
  const result = await runAction(createProjectSchema, formToObject(form), (data) => createProject({ actor, ...data }));
  if (result.ok) revalidatePath("/");
  return result;
}
