"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { projectAction } from "@/lib/server/http/project-action";
import { acknowledgeAlert } from "@/lib/server/alerts/alerts";

const schema = z.object({ alertId: z.string().min(1) });

export const acknowledgeAlertAction = projectAction({ permission: "alerts:acknowledge", input: schema }, async ({ actor, projectSlug, input }) => {
  await acknowledgeAlert({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/alerts`);
});
