"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { PROJECT_ROLES } from "@/lib/auth/permissions";
import { projectAction } from "@/lib/server/http/project-action";
import { addMember, removeMember, updateMember } from "@/lib/server/projects/members";
import { updateProjectSettings } from "@/lib/server/projects/projects";
import { expertiseSchema, timeZoneSchema } from "@/lib/validation";

const settingsSchema = z.object({
  name: z.string().trim().min(1, "enter a name").max(120),
  description: z.string().trim().max(500).optional().transform((v) => v || null),
  timeZone: timeZoneSchema,
  blindReview: z.literal("on").optional().transform((v) => v === "on"),
  // A date (UTC midnight) or empty for the default, 1970-01-01 (docs/ingest.md).
  earliestOutputAt: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .pipe(z.iso.date("enter a date as YYYY-MM-DD, or leave it empty for 1970-01-01").nullable())
    .transform((v) => (v ? new Date(`${v}T00:00:00Z`) : null))
    .refine((d) => d === null || d.getTime() <= Date.now(), "the earliest accepted date cannot be in the future"),
});

export const updateSettingsAction = projectAction({ permission: "project:update", input: settingsSchema }, async ({ actor, projectSlug, input }) => {
  await updateProjectSettings({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}`, "layout");
});

const addMemberSchema = z.object({
  email: z.string().trim().email("enter a valid email address"),
  name: z.string().trim().max(120).optional().transform((v) => v || null),
  role: z.enum(PROJECT_ROLES, "choose a role"),
  expertise: expertiseSchema.default([]),
  initialPassword: z.string().optional().transform((v) => v || null),
});

export const addMemberAction = projectAction({ permission: "members:manage", input: addMemberSchema }, async ({ actor, projectSlug, input }) => {
  await addMember({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/settings`);
});

const updateMemberSchema = z.object({
  membershipId: z.string().min(1),
  role: z.enum(PROJECT_ROLES, "choose a role"),
  expertise: expertiseSchema.default([]),
});

export const updateMemberAction = projectAction({ permission: "members:manage", input: updateMemberSchema }, async ({ actor, projectSlug, input }) => {
  await updateMember({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/settings`);
});

const removeMemberSchema = z.object({ membershipId: z.string().min(1) });

export const removeMemberAction = projectAction({ permission: "members:manage", input: removeMemberSchema }, async ({ actor, projectSlug, input }) => {
  await removeMember({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/settings`);
});
