"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { projectAction } from "@/lib/server/http/project-action";
import { addReviewer, reassignAssignment, skipItem } from "@/lib/server/review/manage";
import { resolveReviewFlag } from "@/lib/server/review/skip-flag";

const reassignSchema = z.object({ assignmentId: z.string().min(1), reviewerId: z.string().min(1, "choose a reviewer") });
const addSchema = z.object({ sampledItemId: z.string().min(1), reviewerId: z.string().min(1, "choose a reviewer") });
const skipSchema = z.object({ sampledItemId: z.string().min(1) });

export const reassignAction = projectAction({ permission: "review:manage", input: reassignSchema }, async ({ actor, projectSlug, input }) => {
  await reassignAssignment({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/review`);
});

export const addReviewerAction = projectAction({ permission: "review:manage", input: addSchema }, async ({ actor, projectSlug, input }) => {
  await addReviewer({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/review`);
});

export const skipItemAction = projectAction({ permission: "review:manage", input: skipSchema }, async ({ actor, projectSlug, input }) => {
  await skipItem({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/review`);
});

const resolveFlagSchema = z.object({ flagId: z.string().min(1) });

export const resolveReviewFlagAction = projectAction({ permission: "review:manage", input: resolveFlagSchema }, async ({ actor, projectSlug, input }) => {
  await resolveReviewFlag({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/review`);
});
